"""Attribution: claims, claimants and contradicting claims. (Being built: see issue 3.)"""

from __future__ import annotations

from spacy.tokens import Doc

from eventcoder.models import ActorMention, Event


def attribute(doc: Doc, events: list[Event], actors: list[ActorMention]) -> list[Event]:
    return events
