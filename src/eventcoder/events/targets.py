"""Targets the trigger's own arguments miss: objects of a request noun, complements, pronouns
(nearest compatible earlier actor), stances, conditions, locations and earlier deeds."""

from __future__ import annotations

from spacy.tokens import Token

from eventcoder.events.actor_index import (
    ActorIndex,
    named_place,
    prep_objects,
    unique_actors,
    verb_objects,
    verb_targets,
)
from eventcoder.events.argument_words import (
    CONDITION_MARKERS,
    DEED_NOUN_VERBS,
    FROM_SOURCE_NOUNS,
    LOCATIVE_PREPS,
    OBJECT_DEPS,
    OBJECT_PRONOUNS,
    PASSIVE_SUBJECT_DEPS,
    PLACE_NOUNS,
    POSSESSIVE_PRONOUNS,
    PRONOUN_KINDS,
    REQUEST_NOUNS,
    STANCE_NOUNS,
    SUBJECT_DEPS,
    TARGET_PREPS,
)
from eventcoder.models import ActorMention


def object_noun_targets(verb: Token, index: ActorIndex) -> list[ActorMention]:
    """Rule "object-noun": the target an object noun names when the object itself is no actor.

    "imposed restrictions against German goods", "lifted a blockade on Palestinian lorries",
    "broke off relations with Russia", "continue military aid to Mozambique": the event noun
    in the object says whom the deed is aimed at. "dismissed an appeal from the president",
    "rejected calls by the rulers": answering a request acts on its author. One level of "of"
    is followed ("a suspension of air links with Serbia")."""
    found: list[ActorMention] = []
    for obj in verb_objects(verb):
        if obj.pos_ == "NOUN" and not index.phrase(obj):
            found.extend(noun_targets(obj, index))
    return unique_actors(found)


def deed_doers(verb: Token, index: ActorIndex) -> list[ActorMention]:
    """Rule "object-noun" for reactions: who did the deed the verb's object names, in its "by"
    phrase: "welcomed a decision **by the Arab League**", "condemned the raid by police"."""
    found = [
        a
        for obj in verb_objects(verb)
        if obj.pos_ == "NOUN" and not index.phrase(obj)
        for by in prep_objects(obj, {"by"})
        for a in index.phrase(by)
    ]
    return unique_actors(found)


def noun_targets(noun: Token, index: ActorIndex, depth: int = 0) -> list[ActorMention]:
    """Actors an event noun is aimed at through its own prepositions (see
    :func:`object_noun_targets`)."""
    found = [a for obj in prep_objects(noun, TARGET_PREPS) for a in index.phrase(obj)]
    if noun.lemma_.lower() in REQUEST_NOUNS:
        found += [a for obj in prep_objects(noun, {"from", "by"}) for a in index.phrase(obj)]
    elif noun.lemma_.lower() in FROM_SOURCE_NOUNS:
        # "welcomed support from Poland", "rejected criticism from Washington": a reaction to
        # what was given or said acts on the giver.
        found += [a for obj in prep_objects(noun, {"from"}) for a in index.phrase(obj)]
    if not found and depth < 1:
        for obj in prep_objects(noun, {"of"}):
            if obj.pos_ == "NOUN" and not index.phrase(obj):
                found += noun_targets(obj, index, depth + 1)
    return found


def complement_targets(verb: Token, index: ActorIndex) -> list[ActorMention]:
    """Rule "complement": the targets of the infinitive a trigger governs, when the trigger has
    none of its own: "promised to continue military aid to Mozambique", "threatened to break
    relations with Russia", "agreed to meet the Turkish minister"."""
    found: list[ActorMention] = []
    for clause in _infinitive_clauses(verb):
        found += verb_targets(clause, index, TARGET_PREPS) or object_noun_targets(clause, index)
    return unique_actors(found)


def _infinitive_clauses(verb: Token) -> list[Token]:
    clauses = [
        c
        for c in verb.children
        if c.dep_ in {"xcomp", "ccomp"}
        and c.pos_ in {"VERB", "AUX"}
        and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
    ]
    # "threatened to close and dismantle the base": coordinated infinitives share the "to".
    clauses += [c for clause in clauses for c in clause.children if c.dep_ == "conj"]
    return clauses


def pronoun_targets(
    verb: Token, index: ActorIndex, source: list[ActorMention]
) -> list[ActorMention]:
    """Rule "pronoun": an object pronoun ("asked it to", "warned them") or an object owned by a
    possessive pronoun ("urged her campaign to") is the nearest actor named before it, in its
    sentence or the previous one, of a kind the pronoun can refer to ("it": a state or an
    organisation; "her": a person), and not the event's own source. A possessive the source
    itself can own ("Iraq lifted its blockade") is the source's, so no target. No coreference
    model: the salience order is recency, which is how news prose uses object pronouns."""
    for obj in verb_objects(verb):
        if obj.dep_ in PASSIVE_SUBJECT_DEPS:
            continue
        if obj.lower_ in OBJECT_PRONOUNS and obj.tag_ == "PRP":
            pronoun = obj
        else:
            owners = [c for c in obj.children if c.dep_ == "poss"]
            if not owners or owners[0].lower_ not in POSSESSIVE_PRONOUNS:
                continue
            pronoun = owners[0]
            if any(m.kind in PRONOUN_KINDS[pronoun.lower_] for m in source):
                continue  # "Iraq lifted its blockade": the subject's own
        if (antecedent := antecedent_of(pronoun, index, source)) is not None:
            return [antecedent]
    return []


