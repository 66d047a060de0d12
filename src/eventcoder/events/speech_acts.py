"""Speech acts that no trigger word carries: what a reported clause alleges, and labels.

Real news reports accusations mostly through a reporting verb whose complement says a named
party did wrong ("the U.S. said the diplomats were intelligence agents", "Erdogan said militants
were trying to weaken Turkey"), and condemnations through labels ("called the order 'tyranny'",
"said the vote was illegal"). The words that make a clause an allegation or a label a
condemnation are data (``data/events/speech_acts.tsv``); which party is meant comes from the
parse. The events coder turns what these functions find into ACCUSE or REJECT events.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Token

from eventcoder.events.arguments import ActorIndex, prep_objects
from eventcoder.events.lexicon import data_dir
from eventcoder.models import ActorMention

#: Dependencies under which a label verb's object and its label hang ("called X Y", "as Y").
LABEL_DEPS = {"dobj", "oprd", "dative", "xcomp", "ccomp", "attr", "acomp"}
#: How an actor's country was found when the words of its own phrase name it (not inferred
#: from the sentence or the article).
NAMED_COUNTRY = {None, "phrase"}
#: Prepositions that name who made a claim ("accusations by/from X").
CLAIMANT_PREPS = {"by", "from"}


@dataclass(frozen=True)
class SpeechActWords:
    """The word lists of ``speech_acts.tsv``, by kind (see the file's header)."""

    by_kind: dict[str, frozenset[str]]

    @classmethod
    def from_package_data(cls, directory: Path | None = None) -> SpeechActWords:
        path = (directory or data_dir()) / "speech_acts.tsv"
        kinds: dict[str, set[str]] = {}
        with path.open(encoding="utf-8") as handle:
            rows = [line for line in handle if line.strip() and not line.startswith("#")]
        for kind, lemma in csv.reader(rows, delimiter="\t"):
            kinds.setdefault(kind.strip(), set()).add(lemma.strip().lower())
        return cls({kind: frozenset(words) for kind, words in kinds.items()})

    def has(self, kind: str, token: Token) -> bool:
        return token.lemma_.lower() in self.by_kind.get(kind, frozenset()) or (
            token.lower_ in self.by_kind.get(kind, frozenset())
        )


def _negated(token: Token) -> bool:
    return any(c.dep_ == "neg" for c in token.children)


def _conjoined(tokens: list[Token]) -> list[Token]:
    """The tokens and their conjuncts ("'tyranny' and unconstitutional")."""
    found: list[Token] = []
    for token in tokens:
        for member in (token, *(c for c in token.subtree if c.dep_ == "conj")):
            if member not in found:
                found.append(member)
    return found


def _names_wrongdoer(noun: Token, words: SpeechActWords) -> bool:
    """'spies', 'terrorists', 'intelligence agents' (a covert role needs its covert mark)."""
    if words.has("wrongdoer", noun):
        return True
    if words.has("covert_role", noun):
        return any(
            c.dep_ in {"compound", "amod"} and words.has("covert_mark", c) for c in noun.children
        )
    return any(c.dep_ == "amod" and words.has("wrongdoer", c) for c in noun.children)


def alleged_wrongdoers(
    clause: Token, index: ActorIndex, words: SpeechActWords
) -> list[ActorMention]:
    """The parties a clause alleges did wrong, if it does: 'X were spies (working for Y)', 'X is
    complicit', 'X were trying to destabilise Y', 'X meddled in the vote'. A negated clause
    ('X was not a spy') alleges nothing."""
    if _negated(clause):
        return []
    subjects = [c for c in clause.children if c.dep_ in {"nsubj", "nsubjpass"}]
    parties = [a for s in subjects for a in index.phrase(s)]
    lemma = clause.lemma_.lower()
    if lemma == "be":
        for complement in _conjoined([c for c in clause.children if c.dep_ in {"attr", "acomp"}]):
            if complement.pos_ in {"NOUN", "PROPN"} and _names_wrongdoer(complement, words):
                # "those expelled were spies working for Moscow": the principal is blamed when
                # the spies themselves are not a coded party.
                # "the expelled men were spies working for Iran": whom they work for is
                # blamed before a country the actors stage only inferred for the men.
                named = [a for a in parties if a.country_source in NAMED_COUNTRY]
                return (
                    named
                    or _principals(complement, index)
                    or parties
                    or _named_in(complement, index)
                )
            if complement.pos_ == "ADJ" and words.has("guilt", complement):
                return parties
        return []
    if words.has("attempt", clause):
        deeds = [c for c in clause.children if c.dep_ == "xcomp" and not _negated(c)]
        return parties if any(words.has("harm", d) for d in deeds) else []
    if words.has("harm", clause):
        return parties
    return []


def _principals(role: Token, index: ActorIndex) -> list[ActorMention]:
    """Whom a role noun works for ('agents working for Moscow', 'spies of Russia')."""
    heads = [role, *(c for c in role.children if c.dep_ == "acl")]
    return [
        a for head in heads for obj in prep_objects(head, {"for", "of"}) for a in index.phrase(obj)
    ]


def _named_in(noun: Token, index: ActorIndex) -> list[ActorMention]:
    """The actors a role noun's own words name ('Russian agents'); not a country the actors
    stage inferred from the context, which for an accused is often the accuser's."""
    return [a for a in index.phrase(noun) if a.country_source in NAMED_COUNTRY]


@dataclass(frozen=True)
class Label:
    """A condemnation (ACCUSE) or a dismissal of a claim (REJECT), and whom it is aimed at."""

    event_type: str
    targets: list[ActorMention]


def _owners(noun: Token, index: ActorIndex) -> list[ActorMention]:
    """Who a deed or claim belongs to: the actors of its phrase ('the Ukrainian move',
    "Russia's claims"), or its 'by'/'from' phrase ('accusations by the opposition')."""
    found = list(index.phrase(noun))
    for obj in prep_objects(noun, CLAIMANT_PREPS):
        found.extend(a for a in index.phrase(obj) if a not in found)
    for child in noun.children:
        if child.dep_ == "acl":  # "the charges brought by X"
            for agent in (c for c in child.children if c.dep_ == "agent"):
                for obj in agent.children:
                    found.extend(a for a in index.phrase(obj) if a not in found)
    return found


def _label_of(
    labelled: list[Token], labels: list[Token], index: ActorIndex, words: SpeechActWords
) -> Label | None:
    """The speech act of putting one of ``labels`` on what ``labelled`` names."""
    claims = [t for t in labelled if words.has("claim", t)]
    for label in labels:
        if claims and words.has("dismissal", label):
            return Label("REJECT", [a for c in claims for a in _owners(c, index)])
        if words.has("condemnation", label):
            return Label("ACCUSE", [a for t in labelled for a in _owners(t, index)])
    return None


def label_act(verb: Token, index: ActorIndex, words: SpeechActWords) -> Label | None:
    """'called the order "tyranny" and unconstitutional', 'branded Russia a terrorist state',
    'described the vote as illegal', 'called the accusations baseless'."""
    if not words.has("label_verb", verb) or _negated(verb):
        return None
    complements = [c for c in verb.children if c.dep_ in LABEL_DEPS]
    complements += prep_objects(verb, {"as"})
    for complement in list(complements):
        complements += prep_objects(complement, {"as"})
    tokens = _conjoined(complements)
    # A label is the word itself or an adjective on it ("a terrorist state").
    labels = [
        t
        for t in tokens
        if words.has("condemnation", t)
        or words.has("dismissal", t)
        or any(
            c.dep_ == "amod" and (words.has("condemnation", c) or words.has("dismissal", c))
            for c in t.children
        )
    ]
    if not labels:
        return None
    label_words = [
        w
        for t in labels
        for w in (t, *(c for c in t.children if c.dep_ == "amod"))
        if words.has("condemnation", w) or words.has("dismissal", w)
    ]
    labelled = [t for t in tokens if t not in labels and t.pos_ in {"NOUN", "PROPN", "PRON"}]
    # "called the ruling 'dictatorship'": the parser may hang the labelled noun on the label.
    labelled += [
        c
        for t in labels
        for c in t.children
        if c.dep_ in {"amod", "compound", "poss"}
        and c.pos_ in {"NOUN", "PROPN", "VERB"}
        and c not in label_words
    ]
    return _label_of(labelled, label_words, index, words)


def reported_label(clause: Token, index: ActorIndex, words: SpeechActWords) -> Label | None:
    """A reported clause that labels its subject: 'said the Ukrainian move was illegal'
    (ACCUSE of the move's author), 'said the accusations were baseless' (REJECT of the
    accusers). Only with a party to aim at: 'said the situation was unacceptable' is not."""
    if clause.lemma_.lower() != "be" or _negated(clause):
        return None
    subjects = [c for c in clause.children if c.dep_ == "nsubj"]
    labels = _conjoined([c for c in clause.children if c.dep_ in {"attr", "acomp"}])
    label_words = [
        w
        for t in labels
        for w in (t, *(c for c in t.children if c.dep_ == "amod"))
        if words.has("condemnation", w) or words.has("dismissal", w)
    ]
    if not subjects or not label_words:
        return None
    label = _label_of(subjects, label_words, index, words)
    return label if label is not None and label.targets else None
