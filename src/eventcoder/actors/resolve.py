"""Resolve actor mentions to {code, sector, name}. (Being built: see issue 2.)"""

from __future__ import annotations

import datetime as dt

from spacy.tokens import Doc

from eventcoder.models import ActorMention


class ActorResolver:
    @classmethod
    def from_package_data(cls) -> ActorResolver:
        return cls()

    def resolve(self, doc: Doc, published: dt.date | None) -> list[ActorMention]:
        return []
