"""Annotate: load the spaCy pipeline and add eventcoder's components to it.

The spaCy ``Doc`` is the one document object every stage works on (as in spaCy itself).
Stages communicate only through these typed ``Doc`` extensions:

- ``doc._.document``: the :class:`~eventcoder.models.Document` (metadata, publication date)
- ``doc._.actors``: ``list[ActorMention]``  (written by the actors stage)
- ``doc._.events``: ``list[Event]``         (events, refined by attribution, places, dates)
- ``doc._.places``: ``list[PlaceMention]``  (places stage)
- ``doc._.dates``:  ``list[DateMention]``   (dates stage)
"""

from __future__ import annotations

from spacy.tokens import Doc

from eventcoder.nlp.loader import STAGE_COMPONENTS, load_nlp

EXTENSIONS = ("document", "actors", "events", "places", "dates")


def register_extensions() -> None:
    """Register the Doc extensions (idempotent; safe in every worker process)."""
    for name in EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


register_extensions()

__all__ = ["EXTENSIONS", "STAGE_COMPONENTS", "load_nlp", "register_extensions"]
