"""A verb trigger's arguments: its subject (through passives, pronouns and clauses) with
its targets, and the places it names."""

from __future__ import annotations

from spacy.tokens import Span, Token

from eventcoder.events.actor_index import (
    ActorIndex,
    Arguments,
    named_place,
    prep_objects,
    unique_actors,
    verb_targets,
)
from eventcoder.events.argument_words import (
    AREA_ATTACK_MODES,
    DISPOSSESSION_VERBS,
    DOCUMENT_NOUNS,
    FORCE_MOVING_VERBS,
    LIGHT_VERBS,
    OBJECT_DEPS,
    PASSIVE_SUBJECT_DEPS,
    PLACE_NOUNS,
    PRONOUNS,
    QUANTIFIERS,
    RELATIVE_PRONOUNS,
    REMOVAL_VERBS,
    SUBJECT_DEPS,
    TARGET_PREPS,
    TERRITORY_VERBS,
)
from eventcoder.events.targets import object_noun_targets, pronoun_targets, stance_targets
from eventcoder.models import ActorMention

#: How many narrative sentences back a pronoun looks for its antecedent past pronoun
#: subjects (the sentence just before it is always looked at), and how many sentences in
#: all, quoted ones included.
PRONOUN_LOOKBACK = 4
PRONOUN_LOOKBACK_QUOTED = 30

#: Finite verb tags: a clause with one of these has a subject of its own.
FINITE_TAGS = {"VBZ", "VBD", "VBP", "MD"}


def subject_of(verb: Token, index: ActorIndex) -> tuple[list[ActorMention], str]:
    """The actors doing ``verb``: its own subject, else that of the verb governing it."""
    current: Token | None = verb
    path = "parse"
    for _ in range(5):
        if current is None:
            break
        subjects = [c for c in current.children if c.dep_ in SUBJECT_DEPS]
        if subjects:
            # One subject per verb: when the parser attaches two, the closest is the real one.
            subject = min(subjects, key=lambda s: abs(s.i - current.i))
            if subject.lower_ in PRONOUNS:
                # "he and Turkish President Erdogan agreed": the pronoun and its conjuncts.
                resolved = unique_actors(
                    resolve_pronoun(subject, index)
                    + [a for c in subject.children if c.dep_ == "conj" for a in index.phrase(c)]
                )
                return resolved, "pronoun" if resolved else ""
            actors = index.phrase(subject)
            if not actors and subject.pos_ in {"VERB", "AUX"}:
                # "The Red Cross operating in Iraq said": the parser made the participle the
                # subject; the noun it describes is the speaker.
                inner = [c for c in subject.children if c.dep_ in SUBJECT_DEPS]
                actors = index.phrase(inner[0]) if inner else []
            if actors:
                return actors, path
            if subject.lower_ in RELATIVE_PRONOUNS and current.dep_ == "relcl":
                return index.phrase(current.head), "inherited"
            return [], ""
        if (
            current.dep_ == "acl"
            and current.head.lemma_.lower() in DOCUMENT_NOUNS
            and current.head.dep_ in {"dobj", "nsubjpass"}
        ):
            # "the Senate passed a resolution calling for ...": the document speaks for who
            # passed, issued or signed it.
            current, path = current.head.head, "inherited"
            continue
        if (
            current.tag_ == "VBG"
            and current.dep_ in {"amod", "acl"}
            and current.head.pos_ in {"NOUN", "PROPN"}
        ):
            # "the visiting defence minister", "Putin's spokesman, dismissing accusations,":
            # an active participle describes what its noun does.
            return index.phrase(current.head), path
        agent = passive_agent(current, index)
        if agent:
            return agent, path
        # "Turkey, on the other hand, demonstrated ...": the parser may leave the subject as a
        # fronted npadvmod.
        for child in current.children:
            if child.dep_ == "npadvmod" and child.i < current.i and (a := index.phrase(child)):
                return a, path
        # A passive verb's subject is acted on, not acting: stop climbing.
        if any(c.dep_ in PASSIVE_SUBJECT_DEPS for c in current.children):
            return [], ""
        if (
            current.dep_ == "advcl"
            and current.tag_ in FINITE_TAGS
            and any(c.dep_ == "mark" for c in current.children)
        ):
            # '"If [President Trump] asks me ..., I'll say no"': a finite subordinate clause
            # has its own subject, never the main clause's. When the parser did not find it
            # (an editor's bracketed name read as the object of "if"), it is written between
            # the conjunction and the verb.
            return written_before_verb(current, index), "parse"
        # "decided to make", "convened ... and decided", "by accusing", "Speaking ..., X said"
        if current.dep_ in {"xcomp", "conj", "pcomp", "advcl", "acl", "acomp"}:
            if current.dep_ == "acl" and current.head.pos_ in {"NOUN", "PROPN"}:
                if current.head.dep_ == "ROOT" and any(
                    c.dep_ in OBJECT_DEPS | {"oprd"} for c in current.children
                ):
                    # "Mahathir, Malaysia's former leader, called the order ...": in a
                    # sentence with no other verb, the parser may hang the predicate on its
                    # subject as a clause describing it; the noun is the doer.
                    return index.phrase(current.head), "parse"
                return [], ""
            control = current.dep_ in {"pcomp", "xcomp"}
            current = current.head
            # Climb past prepositions, but never loop on a root: garbled text can parse with
            # a preposition as the sentence root (its own head).
            while (current.dep_ == "prep" or current.pos_ == "ADP") and current.head.i != current.i:
                current = current.head
            path = "inherited"
            if control:
                # Object control: "accused X of attacking", "prevented X from laying",
                # "urged X to stop": the governing verb's object does the embedded verb.
                for child in current.children:
                    if child.dep_ in {"dobj", "nsubjpass"} and (actors := index.phrase(child)):
                        return actors, path
            continue
        break
    return [], ""


