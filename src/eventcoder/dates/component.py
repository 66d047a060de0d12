"""spaCy component for the dates stage: writes ``doc._.dates`` and event dates."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from eventcoder.dates.periods import use_tokenizer
from eventcoder.dates.resolve import date_events, resolve_dates


class DatesComponent:
    def __call__(self, doc: Doc) -> Doc:
        document = doc._.document
        published = document.published if document is not None else None
        dates = resolve_dates(doc, published)
        doc._.dates = dates
        doc._.events = date_events(doc, doc._.events or [], dates, published)
        return doc


@Language.factory(
    "eventcoder_dates",
    assigns=["doc._.dates", "doc._.events"],
    requires=["doc._.events", "doc.ents"],
)
def make_dates_component(nlp: Language, name: str) -> DatesComponent:
    use_tokenizer(nlp.tokenizer)  # named periods are tokenized like the documents
    return DatesComponent()
