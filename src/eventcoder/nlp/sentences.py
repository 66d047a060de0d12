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
"""

from __future__ import annotations

import re

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
    otherwise splits after the marker or mid-item: items are verbless fragments)."""
    text = doc.text
    at_line_start = True
    marker_end = -1  # end offset of the current line's list marker; -1 outside list items
    after_sentence_end = False
    for token in doc:
        if token.is_space:
            # spaCy keeps "\n" as a whitespace token of its own ("Tuesday", ".", "\n\n", ...):
            # it closes the sentence before it rather than opening an empty one.
            if "\n" in token.text:
                at_line_start, marker_end = True, -1
                if token.i > 0:
                    token.is_sent_start = False
            continue
        if at_line_start:
            if token.i > 0:
                token.is_sent_start = True
            marker = _LIST_MARKER.match(text, token.idx)
            marker_end = marker.end() if marker else -1
            at_line_start = False
        elif marker_end >= 0 and (token.idx < marker_end or not after_sentence_end):
            token.is_sent_start = False
        after_sentence_end = token.text in _SENTENCE_END and token.idx >= marker_end
        if "\n" in token.whitespace_:
            at_line_start, marker_end = True, -1
    return doc


@Language.component(LINE_BREAK_SENTENCES)
def line_break_sentences(doc: Doc) -> Doc:
    return mark_line_break_sentences(doc)
