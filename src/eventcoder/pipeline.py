"""The whole pipeline over one or many documents: Document in, CodedDocument out.

Loading the spaCy model and the stage data is the expensive part, so a :class:`Pipeline`
is built once (per process) and reused for every document.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.tokens import Doc

from eventcoder.config import Settings, get_settings
from eventcoder.models import CodedDocument, Document
from eventcoder.nlp import load_nlp


class Pipeline:
    """read → annotate → actors → events → attribution → places → dates, over spaCy Docs."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or get_settings()
        self.nlp = load_nlp(self.settings.model)

    def code(self, document: Document) -> CodedDocument:
        return next(self.code_many([document]))

    def code_many(
        self, documents: Iterable[Document], batch_size: int | None = None
    ) -> Iterator[CodedDocument]:
        """Code documents lazily, in spaCy batches; memory stays flat however many there are."""

        def docs() -> Iterator[Doc]:
            for document in documents:
                doc = self.nlp.make_doc(document.text)
                doc._.document = document
                yield doc

        for doc in self.nlp.pipe(docs(), batch_size=batch_size or self.settings.batch_size):
            yield to_coded_document(doc)


def to_coded_document(doc: Doc) -> CodedDocument:
    return CodedDocument(
        document=doc._.document,
        actors=doc._.actors or [],
        places=doc._.places or [],
        dates=doc._.dates or [],
        events=doc._.events or [],
    )
