"""Modality of an event from the parse: negated, future/planned, hypothetical.

``historical`` belongs to the dates stage. Flags are set, never used to drop an event: a
negated attack is still coded, with ``negated: true``, so an analyst can filter it.
"""

from __future__ import annotations

from spacy.tokens import Token

from eventcoder.events.lexicon import word_set
from eventcoder.models import Modality

NEGATORS = {"not", "n't", "never", "no", "neither", "nor", "without"}
FUTURE_AUX = {"will", "shall", "'ll", "wo"}
#: Verbs that put their complement in the future: "plans to visit", "is expected to meet".
PLANNING_VERBS = word_set(
    "plan intend expect schedule prepare aim hope promise pledge vow agree decide seek want set go "
    "threaten"
)
HYPOTHETICAL_AUX = {"could", "may", "might", "should", "would", "must"}
HYPOTHETICAL_MARKS = {"if", "unless", "whether"}
FUTURE_ADJECTIVES = {"upcoming", "planned", "proposed", "future", "next", "forthcoming"}
#: Words that report speech: "would" under them is a backshifted "will" ("said it would").
REPORTING_LEMMAS = {"say", "state", "announce", "tell", "declare", "claim", "add", "confirm"}


def _governors(token: Token, limit: int = 4) -> list[tuple[Token, str]]:
    """The trigger and the verbs above it within its own clause chain (xcomp/light verb), each
    with the relation through which the chain reached it from below ('' for the trigger)."""
    chain = [(token, "")]
    current = token
    for _ in range(limit):
        if current.dep_ in {"xcomp", "dobj", "nsubjpass", "attr", "pobj", "prep", "pcomp"} and (
            current.head != current
        ):
            chain.append((current.head, current.dep_))
            current = current.head
        else:
            break
    return chain


def modality_of(trigger: Token, cues: dict[str, str] | None = None) -> Modality:
    """The trigger's modality; ``cues``, when given, receives the word that set each flag
    (the event's explanation shows it)."""
    modality = Modality()
    cues = {} if cues is None else cues
    chain = _governors(trigger)
    for node, relation in chain:
        for child in node.children:
            lower = child.lower_
            if child.dep_ == "neg" or (child.dep_ == "det" and lower == "no"):
                modality.negated = True
                cues.setdefault("negated", child.text)
            if child.dep_ in {"aux", "auxpass"}:
                if lower in FUTURE_AUX or (lower == "would" and _under_reporting(node)):
                    modality.future = True
                    cues.setdefault("future", child.text)
                elif lower in HYPOTHETICAL_AUX:
                    modality.hypothetical = True
                    cues.setdefault("hypothetical", child.text)
            if child.dep_ == "amod" and lower in FUTURE_ADJECTIVES:
                modality.future = True
                cues.setdefault("future", child.text)
        if (
            relation in {"xcomp", "dobj"}
            and node.lemma_.lower() in PLANNING_VERBS
            and node.pos_ == "VERB"
        ):
            # "plans to visit", "plans a visit" are future; "agreed in a phone call" is not.
            modality.future = True
            cues.setdefault("future", node.text)
        if node.dep_ == "prep" and node.lower_ == "without":
            modality.negated = True
            cues.setdefault("negated", node.text)
    # "the summit, which will take place ...": a relative clause on an event noun.
    for child in trigger.children:
        future_aux = [a for a in child.children if a.dep_ == "aux" and a.lower_ in FUTURE_AUX]
        if child.dep_ in {"relcl", "acl"} and future_aux:
            modality.future = True
            cues.setdefault("future", future_aux[0].text)
    # "if the conflicts continue": the trigger sits inside a conditional clause.
    for ancestor in [trigger, *trigger.ancestors]:
        marks = [
            c for c in ancestor.children if c.dep_ == "mark" and c.lower_ in HYPOTHETICAL_MARKS
        ]
        if ancestor.dep_ == "advcl" and marks:
            modality.hypothetical = True
            cues.setdefault("hypothetical", marks[0].text)
            break
    return modality


def _under_reporting(node: Token) -> bool:
    return any(a.lemma_.lower() in REPORTING_LEMMAS for a in node.ancestors)
