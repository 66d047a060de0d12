"""The whole pipeline over one or many documents: Document in, CodedDocument out.

Above every stage: ``pipeline.loader`` loads the spaCy model and adds the entity ruler
(``pipeline.entity_ruler``, fed from the actor and place data) and the stage components.

Loading the spaCy model and the stage data is the expensive part, so a :class:`Pipeline`
is built once (per process) and reused for every document.

A long article is never refused for spaCy's length limit (``nlp.max_length``) and never
parsed as one huge Doc (the parser's memory grows with the Doc): its text is split into
pieces of at most ``piece_chars`` characters, on paragraph boundaries where it can be (then
line, sentence and word boundaries), the pieces go through ``nlp.pipe`` like any other
text, and their results are merged back with every offset shifted to index the full
``Document.text``. What is lost across a cut: a claim and its contradiction are only linked
when both are in the same piece, as a sentence never spans two pieces.

The headline (``Document.title``) is coded with the body's last piece, as a sentence of its
own after it (``pipeline.headline``; setting ``code_titles``).
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TypeVar

from spacy.tokens import Doc

from eventcoder.config import Settings, get_settings
from eventcoder.errors import CodingTimeLimit, InputError
from eventcoder.models import (
    ActorMention,
    CodedDocument,
    DateMention,
    Document,
    Event,
    PlaceMention,
    Span,
)
from eventcoder.pipeline.headline import (
    coded_text,
    headline_of,
    headline_sentences,
    separate_headline,
    without_restated_headline,
)
from eventcoder.pipeline.loader import STAGE_COMPONENTS, load_nlp
from eventcoder.pipeline.sharing import long_lived

__all__ = [
    "DEFAULT_PIECE_CHARS",
    "STAGE_COMPONENTS",
    "Pipeline",
    "load_nlp",
    "merge_pieces",
    "split_text",
    "to_coded_document",
]

#: Longest text coded as one spaCy Doc. News articles are far shorter (a 3,000-word article
#: is about 18,000 characters), so only reports and dumps are split.
DEFAULT_PIECE_CHARS = 50_000

# Where a piece may end, best first: after a blank line (paragraph), after a line break,
# after a sentence's closing punctuation, after any whitespace.
_CUT_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(r"\n[ \t]*\n\s*"),
    re.compile(r"\n\s*"),
    re.compile(r"[.!?…][\"'”’)\]]*\s+"),
    re.compile(r"\s+"),
)


def split_text(text: str, limit: int) -> list[tuple[int, int]]:
    """``(start, end)`` pieces covering ``text`` end to end, each at most ``limit`` characters.

    Each piece ends at the last paragraph boundary that fits; a paragraph longer than
    ``limit`` is cut at a line, sentence or word boundary, and a run of ``limit`` characters
    with no whitespace at all is cut where the limit falls.
    """
    if limit < 1:
        raise ValueError(f"piece limit must be positive, not {limit}")
    pieces: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = 0
        for pattern in _CUT_PATTERNS:
            ends = [match.end() for match in pattern.finditer(window) if match.end() < limit]
            # a cut in the first tenth of the window would make many tiny pieces
            good = [end for end in ends if end > limit // 10]
            if good:
                cut = good[-1]
                break
        if cut == 0:
            cut = limit
        pieces.append((start, start + cut))
        start += cut
    pieces.append((start, len(text)))
    return pieces


@dataclass
class _Piece:
    """What one piece of a document yielded, offsets still relative to the piece."""

    offset: int
    actors: list[ActorMention]
    places: list[PlaceMention]
    dates: list[DateMention]
    events: list[Event]
    sentences: int


#: What travels with a Doc through ``nlp.pipe``: its document, the piece's offset in the
#: document's text, and whether it is the document's last piece.
_Context = tuple[Document, int, bool]


class Pipeline:
    """read → annotate → actors → events → attribution → places → dates, over spaCy Docs."""

    def __init__(self, settings: Settings | None = None, piece_chars: int | None = None) -> None:
        self.settings = settings or get_settings()
        # Loaded once and kept for the process: out of the GC's sight (pipeline/sharing.py).
        with long_lived():
            self.nlp = load_nlp(self.settings.model)
        self.piece_chars = piece_chars or DEFAULT_PIECE_CHARS

    def code(self, document: Document, deadline: float | None = None) -> CodedDocument:
        """Code one document; past ``deadline`` (``time.monotonic()``) raise ``CodingTimeLimit``.

        The deadline is checked before each piece, so a long document stops within one
        piece's coding time of it (the server's per-request time limit).
        """
        if deadline is None:
            return next(self.code_many([document]))
        return next(self.code_many([document], batch_size=1, deadline=deadline))

    def pipe(
        self, documents: Iterable[Document], batch_size: int | None = None
    ) -> Iterator[tuple[Doc, CodedDocument]]:
        """Each document as one spaCy ``Doc`` with its record, lazily, in spaCy batches: for
        callers that read the ``Doc`` too (evaluation resolves gold spans in it).

        A document longer than one piece (see :func:`split_text`) is refused with
        ``InputError``: :meth:`code_many` codes those, in pieces that no single Doc holds.
        """
        limit = self._piece_limit()

        def whole_documents() -> Iterator[tuple[Doc, tuple[Document, int, bool]]]:
            for document in documents:
                headline = self._headline(document)
                if len(document.text) > limit - _headline_chars(headline):
                    raise InputError(
                        document.id,
                        f"{len(document.text):,} characters is over one Doc's {limit:,}: "
                        "code it with code_many",
                    )
                yield self._make_doc(document, document.text, headline), (document, 0, True)

        for doc, _ in self._processed(whole_documents(), batch_size or self.settings.batch_size):
            yield doc, to_coded_document(doc, self.settings.keep_restated_headlines)

    def _piece_limit(self) -> int:
        # spaCy refuses texts over nlp.max_length; stay under it whatever piece_chars says
        return max(1, min(self.piece_chars, self.nlp.max_length - 1))

    def _headline(self, document: Document) -> str | None:
        """The headline to code with the document (None: none, or ``code_titles`` is off)."""
        return headline_of(document) if self.settings.code_titles else None

    def _make_doc(self, document: Document, text: str, headline: str | None = None) -> Doc:
        """A Doc for ``text`` (the body or a piece of it), with ``headline`` after it."""
        full_text, title_start = coded_text(text, headline)
        doc = self.nlp.make_doc(full_text)
        doc._.document = document
        doc._.title_start = title_start
        return doc

    def _processed(
        self, items: Iterable[tuple[Doc, _Context]], size: int
    ) -> Iterator[tuple[Doc, _Context]]:
        """Docs through every stage, in batches of at most ``size`` texts and a few pieces'
        worth of characters (so a long document's pieces are not all parsed and held at once)."""
        budget = 4 * self._piece_limit()
        batch: list[tuple[Doc, _Context]] = []
        chars = 0
        for item in items:
            batch.append(item)
            chars += len(item[0].text)
            if len(batch) >= size or chars >= budget:
                yield from self.nlp.pipe(batch, batch_size=len(batch), as_tuples=True)
                batch, chars = [], 0
        if batch:
            yield from self.nlp.pipe(batch, batch_size=len(batch), as_tuples=True)

    def code_many(
        self,
        documents: Iterable[Document],
        batch_size: int | None = None,
        deadline: float | None = None,
    ) -> Iterator[CodedDocument]:
        """Code documents lazily, in spaCy batches; memory stays flat however many there are.

        Pieces of one document are consecutive in the stream, so only one document's pieces
        are held (as small records, not Docs) until its last piece is merged.
        """
        limit = self._piece_limit()
        size = batch_size or self.settings.batch_size

        def pieces_of_documents() -> Iterator[tuple[Doc, _Context]]:
            for document in documents:
                headline = self._headline(document)
                # the headline rides with the last piece: room is kept for it in every piece
                bounds = split_text(document.text, max(1, limit - _headline_chars(headline)))
                for number, (start, end) in enumerate(bounds, 1):
                    if deadline is not None and time.monotonic() > deadline:
                        raise CodingTimeLimit(document.id, start, len(document.text))
                    last = number == len(bounds)
                    doc = self._make_doc(
                        document, document.text[start:end], headline if last else None
                    )
                    yield doc, (document, start, last)

        pieces: list[_Piece] = []
        for doc, (document, offset, last) in self._processed(pieces_of_documents(), size):
            if offset == 0 and last:
                yield to_coded_document(doc, self.settings.keep_restated_headlines)
                continue
            actors, places, dates, events = separate_headline(doc)
            pieces.append(
                _Piece(
                    offset=offset,
                    actors=actors,
                    places=places,
                    dates=dates,
                    events=events,
                    sentences=sum(1 for _ in doc.sents) - headline_sentences(doc),
                )
            )
            if last:
                yield merge_pieces(document, pieces, self.settings.keep_restated_headlines)
                pieces = []


def _headline_chars(headline: str | None) -> int:
    """Characters the headline adds to a Doc (0 without one)."""
    return len(coded_text("", headline)[0])


def to_coded_document(doc: Doc, keep_restated_headlines: bool = False) -> CodedDocument:
    """The Doc's record: body mentions, and events of the body and the headline (without
    the headline events the body restates, unless ``keep_restated_headlines``)."""
    actors, places, dates, events = separate_headline(doc)
    return CodedDocument(
        document=doc._.document,
        actors=actors,
        places=places,
        dates=dates,
        events=events if keep_restated_headlines else without_restated_headline(events),
    )


_Mention = TypeVar("_Mention", ActorMention, PlaceMention, DateMention)


def _shifted(mention: _Mention, shift: int) -> _Mention:
    return mention.model_copy(update={"start": mention.start + shift, "end": mention.end + shift})


def merge_pieces(
    document: Document, pieces: list[_Piece], keep_restated_headlines: bool = False
) -> CodedDocument:
    """One CodedDocument from a split document's pieces, offsets into ``document.text``.

    Event ids are renumbered ``{document.id}-e1, -e2, ...`` across the pieces (each piece
    numbered its own from 1) and ``contradicts`` follows the renaming; sentence indexes count
    the sentences of the pieces before. Headline events (``evidence.section == "title"``,
    offsets into ``Document.title``) keep their evidence as it is.
    """
    coded = CodedDocument(document=document)
    sentences_before = 0
    number = 0
    for piece in pieces:
        shift = piece.offset
        coded.actors += [_shifted(mention, shift) for mention in piece.actors]
        coded.places += [_shifted(mention, shift) for mention in piece.places]
        coded.dates += [_shifted(mention, shift) for mention in piece.dates]
        renamed: dict[str, str] = {}
        for event in piece.events:
            number += 1
            renamed[event.id] = f"{document.id}-e{number}"
        for event in piece.events:
            evidence = event.evidence
            trigger = evidence.trigger
            if evidence.section == "title":
                coded.events.append(
                    event.model_copy(
                        update={
                            "id": renamed[event.id],
                            "contradicts": [renamed.get(o, o) for o in event.contradicts],
                        }
                    )
                )
                continue
            coded.events.append(
                event.model_copy(
                    update={
                        "id": renamed[event.id],
                        "contradicts": [renamed.get(other, other) for other in event.contradicts],
                        "evidence": evidence.model_copy(
                            update={
                                "sentence_index": evidence.sentence_index + sentences_before,
                                "start": evidence.start + shift,
                                "end": evidence.end + shift,
                                "trigger": Span(
                                    text=trigger.text,
                                    start=trigger.start + shift,
                                    end=trigger.end + shift,
                                ),
                            }
                        ),
                    }
                )
            )
        sentences_before += piece.sentences
    if not keep_restated_headlines:
        coded.events = without_restated_headline(coded.events)
    return coded
