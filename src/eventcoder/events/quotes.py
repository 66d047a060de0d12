"""Quoted speech and its speaker, across sentences.

The parse ties a quotation to its reporting verb only inside one sentence (``"We will respond,"
he said.``). News quotes run on: the next sentence is often a quotation of its own with no
reporting verb (``"Our forces are ready."``), or one quotation spans several sentences
(``Zelensky said: "Russia shelled Kharkiv. Its troops attacked civilians."``). The events in
those sentences are the same speaker's claims. This module finds:

1. the quotations of the text, as character spans: ``"…"``, ``“…”``, ``„…“``, ``«…»``
   (single quotes are left out: they are apostrophes too often). A quotation still open at
   the end of its line ends there — news style opens each paragraph of a long quotation again
   instead of closing the one before;
2. each quotation's own speaker: the reporting cue (``reporting_cues.tsv``, verbs) nearest to
   it in the sentence where it opens (before it: ``X said: "…``) or closes (after it:
   ``…," X said``), outside any quotation, and that cue's subject (pronouns resolved as the
   events stage resolves them);
3. quotations with no cue of their own take the speaker of the quotation before them when they
   open their sentence and follow it in the same or the next sentence (``"…," he said. "…"``);
   a quotation left open at its line's end with no cue takes the speaker of the quotation
   opening the next line (``“We will respond.`` / ``“Our forces are ready,” he said.``).

A quotation with a cue whose subject does not resolve to an actor has no speaker, and does not
pass one on: a wrong speaker is worse than none.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from spacy.tokens import Doc, Span, Token

from eventcoder.events.arguments import ActorIndex, subject_of
from eventcoder.models import ActorMention

_OPENING = frozenset("“„«")
_CLOSING = frozenset("”»")
_EITHER = frozenset('"')
#: Every character that can open a quotation (a cheap test before looking for quotations).
QUOTE_MARKS = _OPENING | _CLOSING | _EITHER


@dataclass
class Quotation:
    """A quotation's character span (marks included), and who said it, if known."""

    start: int
    end: int
    closed: bool
    speaker: list[ActorMention]
    cue: Token | None = None
    continued: bool = False  # the speaker comes from a neighbouring quotation

    def __contains__(self, offset: int) -> bool:
        return self.start <= offset < self.end


def quotation_spans(text: str) -> list[tuple[int, int, bool]]:
    """``(start, end, closed)`` of each quotation; an unclosed one ends at its line's end."""
    spans: list[tuple[int, int, bool]] = []
    opened: int | None = None
    for offset, char in enumerate(text):
        if char == "\n":
            if opened is not None:
                spans.append((opened, offset, False))
                opened = None
        elif opened is None:
            if char in _OPENING or char in _EITHER or char in _CLOSING:
                # A closing mark with nothing open is a typo for an opening one.
                opened = offset
        elif char in _CLOSING or char in _EITHER:
            spans.append((opened, offset + 1, True))
            opened = None
    if opened is not None:
        spans.append((opened, len(text), False))
    return spans


def _token_at(doc: Doc, offset: int) -> Token | None:
    span = doc.char_span(offset, offset + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def _sentence_at(doc: Doc, offset: int) -> Span | None:
    token = _token_at(doc, offset)
    return token.sent if token is not None else None


def _nearest_cue(
    quotation: tuple[int, int, bool],
    doc: Doc,
    spans: list[tuple[int, int, bool]],
    cues: dict[tuple[str, str], str],
) -> Token | None:
    start, end, _ = quotation
    first, last = _sentence_at(doc, start), _sentence_at(doc, max(start, end - 1))
    if first is None or last is None:
        return None

    def outside_quotes(token: Token) -> bool:
        return not any(s <= token.idx < e for s, e, _ in spans)

    def is_cue(token: Token) -> bool:
        return token.pos_ in {"VERB", "AUX"} and ("VERB", token.lemma_.lower()) in cues

    before = [t for t in first if t.idx < start and is_cue(t) and outside_quotes(t)]
    after = [t for t in last if t.idx >= end and is_cue(t) and outside_quotes(t)]
    candidates = [(start - t.idx, t) for t in before] + [(t.idx - end, t) for t in after]
    return min(candidates, key=lambda pair: pair[0])[1] if candidates else None


def _opens_sentence(doc: Doc, start: int) -> bool:
    token = _token_at(doc, start)
    if token is None:
        return False
    words = [t for t in token.sent if not t.is_space]
    return bool(words) and words[0].i == token.i


def find_quotations(
    doc: Doc, index: ActorIndex, cues: dict[tuple[str, str], str]
) -> list[Quotation]:
    """Every quotation of ``doc`` with its speaker (see the module's rules 1-3)."""
    spans = quotation_spans(doc.text)
    quotations: list[Quotation] = []
    for span in spans:
        cue = _nearest_cue(span, doc, spans, cues)
        speaker = subject_of(cue, index)[0] if cue is not None else []
        quotations.append(Quotation(span[0], span[1], span[2], speaker, cue))
    # Forwards: "…," he said. "…" — a quotation opening its sentence with no cue of
    # its own continues the one before it (same or previous sentence).
    for previous, current in pairwise(quotations):
        if current.cue is not None or not previous.speaker:
            continue
        before, here = _sentence_at(doc, previous.end - 1), _sentence_at(doc, current.start)
        if before is None or here is None or not _opens_sentence(doc, current.start):
            continue
        between = doc[before.end : here.start] if here.start >= before.end else doc[0:0]
        adjacent = here.start == before.start or (
            here.start >= before.end and all(token.is_space for token in between)
        )
        if adjacent:
            _continue_from(current, previous)
    # Backwards: “We will respond. (line ends) / “Our forces are ready,” he said.
    for following, current in pairwise(reversed(quotations)):
        if current.cue is not None or current.speaker or current.closed or not following.speaker:
            continue
        between = doc.text[current.end : following.start]
        if between.strip() == "" and "\n" in between:
            _continue_from(current, following)
    return quotations


def _continue_from(quotation: Quotation, source: Quotation) -> None:
    quotation.speaker = source.speaker
    quotation.cue = source.cue
    quotation.continued = True


def quotation_of(token: Token, quotations: list[Quotation]) -> Quotation | None:
    """The quotation holding ``token``, if any."""
    return next((q for q in quotations if token.idx in q), None)
