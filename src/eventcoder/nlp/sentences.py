"""Line breaks end sentences: a spaCy component that runs before the parser.

The cleaned text (``read.clean``) keeps a line break only where the source had a real one: hard
wraps inside a sentence are already joined with a space, so every remaining ``\\n`` ends a
headline, a subheading, a list item, a dateline line or a paragraph. spaCy's parser, left alone,
happily reads "Ceasefire talks stall\\nArmenia and Azerbaijan traded fire" as one sentence
(the subheading becomes the subject), and a bulleted list as one long sentence; the events stage
then codes across the join.

This component marks the first token after a line break as a sentence start, and the
whitespace token holding the line break as *not* a start (so it stays at the end of the
sentence before it instead of becoming an empty sentence). In a list item ("- troops moved to
the border", "1. Iran protested") the marker stays with its item and the item is one sentence
unless it has sentence-final punctuation inside. spaCy's parser keeps boundaries set
before it (``Token.is_sent_start`` True forces a break, False forbids one) and decides every
other token itself, so sentences inside a paragraph are still the parser's.

The article's headline, when the pipeline codes it (``doc._.title_start``, appended after the
body), is one sentence whatever its punctuation: a headline is one statement, and hand coders
cite it whole ("Turkish bus attack: 13 soldiers killed by car bomb" is not two sentences).
"""

from __future__ import annotations

import re

import numpy
from spacy.language import Language
from spacy.tokens import Doc

#: The component's registered name (``nlp.add_pipe(LINE_BREAK_SENTENCES, before="parser")``).
LINE_BREAK_SENTENCES = "eventcoder_line_break_sentences"


#: A list item's marker at the start of a line: "- ", "• ", "1. ", "(2) ", "a) ".
_LIST_MARKER = re.compile(r"(?:[-–—*•·▪‣◦]|\(?\d{1,2}[.)]|\(?[a-z][.)])[ \t]+")
#: Tokens after which a list item may hold a second sentence.
_SENTENCE_END = frozenset({".", "!", "?"})


def mark_line_break_sentences(doc: Doc) -> Doc:
    """Start a sentence at the first token of each line; inside a list item ("- troops moved
    to the border"), allow a further start only after ``.``, ``!`` or ``?`` (the parser
    otherwise splits after the marker or mid-item: items are verbless fragments).

    Works from token arrays and visits only the whitespace tokens and the list items, so the
    cost follows the number of lines, not of tokens (``doc.text`` alone would build every
    token).
    """
    if not len(doc):
        return doc
    is_space = doc.to_array("IS_SPACE")
    headline = _headline_token(doc)
    breaks = [int(i) for i in numpy.flatnonzero(is_space) if "\n" in doc[int(i)].text]
    if not breaks:
        return doc
    # Boundaries are written once through the array (1 start, -1 not a start, 0 undecided):
    # the Token.is_sent_start setter checks the whole Doc's annotation on every call.
    sent_starts = doc.to_array(["SENT_START"]).astype(numpy.int64)
    line_ends = [*breaks, len(doc)]
    first = _next_word(is_space, 0)
    if first < len(doc):
        _mark_list_item(doc, sent_starts, first, line_ends[0])
    for number, line_break in enumerate(breaks):
        # spaCy keeps "\n" as a whitespace token of its own ("Tuesday", ".", "\n\n", ...):
        # it closes the sentence before it rather than opening an empty one.
        word = _next_word(is_space, line_break)
        sent_starts[max(line_break, 1) : word] = -1
        if word < len(doc):
            sent_starts[word] = 1
            _mark_list_item(doc, sent_starts, word, line_ends[number + 1])
    if headline is not None:
        first_word = _next_word(is_space, headline)
        sent_starts[headline:] = -1
        if first_word < len(doc):
            sent_starts[first_word] = 1
    sent_starts[0] = 1
    doc.from_array(["SENT_START"], sent_starts.astype(numpy.uint64).reshape(-1, 1))
    return doc


def _headline_token(doc: Doc) -> int | None:
    """The index of the first token of the headline the pipeline appended (None: none)."""
    title_start = doc._.title_start if Doc.has_extension("title_start") else None
    if title_start is None:
        return None
    indexes = doc.to_array("IDX")
    first = int(numpy.searchsorted(indexes, title_start))
    return first if first < len(doc) else None


def _next_word(is_space: numpy.ndarray, index: int) -> int:
    """The first token from ``index`` on that is not whitespace (``len`` if none)."""
    while index < len(is_space) and is_space[index]:
        index += 1
    return index


def _mark_list_item(doc: Doc, sent_starts: numpy.ndarray, first: int, line_end: int) -> None:
    """If the line from token ``first`` to ``line_end`` is a list item, keep it one sentence."""
    # A marker is at most three tokens ("(", "2", ")"); the fourth brings the space after it.
    # (Token by token: slicing the Doc checks annotations over the whole Doc each time.)
    prefix = "".join(doc[i].text_with_ws for i in range(first, min(first + 4, line_end)))
    marker = _LIST_MARKER.match(prefix)
    if marker is None:
        return
    marker_end = doc[first].idx + marker.end()
    after_sentence_end = False
    for index in range(first + 1, line_end):
        token = doc[index]
        if token.idx < marker_end or not after_sentence_end:
            sent_starts[index] = -1
        after_sentence_end = token.text in _SENTENCE_END and token.idx >= marker_end


@Language.component(LINE_BREAK_SENTENCES, assigns=["token.is_sent_start"])
def line_break_sentences(doc: Doc) -> Doc:
    return mark_line_break_sentences(doc)