def written_before_verb(clause: Token, index: ActorIndex) -> list[ActorMention]:
    """The actors written inside a clause before its verb ("if [Trump] asks"): where a
    subordinate clause's subject is when the parser gave it another role."""
    found: list[ActorMention] = []
    for token in clause.subtree:
        mention = index.at(token) if token.i < clause.i else None
        if mention is not None and mention not in found:
            found.append(mention)
    return found


def passive_agent(verb: Token, index: ActorIndex) -> list[ActorMention]:
    for child in verb.children:
        if child.dep_ == "agent":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    return index.phrase(obj)
    return []


def resolve_pronoun(pronoun: Token, index: ActorIndex) -> list[ActorMention]:
    """'France stated that it would ...': a pronoun subject refers to the governing subject,
    else to the subject of the previous sentence. "I"/"we" in a quotation is its speaker."""
    if pronoun.i in index.quoted_first_person:
        return index.quoted_first_person[pronoun.i]
    # The subject of any verb governing the pronoun's clause ("France stated that it ...",
    # "the ministry released questions that it wants ..."), nearest first.
    own_verb = pronoun.head
    for governor in own_verb.ancestors:
        if governor.pos_ not in {"VERB", "AUX"}:
            continue
        for child in governor.children:
            if child.dep_ in SUBJECT_DEPS and child.lower_ not in PRONOUNS:
                actors = index.phrase(child)
                if actors:
                    return actors
                if child.pos_ == "PROPN" and child.ent_type_ == "PERSON":
                    # "Frank, however, said that he would resign": the speaker named just
                    # before is the antecedent even when no dictionary codes him; another
                    # sentence's subject would be someone else.
                    return []
    # The previous sentence's subjects, nearest sentence first. A pronoun outside quotations
    # looks past quoted sentences ('"We want to see the judge. ... they should release him,"
    # she said': the quoted words do not hold her antecedent), and past a sentence whose main
    # subject is itself a pronoun ("They pressed on ..."): the antecedent is then the main
    # subject of the last narrative sentence before.
    narrative = not index.in_quotation(pronoun)
    previous = pronoun.sent
    first = True
    looked_at = 0
    for _ in range(PRONOUN_LOOKBACK_QUOTED):
        if previous.start == 0 or looked_at >= PRONOUN_LOOKBACK:
            return []
        previous = pronoun.doc[previous.start - 1].sent
        if (narrative and previous.start in index.quoted_sentences) or not any(
            t.is_alpha for t in previous
        ):
            continue  # quoted words, or the blank line between paragraphs
        looked_at += 1
        if first:
            first = False
            for token in previous:
                if token.dep_ in SUBJECT_DEPS and token.lower_ not in PRONOUNS:
                    actors = index.phrase(token)
                    if actors:
                        return actors
            if not _main_subject_is_pronoun(previous):
                return []
            continue
        if _main_subject_is_pronoun(previous):
            continue
        subject = next((c for c in previous.root.children if c.dep_ in SUBJECT_DEPS), None)
        return index.phrase(subject) if subject is not None else []
    return []


def _main_subject_is_pronoun(sentence: Span) -> bool:
    return any(c.dep_ in SUBJECT_DEPS and c.lower_ in PRONOUNS for c in sentence.root.children)


