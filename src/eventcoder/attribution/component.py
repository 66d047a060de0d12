"""spaCy component for the attribution stage: claims and contradictions on ``doc._.events``."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from eventcoder.attribution.claims import attribute


class AttributionComponent:
    def __call__(self, doc: Doc) -> Doc:
        doc._.events = attribute(doc, doc._.events or [], doc._.actors or [])
        return doc


@Language.factory("eventcoder_attribution")
def make_attribution_component(nlp: Language, name: str) -> AttributionComponent:
    return AttributionComponent()