def antecedent_of(
    pronoun: Token, index: ActorIndex, exclude: list[ActorMention]
) -> ActorMention | None:
    """The nearest compatible actor mention before ``pronoun`` in its sentence or the previous
    one (see :func:`pronoun_targets`)."""
    kinds = PRONOUN_KINDS.get(pronoun.lower_)
    if kinds is None:
        return None
    sentence = pronoun.sent
    start = pronoun.doc[sentence.start - 1].sent.start if sentence.start > 0 else sentence.start
    first_char = pronoun.doc[start].idx
    excluded = {(m.start, m.end) for m in exclude}
    codes = {m.code for m in exclude}
    candidates = [
        m
        for m in index.mentions
        if first_char <= m.start
        and m.end <= pronoun.idx
        and m.kind in kinds
        and (m.start, m.end) not in excluded
    ]
    # An object pronoun is not the clause's own subject ("the ministry asked it"): skip
    # mentions of the source's actor when another actor is available.
    others = [m for m in candidates if m.code not in codes]
    chosen = others or candidates
    return max(chosen, key=lambda m: m.start) if chosen else None


def location_places(trigger: Token) -> list[str]:
    """Rule "location": the named place an event happened in, when it has no other target:
    "imposed a curfew in the town of Cizre", "exploded bombs in the capital Kabul",
    "threatened to institute a curfew in Algiers". By the coding convention (docs/events.md)
    the people of the place undergo the event: the places stage gives the place its country.
    Only places attached to the trigger, to its object noun or to an infinitive it governs."""
    heads = [trigger, *_infinitive_clauses(trigger)]
    if trigger.dep_ in OBJECT_DEPS or (trigger.dep_ == "pobj" and trigger.head.dep_ == "prep"):
        # "arrived in Amman on a visit", "held talks in Geneva": the event noun's verb.
        governor = trigger.head if trigger.dep_ in OBJECT_DEPS else trigger.head.head
        if governor.pos_ in {"VERB", "AUX"}:
            heads.append(governor)
    objects = [c for h in list(heads) for c in h.children if c.dep_ in OBJECT_DEPS]
    # "lifted a state of emergency in West Darfur": the object's own "of" noun.
    heads += objects + [o for obj in objects for o in prep_objects(obj, {"of"})]
    found: list[str] = []
    for head in heads:
        for obj in prep_objects(head, LOCATIVE_PREPS):
            named = named_place(obj)
            if named is None and obj.lemma_.lower() in PLACE_NOUNS:
                # "in the town of Cizre", "in the capital Kabul"
                inner = prep_objects(obj, {"of", "in"}) + [
                    c for c in obj.children if c.dep_ in {"appos", "compound"}
                ]
                named = next((n for token in inner if (n := named_place(token))), None)
            if named and named not in found:
                found.append(named)
    return found


def stance_targets(verb: Token, index: ActorIndex) -> list[ActorMention]:
    """Rule "stance": "blocked streets in defiance of the authorities", "resigned in protest
    against the government": whom a deed defies or protests is its target."""
    found: list[ActorMention] = []
    for noun in prep_objects(verb, {"in"}):
        if noun.lemma_.lower() in STANCE_NOUNS:
            preps = {"of", "against", "to", "at", "over"}
            found += [a for obj in prep_objects(noun, preps) for a in index.phrase(obj)]
    return unique_actors(found)


def condition_subjects(verb: Token, index: ActorIndex) -> list[ActorMention]:
    """Rule "condition": a threat's condition names whom it is aimed at: "threatened to strike
    unless Israel rescinded the annexation", "will cut ties if Baku refuses" -> the subject of
    the conditional clause, on the trigger or on the infinitive it governs."""
    found: list[ActorMention] = []
    for head in [verb, *_infinitive_clauses(verb)]:
        for clause in head.children:
            if clause.dep_ != "advcl":
                continue
            if not any(c.dep_ == "mark" and c.lower_ in CONDITION_MARKERS for c in clause.children):
                continue
            for subject in clause.children:
                if subject.dep_ in SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS:
                    found += index.phrase(subject)
    return unique_actors(found)


def deed_verbs(trigger: Token) -> set[str]:
    """The verbs (lemmas) of the acts a reaction is about: "called Thursday's order tyranny"
    -> {"order"}, "protested against the ban" -> {"ban"} (rule "earlier-deed": the events stage
    gives the reaction the doer of the nearest earlier event of that verb)."""
    objects = [c for c in trigger.children if c.dep_ in OBJECT_DEPS | PASSIVE_SUBJECT_DEPS]
    objects += prep_objects(trigger, {"against", "over", "of"})
    # "called the order 'tyranny'": the small model often makes the object a modifier of the
    # label (oprd) it is given.
    labels = [c for c in trigger.children if c.dep_ == "oprd"]
    objects += [c for label in labels for c in label.children if c.dep_ in {"nmod", "compound"}]
    return {
        verb
        for obj in objects
        if obj.pos_ == "NOUN" and (verb := DEED_NOUN_VERBS.get(obj.lemma_.lower()))
    }
