"""Modality of an event from the parse: negated, future/planned, hypothetical.

``historical`` belongs to the dates stage. Flags are set, never used to drop an event: a
negated attack is still coded, with ``negated: true``, so an analyst can filter it.
"""

from __future__ import annotations

from spacy.tokens import Token

from eventcoder.events.lexicon import load_reporting_cues
from eventcoder.models import Modality
from eventcoder.nlp.english import FUTURE_AUX
from eventcoder.paths import word_lists

#: The word lists of data/events/words.toml.
_WORDS = word_lists("events")

NEGATORS = _WORDS.words("negators")
#: Verbs that put their complement in the future: "plans to visit", "is expected to meet".
PLANNING_VERBS = _WORDS.words("planning_verbs")
HYPOTHETICAL_AUX = _WORDS.words("hypothetical_aux")
HYPOTHETICAL_MARKS = _WORDS.words("hypothetical_marks")
#: Marks of a clause whose event has not happened when the main one does: "retire now before
#: he disgraces the president", "wait until they attack", "lest they strike".
UNREALIZED_MARKS = _WORDS.words("unrealized_marks")
#: Verbs whose object or complement names a deed that did not happen: "to prevent terrorist
#: attacks", "in order to avoid provocations", "foiled a bombing".
PREVENTION_LEMMAS = _WORDS.words("prevention_lemmas")
FUTURE_ADJECTIVES = _WORDS.words("future_adjectives")
#: Words that report speech (``reporting_cues.tsv``, the list attribution reads): "would"
#: under them is a backshifted "will" ("said it would", "warned it would").
REPORTING_LEMMAS = frozenset(lemma for _pos, lemma in load_reporting_cues())


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
        if headline_infinitive(node):
            # "Governor to defy border order", "Iran to hold talks": headline-ese for
            # "is to", a deed announced, not done.
            modality.future = True
            cues.setdefault("future", "to")
        if node.dep_ == "prep" and node.lower_ == "without":
            modality.negated = True
            cues.setdefault("negated", node.text)
    # "the summit, which will take place ...": a relative clause on an event noun.
    for child in trigger.children:
        future_aux = [a for a in child.children if a.dep_ == "aux" and a.lower_ in FUTURE_AUX]
        if child.dep_ in {"relcl", "acl"} and future_aux:
            modality.future = True
            cues.setdefault("future", future_aux[0].text)
    # "if the conflicts continue": the trigger sits inside a conditional clause. "If" opens a
    # condition whatever the parser hung the clause on (a question "If X attacked her, where
    # was she?" often makes it the root); "before"/"until" only in an adverbial clause.
    for ancestor in [trigger, *trigger.ancestors]:
        marks = [
            c
            for c in ancestor.children
            if c.dep_ == "mark"
            and (
                c.lower_ in {"if", "unless"}
                or (ancestor.dep_ == "advcl" and c.lower_ in HYPOTHETICAL_MARKS)
                or (
                    ancestor.dep_ == "advcl"
                    and c.lower_ in UNREALIZED_MARKS
                    and not _past(ancestor)  # "shelled it before they withdrew": it happened
                )
            )
        ]
        if marks:
            modality.hypothetical = True
            cues.setdefault("hypothetical", marks[0].text)
            break
    # "to prevent terrorist attacks": the object of a verb of prevention did not happen.
    if trigger.dep_ in {"dobj", "nsubjpass"} and trigger.head.lemma_.lower() in PREVENTION_LEMMAS:
        modality.hypothetical = True
        cues.setdefault("hypothetical", trigger.head.text)
    return modality


def headline_infinitive(node: Token) -> bool:
    """An infinitive that heads its sentence: 'Governor to defy order' (no verb above it)."""
    if node.dep_ == "conj" and node.head.dep_ == "ROOT":
        node = node.head  # "Iran to expel diplomats and close consulate"
    return (
        node.dep_ == "ROOT"
        and node.tag_ == "VB"
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in node.children)
    )


def _under_reporting(node: Token) -> bool:
    return any(a.lemma_.lower() in REPORTING_LEMMAS for a in node.ancestors)


def _past(verb: Token) -> bool:
    """A verb in the past tense or perfect ("withdrew", "had withdrawn")."""
    return verb.tag_ == "VBD" or any(
        c.dep_ in {"aux", "auxpass"} and c.lemma_.lower() == "have" for c in verb.children
    )
