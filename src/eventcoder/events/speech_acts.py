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
from eventcoder.paths import word_lists

#: The word lists of data/events/words.toml.
_WORDS = word_lists("events")

#: Dependencies under which a label verb's object and its label hang ("called X Y", "as Y").
LABEL_DEPS = {"dobj", "oprd", "dative", "xcomp", "ccomp", "attr", "acomp"}
#: How an actor's country was found when the words of its own phrase name it (not inferred
#: from the sentence or the article).
NAMED_COUNTRY = {None, "phrase"}
#: Prepositions that name who made a claim ("accusations by/from X").
CLAIMANT_PREPS = _WORDS.words("claimant_preps")


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
    """The tokens and their conjuncts ("'tyranny' and unconstitutional"), not the conjuncts
    deeper inside their phrases ("ties between Russia and Turkey")."""
    found: list[Token] = []
    pending = list(tokens)
    while pending:
        token = pending.pop(0)
        if token not in found:
            found.append(token)
            pending.extend(c for c in token.children if c.dep_ == "conj")
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
    if lemma == "be" and any(words.has("breach", obj) for obj in prep_objects(clause, {"in"})):
        return parties  # "the registrar is in breach of the law"
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
    if lemma == "point" and any(words.has("evidence", s) for s in subjects):
        # "all indications point to the PKK", "the evidence points to Moscow"
        return [a for obj in prep_objects(clause, {"to", "at"}) for a in index.phrase(obj)]
    if words.has("attempt", clause):
        deeds = [c for c in clause.children if c.dep_ == "xcomp" and not _negated(c)]
        return parties if any(words.has("harm", d) for d in deeds) else []
    if words.has("harm", clause):
        if any(c.dep_ == "auxpass" for c in clause.children):
            # "the money was stolen by associates of Najib": the agent did it.
            return [
                a
                for agent in clause.children
                if agent.dep_ == "agent"
                for obj in agent.children
                for a in index.phrase(obj)
            ]
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
    """A condemnation (ACCUSE) or a dismissal of a claim (REJECT), whom it is aimed at, and
    whether what is labelled is a deed (an event noun: "the attack", "the killing") whose
    author need not be named for the label to accuse."""

    event_type: str
    targets: list[ActorMention]
    deed: bool = False
    #: Who expresses it, when that is not the verb's subject ("I'm troubled by ...": the
    #: experiencer of a passive participle).
    experiencer: Token | None = None


#: Prepositions that name what a party disapproves of ("concerned about/over/by X").
DISAPPROVAL_PREPS = _WORDS.words("disapproval_preps")


def _owners(noun: Token, index: ActorIndex) -> list[ActorMention]:
    """Who a deed or claim belongs to: the noun itself when it is an actor, its possessor or
    adjective ('the Ukrainian move', "Russia's claims"), or its 'by'/'from' phrase
    ('accusations by the opposition', 'an attempt by the government to ...'); not its 'of'
    phrase, which for a deed is its victim ('the killing of Karlov')."""
    found: list[ActorMention] = []
    if (own := index.at(noun)) is not None:
        found.append(own)
    for child in noun.children:
        mention = index.at(child)
        if child.dep_ in {"poss", "amod", "compound", "nmod"} and mention and mention not in found:
            found.append(mention)
    for obj in prep_objects(noun, CLAIMANT_PREPS):
        found.extend(a for a in index.phrase(obj) if a not in found)
    for child in noun.children:
        if child.dep_ == "acl":  # "the charges brought by X"
            for agent in (c for c in child.children if c.dep_ == "agent"):
                for obj in agent.children:
                    found.extend(a for a in index.phrase(obj) if a not in found)
    return found


def claimants(noun: Token, index: ActorIndex, words: SpeechActWords) -> list[ActorMention]:
    """Who made the claim a noun names ("claims by Greece", "Britain's accusations", "the
    charges brought by X"); nobody when the noun is no claim ("rejected the plan")."""
    return _owners(noun, index) if words.has("claim", noun) else []


def is_scheme(noun: Token, words: SpeechActWords) -> bool:
    """'an attempt to damage ties', 'plots to topple him': a noun of trying whose infinitive
    is a harm verb."""
    return words.has("scheme", noun) and any(
        c.dep_ in {"acl", "xcomp", "relcl"}
        and words.has("harm", c)
        and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
        for c in noun.children
    )


def _is_label_word(token: Token, words: SpeechActWords) -> bool:
    return _condemns(token, words) or words.has("dismissal", token) or is_scheme(token, words)


def _condemns(label: Token, words: SpeechActWords) -> bool:
    """A condemning label: a word of condemnation ("a crime", "illegal"), or a wrongdoer noun
    ("described the demonstrators as gangs and terrorists", "called them traitors")."""
    return words.has("condemnation", label) or words.has("wrongdoer", label)


