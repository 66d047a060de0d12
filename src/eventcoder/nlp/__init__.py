"""Annotate: what every stage shares about the spaCy ``Doc``, below all of them.

Here: the ``Doc`` extensions, line breaks as sentence boundaries (``nlp.sentences``) and
phrase keys for matchers (``nlp.phrases``). Loading the model and adding the entity ruler
and the stage components is ``eventcoder.pipeline.loader``, above the stages.

The spaCy ``Doc`` is the one document object every stage works on (as in spaCy itself).
Stages communicate only through these typed ``Doc`` extensions:

- ``doc._.document``: the :class:`~eventcoder.models.Document` (metadata, publication date)
- ``doc._.actors``: ``list[ActorMention]``  (written by the actors stage)
- ``doc._.governments``: ``list[tuple[int, int]]``, character spans of the place names written
  as their government ("Ankara said"), decided by the actors stage, read by places
- ``doc._.events``: ``list[Event]``         (events, refined by attribution, places, dates)
- ``doc._.places``: ``list[PlaceMention]``  (places stage)
- ``doc._.dates``:  ``list[DateMention]``   (dates stage)
- ``doc._.title_start``: ``int | None`` — where the article's headline begins in the Doc's
  text: the pipeline appends the headline after the body, a blank line apart, so that it is
  coded as a sentence of its own (``pipeline.headline``); None when no headline is coded.
  Everything before it is the body, at the same offsets as in ``Document.text``.
"""

from __future__ import annotations

from spacy.tokens import Doc

EXTENSIONS = ("document", "actors", "governments", "events", "places", "dates", "title_start")


def register_extensions() -> None:
    """Register the Doc extensions (idempotent; safe in every worker process)."""
    for name in EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


register_extensions()

__all__ = ["EXTENSIONS", "register_extensions"]
