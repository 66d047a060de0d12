"""A noun trigger's arguments ('Russia's attack on Kyiv', 'the shelling of X by Y'), and the
agents and phrases around a trigger the parse leaves unattached."""

from __future__ import annotations

from spacy.tokens import Token

from eventcoder.events.actor_index import ActorIndex, Arguments, prep_objects, unique_actors
from eventcoder.events.argument_words import (
    ACCUSATION_VERBS,
    ARMED_MODIFIERS,
    EXPERIENCER_VERBS,
    FROM_SOURCE_NOUNS,
    GROUP_NOUNS,
    HARM_SUFFERED_VERBS,
    LIGHT_VERBS,
    NAMED_AGENT_LABELS,
    OBJECT_DEPS,
    OBJECT_OF_NOUNS,
    ONSET_VERBS,
    PARTICIPATION_VERBS,
    PASSIVE_SUBJECT_DEPS,
    PERSONAL_HARM_NOUNS,
    PRESENCE_VERBS,
    PRONOUNS,
    QUANTITY_NOUNS,
    REACTION_VERBS,
    RELATIVE_PRONOUNS,
    SPEECH_VERBS,
    SUBJECT_DEPS,
    TARGET_PREPS,
)
from eventcoder.events.targets import noun_targets
from eventcoder.events.verb_arguments import passive_agent, resolve_pronoun, subject_of
from eventcoder.models import ActorMention


