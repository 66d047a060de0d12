"""Find and type PLOVER events. (Being built: see issue 3.)"""

from __future__ import annotations

from spacy.tokens import Doc

from eventcoder.models import ActorMention, Event


class EventCoder:
    @classmethod
    def from_package_data(cls) -> EventCoder:
        return cls()

    def code(self, doc: Doc, actors: list[ActorMention]) -> list[Event]:
        return []
