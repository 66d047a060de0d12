"""Geocode place mentions through the gazetteer. (Being built: see issue 2.)"""

from __future__ import annotations

from spacy.tokens import Doc

from eventcoder.models import ActorMention, Event, PlaceMention


class Geocoder:
    @classmethod
    def from_package_data(cls) -> Geocoder:
        return cls()

    def geocode(self, doc: Doc, actors: list[ActorMention]) -> list[PlaceMention]:
        return []


def locate_events(doc: Doc, events: list[Event], places: list[PlaceMention]) -> list[Event]:
    return events
