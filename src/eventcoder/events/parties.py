"""Who an event's parties are when the parse does not say it plainly: same or other parties,
an unidentified perpetrator, the government implied by an agent, the blamed party, clause
subjects and the actors inside a phrase."""

from __future__ import annotations

from spacy.tokens import Token

from eventcoder.events.arguments import (
    PRONOUNS,
    ActorIndex,
    Arguments,
    prep_objects,
    subject_of,
)
from eventcoder.events.coder_words import (
    AGREEMENT_NOUNS,
    BROKER_LEMMAS,
    CLAIM_LEMMAS,
    PHYSICAL_TARGETS,
    SIGNATURE_NOUNS,
)
from eventcoder.events.speech_acts import SpeechActWords, claimants
from eventcoder.models import (
    IMPLIED_GOVERNMENT,
    UNIDENTIFIED_PERPETRATOR,
    ActorMention,
    EventActor,
)
from eventcoder.paths import word_lists

#: The word lists of data/events/words.toml.
_WORDS = word_lists("events")


def physically_attacked(verb: Token, index: ActorIndex) -> bool:
    """Whether "X came under fire/attack" is an attack: X is an actor or a thing that can be
    shot at, and no "for/over" phrase gives a reason (which makes it criticism)."""
    if prep_objects(verb, {"for", "over"}):
        return False
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    return any(
        index.at(s) is not None or s.lemma_.lower() in PHYSICAL_TARGETS or s.lower_ in PRONOUNS
        for s in subjects
    )


def _same_party(one: ActorMention, other: ActorMention) -> bool:
    """Whether two mentions name the same party: the same country and sector, or a state and
    its government ("Russia" and "the Russian government"), which speak as one. Two people
    are one party only as the same person: a governor refusing the president's request is not
    refusing herself."""
    if one.code != other.code:
        return False
    if one.kind == "person" and other.kind == "person":
        return (one.name or one.text) == (other.name or other.text)
    sectors = {one.sector, other.sector}
    return len(sectors) == 1 or sectors == {None, "GOV"}


def other_parties(actors: list[ActorMention], speaker: list[ActorMention]) -> list[ActorMention]:
    """The actors a speaker addresses or blames, less the speaker itself. Parties of the
    speaker's own country are kept: "Turkish officials say the PKK ...", "the opposition leader
    said Mexico should ..." are claims about, and demands on, another party of that country."""
    return [a for a in actors if not any(_same_party(a, s) for s in speaker)]


def unidentified_perpetrator(
    targets: list[ActorMention], where: list[str] | None = None
) -> list[EventActor]:
    """'13 soldiers were killed', 'a car bomb killed 13 soldiers': nobody is named, so the doer
    is coded with the country where it happened, as hand coders code it: the state the
    sentence names as the place of the deed (``where``, :func:`states_where`: "has been
    detained in Turkey since October" is Turkey's doing, whoever the detainee is), else the
    victims' country (the places stage replaces that with the country of the town or region
    where it happened when it knows the place). No sector."""
    states = [t.code for t in targets if len(t.code) == 3 and t.code.isalpha() and t.code.isupper()]
    states = [*(where or []), *states]
    if not states:
        return []
    return [EventActor(text="", code=states[0], sector=None, name=UNIDENTIFIED_PERPETRATOR)]


#: Prepositions that place a deed inside a state ("detained in Turkey", "killed inside Syria").
_INSIDE_PREPS = _WORDS.words("inside_preps")


def states_where(trigger: Token, index: ActorIndex) -> list[str]:
    """The states a trigger's own words place its deed in: a state's name after in/inside/
    within/across on the trigger ("has been detained in Turkey since October", "two French
    journalists were arrested in Iran", "the arrest of a pastor in Turkey"). Only bare state
    names (no sector): "in the Russian embassy" is not where, but whom."""
    codes: list[str] = []
    for obj in prep_objects(trigger, _INSIDE_PREPS):
        for mention in index.phrase(obj):
            if mention.kind == "state" and mention.sector is None and mention.code not in codes:
                codes.append(mention.code)
    return codes


def implied_government(source: list[EventActor]) -> list[EventActor]:
    states = [a.code for a in source if a.code and len(a.code) == 3 and a.code.isupper()]
    if not states or any(a.sector == "GOV" for a in source):
        return []
    return [EventActor(text="", code=states[0], sector="GOV", name=IMPLIED_GOVERNMENT)]


def as_government(actor: EventActor) -> EventActor:
    code = actor.code or ""
    if actor.sector is None and len(code) == 3 and code.isalpha():
        return actor.model_copy(update={"sector": "GOV"})
    return actor


def event_actor(mention: ActorMention) -> EventActor:
    return EventActor(
        text=mention.text, code=mention.code, sector=mention.sector, name=mention.name
    )


def blamed_party(verb: Token, index: ActorIndex) -> list[ActorMention]:
    """Who a clause says is behind a deed: 'X was involved in', 'X was behind', 'X is
    responsible for', 'it bears the hallmarks of X'."""
    lemma = verb.lemma_.lower()
    subjects = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]
    if lemma == "involve" and any(c.dep_ == "auxpass" for c in verb.children):
        return [a for s in subjects for a in index.phrase(s)]
    if lemma == "be" and (
        prep_objects(verb, {"behind"})
        or any(c.dep_ == "acomp" and c.lemma_.lower() == "responsible" for c in verb.children)
    ):
        return [a for s in subjects for a in index.phrase(s)]
    if lemma in {"bear", "have", "carry"}:
        for obj in (c for c in verb.children if c.dep_ == "dobj"):
            if obj.lemma_.lower() in SIGNATURE_NOUNS:
                return [a for o in prep_objects(obj, {"of"}) for a in index.phrase(o)]
    return []