def _label_words(tokens: list[Token], words: SpeechActWords) -> list[Token]:
    """The labels among ``tokens`` and their adjectives ("a terrorist state")."""
    return [
        w
        for t in tokens
        for w in (t, *(c for c in t.children if c.dep_ == "amod"))
        if _is_label_word(w, words)
    ]


def _label_of(
    labelled: list[Token],
    labels: list[Token],
    index: ActorIndex,
    words: SpeechActWords,
    event_nouns: frozenset[str],
) -> Label | None:
    """The speech act of putting one of ``labels`` on what ``labelled`` names."""
    claims = [t for t in labelled if words.has("claim", t)]
    deed = any(t.lemma_.lower() in event_nouns for t in labelled)
    for label in labels:
        if claims and words.has("dismissal", label):
            return Label("REJECT", [a for c in claims for a in _owners(c, index)])
        if _condemns(label, words) or is_scheme(label, words):
            targets = [a for t in labelled for a in _owners(t, index)]
            # "an attempt by the government to limit ...": the scheme's own author.
            # (Not the label itself: "described them as terrorists" names no terrorists.)
            targets += [
                a for a in _owners(label, index) if a not in targets and a is not index.at(label)
            ]
            return Label("ACCUSE", targets, deed=deed)
    return None


def label_act(
    verb: Token, index: ActorIndex, words: SpeechActWords, event_nouns: frozenset[str]
) -> Label | None:
    """'called the order "tyranny" and unconstitutional', 'branded Russia a terrorist state',
    'described the killing as an attempt to damage ties', 'called the accusations baseless'."""
    if not words.has("label_verb", verb) or _negated(verb):
        return None
    complements = [c for c in verb.children if c.dep_ in LABEL_DEPS]
    complements += prep_objects(verb, {"as"})
    for complement in list(complements):
        complements += prep_objects(complement, {"as"})
    tokens = _conjoined(complements)
    label_words = _label_words(tokens, words)
    if not label_words:
        return None
    labels = [t for t in tokens if t in label_words or any(c in label_words for c in t.children)]
    labelled = [t for t in tokens if t not in labels and t.pos_ in {"NOUN", "PROPN", "PRON"}]
    # "called the ruling 'dictatorship'": the parser may hang the labelled noun on the label.
    labelled += [
        c
        for t in labels
        for c in t.children
        if c.dep_ in {"amod", "compound", "poss", "nmod"}
        and c.pos_ in {"NOUN", "PROPN", "VERB"}
        and c not in label_words
    ]
    return _label_of(labelled, label_words, index, words, event_nouns)


def reported_label(
    clause: Token, index: ActorIndex, words: SpeechActWords, event_nouns: frozenset[str]
) -> Label | None:
    """A reported clause that labels its subject: 'said the Ukrainian move was illegal'
    (ACCUSE of the move's author), 'said the attack was an attempt to disrupt ties' (ACCUSE of
    whoever did it), 'said the accusations were baseless' (REJECT of the accusers); or that
    speaks of a scheme to harm ('said the victory had foiled plots by his enemies to topple
    him'). The events coder keeps it only when it names a party or labels a deed: 'said the
    situation was unacceptable' accuses nobody."""
    if _negated(clause):
        return None
    if clause.lemma_.lower() == "be":
        subjects = [c for c in clause.children if c.dep_ == "nsubj"]
        complements = _conjoined([c for c in clause.children if c.dep_ in {"attr", "acomp"}])
        label_words = _label_words(complements, words)
        if subjects and label_words:
            return _label_of(subjects, label_words, index, words, event_nouns)
    for token in clause.subtree:
        if token.pos_ == "NOUN" and is_scheme(token, words):
            return Label("ACCUSE", _owners(token, index), deed=True)
    return None


def disapproval(verb: Token, index: ActorIndex, words: SpeechActWords) -> Label | None:
    """'Germany is concerned about Russia's troop build-up', "I'm deeply troubled by Trump's
    plan": a party's stated disapproval of another's deed (CAMEO 111, PLOVER ACCUSE), aimed
    at the deed's author."""
    if _negated(verb):
        return None
    if verb.lemma_.lower() == "be":
        heads = [c for c in verb.children if c.dep_ == "acomp" and words.has("disapproval", c)]
        experiencer = None
    elif verb.tag_ == "VBN" and words.has("disapproval", verb):
        heads = [verb]
        passive = [c for c in verb.children if c.dep_ == "nsubjpass"]
        experiencer = passive[0] if passive else None
    else:
        return None
    objects = [o for head in heads for o in prep_objects(head, DISAPPROVAL_PREPS)]
    objects += [o for head in heads for c in head.children if c.dep_ == "agent" for o in c.children]
    targets = [a for o in objects for a in _owners(o, index)]
    return Label("ACCUSE", targets, experiencer=experiencer) if heads and targets else None
