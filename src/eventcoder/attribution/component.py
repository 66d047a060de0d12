"""spaCy component for the attribution stage: claims and contradictions on ``doc._.events``."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from eventcoder.attribution.claims import attribute
from eventcoder.config import get_settings
from eventcoder.events.confidence import drop_unconfident


class AttributionComponent:
    def __init__(self) -> None:
        self.min_confidence = get_settings().event_min_confidence

    def __call__(self, doc: Doc) -> Doc:
        events = attribute(doc, doc._.events or [], doc._.actors or [])
        # Unlikely events are dropped only now: claims and contradictions are found among all
        # of them first (setting event_min_confidence, events/confidence.py).
        doc._.events = drop_unconfident(events, self.min_confidence)
        return doc


@Language.factory(
    "eventcoder_attribution",
    assigns=["doc._.events"],
    requires=["doc._.events", "doc._.actors"],
)
def make_attribution_component(nlp: Language, name: str) -> AttributionComponent:
    return AttributionComponent()