def verb_arguments(verb: Token, index: ActorIndex, symmetric: bool) -> Arguments:
    source, path = subject_of(verb, index)
    target = verb_targets(verb, index, TARGET_PREPS)
    if not source and verb.lemma_.lower() in REMOVAL_VERBS:
        source = [a for obj in prep_objects(verb, {"from"}) for a in index.phrase(obj)]
        path = "parse" if source else path
        target = [t for t in target if t not in source]
    if verb.lemma_.lower() in FORCE_MOVING_VERBS:
        # "Germany will send troops to Lithuania": the sender's own forces are what moves,
        # not the recipient (the agents layer now codes "troops" with the sender's country).
        own = {a.code for a in source}
        moved = {id(a) for c in verb.children if c.dep_ in OBJECT_DEPS for a in index.phrase(c)}
        target = [a for a in target if not (id(a) in moved and a.code in own)]
    between = [a for obj in prep_objects(verb, {"between", "among"}) for a in index.phrase(obj)]
    rule = ""
    if not target and verb.lemma_.lower() in DISPOSSESSION_VERBS:
        # "confiscated weapons from Palestinian armed groups": taken from them.
        target = [a for obj in prep_objects(verb, {"from"}) for a in index.phrase(obj)]
        target = [t for t in target if t not in source]
    if not target:
        rule = "object-noun"
        target = [t for t in object_noun_targets(verb, index) if t not in source]
    # "blocked streets in Hong Kong in defiance of Chinese authorities": whom a deed defies
    # is named outright, over what it was done to (the streets, the place).
    stance = [t for t in stance_targets(verb, index) if t not in source]
    if stance:
        rule, target = "stance", stance
    if not target:
        rule = "pronoun"
        target = pronoun_targets(verb, index, source)
    args = Arguments(source=source, target=target, source_path=path)
    args.target_rule = rule if target else ""
    if symmetric and not target and len(source) >= 2:
        args.symmetric = True
    if between:
        args.source, args.target, args.symmetric = between, [], True
        args.target_rule = ""
    return args


def place_objects(trigger: Token, mode: str | None = None) -> list[str]:
    """Named places the event is done to: 'fired on Qamishli', 'shelled Kharkiv', 'regained
    towns in eastern Ghouta', 'an attack on Bakhmut'. Returned as their text. ``mode`` is the
    trigger's PLOVER mode (an area weapon's object is a place even when tagged PERSON)."""
    heads = [c for c in trigger.children if c.dep_ in OBJECT_DEPS | PASSIVE_SUBJECT_DEPS]
    # "shelled Aleppo on Monday": the small model often reads a bare name right after the
    # verb as an adverbial noun (npadvmod); it is the object.
    heads += [
        c
        for c in trigger.rights
        if c.dep_ == "npadvmod" and c.pos_ == "PROPN" and c.i == trigger.i + 1
    ]
    # What a light verb takes is the deed, not its target ("launched Operation Dawn").
    light = trigger.lemma_.lower() in LIGHT_VERBS
    undergoers = [
        c for c in heads if c.dep_ in PASSIVE_SUBJECT_DEPS or (c.dep_ != "dative" and not light)
    ]
    area_attack = mode in AREA_ATTACK_MODES or trigger.lemma_.lower() in TERRITORY_VERBS
    struck = [c for c in undergoers if c.dep_ not in PASSIVE_SUBJECT_DEPS] if area_attack else []
    aimed_at = prep_objects(trigger, {"on", "at", "against", "upon", "into"})
    heads += aimed_at + prep_objects(trigger, {"of"})
    found: list[str] = []
    for head in heads:
        if head.lemma_.lower() in QUANTIFIERS:
            # "regained most of the towns": the quantified noun is the object.
            heads.extend(prep_objects(head, {"of"}))
            continue
        for token in (head, *(c for c in head.children if c.dep_ == "conj")):
            # "fired on Qamishli", "shelled Kharkiv": after a preposition of aim or as an area
            # attack's object, a name the small model tagged ORG, PERSON or NORP is kept too;
            # the places stage codes it only if the gazetteer knows it as a town or region.
            named = named_place(token, weak=head in aimed_at or head in struck)
            if named is None and head in undergoers:
                # "Douma is surrounded by government forces", "Mariupol was shelled", "troops
                # shelled Aleppo": the small model often leaves a town untagged or tags it ORG.
                named = untagged_place_name(token)
            if named is None and token.lemma_.lower() in PLACE_NOUNS:
                # "a city in northeastern Syria", "towns in eastern Ghouta"
                inner = prep_objects(token, {"in", "near", "of", "inside", "around"})
                named = next((n for obj in inner if (n := named_place(obj))), None)
            if named and named not in found:
                found.append(named)
    return found


def untagged_place_name(token: Token) -> str | None:
    """A proper name the model left untagged or tagged ORG, as the passive subject or the
    object of an attack or a siege ("Douma is surrounded", "Mariupol was shelled"): kept as a
    place to geocode (the places stage codes it only if the gazetteer or the article's places
    know it). People (PERSON) are not places."""
    if token.pos_ != "PROPN" or token.ent_type_ not in {"", "ORG"}:
        return None
    if not token.text[:1].isupper():
        return None
    if token.ent_type_ == "ORG":
        return named_place(token, weak=True)
    words = [c for c in token.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"] + [token]
    return token.doc[words[0].i : token.i + 1].text
