"""The event coder's main rule: a trigger token becomes a candidate event (its arguments,
its type decided among the lexicon's and the type model's, its modality)."""

from __future__ import annotations

from spacy.tokens import Token

from eventcoder.events.arguments import (
    ONSET_VERBS,
    TARGET_PREPS,
    ActorIndex,
    Arguments,
    complement_targets,
    condition_subjects,
    deed_doers,
    location_places,
    noun_arguments,
    noun_phrase_text,
    place_objects,
    prep_objects,
    subject_of,
    unresolved_agent,
    verb_arguments,
    verb_targets,
)
from eventcoder.events.candidates import Candidate
from eventcoder.events.clauses import (
    abstract_noun_reports_event,
    asks_a_question,
    brokers_agreement,
    directs_someone,
    in_kicker,
    is_a_topic,
    is_directed_deed,
    is_prevented_deed,
    is_topic_fragment,
    presupposed_subject,
    raised_object,
)
from eventcoder.events.coder_words import (
    ADDRESSED_DIRECTIVES,
    APPRAISAL_TYPES,
    CONCLUSION_VERBS,
    DIRECTIVE_TYPES,
    GENERIC_LAYERS,
    GRIEVANCE_TYPES,
    MUTUAL_TYPES,
    NEEDS_TARGET_TYPES,
    PLACE_COUNTERPART_TYPES,
    PLACE_TARGET_TYPES,
    RECEPTION_SECTORS,
    RECEPTION_VERBS,
    SPEECH_VENUE_TYPES,
    TARGET_ONLY_TYPES,
    UNDONE_LEMMAS,
    WISH_LEMMAS,
)
from eventcoder.events.confidence import event_confidence, model_probability
from eventcoder.events.contest import contest_sense
from eventcoder.events.lexicon import Trigger
from eventcoder.events.parties import (
    actors_inside,
    brokered_agreement,
    clause_subject,
    complement_subjects,
    grievance_targets,
    physically_attacked,
    rejected_parties,
)
from eventcoder.events.type_rules import TypeRules
from eventcoder.models import (
    QUAD_CLASS,
)


