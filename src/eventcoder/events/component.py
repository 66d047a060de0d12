"""spaCy component for the events stage: writes ``doc._.events``."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from eventcoder.events.coder import EventCoder


class EventsComponent:
    def __init__(self) -> None:
        self.coder = EventCoder.from_package_data()

    def __call__(self, doc: Doc) -> Doc:
        doc._.events = self.coder.code(doc, doc._.actors or [])
        return doc


@Language.factory(
    "eventcoder_events",
    assigns=["doc._.events"],
    requires=["doc._.actors", "token.dep", "token.lemma"],
)
def make_events_component(nlp: Language, name: str) -> EventsComponent:
    return EventsComponent()
