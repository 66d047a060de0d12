"""Annotate: what every stage shares about the spaCy ``Doc``, below all of them.

Here: the ``Doc`` extensions, line breaks as sentence boundaries (``nlp.sentences``) and
phrase keys for matchers (``nlp.phrases``). Loading the model and adding the entity ruler
and the stage components is ``eventcoder.pipeline.loader``, above the stages.

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

EXTENSIONS = ("document", "actors", "events", "places", "dates")


def register_extensions() -> None:
    """Register the Doc extensions (idempotent; safe in every worker process)."""
    for name in EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


register_extensions()

__all__ = ["EXTENSIONS", "register_extensions"]