class CandidateRules(TypeRules):
    """Turns one trigger token into a candidate event."""

    def _candidate(self, token: Token, trigger: Trigger, index: ActorIndex) -> Candidate | None:
        symmetric = "symmetric" in trigger.flags
        if trigger.layer != "core" and token.dep_ in {"amod", "acl"}:
            # "Russians travelling to the UK could face ...": a participle describing a noun is
            # a report only when a hand-checked trigger says so ("the visiting minister").
            return None
        if trigger.pos == "VERB":
            if self._is_reporting_use(token) or asks_a_question(token):
                return None
            received = token.lemma_.lower() in RECEPTION_VERBS and trigger.event_type == "CONSULT"
            if received:
                # "received the Turkish foreign minister" is a visit hosted; "received aid",
                # "received 1,000 refugees", "received a letter" are not.
                guests = [
                    a
                    for c in token.children
                    if c.dep_ == "dobj"
                    for a in index.phrase(c)
                    if a.kind == "person" or a.sector in RECEPTION_SECTORS
                ]
                if not guests:
                    return None
                # PLOVER's visit has the visitor as actor and the host as recipient (as the
                # "visiting minister" rule codes it).
                host = [a for a in subject_of(token, index)[0] if a not in guests]
                args = Arguments(source=guests, target=host, source_path="parse")
            if token.lemma_.lower() in ADDRESSED_DIRECTIVES and not directs_someone(token):
                return None  # "told reporters that ...": speech, not a directive
            if token.dep_ == "xcomp" and token.head.lemma_.lower() in UNDONE_LEMMAS:
                # "refused to release the prisoners", "failed to withdraw": the deed did not
                # happen; the refusal is the event (REJECT, coded on its own verb).
                return None
            if is_directed_deed(token):
                # "urged Iran to withdraw its troops": the deed is demanded, not done; the
                # directive is the event.
                return None
            args = args if received else verb_arguments(token, index, symmetric)
            if "undergoer" in trigger.flags and not physically_attacked(token, index):
                # "Pallister's travels came under fire in the campaign", "came under fire for
                # his remarks": criticism, not shooting.
                return None
            if "undergoer" in trigger.flags:
                # "police came under fire from gunmen": the subject suffers the attack; the
                # "from" phrase (if any) names who attacked.
                args = Arguments(
                    source=[a for o in prep_objects(token, {"from"}) for a in index.phrase(o)]
                    or [
                        a
                        for under in prep_objects(token, {"under"})
                        for o in prep_objects(under, {"from", "by"})
                        for a in index.phrase(o)
                    ],
                    target=args.source,
                    source_path="parse",
                )
        else:
            args = noun_arguments(token, index, symmetric)
            if not args.source and not args.target:
                if not (symmetric and self._is_onset_assertion(token)) or not index.main_pair:
                    return None
                args = Arguments(source=list(index.main_pair), symmetric=True, source_path="pair")
            elif "abstract" in trigger.flags and not abstract_noun_reports_event(token, args):
                return None
            elif is_a_topic(token) and (not args.source or token.head.lower_ == "over"):
                # "expelled diplomats over the poisoning of a former spy", "accuses Russia of
                # involvement in the poisoning": an event with no named doer inside what another
                # event is about refers back to news already reported; it is that event's
                # topic, not an event of this sentence. After "over" even with a named doer:
                # "a WTO dispute over US tariffs", "expelled diplomats over Russia's
                # poisoning of a spy" give the reason for this sentence's event.
                return None
            elif (
                not args.source
                and token.dep_ == "dobj"
                and self.speech_acts.has("label_verb", token.head)
            ):
                # "Putin described the killing of Karlov as an attempt to damage ties": the
                # deed a speaker labels is news already reported; the label is the event
                # (an ACCUSE, speech_rules), not a new attack.
                return None
            elif not args.source and is_topic_fragment(token):
                # "The Latest on the poisoning of a former spy": a heading names a topic, not
                # an event someone did.
                return None
            elif in_kicker(token):
                # "Turkish bus attack: 13 soldiers killed by car bomb": the label before the
                # colon names the topic; the clause after it states the event (coded there).
                return None
        if trigger.pos == "VERB" and brokers_agreement(token):
            return None  # "brokered a truce between A and B": the truce noun codes the AGREE
        brokered = brokered_agreement(token, index) if trigger.pos == "NOUN" else None
        if brokered is not None:
            args = brokered
        # The learned model confirms, changes or vetoes the lexicon's type (events/typemodel.py).
        decision = (
            self.type_model.decide(
                token, trigger.event_type, generic=trigger.layer in GENERIC_LAYERS
            )
            if self.type_model
            else None
        )
        if decision is not None and decision.vetoed:
            return None
        event_type, mode, modality = self._decide_type(token, trigger, args, decision)
        if (
            trigger.layer == "cameo"
            and event_type == "AGREE"
            and token.lemma_.lower() in WISH_LEMMAS | {"hope"}
            and not raised_object(token)
        ):
            # "she expected to leave hospital soon", "we want to see the judge": a bare verb of
            # wishing about one's own deed is a stance, not an agreement with anyone (with an
            # object, "wants Russia to play a role", it is an appeal: see _decide_type).
            return None
        if QUAD_CLASS.get(event_type, "").endswith("cooperation") and is_prevented_deed(token):
            # "authorities blocked lawyers from visiting him", "prevented aid from reaching the
            # town": the cooperation did not happen; the blocking is the event.
            return None
        if (
            event_type in MUTUAL_TYPES
            and trigger.layer == "core"
            and not args.target
            and len({a.code for a in args.source}) >= 2
        ):
            # "The US and South Korea began joint military drills", "Moscow and Washington have
            # discussed a prisoner swap": parties who meet or cooperate with no one else named
            # do it with each other. (Only hand-checked triggers: a broad CAMEO verb, "the US
            # and Jordan conducted airdrops over Gaza", names no mutual deed.)
            args.symmetric = True
        if event_type == "MOBILIZE" and trigger.pos == "VERB" and not args.source:
            # "the National Guard would be sent to the border": the forces sent are the ones
            # mobilised; where they go is the target.
            moved = [a for c in token.children if c.dep_ == "nsubjpass" for a in index.phrase(c)]
            args.source = moved
            args.target = [t for t in args.target if t not in moved]
            args.source_path = "parse" if moved else args.source_path
        if (
            mode == "visit"
            and not args.target
            and token.dep_ in {"amod", "acl"}
            and token.i < token.head.i
        ):
            # "received the visiting minister": the host is who receives the visitor. Only a
            # participle before its noun: "killing a tourist visiting from Germany" names a
            # traveller, and the clause's subject is no host.
            args.target = [a for a in clause_subject(token.head, index) if a not in args.source]
        elif (
            mode == "visit"
            and trigger.pos == "VERB"
            and token.tag_ == "VBG"
            and token.dep_ == "pcomp"
            and not args.source
            and args.target
        ):
            # "at a reception for visiting Minister X", "talks with visiting X": the parser
            # reads the participle as a gerund with an object; the object is the visitor and
            # the clause's subject the host.
            visitors = args.target
            args.source, args.source_path = visitors, "parse"
            args.target = [a for a in clause_subject(token, index) if a not in visitors]
        if event_type == "THREATEN" and not args.target and trigger.pos == "VERB":
            # "Iran threatened to attack Israel": the threatened deed's target is the target,
            # before any subject of a clause deeper in the sentence.
            args.target = [
                a
                for clause in token.children
                if clause.dep_ == "xcomp"
                for a in verb_targets(clause, index, TARGET_PREPS)
                if a not in args.source
            ]
        if event_type == "THREATEN" and not args.target and trigger.pos == "VERB":
            # "threatened to strike unless Israel rescinded ...": the condition's subject.
            args.target = [a for a in condition_subjects(token, index) if a not in args.source]
            args.target_rule = "condition" if args.target else args.target_rule
        if event_type in DIRECTIVE_TYPES and not args.target:
            # "demanded that the US match the EU's support": the complement's subject is
            # addressed, not the object inside the complement (the rule below).
            args.target = complement_subjects(token, index)
        if trigger.pos == "VERB" and trigger.words and not args.target:
            # "stopped selling oil to Ghana": a trigger read with its complement ("stop" +
            # "selling") takes the complement's target.
            args.target = [
                a
                for clause in token.children
                if clause.dep_ in {"xcomp", "ccomp"}
                for a in verb_targets(clause, index, TARGET_PREPS)
                if a not in args.source
            ]
        if event_type == "REJECT" and not args.target:
            args.target = rejected_parties(token, trigger.pos, args.source, index, self.speech_acts)
        if event_type in GRIEVANCE_TYPES:
            # "initiated a WTO dispute procedure over US tariffs", "protested against Israel's
            # raids": what the grievance is over or against names its target; an organisation
            # in the object is where it is filed.
            grievance = grievance_targets(token, index)
            if grievance:
                args.target = [a for a in grievance if a not in args.source]
        if event_type in APPRAISAL_TYPES and trigger.pos == "VERB" and not args.target:
            # "Israel welcomed a decision by the Arab League", "condemned the raid by police":
            # a reaction to a deed acts on its doer.
            args.target = [a for a in deed_doers(token, index) if a not in args.source]
            args.target_rule = "object-noun" if args.target else args.target_rule
        if event_type == "REQUEST" and not args.target:
            args.target = actors_inside(token, index, {"for", "on", "upon"})
        if trigger.pos == "VERB" and not args.target:
            # "promised to continue military aid to Mozambique": the infinitive's target.
            args.target = [a for a in complement_targets(token, index) if a not in args.source]
            args.target_rule = "complement" if args.target else args.target_rule
        unresolved_target: list[str] = []
        if event_type in PLACE_TARGET_TYPES and not args.target:
            # "Turkey fired on Qamishli": the place is the target; the places stage, which
            # geocodes it, gives it its country's code.
            unresolved_target = place_objects(token, mode)
        if (
            event_type not in SPEECH_VENUE_TYPES
            and not args.target
            and not unresolved_target
            and not args.symmetric  # "A and B met in Goma": Goma is where, not whom
        ):
            # "imposed a curfew in the town of Cizre": the people of the place undergo it.
            unresolved_target = location_places(token)
            args.target_rule = "location" if unresolved_target else args.target_rule
        unresolved_source: str | None = None
        if not args.source:
            # A named person or organisation the dictionaries do not know yet ("Kim accused
            # the South Korean media", "Asif urged the United States to act") is kept without
            # a code when the event has a coded target: who acted is named in the text.
            # (A CAMEO phrase pattern is specific enough for a named agent; a bare CAMEO verb,
            # "come", "face", is not.)
            agent = (
                unresolved_agent(token, named=bool(args.target))
                if trigger.layer == "core"
                else unresolved_agent(token, named=True)
                if trigger.layer == "cameo-pattern" and args.target
                else None
            )
            if agent is not None:
                unresolved_source = noun_phrase_text(agent)
            elif not (event_type in TARGET_ONLY_TYPES and args.target):
                return None
        unresolved = unresolved_source is not None
        if token.dep_ in {"amod", "acl"} and not args.target:
            # "a woman visiting from Canada", "soldiers visiting their families": a participle
            # describing someone is an event only with a counterpart ("the visiting minister"
            # received by a host).
            return None
        if (
            event_type in NEEDS_TARGET_TYPES
            and mode != "visit"  # "arrived on a visit": the visit is news without a host
            and not args.target
            and not args.symmetric
            and not unresolved
            # "arrived in Damascus for talks", "sent aid into Gaza": the place's people and
            # authorities are the host or the recipients (the places stage codes them).
            and not (unresolved_target and event_type in PLACE_COUNTERPART_TYPES)
        ):
            return None
        if (
            trigger.layer == "cameo"
            and not (args.source and args.target)
            and not (decision is not None and decision.confirmed)
        ):
            # Bare CAMEO verbs are broad (come, face, want...): only complete events count,
            # unless the type model confidently reads the same type in the context.
            return None
        if contest_sense(token, event_type, args):
            # "Smith hit the tying 3-pointer", "Ledecky captured four medals", "France beat
            # Croatia 4-2": a contest, never an event (docs/events.md#contest-sense).
            return None
        mode = mode or self._mode_from_cues(token, event_type)
        confidence = event_confidence(
            trigger,
            args,
            event_type=event_type,
            model_probability=model_probability(decision, event_type),
            # "The agreement reached on 2 March must be respected": a noun subject of a modal
            # verb is presupposed to exist; the modal concerns its predicate.
            modality=None if presupposed_subject(token) else modality,
            place_target=bool(unresolved_target),
            implied_target=event_type == "PROTEST",
            unresolved_agent=unresolved,
        )
        return Candidate(
            token,
            trigger,
            args,
            modality,
            confidence,
            event_type,
            mode,
            unresolved_source,
            unresolved_target,
        )

    def _is_reporting_use(self, token: Token) -> bool:
        """'warned that ...', 'denied that ...': the verb reports speech; attribution codes it."""
        stance = self.reporting.get(("VERB", token.lemma_.lower()))
        if stance is None or stance == "accuse":
            return False
        if self.lexicon.verbs.get(token.lemma_.lower(), [None])[0] is not None and any(
            t.event_type in {"THREATEN", "REJECT"} for t in self.lexicon.verbs[token.lemma_.lower()]
        ):
            # "warned that ..." is itself a threat; "denied that ..." itself rejects a claim
            # (attribution still reads the complement as the denier's claim).
            return False
        return any(c.dep_ == "ccomp" for c in token.children)

    def _is_onset_assertion(self, noun: Token) -> bool:
        """'Clashes started ...' as the main assertion (or what a speaker asserts), or 'the
        agreement reached on 10 November': a symmetric event reported as having happened."""
        if any(
            # A reduced relative ("reached on ..."), whatever tag the tagger gave it.
            c.dep_ == "acl"
            and c.lemma_.lower() in CONCLUSION_VERBS
            and not any(g.dep_ in {"nsubj", "aux"} for g in c.children)
            for c in noun.children
        ):
            return True
        verb = noun.head
        if noun.dep_ not in {"nsubj", "nsubjpass"} or verb.lemma_.lower() not in ONSET_VERBS:
            return False
        if verb.dep_ == "ROOT":
            return True
        return verb.dep_ == "ccomp" and ("VERB", verb.head.lemma_.lower()) in self.reporting
