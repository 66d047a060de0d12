"""spaCy component for the places stage: writes ``doc._.places`` and event locations."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from eventcoder.places.geocode import Geocoder
from eventcoder.places.locate import locate_events, without_empty_events


class PlacesComponent:
    def __init__(self) -> None:
        self.geocoder = Geocoder.from_package_data()

    def __call__(self, doc: Doc) -> Doc:
        actors = doc._.actors or []
        events = doc._.events or []
        context = self.geocoder.document_context(doc, actors)
        places, candidates = self.geocoder.geocode_with_candidates(doc, actors, context)
        doc._.places = places
        # Untagged names events are done to ("shelled Aleppo") code their recipients only:
        # they are not added to the document's place mentions.
        recipients = self.geocoder.recipient_places(doc, events, places, context)
        located = locate_events(doc, events, places, candidates, recipients)
        doc._.events = without_empty_events(located)
        return doc


@Language.factory(
    "eventcoder_places",
    assigns=["doc._.places", "doc._.events"],
    requires=["doc._.actors", "doc._.governments", "doc._.events", "doc.ents"],
)
def make_places_component(nlp: Language, name: str) -> PlacesComponent:
    return PlacesComponent()