def noun_arguments(noun: Token, index: ActorIndex, symmetric: bool) -> Arguments:
    args = Arguments()
    lemma = noun.lemma_.lower()
    # An actor mention that covers the event noun itself ("naval blockade of Serbia" tagged as
    # one actor) is a misfire, not a participant.
    own = index.at(noun)
    # Participants attached to the noun itself.
    between = [a for obj in prep_objects(noun, {"between", "among"}) for a in index.phrase(obj)]
    if between:
        return Arguments(source=between, target=[], symmetric=True, source_path="parse")
    # "Karlov's assassination", "Navalny's arrest": with no "of" phrase, the possessor of a
    # noun of harm to a person is the victim ("Russia's arrest of X": the doer).
    patient_possessor = lemma in PERSONAL_HARM_NOUNS and not prep_objects(noun, {"of"})
    for child in noun.children:
        mention = index.at(child)
        if child.dep_ == "poss" and patient_possessor and mention not in (None, own):
            args.target.append(mention)
        elif child.dep_ in {"poss", "amod", "compound", "nmod"} and mention not in (None, own):
            args.source.append(mention)
        elif child.dep_ == "poss" and child.lower_ in PRONOUNS:
            # "Wang told reporters after his talks with Lavrov": the owner of the event is the
            # subject of the clause around it.
            args.source.extend(_possessive_owner(child, index))
    for obj in prep_objects(noun, {"by"}):
        args.source.extend(index.phrase(obj))
    if lemma in FROM_SOURCE_NOUNS:
        # "sanctions from the United States", "support from Russia": the giver.
        for obj in prep_objects(noun, {"from"}):
            args.source.extend(index.phrase(obj))
    of_objects = [a for obj in prep_objects(noun, {"of"}) for a in index.phrase(obj)]
    of_objects = [a for a in of_objects if a is not own]
    if lemma in OBJECT_OF_NOUNS:
        args.target.extend(of_objects)
    else:
        args.source.extend(of_objects)
    args.target.extend(a for obj in prep_objects(noun, TARGET_PREPS) for a in index.phrase(obj))
    if not args.target and not of_objects:
        # "a suspension of air links with Serbia": the noun's "of" object is itself an event
        # noun aimed at someone (rule "object-noun").
        nested = [
            a
            for obj in prep_objects(noun, {"of"})
            if obj.pos_ == "NOUN"
            for a in noun_targets(obj, index, depth=1)
        ]
        if nested:
            args.target, args.target_rule = nested, "object-noun"
    if args.source:
        args.source_path = "parse"

    # "carried out a number of strikes", "launched a wave of attacks": the noun counting the
    # event noun stands in its place before the verb.
    anchor = noun
    while (
        anchor.dep_ == "pobj"
        and anchor.head.lower_ == "of"
        and anchor.head.head.lemma_.lower() in QUANTITY_NOUNS
    ):
        anchor = anchor.head.head
    governor = anchor.head
    # "held a phone call", "made an application", "the attack was made by X".
    if anchor.dep_ in OBJECT_DEPS | PASSIVE_SUBJECT_DEPS | {"attr"} and governor.pos_ in {
        "VERB",
        "AUX",
    }:
        reaction = governor.lemma_.lower() in REACTION_VERBS
        if not args.source and not reaction:
            # "The White House condemned the attack": who reacts to an event did not do it.
            agent = passive_agent(governor, index)
            if agent:
                args.source, args.source_path = agent, "parse"
            elif anchor.dep_ not in PASSIVE_SUBJECT_DEPS and governor.lemma_ != "be":
                args.source, args.source_path = subject_of(governor, index)
        if not args.target:
            args.target = verb_targets_no_objects(governor, index)
    # "arrived on a visit", "wounded two soldiers in a bomb attack": the verb's actors.
    # "blamed the Russian government for the attack": the accused did it.
    elif (
        noun.dep_ == "pobj"
        and noun.head.lower_ in {"for", "of"}
        and noun.head.head.lemma_.lower() in ACCUSATION_VERBS
    ):
        verb = noun.head.head
        if not args.source:
            accused = [a for c in verb.children if c.dep_ in OBJECT_DEPS for a in index.phrase(c)]
            args.source, args.source_path = accused, "parse" if accused else ""
    elif (
        noun.dep_ == "pobj"
        and noun.head.dep_ == "agent"
        and noun.head.head.pos_ == "VERB"
        and noun.head.head.lemma_.lower() not in REACTION_VERBS
    ):
        # "Russia has been hit by sanctions from the US", "the convoy was struck by a drone
        # attack": the passive subject undergoes the event the agent phrase names.
        verb = noun.head.head
        if not args.target:
            args.target = [
                a for c in verb.children if c.dep_ in PASSIVE_SUBJECT_DEPS for a in index.phrase(c)
            ]
    elif (
        noun.dep_ == "pobj"
        # "at a reception for the visiting minister": the event the clause's doer was at.
        and noun.head.lower_ in {"on", "in", "during", "at"}
        and noun.head.head.pos_ == "VERB"
    ):
        verb = noun.head.head
        passive = [c for c in verb.children if c.dep_ in PASSIVE_SUBJECT_DEPS]
        if passive and verb.lemma_.lower() in PARTICIPATION_VERBS:
            # "forces were engaged in ethnic cleansing": the grammatical subject acts.
            args.source = args.source or [a for p in passive for a in index.phrase(p)]
            args.source_path = "parse" if args.source else ""
        elif passive:
            args.target = args.target or [a for p in passive for a in index.phrase(p)]
            args.source = args.source or passive_agent(verb, index)
            args.source_path = args.source_path or ("parse" if args.source else "")
        elif verb.lemma_.lower() in HARM_SUFFERED_VERBS:
            # "two soldiers died in an attack": who died suffered it; the doer is unnamed.
            sufferers = subject_of(verb, index)[0]
            args.target = [*args.target, *(a for a in sufferers if a not in args.target)]
        elif not args.source:
            args.source, args.source_path = subject_of(verb, index)
            if not args.target:
                args.target = [
                    a for c in verb.children if c.dep_ in OBJECT_DEPS for a in index.phrase(c)
                ]
    elif (
        noun.dep_ == "pobj"
        and noun.head.lower_ == "for"
        and noun.head.head.pos_ in {"VERB", "AUX"}
        and noun.head.head.lemma_.lower() in PRESENCE_VERBS
    ):
        # "Korb is in Jerusalem for meetings with Netanyahu", "the envoy arrived in Damascus
        # for talks": who is there for the event takes part in it.
        if not args.source:
            args.source, args.source_path = subject_of(noun.head.head, index)
    # "clashes started ... with provocations of X": the onset verb's phrases name the parties.
    elif noun.dep_ in SUBJECT_DEPS and governor.lemma_.lower() in ONSET_VERBS:
        onset_between = [
            a for obj in prep_objects(governor, {"between", "among"}) for a in index.phrase(obj)
        ]
        if onset_between:
            return Arguments(source=onset_between, symmetric=True, source_path="parse")
        for obj in prep_objects(governor, {"with", "by", "after"}):
            found = index.phrase(obj)
            if not found:
                found = [a for t in obj.subtree if (a := index.at(t)) is not None]
            if found:
                args.source, args.source_path = found, "parse"
                break
    # "the support it gave to Azerbaijan", "the aid package announced by the USA".
    for child in noun.children:
        if child.dep_ in {"relcl", "acl"} and child.pos_ in {"VERB", "AUX"}:
            if child.lemma_.lower() in EXPERIENCER_VERBS:
                # "the sanctions faced by Russia": the agent of face/suffer is the target.
                args.target.extend(passive_agent(child, index))
                continue
            if not args.source:
                agent = (
                    passive_agent(child, index)
                    if child.lemma_.lower() not in REACTION_VERBS
                    else []
                )
                if agent:
                    args.source, args.source_path = agent, "parse"
                elif child.dep_ == "relcl" and child.lemma_.lower() in LIGHT_VERBS:
                    subj = [c for c in child.children if c.dep_ in SUBJECT_DEPS]
                    if subj and subj[0].lower_ not in RELATIVE_PRONOUNS:
                        args.source, args.source_path = subject_of(child, index)
            if not args.target:
                args.target = verb_targets_no_objects(child, index)

    if symmetric and args.target and not args.source:
        # "the rebels say talks with the Russian military aim to ...": a party reports talks
        # or fighting "with" the other one; the speaker is the first party.
        args.source = _reporting_speaker(noun, index)
        args.source_path = "inherited" if args.source else ""
    args.source = [a for a in unique_actors(args.source) if a is not own]
    args.target = [t for t in unique_actors(args.target) if t not in args.source and t is not own]
    if symmetric and not args.target and len(args.source) >= 2:
        args.symmetric = True
    return args


