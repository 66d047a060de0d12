"""Event arguments from the dependency parse: who acts (source) and who is acted on (target).

Actors are never guessed from words here: every argument is an :class:`ActorMention` the actors
stage found, reached from the trigger through the parse (subject, object, prepositions, passive
agent, possessor, coordination, apposition), or the document's main pair of parties when the text
refers to them as a pair ("the two countries", "both sides").

The code lives in ``actor_index.py``, ``argument_words.py``, ``noun_arguments.py``,
``targets.py``, ``verb_arguments.py``; this module names what the other modules import.
"""

from __future__ import annotations

from eventcoder.events.actor_index import ActorIndex, Arguments, prep_objects, verb_targets
from eventcoder.events.argument_words import ONSET_VERBS, PRONOUNS, TARGET_PREPS
from eventcoder.events.noun_arguments import noun_arguments, noun_phrase_text, unresolved_agent
from eventcoder.events.targets import (
    complement_targets,
    condition_subjects,
    deed_doers,
    deed_verbs,
    location_places,
)
from eventcoder.events.verb_arguments import (
    place_objects,
    resolve_pronoun,
    subject_of,
    verb_arguments,
    written_before_verb,
)

__all__ = [
    "ONSET_VERBS",
    "PRONOUNS",
    "TARGET_PREPS",
    "ActorIndex",
    "Arguments",
    "complement_targets",
    "condition_subjects",
    "deed_doers",
    "deed_verbs",
    "location_places",
    "noun_arguments",
    "noun_phrase_text",
    "place_objects",
    "prep_objects",
    "resolve_pronoun",
    "subject_of",
    "unresolved_agent",
    "verb_arguments",
    "verb_targets",
    "written_before_verb",
]
