"""People named only by a quantifier: "Many blame the government", "Some accuse the police of
...", "Most say the vote was rigged".

A quantifier pronoun ("many", "some", "most", "few", "several") standing alone as the subject
of a verb of saying, judging or protesting names people of the place the story is about: hand
coders (and PLOVER/ICEWS) code them as civilians (CVL) of the context country. The country
comes from the agents layer's inference order (``actors/context.py``), like "residents" or
"a teenager".

Only a subject with no noun of its own ("many of the soldiers", "some officials" are the
noun's) and only under a verb that needs a person to do it: "Many fled" or "some were
destroyed" may be things or anyone, and "others" so often continues a list of things ("One
bus left ... Others are set to carry migrants") that it is left out.
"""

from __future__ import annotations

import numpy
from spacy.attrs import LOWER
from spacy.tokens import Doc, Token

from eventcoder.actors.matches import TO_INFER, Resolved
from eventcoder.paths import word_lists

#: The word lists of data/actors/words.toml.
_WORDS = word_lists("actors")

#: Quantifier pronouns that, alone as a subject, stand for people.
QUANTIFIER_PRONOUNS = _WORDS.words("quantifier_pronouns")

#: Verbs (lemmas) of saying, judging and protesting: only a person does them, so a quantifier
#: subject of one is people ("many blame", "some say", "most believe", "few protested").
PERSONAL_VERBS = _WORDS.words("personal_verbs")

#: The mention's ``source``: which rule made it.
QUANTIFIER_RULE = "quantifier subject: people of the place (CVL)"


def quantifier_people(doc: Doc, found: list[Resolved]) -> list[Resolved]:
    """Civilians (country to infer) for each quantifier pronoun that is the whole subject of
    a personal verb and is not already inside a found actor."""
    # Read the words as an array: making a Token object per word costs more than the rule.
    lowers = doc.to_array([LOWER]) if len(doc) else None
    if lowers is None:
        return []
    wanted = [doc.vocab.strings.add(word) for word in QUANTIFIER_PRONOUNS]
    candidates = numpy.flatnonzero(numpy.isin(lowers, wanted)).tolist()
    if not candidates:
        return []
    covered = {i for r in found for i in range(r.start, r.end)}
    people: list[Resolved] = []
    for token in (doc[i] for i in candidates):
        if _stands_for_people(token) and token.i not in covered:
            people.append(
                Resolved(token.i, token.i + 1, TO_INFER, "CVL", "", "state", rule=QUANTIFIER_RULE)
            )
    return people


def _stands_for_people(token: Token) -> bool:
    if token.lower_ not in QUANTIFIER_PRONOUNS or token.dep_ != "nsubj":
        return False
    if token.head.lemma_.lower() not in PERSONAL_VERBS:
        return False
    # "many of the soldiers", "some in the government": the people are the noun's.
    return not any(child.dep_ in {"prep", "compound", "amod"} for child in token.children)