def grievance_targets(token: Token, index: ActorIndex) -> list[ActorMention]:
    """Whom an accusation or protest is aimed at through what it is over or against ("protested
    against Israel's raids"), or through what its doers are angry about: "protests by Turks
    angry over Russia's support for Assad", "students angry at the government's fuel price
    rise marched", "villagers outraged by the army's raid demonstrated" -> Russia, the
    government, the army."""
    heads = [token, *(c for c in token.children if c.dep_ in {"dobj", "nsubjpass"})]
    found: list[ActorMention] = []
    for head in heads:
        for obj in prep_objects(head, {"over", "against"}):
            found.extend(a for a in index.phrase(obj) if a not in found)
    if found:
        return found
    for feeling in _grievance_feelings(token):
        objects = prep_objects(feeling, ANGER_PREPS)
        objects += [o for c in feeling.children if c.dep_ == "agent" for o in c.children]
        for obj in objects:
            found.extend(a for a in index.phrase(obj) if a not in found)
    return found


#: Words of anger on a protest's doers, and the prepositions naming what they are angry about.
ANGER_WORDS = _WORDS.words("anger_words")
ANGER_PREPS = _WORDS.words("anger_preps")


def _grievance_feelings(token: Token) -> list[Token]:
    """The anger words on the doers of a trigger: its subject, its "by" phrase (an event noun's
    doers) or the noun a participle describes ("farmers, furious over X, protesting ...")."""
    doers = [c for c in token.children if c.dep_ == "nsubj"]
    doers += [o for o in prep_objects(token, {"by"})]
    doers += [o for c in token.children if c.dep_ == "agent" for o in c.children]
    if token.dep_ in {"acl", "relcl"}:
        doers.append(token.head)
    return [
        c
        for doer in doers
        for c in doer.children
        if c.dep_ in {"amod", "acl", "relcl", "appos"} and c.lower_ in ANGER_WORDS
    ]


def clause_subject(noun: Token, index: ActorIndex) -> list[ActorMention]:
    """The subject of the nearest verb governing a noun phrase."""
    for ancestor in noun.ancestors:
        if ancestor.pos_ in {"VERB", "AUX"}:
            return subject_of(ancestor, index)[0]
    return []


def complement_subjects(token: Token, index: ActorIndex) -> list[ActorMention]:
    """'demanded that the US cancel ...', 'warned that police will ...': the complement's
    subject is who the demand or threat is addressed to."""
    found: list[ActorMention] = []
    for clause in token.children:
        if clause.dep_ in {"ccomp", "xcomp"}:
            for child in clause.children:
                if child.dep_ in {"nsubj", "nsubjpass"}:
                    found.extend(a for a in index.phrase(child) if a not in found)
    return found


def actors_inside(token: Token, index: ActorIndex, preps: set[str]) -> list[ActorMention]:
    """Actors anywhere inside what is requested ('called for an end to fighting between A
    and B'): the parties a demand is addressed to when it has no direct object."""
    found: list[ActorMention] = []
    for obj in prep_objects(token, preps):
        for inner in obj.subtree:
            for actor in index.phrase(inner) if inner.pos_ in {"NOUN", "PROPN"} else []:
                if actor not in found:
                    found.append(actor)
    return found


def brokered_agreement(noun: Token, index: ActorIndex) -> Arguments | None:
    """'a ceasefire brokered by Russia between Armenia and Azerbaijan', 'Russia mediated a
    truce between A and B': the parties (between ...) agree; the broker is the mediator."""
    if noun.lemma_.lower() not in AGREEMENT_NOUNS:
        return None
    if noun.dep_ in {"dobj", "nsubjpass"} and noun.head.lemma_.lower() in BROKER_LEMMAS:
        verb = noun.head
    else:
        verbs = [
            c
            for c in noun.children
            if c.dep_ in {"acl", "relcl"} and c.lemma_.lower() in BROKER_LEMMAS
        ]
        if not verbs:
            return None
        verb = verbs[0]
    parties = [
        a
        for head in (noun, verb)
        for obj in prep_objects(head, {"between", "among"})
        for a in index.phrase(obj)
    ]
    mediators = subject_of(verb, index)[0] if verb.dep_ not in {"acl", "relcl"} else []
    mediators = mediators or [
        a for c in verb.children if c.dep_ == "agent" for o in c.children for a in index.phrase(o)
    ]
    if len(parties) < 2:
        return None
    return Arguments(source=parties, symmetric=True, source_path="parse", mediators=mediators)


def rejected_parties(
    token: Token,
    pos: str,
    source: list[ActorMention],
    index: ActorIndex,
    words: SpeechActWords,
) -> list[ActorMention]:
    """Whom a REJECT with no target from the parse rejects: whoever made the claim it
    rejects."""
    if pos == "VERB":
        # "..., rejecting claims by Greece that ...", "dismissed Britain's accusations":
        # rejecting a claim rejects whoever made it.
        made = [
            a
            for obj in token.children
            if obj.dep_ in {"dobj", "nsubjpass"}
            for a in claimants(obj, index, words)
            if a not in source
        ]
        if made:
            return made
    if token.dep_ in {"relcl", "acl"}:
        # "Britain blames Russia, which Russia denies", "May blamed Moscow, a charge denied
        # by the Kremlin": what is denied is the accuser's claim; the accuser is the target.
        return [a for a in clause_subject(token.head, index) if a not in source]
    if token.dep_ in {"advcl", "conj"} and token.head.lemma_.lower() in CLAIM_LEMMAS:
        # "Britain accuses Russia ..., although Moscow denies any involvement".
        return [a for a in subject_of(token.head, index)[0] if a not in source]
    return []