def _reporting_speaker(noun: Token, index: ActorIndex) -> list[ActorMention]:
    for ancestor in noun.ancestors:
        if ancestor.pos_ == "VERB" and ancestor.lemma_.lower() in SPEECH_VERBS:
            # "The rebels deny ... and say talks with X ...": the speaker may be shared
            # through coordination, so the full subject search applies.
            return subject_of(ancestor, index)[0]
    return []


def _possessive_owner(pronoun: Token, index: ActorIndex) -> list[ActorMention]:
    """Who 'his'/'their' refers to: the subject of the nearest clause around the phrase,
    else the usual pronoun resolution."""
    for ancestor in pronoun.ancestors:
        if ancestor.pos_ in {"VERB", "AUX"}:
            for child in ancestor.children:
                subject = child.dep_ in SUBJECT_DEPS and child.lower_ not in PRONOUNS
                if subject and (found := index.phrase(child)):
                    return found
            break
    return resolve_pronoun(pronoun, index)


def verb_targets_no_objects(verb: Token, index: ActorIndex) -> list[ActorMention]:
    """Targets from a light verb's prepositions and indirect object ("gave Tanzania a grant");
    its direct object is the event noun itself."""
    found = [a for obj in prep_objects(verb, TARGET_PREPS) for a in index.phrase(obj)]
    found += [a for c in verb.children if c.dep_ == "dative" for a in index.phrase(c)]
    return unique_actors(found)


def unresolved_agent(trigger: Token, *, named: bool = False) -> Token | None:
    """The trigger's subject when it is a collective political agent (a group noun such as
    "protesters", "troops" or "armed men") that no actor code was resolved for, else None.
    With ``named``, also a subject the entity recognizer tagged as a person or an
    organisation ("Kim accused the South Korean media", "Asif urged the United States"): the
    caller allows it only when the event has a coded target.

    The event keeps it as a named participant without a code: who acted is known from the
    text even when the actors stage cannot say which country or group it is."""
    verb = trigger
    if trigger.pos_ in {"NOUN", "PROPN"}:
        if trigger.dep_ in OBJECT_DEPS and trigger.head.pos_ == "VERB":
            verb = trigger.head
        elif trigger.dep_ == "pobj" and trigger.head.head.pos_ == "VERB":
            verb = trigger.head.head
            if verb.lemma_.lower() in HARM_SUFFERED_VERBS:
                return None  # "two soldiers died in an attack": they suffered it
        else:
            return None
    current = verb
    for _ in range(4):
        subjects = [c for c in current.children if c.dep_ in SUBJECT_DEPS]
        if subjects:
            subject = subjects[0]
            # Only collective political agents ("protesters", "Afghan rebels", "the police",
            # "armed men", "Judge Alejandro Rivera"): unresolved firms, shops or private
            # people are not PLOVER actors.
            words = [subject, *(c for c in subject.children if c.dep_ in {"compound", "amod"})]
            if any(w.lemma_.lower() in GROUP_NOUNS for w in words) or any(
                w.lower_ in ARMED_MODIFIERS for w in words
            ):
                return subject
            if named and subject.ent_type_ in NAMED_AGENT_LABELS:
                return subject
            return None
        # "Gunmen carried out attacks, killing four": a participle adjunct shares the subject.
        adjunct = current.dep_ == "advcl" and current.tag_ == "VBG"
        if current.dep_ not in {"xcomp", "conj"} and not adjunct:
            return None
        current = current.head
    return None


def noun_phrase_text(head: Token) -> str:
    """The words of a noun phrase up to its head ("the armed men" of "the armed men who ...")."""
    left = min([head.i, *(t.i for t in head.lefts if t.dep_ != "punct")])
    return head.doc[left : head.i + 1].text
