"""Find and type PLOVER events: trigger lexicon over the parse, arguments, modality, evidence.

The rules (documented with examples in docs/events.md):

1. A trigger is a verb or event noun in the lexicon (core layer first, then CAMEO-derived).
2. Its source and target come from the parse (see :mod:`eventcoder.events.arguments`).
3. An event needs a resolvable actor: a source for most types; ASSAULT, COERCE and PROTEST may
   have only a target ("an attack on Armenia"). Abstract nouns ("conflict", "war") code only
   with named participants, or as the subject of an onset verb ("the clashes started") in the
   sentence's main assertion, in which case the document's main pair of parties is used.
4. A deontic modal in reported speech ("X said Armenia should stop") is a REQUEST by the
   speaker of the subject; "not accept"/"not agree" is a REJECT.
5. Modality flags come from the parse and never drop an event.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from eventcoder.events.arguments import (
    ONSET_VERBS,
    PRONOUNS,
    TARGET_PREPS,
    ActorIndex,
    Arguments,
    complement_targets,
    condition_subjects,
    deed_verbs,
    location_places,
    noun_arguments,
    noun_phrase_text,
    place_objects,
    prep_objects,
    resolve_pronoun,
    subject_of,
    unresolved_agent,
    verb_arguments,
    verb_targets,
)
from eventcoder.events.confidence import event_confidence, model_probability
from eventcoder.events.explain import RULE_LAYER, explain_event
from eventcoder.events.lexicon import Trigger, TriggerLexicon, data_dir
from eventcoder.events.modality import modality_of
from eventcoder.events.quotes import QUOTE_MARKS, find_quotations, quotation_of
from eventcoder.events.speech_acts import (
    SpeechActWords,
    alleged_wrongdoers,
    disapproval,
    label_act,
    reported_label,
)
from eventcoder.events.typemodel import TypeDecision, TypeModel, load_type_model
from eventcoder.models import (
    IMPLIED_GOVERNMENT,
    QUAD_CLASS,
    UNIDENTIFIED_PERPETRATOR,
    ActorMention,
    Event,
    EventActor,
    Evidence,
    Modality,
    Span,
)

#: Lexicon layers derived from CAMEO's broad verb dictionary: the type model overrides their
#: type more readily (events/typemodel.py, DecisionThresholds.generic_switch_min).
GENERIC_LAYERS = {"cameo", "cameo-pattern"}
#: Types that may be coded with only a target: the victim of violence is news on its own.
TARGET_ONLY_TYPES = {"ASSAULT", "COERCE", "PROTEST"}
#: Types whose unnamed doer is coded as an unidentified perpetrator of the place.
UNIDENTIFIED_DOER_TYPES = {"ASSAULT", "COERCE"}
#: Types whose target may be a named place ("shelled Kharkiv", "raided Jenin").
PLACE_TARGET_TYPES = {"ASSAULT", "COERCE"}
#: Verbal types whose "in X" is where the words were said, not who they concern ("rejected
#: the plan in Paris"): the location rule (events/arguments.py) gives them no target.
SPEECH_VENUE_TYPES = {"ACCUSE", "REJECT", "REQUEST", "AGREE"}
#: Types that mean little without a counterpart: consulting, aiding, supporting whom?
NEEDS_TARGET_TYPES = {"CONSULT", "AID", "SUPPORT", "COOPERATE"}
#: Cooperation that, promised, is AGREE and, refused, is REJECT (PLOVER's reading).
COOPERATIVE_TYPES = {"SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT", "CONSULT"}
#: Material conflict that, announced for the future, is a THREATEN in PLOVER.
FORCEFUL_TYPES = {"ASSAULT", "COERCE", "SANCTION"}
#: Directives whose target can be the subject of their complement ("demanded that the US ...").
DIRECTIVE_TYPES = {"REQUEST", "THREATEN", "ACCUSE"}
#: Verbs (and adjectives) that make their complement a promise or offer.
INTENT_LEMMAS = {
    "promise",
    "pledge",
    "offer",
    "plan",
    "intend",
    "prepare",
    "prepared",
    "vow",
    "agree",
    "commit",
    "committed",
    "ready",
    "willing",
    "want",
    "propose",
    "expect",
}
#: Verbs of receiving that host a visit when their object is an official or a named person.
RECEPTION_VERBS = {"receive"}
#: Sectors of an object that make "received X" a visit hosted (officials, not refugees or aid).
RECEPTION_SECTORS = {"GOV", "MIL", "LEG", "JUD", "OPP", "PTY", "IGO", "SPY"}
#: Verbs of praise (CAMEO 051 praise or endorse → PLOVER SUPPORT): said, not promised, so an
#: intent ("wanted to thank", "will commend") does not make them an AGREE.
PRAISE_LEMMAS = {"praise", "thank", "hail", "commend", "laud", "applaud", "salute", "congratulate"}
#: Subjects of a deontic demand that name the parties in general ("all parties should ...",
#: "the international community must ..."): a REQUEST with no single addressee.
GENERIC_PARTY_NOUNS = {"party", "side", "country", "nation", "state", "community", "everyone"}
#: Pronouns that, inside a quotation, stand for its speaker.
FIRST_PERSON = {"i", "me", "my", "we", "us", "our"}
INTENT_AUX = {"will", "shall", "'ll", "would"}
#: Verbs of promising: cooperation they introduce is an AGREE ("pledged to continue aid").
PLEDGE_LEMMAS = {"promise", "pledge", "vow", "commit"}
#: Participles that report a symmetric event as concluded ("the agreement reached on ...").
CONCLUSION_VERBS = {"reach", "sign", "conclude", "hold"}
#: Modals that turn a reported clause into a demand on its subject.
DEONTIC_MODALS = {"should", "must", "ought"}
#: The rule name of a demand made with a deontic modal in reported speech (explanations).
DEONTIC_RULE = "deontic request: X said that Y should/must ..."
#: The rule name of a blame reported as fact by its speaker (explanations).
BLAME_RULE = "blame claim: X says Y was involved in / responsible for ..."
#: The rule name of a condemning or dismissing label (explanations).
LABEL_RULE = "label: X called Y a crime / said Y was illegal / called the claims baseless"
#: The rule name of a refusal said as "no" (explanations).
REFUSAL_RULE = "refusal: X says no (to Y / if Y asks)"
#: Words of a "no" said as an answer ("I'll say no", "said no to the plan").
REFUSAL_WORDS = {"no", "nope"}
#: Subordinators of the condition a refusal answers ("if X asks me to ...").
CONDITION_MARKS = {"if", "when", "should"}
#: How many of the type model's top types an event's explanation lists.
EXPLAINED_MODEL_TYPES = 3
#: Verbs whose negation is a rejection ("we do not accept").
ACCEPTANCE_LEMMAS = {"accept", "agree", "recognize", "recognise", "approve", "support"}


@dataclass
class _Candidate:
    token: Token
    trigger: Trigger
    args: Arguments
    modality: Modality
    confidence: float
    event_type: str
    mode: str | None
    #: The words naming an agent the actors stage did not resolve ("armed men"), kept on the
    #: event as a participant without a code.
    unresolved_source: str | None = None
    #: Named places the event is done to, with no actor code yet ("fired on Qamishli").
    unresolved_target: list[str] = field(default_factory=list)


def load_reporting_cues(directory: Path | None = None) -> dict[tuple[str, str], str]:
    """(pos, lemma) → stance ('say', 'claim' or 'accuse') from ``reporting_cues.tsv``."""
    path = (directory or data_dir()) / "reporting_cues.tsv"
    with path.open(encoding="utf-8") as handle:
        rows = [line for line in handle if line.strip() and not line.startswith("#")]
    return {(pos, lemma): stance for pos, lemma, stance in csv.reader(rows, delimiter="\t")}


class EventCoder:
    def __init__(
        self,
        lexicon: TriggerLexicon,
        reporting: dict[tuple[str, str], str],
        type_model: TypeModel | None = None,
        speech_acts: SpeechActWords | None = None,
    ) -> None:
        self.lexicon = lexicon
        self.reporting = reporting
        self.speech_acts = speech_acts or SpeechActWords.from_package_data()
        # Nouns that name a deed (the trigger lexicon's event nouns): a label on a deed
        # accuses its author even unnamed ("said the attack was an attempt to ...").
        self._event_nouns = frozenset(
            lemma
            for lemma, triggers in self.lexicon.nouns.items()
            if any(not t.blocks for t in triggers)
        )
        self.type_model = type_model  # None: the lexicon alone types events

    @classmethod
    def from_package_data(cls) -> EventCoder:
        return cls(TriggerLexicon.from_package_data(), load_reporting_cues(), load_type_model())

    # ---------------------------------------------------------------- public
    def code(self, doc: Doc, actors: list[ActorMention]) -> list[Event]:
        index = ActorIndex(doc, actors)
        self._index = index
        index.quoted_first_person = self._quoted_first_person(doc, index)
        sentences = list(doc.sents)
        sentence_index = {s.start: i for i, s in enumerate(sentences)}
        candidates: list[_Candidate] = []
        claimed_heads: set[int] = set()
        rule_candidates = (
            self._deontic_requests(doc, index)
            + self._blame_claims(doc, index)
            + self._labels(doc, index)
            + self._refusals(doc, index)
        )
        for request in rule_candidates:
            candidates.append(request)
            claimed_heads.add(request.token.i)
        for token, trigger in self.lexicon.find(doc):
            if token.i in claimed_heads:
                continue
            candidate = self._candidate(token, trigger, index)
            if candidate is not None:
                candidates.append(candidate)
        _answer_accusations(candidates)
        _target_earlier_deeds(candidates)
        candidates = _deduplicate(candidates)
        candidates = _drop_repeated_sentences(candidates)
        doc_id = doc._.document.id if doc._.document is not None else "doc"
        # Never an empty event: at least one participant must carry a code (an unresolved agent
        # alone, "gunmen opened fire", says nothing an analyst can count or map).
        candidates = [c for c in candidates if c.args.source or c.args.target]
        events: list[Event] = []
        for number, candidate in enumerate(sorted(candidates, key=lambda c: c.token.i), 1):
            sentence = candidate.token.sent
            events.append(
                self._event(
                    f"{doc_id}-e{number}", candidate, sentence, sentence_index[sentence.start]
                )
            )
        return events

    def _quoted_first_person(self, doc: Doc, index: ActorIndex) -> dict[int, list[ActorMention]]:
        """'"If he asks me, I'll say no," she tweeted', '"Our forces are ready," the minister
        said': first-person pronouns inside a quotation stand for its speaker (found as the
        attribution stage finds it: the quotation's reporting cue, or the quotation it
        continues)."""
        self._quotations = (
            find_quotations(doc, index, self.reporting)
            if any(mark in doc.text for mark in QUOTE_MARKS)
            else []
        )
        quotations = self._quotations
        speakers: dict[int, list[ActorMention]] = {}
        for token in (t for t in doc if t.lower_ in FIRST_PERSON) if quotations else ():
            quotation = quotation_of(token, quotations)
            if quotation is not None:
                # A quotation whose speaker is unknown leaves "I" unresolved: the subject of
                # the sentence before is more often the one spoken about than the speaker.
                speakers[token.i] = quotation.speaker
        return speakers

    # ---------------------------------------------------------------- candidates
    def _candidate(self, token: Token, trigger: Trigger, index: ActorIndex) -> _Candidate | None:
        symmetric = "symmetric" in trigger.flags
        if trigger.layer != "core" and token.dep_ in {"amod", "acl"}:
            # "Russians travelling to the UK could face ...": a participle describing a noun is
            # a report only when a hand-checked trigger says so ("the visiting minister").
            return None
        if trigger.pos == "VERB":
            if self._is_reporting_use(token) or _asks_a_question(token):
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
            if token.lemma_.lower() in ADDRESSED_DIRECTIVES and not _directs_someone(token):
                return None  # "told reporters that ...": speech, not a directive
            if token.dep_ == "xcomp" and token.head.lemma_.lower() in UNDONE_LEMMAS:
                # "refused to release the prisoners", "failed to withdraw": the deed did not
                # happen; the refusal is the event (REJECT, coded on its own verb).
                return None
            if _is_directed_deed(token):
                # "urged Iran to withdraw its troops": the deed is demanded, not done; the
                # directive is the event.
                return None
            args = args if received else verb_arguments(token, index, symmetric)
            if "undergoer" in trigger.flags and not _physically_attacked(token, index):
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
            elif "abstract" in trigger.flags and not _abstract_noun_reports_event(token, args):
                return None
            elif not args.source and _is_a_topic(token):
                # "expelled diplomats over the poisoning of a former spy", "accuses Russia of
                # involvement in the poisoning": an event with no named doer inside what another
                # event is about refers back to news already reported; it is that event's
                # topic, not an event of this sentence.
                return None
            elif not args.source and _is_topic_fragment(token):
                # "The Latest on the poisoning of a former spy": a heading names a topic, not
                # an event someone did.
                return None
        if trigger.pos == "VERB" and _brokers_agreement(token):
            return None  # "brokered a truce between A and B": the truce noun codes the AGREE
        brokered = _brokered_agreement(token, index) if trigger.pos == "NOUN" else None
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
            and not _raised_object(token)
        ):
            # "she expected to leave hospital soon", "we want to see the judge": a bare verb of
            # wishing about one's own deed is a stance, not an agreement with anyone (with an
            # object, "wants Russia to play a role", it is an appeal: see _decide_type).
            return None
        if QUAD_CLASS.get(event_type, "").endswith("cooperation") and _prevented(token):
            # "authorities blocked lawyers from visiting him", "prevented aid from reaching the
            # town": the cooperation did not happen; the blocking is the event.
            return None
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
            args.target = [a for a in _clause_subject(token.head, index) if a not in args.source]
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
            args.target = [a for a in _clause_subject(token, index) if a not in visitors]
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
            args.target = _complement_subjects(token, index)
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
        if event_type == "REJECT" and not args.target and token.dep_ in {"relcl", "acl"}:
            # "Britain blames Russia, which Russia denies", "May blamed Moscow, a charge denied
            # by the Kremlin": what is denied is the accuser's claim; the accuser is the target.
            args.target = [a for a in _clause_subject(token.head, index) if a not in args.source]
        elif (
            event_type == "REJECT"
            and not args.target
            and token.dep_ in {"advcl", "conj"}
            and token.head.lemma_.lower() in CLAIM_LEMMAS
        ):
            # "Britain accuses Russia ..., although Moscow denies any involvement".
            args.target = [a for a in subject_of(token.head, index)[0] if a not in args.source]
        if event_type in GRIEVANCE_TYPES:
            # "initiated a WTO dispute procedure over US tariffs", "protested against Israel's
            # raids": what the grievance is over or against names its target; an organisation
            # in the object is where it is filed.
            grievance = _grievance_targets(token, index)
            if grievance:
                args.target = [a for a in grievance if a not in args.source]
        if event_type == "REQUEST" and not args.target:
            args.target = _actors_inside(token, index, {"for", "on", "upon"})
        if trigger.pos == "VERB" and not args.target:
            # "promised to continue military aid to Mozambique": the infinitive's target.
            args.target = [a for a in complement_targets(token, index) if a not in args.source]
            args.target_rule = "complement" if args.target else args.target_rule
        unresolved_target: list[str] = []
        if event_type in PLACE_TARGET_TYPES and not args.target:
            # "Turkey fired on Qamishli": the place is the target; the places stage, which
            # geocodes it, gives it its country's code.
            unresolved_target = place_objects(token)
        if event_type not in SPEECH_VENUE_TYPES and not args.target and not unresolved_target:
            # "imposed a curfew in the town of Cizre": the people of the place undergo it.
            unresolved_target = location_places(token)
            args.target_rule = "location" if unresolved_target else args.target_rule
        unresolved_source: str | None = None
        if not args.source:
            agent = unresolved_agent(token) if trigger.layer == "core" else None
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
        mode = mode or self._mode_from_cues(token, event_type)
        confidence = event_confidence(
            trigger,
            args,
            event_type=event_type,
            model_probability=model_probability(decision, event_type),
            # "The agreement reached on 2 March must be respected": a noun subject of a modal
            # verb is presupposed to exist; the modal concerns its predicate.
            modality=None if _presupposed_subject(token) else modality,
            place_target=bool(unresolved_target),
            implied_target=event_type == "PROTEST",
            unresolved_agent=unresolved,
        )
        return _Candidate(
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

    def _decide_type(
        self,
        token: Token,
        trigger: Trigger,
        args: Arguments,
        decision: TypeDecision | None = None,
    ) -> tuple[str, str | None, Modality]:
        """The event type, mode and modality of a candidate: the lexicon's reading, refined by
        phrase rules the lexicon cannot express, then by modality (PLOVER's readings of
        promised, refused and announced events). The learned type model's
        decision, when it changes the type, comes first."""
        event_type, mode = trigger.event_type, trigger.mode
        if decision is not None and decision.event_type not in (None, event_type):
            event_type, mode = decision.event_type, None
        lemma = token.lemma_.lower()
        modality = modality_of(token)
        if args.mediators:
            # "a ceasefire brokered by Russia between A and B": the parties agreed.
            event_type, mode = "AGREE", None
        elif event_type in {"ACCUSE", "MOBILIZE"} and any(
            c.dep_ == "amod" and c.lower_ in JOINT_WORDS
            for phrase in (token, *(o for o in token.children if o.dep_ == "dobj"))
            for c in phrase.children
        ):
            # "a joint probe", "joint exercises": done together, not against each other.
            event_type, mode = "COOPERATE", None
        elif _retaliation_promised(token):
            # "vowed a harsh response", "promised retaliation", "pledged to strike back": a
            # promise of force is a THREATEN, not an agreement.
            event_type, mode = "THREATEN", None
        elif event_type == "REQUEST" and _ultimatum(token):
            # "asked it to comply or be deregistered", "told them to leave or face arrest":
            # a demand backed by a penalty is a THREATEN.
            event_type, mode = "THREATEN", None
        elif lemma in WISH_LEMMAS and event_type == "AGREE" and _raised_object(token):
            # "wants Russia to play a greater role": what one party wants another to do is an
            # appeal to it, not an intent to cooperate.
            event_type, mode = "REQUEST", None
        if modality.negated and lemma in ACCEPTANCE_LEMMAS:
            event_type, mode, modality.negated = "REJECT", None, False
        if event_type in COOPERATIVE_TYPES and modality.negated:
            # "will not meet the demands", "refused to withdraw": a refusal is a REJECT.
            event_type, mode, modality.negated = "REJECT", None, False
        elif (
            event_type in COOPERATIVE_TYPES
            and lemma not in PRAISE_LEMMAS
            and (_expresses_intent(token) or lemma in PLEDGE_LEMMAS)
        ):
            # (Praise is a speech act, not a promise: "wanted to thank Poland" is SUPPORT.)
            # PLOVER codes promised or offered cooperation ("will support") as AGREE. The
            # promise verb itself too: the model's silver labels read "promised to continue
            # aid" as CONCEDE (DATA_CARD.md, known limits); PLOVER's reading is AGREE.
            event_type, mode = "AGREE", None
        elif event_type in FORCEFUL_TYPES and not modality.negated and _expresses_intent(token):
            # ... and announced force or sanctions ("will tighten the blockade") as THREATEN.
            event_type = "THREATEN"
        elif (
            event_type in FORCEFUL_TYPES
            and modality.hypothetical
            and not modality.negated
            and self._speaker_announces(token, args)
        ):
            # "Iran said it could strike back": a party saying it may use force threatens; a
            # journalist's "China could attack" stays an ASSAULT flagged hypothetical.
            event_type = "THREATEN"
        return event_type, mode, modality

    def _speaker_announces(self, token: Token, args: Arguments) -> bool:
        """Whether the trigger sits in what its own source says ("X said it could ...")."""
        codes = {a.code for a in args.source}
        for ancestor in token.ancestors:
            if ("VERB", ancestor.lemma_.lower()) in self.reporting:
                speaker, _ = subject_of(ancestor, self._index)
                return bool(codes & {a.code for a in speaker})
        return False

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

    def _deontic_requests(self, doc: Doc, index: ActorIndex) -> list[_Candidate]:
        """'X stated that "Armenia should stop provoking"': REQUEST by X of Armenia."""
        found: list[_Candidate] = []
        for token in doc:
            if token.dep_ != "aux" or token.lower_ not in DEONTIC_MODALS:
                continue
            verb = token.head
            reporting = verb.head
            if verb.dep_ != "ccomp" or ("VERB", reporting.lemma_.lower()) not in self.reporting:
                continue
            speaker, path = subject_of(reporting, index)
            subjects = [c for c in verb.children if c.dep_ == "nsubj"]
            addressees = [a for s in subjects for a in index.phrase(s)]
            addressees = _other_parties(addressees, speaker)
            generic = any(
                s.lemma_.lower() in GENERIC_PARTY_NOUNS and not index.phrase(s) for s in subjects
            )
            if not speaker or not (addressees or generic):
                # "relevant parties should take responsibility": a demand on the parties in
                # general has no addressee to code, but it is still the speaker's demand.
                continue
            trigger = Trigger(
                "VERB", DEONTIC_RULE, (), "REQUEST", None, (), frozenset(), layer=RULE_LAYER
            )
            args = Arguments(source=speaker, target=addressees, source_path=path)
            modality = modality_of(verb)
            modality.hypothetical = False  # the modal is the demand itself, not a hypothesis
            found.append(
                _Candidate(
                    verb,
                    trigger,
                    args,
                    modality,
                    event_confidence(trigger, args, modality=modality),
                    "REQUEST",
                    None,
                )
            )
        return found

    def _reported_clauses(
        self, doc: Doc, index: ActorIndex
    ) -> list[tuple[Token, list[ActorMention], str]]:
        """What speakers say, as (clause verb, speaker, source path): the complement of a
        reporting verb ("Britain says [Russia was involved]"), and the main verb of a
        quoted sentence with no reporting verb of its own whose speaker the quotation gives
        ('... he said. "[All indications point to the PKK.]"')."""
        clauses: list[tuple[Token, list[ActorMention], str]] = []
        for verb in doc:
            if verb.dep_ == "ccomp" and ("VERB", verb.head.lemma_.lower()) in self.reporting:
                speaker, path = subject_of(verb.head, index)
                if speaker:
                    clauses.append((verb, speaker, path))
            elif verb.dep_ == "ROOT" and verb.pos_ in {"VERB", "AUX"} and self._quotations:
                quotation = quotation_of(verb, self._quotations)
                if quotation is not None and quotation.speaker:
                    clauses.append((verb, quotation.speaker, "inherited"))
        return clauses

    def _blame_claims(self, doc: Doc, index: ActorIndex) -> list[_Candidate]:
        """'Britain says the Russian government was involved in the poisoning', 'officials say
        it bears the hallmarks of the PKK', 'X claimed Y was behind the attack': saying that
        a party is behind a deed accuses it (ACCUSE by the speaker of that party)."""
        found: list[_Candidate] = []
        for verb, speaker, path in self._reported_clauses(doc, index):
            blamed = _blamed_party(verb, index) or alleged_wrongdoers(verb, index, self.speech_acts)
            if not blamed:
                continue
            blamed = _other_parties(blamed, speaker)
            if not speaker or not blamed:
                continue
            trigger = Trigger(
                "VERB", BLAME_RULE, (), "ACCUSE", "allege", (), frozenset(), layer=RULE_LAYER
            )
            args = Arguments(source=speaker, target=blamed, source_path=path)
            modality = modality_of(verb)
            found.append(
                _Candidate(
                    verb,
                    trigger,
                    args,
                    modality,
                    event_confidence(trigger, args, modality=modality),
                    "ACCUSE",
                    "allege",
                )
            )
        return found

    def _labels(self, doc: Doc, index: ActorIndex) -> list[_Candidate]:
        """'X called the order "tyranny"', 'X branded Russia a terrorist state', 'X said the
        move was illegal', 'X described the killing as an attempt to damage ties', 'X is
        concerned about Y's plan' (ACCUSE of whose deed it is); 'X called the accusations
        baseless', 'X said the claims were false' (REJECT of who made them)."""
        found: list[_Candidate] = []
        event_nouns = self._event_nouns
        reported = {
            verb.i: (speaker, path) for verb, speaker, path in self._reported_clauses(doc, index)
        }
        for verb in doc:
            if verb.pos_ not in {"VERB", "AUX"}:
                continue
            label = label_act(verb, index, self.speech_acts, event_nouns) or disapproval(
                verb, index, self.speech_acts
            )
            reported_by: tuple[list[ActorMention], str] | None = None
            if label is None and verb.i in reported:
                label = reported_label(verb, index, self.speech_acts, event_nouns)
                reported_by = reported[verb.i]
            if label is None:
                continue
            if reported_by is not None:
                speaker, path = reported_by
            elif label.experiencer is not None:
                experiencer = label.experiencer
                speaker = (
                    resolve_pronoun(experiencer, index)
                    if experiencer.lower_ in PRONOUNS
                    else index.phrase(experiencer)
                )
                path = "pronoun" if experiencer.lower_ in PRONOUNS else "parse"
            else:
                speaker, path = subject_of(verb, index)
            # A label or a disapproval is aimed at someone else by nature ("the governor is
            # troubled by Trump's plan"): only the speaker's own mention is left out.
            spoken = {(a.start, a.end) for a in speaker} | {a.text.lower() for a in speaker}
            targets = [
                a
                for a in label.targets
                if (a.start, a.end) not in spoken and a.text.lower() not in spoken
            ]
            if not speaker or (reported_by is not None and not targets and not label.deed):
                # A reported label counts when it is aimed at another party ("said the US
                # action was a violation") or at a deed ("said the attack was an attempt to
                # ..."); a labelling verb is a speech act by itself.
                continue
            mode = "allege" if label.event_type == "ACCUSE" else None
            trigger = Trigger(
                "VERB", LABEL_RULE, (), label.event_type, mode, (), frozenset(), layer=RULE_LAYER
            )
            args = Arguments(source=speaker, target=targets, source_path=path)
            modality = modality_of(verb)
            found.append(
                _Candidate(
                    verb,
                    trigger,
                    args,
                    modality,
                    event_confidence(trigger, args, event_type=label.event_type, modality=modality),
                    label.event_type,
                    mode,
                )
            )
        return found

    def _refusals(self, doc: Doc, index: ActorIndex) -> list[_Candidate]:
        """'"If the president asks me to send troops, I'll say no," the governor said',
        'Hungary said no to the plan': saying no is a REJECT by whoever says it, of whoever
        asks (the condition's subject) or of what it is said to ("no to X")."""
        found: list[_Candidate] = []
        for verb in doc:
            if verb.lemma_.lower() != "say" or not any(
                c.lower_ in REFUSAL_WORDS and c.dep_ in {"intj", "dobj", "npadvmod", "attr"}
                for c in verb.children
            ):
                continue
            speaker, path = subject_of(verb, index)
            if not speaker:
                continue
            askers = [
                a
                for clause in verb.children
                if clause.dep_ == "advcl"
                and clause.lemma_.lower() in DIRECTIVE_HEADS
                and any(m.lower_ in CONDITION_MARKS for m in clause.children if m.dep_ == "mark")
                for a in subject_of(clause, index)[0]
            ]
            askers += [a for obj in prep_objects(verb, {"to"}) for a in index.phrase(obj)]
            trigger = Trigger(
                "VERB", REFUSAL_RULE, (), "REJECT", None, (), frozenset(), layer=RULE_LAYER
            )
            args = Arguments(
                # The asker is another clause's subject ("if the president asks me"): only
                # the speaker's own mention is left out, not others of its country and sector.
                source=speaker,
                target=[a for a in askers if a not in speaker],
                source_path=path,
            )
            modality = modality_of(verb)
            found.append(
                _Candidate(
                    verb,
                    trigger,
                    args,
                    modality,
                    event_confidence(trigger, args, event_type="REJECT", modality=modality),
                    "REJECT",
                    None,
                )
            )
        return found

    def _mode_from_cues(self, token: Token, event_type: str) -> str | None:
        for word in _clause_words(token):
            if (mode := self.lexicon.mode_cues.get((event_type, word))) is not None:
                return mode
        return None

    # ---------------------------------------------------------------- output
    def _type_scores(self, candidate: _Candidate) -> list[tuple[str, float]]:
        """The type model's top types for an event's trigger (its explanation), if it decided."""
        if self.type_model is None or candidate.trigger.layer == RULE_LAYER:
            return []
        scores = self.type_model.scores(candidate.token, candidate.trigger.event_type)
        return list(scores.items())[:EXPLAINED_MODEL_TYPES]

    def _event(
        self, event_id: str, candidate: _Candidate, sentence: SpacySpan, number: int
    ) -> Event:
        token = candidate.token
        context = list(candidate.trigger.context)
        for word in _clause_words(token):
            label = self.lexicon.context_cues.get(word)
            if label and label not in context:
                context.append(label)
        source = [_event_actor(a) for a in candidate.args.source]
        if candidate.unresolved_source and not source:
            source = [EventActor(text=candidate.unresolved_source, code=None)]
        if not source and candidate.event_type in UNIDENTIFIED_DOER_TYPES:
            source = _unidentified_perpetrator(candidate.args.target)
        if QUAD_CLASS.get(candidate.event_type, "").startswith("verbal"):
            # A state named as the doer of a verbal act ("Azerbaijan stated", "France asked")
            # speaks through its government.
            source = [as_government(a) for a in source]
        target = [_event_actor(a) for a in candidate.args.target]
        if not target:
            target = [EventActor(text=text, code=None) for text in candidate.unresolved_target]
        if not target and candidate.event_type == "PROTEST":
            # A protest that names no addressee is addressed to the protesters' government.
            target = _implied_government(source)
        mediators = [_event_actor(a) for a in candidate.args.mediators]
        symmetric = candidate.args.symmetric and len(source) >= 2 and not target
        if symmetric:
            # Symmetric events (clashes between A and B): each party acts on the other(s).
            target = list(reversed(source))
        args = candidate.args
        explanation = explain_event(
            token,
            candidate.trigger,
            candidate.event_type,
            # No source mention: the source is an unresolved agent (or there is none).
            sources=list(zip(args.source, source, strict=True))
            if args.source
            else [(None, actor) for actor in source],
            # No target mention: named places with no code yet ("fired on Qamishli").
            targets=list(zip(args.source[::-1] if symmetric else args.target, target, strict=True))
            if symmetric or args.target
            else [(None, actor) for actor in target],
            mediators=list(zip(args.mediators, mediators, strict=True)),
            source_path=args.source_path,
            target_rule=args.target_rule,
            symmetric_targets=symmetric,
            main_pair=self._index.main_pair,
            modality=candidate.modality,
            type_scores=self._type_scores(candidate),
        )
        return Event(
            id=event_id,
            event_type=candidate.event_type,
            mode=candidate.mode,
            context=context,
            actor=source,
            recipient=target,
            mediator=mediators,
            modality=candidate.modality,
            evidence=Evidence(
                sentence_index=number,
                sentence=sentence.text,
                start=sentence.start_char,
                end=sentence.end_char,
                trigger=Span(text=token.text, start=token.idx, end=token.idx + len(token.text)),
            ),
            confidence=candidate.confidence,
            explanation=explanation,
        )


#: Things that can be shot at though no actor names them ("the convoy came under fire").
PHYSICAL_TARGETS = {
    "convoy", "patrol", "vehicle", "car", "bus", "truck", "base", "position", "post",
    "checkpoint", "ship", "vessel", "boat", "plane", "aircraft", "helicopter", "drone",
    "village", "town", "city", "camp", "house", "building", "compound", "embassy", "unit",
}  # fmt: skip


def _physically_attacked(verb: Token, index: ActorIndex) -> bool:
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


def _other_parties(actors: list[ActorMention], speaker: list[ActorMention]) -> list[ActorMention]:
    """The actors a speaker addresses or blames, less the speaker itself. Parties of the
    speaker's own country are kept: "Turkish officials say the PKK ...", "the opposition leader
    said Mexico should ..." are claims about, and demands on, another party of that country."""
    return [a for a in actors if not any(_same_party(a, s) for s in speaker)]


def _unidentified_perpetrator(targets: list[ActorMention]) -> list[EventActor]:
    """'13 soldiers were killed', 'a car bomb killed 13 soldiers': nobody is named, so the doer
    is coded with the victims' country and no sector (the places stage replaces it with the
    country where it happened when it knows the place)."""
    states = [t.code for t in targets if len(t.code) == 3 and t.code.isalpha() and t.code.isupper()]
    if not states:
        return []
    return [EventActor(text="", code=states[0], sector=None, name=UNIDENTIFIED_PERPETRATOR)]


def _implied_government(source: list[EventActor]) -> list[EventActor]:
    states = [a.code for a in source if a.code and len(a.code) == 3 and a.code.isupper()]
    if not states or any(a.sector == "GOV" for a in source):
        return []
    return [EventActor(text="", code=states[0], sector="GOV", name=IMPLIED_GOVERNMENT)]


def as_government(actor: EventActor) -> EventActor:
    code = actor.code or ""
    if actor.sector is None and len(code) == 3 and code.isalpha():
        return actor.model_copy(update={"sector": "GOV"})
    return actor


def _event_actor(mention: ActorMention) -> EventActor:
    return EventActor(
        text=mention.text, code=mention.code, sector=mention.sector, name=mention.name
    )


def _clause_words(token: Token) -> list[str]:
    """Lemmas of the trigger's phrase and of its governing verb's phrase (mode/context cues)."""
    scope = token.head if token.dep_ in {"dobj", "nsubj", "nsubjpass", "attr"} else token
    return [t.lemma_.lower() for t in scope.subtree if t.is_alpha]


def _expresses_intent(token: Token) -> bool:
    current = token
    for _ in range(4):
        if any(c.dep_ == "aux" and c.lower_ in INTENT_AUX for c in current.children):
            return True
        if current is not token and current.lemma_.lower() in INTENT_LEMMAS:
            return True
        # "will strengthen coordination and keep in touch": a conjunct shares the auxiliary.
        if current.dep_ not in {"xcomp", "pcomp", "prep", "acomp", "dobj", "conj"}:
            return False
        current = current.head
    return False


#: Event nouns that, done "jointly", are cooperation ("a joint probe", "joint exercises").
JOINT_WORDS = {"joint", "bilateral", "trilateral", "combined"}
#: Verbs of wishing whose object-plus-infinitive is an appeal ("wants Russia to play").
WISH_LEMMAS = {"want", "wish", "expect", "like"}
#: Verbs of promising, and the nouns and verbs of retaliation that make a promise a threat.
PROMISE_LEMMAS = {"promise", "pledge", "vow", "swear", "warn", "threaten", "commit"}
RETALIATION_WORDS = {
    "response",
    "retaliation",
    "revenge",
    "reprisal",
    "consequence",
    "punishment",
    "retribution",
    "vengeance",
    "retaliate",
    "avenge",
    "punish",
    "respond",
    "strike",
    "attack",
    "hit",
}
#: Verbs of brokering whose object is an agreement reached by others.
BROKER_LEMMAS = {"broker", "mediate", "facilitate", "arrange"}
#: Nouns for agreements a third party can broker.
AGREEMENT_NOUNS = {"ceasefire", "truce", "armistice", "deal", "agreement", "accord", "pact"}


def _retaliation_promised(token: Token) -> bool:
    """'promised a tough response', 'vowed revenge', 'pledged to retaliate', 'promise of a
    harsh response'."""
    if token.lemma_.lower() not in PROMISE_LEMMAS:
        return False
    for child in token.children:
        if child.dep_ in {"dobj", "xcomp"} and child.lemma_.lower() in RETALIATION_WORDS:
            return True
        if (
            child.dep_ == "prep"
            and child.lower_ == "of"
            and any(o.lemma_.lower() in RETALIATION_WORDS for o in child.children)
        ):
            return True
    return False


#: Verbs of a penalty in "do X or face Y" ultimatums.
PENALTY_LEMMAS = {"face", "risk", "lose", "suffer"}


#: Words that open an indirect question ("asked why ...", "asked whether ...").
QUESTION_WORDS = {"why", "how", "what", "whether", "if", "when", "where", "who", "which"}


#: Nouns of a deed's signature ("bears the hallmarks of the PKK").
SIGNATURE_NOUNS = {"hallmark", "signature", "fingerprint", "mark"}


def _blamed_party(verb: Token, index: ActorIndex) -> list[ActorMention]:
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


#: Directives that need an addressee and an infinitive to be a REQUEST ("told X to resign").
ADDRESSED_DIRECTIVES = {"tell", "advise", "instruct"}
#: Verbs whose object-plus-infinitive is a demanded deed ("urged Iran to stop").
DIRECTIVE_HEADS = {
    "urge",
    "ask",
    "tell",
    "advise",
    "instruct",
    "call",
    "press",
    "demand",
    "request",
    "encourage",
    "invite",
    "appeal",
}


def _infinitive_complements(token: Token) -> list[Token]:
    return [
        c
        for c in token.children
        if c.dep_ in {"xcomp", "ccomp"}
        and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
    ]


def _directs_someone(token: Token) -> bool:
    """'told Somalia to withdraw': an addressee (object, or the infinitive's subject) and an
    infinitive."""
    clauses = _infinitive_complements(token)
    has_object = any(c.dep_ in {"dobj", "dative"} for c in token.children) or any(
        c.dep_ == "nsubj" for clause in clauses for c in clause.children
    )
    return bool(clauses) and has_object


def _is_directed_deed(token: Token) -> bool:
    head = token.head
    return (
        token.dep_ in {"xcomp", "ccomp"}
        and token in _infinitive_complements(head)
        and head.lemma_.lower() in DIRECTIVE_HEADS
        and _directs_someone(head)
    )


def _asks_a_question(token: Token) -> bool:
    """'asked why the women stayed silent', '"... ?" Peskov asked': asking a question is
    speech, not a request; a request has an addressee or something asked for."""
    if token.lemma_.lower() not in {"ask", "wonder", "inquire", "enquire"}:
        return False
    for clause in token.children:
        if clause.dep_ == "ccomp" and any(
            t.lower_ in QUESTION_WORDS for t in clause.subtree if t.i < clause.i
        ):
            return True
    asked = {"dobj", "dative", "xcomp", "prep"}
    return not any(c.dep_ in asked for c in token.children)


#: Prepositions whose object is what an event is about ("over the poisoning").
TOPIC_PREPS = {"over", "about", "regarding", "concerning"}
#: Prepositions whose object, under a noun, is what the noun is about ("involvement in the
#: poisoning", "an investigation into the attack", "in connection with the shooting",
#: "retaliation for the bombing"); under a verb they place an event ("killed in the clashes").
NOUN_TOPIC_PREPS = {"in", "into", "with", "for", "behind"}


def _is_a_topic(noun: Token) -> bool:
    """An event noun that is the object of a preposition of topic (see TOPIC_PREPS)."""
    if noun.dep_ != "pobj":
        return False
    prep = noun.head
    if prep.lower_ in TOPIC_PREPS:
        return True
    return prep.lower_ in NOUN_TOPIC_PREPS and prep.head.pos_ == "NOUN"


#: Verbs whose infinitive complement is a deed not done ("refused to release").
UNDONE_LEMMAS = {"refuse", "decline", "fail", "neglect"}


#: Verbs that keep someone "from" doing something ("blocked lawyers from visiting him").
KEEPING_FROM_LEMMAS = {
    "prevent",
    "block",
    "bar",
    "ban",
    "stop",
    "keep",
    "prohibit",
    "forbid",
    "restrict",
    "deter",
}


def _prevented(token: Token) -> bool:
    """A deed named as what someone is kept from doing: 'blocked X from visiting'."""
    if token.dep_ not in {"pcomp", "pobj"} or token.head.lower_ != "from":
        return False
    return token.head.head.lemma_.lower() in KEEPING_FROM_LEMMAS


def _is_topic_fragment(noun: Token) -> bool:
    """A verbless sentence (a heading or a 'The Latest on ...' line)."""
    return not any(t.pos_ in {"VERB", "AUX"} for t in noun.sent)


def _ultimatum(token: Token) -> bool:
    """A demand whose complement offers 'or' + a penalty ('or be deregistered', 'or face')."""
    for clause in token.children:
        if clause.dep_ not in {"xcomp", "ccomp"}:
            continue
        for alternative in clause.children:
            if alternative.dep_ != "conj" or not any(
                c.dep_ == "cc" and c.lower_ == "or" for c in clause.children
            ):
                continue
            passive = any(c.dep_ == "auxpass" for c in alternative.children)
            if passive or alternative.lemma_.lower() in PENALTY_LEMMAS:
                return True
    return False


def _answer_accusations(candidates: list[_Candidate]) -> None:
    """'... an attack the British government has blamed on Russia, although Moscow denies any
    involvement': a denial with no target answers an accusation of the denier in the same
    sentence, whatever clause the parser attached it to; the accuser is its target."""
    accusations = [c for c in candidates if c.event_type == "ACCUSE"]
    for denial in candidates:
        if denial.event_type != "REJECT" or denial.args.target:
            continue
        deniers = {a.code for a in denial.args.source}
        for accusation in accusations:
            if accusation.token.sent.start != denial.token.sent.start:
                continue
            if deniers & {a.code for a in accusation.args.target}:
                denial.args.target = [a for a in accusation.args.source if a.code not in deniers]
                break


#: Reactions whose object may be an act coded earlier ("called Thursday's order tyranny").
REACTION_TYPES = {"ACCUSE", "REJECT", "PROTEST"}


def _target_earlier_deeds(candidates: list[_Candidate]) -> None:
    """Rule "earlier-deed": a reaction with no target whose object names an act ("the order",
    "the ban", "the decision") targets the doer of the nearest earlier event of that act's verb
    ("Authorities ordered the party to disband. ... Mahathir called the order tyranny")."""
    for reaction in candidates:
        if reaction.event_type not in REACTION_TYPES or reaction.args.target:
            continue
        verbs = deed_verbs(reaction.token)
        if not verbs:
            continue
        earlier = [
            c
            for c in candidates
            if c.token.i < reaction.token.i and c.token.lemma_.lower() in verbs and c.args.source
        ]
        if not earlier:
            continue
        deed = max(earlier, key=lambda c: c.token.i)
        own = {(a.start, a.end) for a in reaction.args.source}
        target = [a for a in deed.args.source if (a.start, a.end) not in own]
        if target:
            reaction.args.target, reaction.args.target_rule = target, "earlier-deed"


#: Verbs of accusing or claiming whose subject a denial in the same sentence answers.
CLAIM_LEMMAS = {"accuse", "blame", "charge", "allege", "claim", "say", "suspect"}
#: Types whose target is what they are over or against.
GRIEVANCE_TYPES = {"ACCUSE", "PROTEST"}


def _grievance_targets(token: Token, index: ActorIndex) -> list[ActorMention]:
    heads = [token, *(c for c in token.children if c.dep_ in {"dobj", "nsubjpass"})]
    found: list[ActorMention] = []
    for head in heads:
        for obj in prep_objects(head, {"over", "against"}):
            found.extend(a for a in index.phrase(obj) if a not in found)
    return found


def _clause_subject(noun: Token, index: ActorIndex) -> list[ActorMention]:
    """The subject of the nearest verb governing a noun phrase."""
    for ancestor in noun.ancestors:
        if ancestor.pos_ in {"VERB", "AUX"}:
            return subject_of(ancestor, index)[0]
    return []


def _raised_object(token: Token) -> bool:
    return any(
        clause.dep_ in {"ccomp", "xcomp"}
        and any(c.dep_ == "nsubj" and c.i > token.i for c in clause.children)
        for clause in token.children
    )


def _brokers_agreement(verb: Token) -> bool:
    """'brokered a ceasefire', 'the truce mediated by Russia': the verb is the mediation."""
    if verb.lemma_.lower() not in BROKER_LEMMAS:
        return False
    objects = [c for c in verb.children if c.dep_ in {"dobj", "nsubjpass"}]
    if verb.dep_ in {"acl", "relcl"}:
        objects.append(verb.head)
    return any(o.lemma_.lower() in AGREEMENT_NOUNS for o in objects)


def _brokered_agreement(noun: Token, index: ActorIndex) -> Arguments | None:
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


def _complement_subjects(token: Token, index: ActorIndex) -> list[ActorMention]:
    """'demanded that the US cancel ...', 'warned that police will ...': the complement's
    subject is who the demand or threat is addressed to."""
    found: list[ActorMention] = []
    for clause in token.children:
        if clause.dep_ in {"ccomp", "xcomp"}:
            for child in clause.children:
                if child.dep_ in {"nsubj", "nsubjpass"}:
                    found.extend(a for a in index.phrase(child) if a not in found)
    return found


def _actors_inside(token: Token, index: ActorIndex, preps: set[str]) -> list[ActorMention]:
    """Actors anywhere inside what is requested ('called for an end to fighting between A
    and B'): the parties a demand is addressed to when it has no direct object."""
    found: list[ActorMention] = []
    for obj in prep_objects(token, preps):
        for inner in obj.subtree:
            for actor in index.phrase(inner) if inner.pos_ in {"NOUN", "PROPN"} else []:
                if actor not in found:
                    found.append(actor)
    return found


def _abstract_noun_reports_event(noun: Token, args: Arguments) -> bool:
    """'conflict', 'war': a report of fighting only as a clause argument with named parties,
    not as a topic ('the consequences of the conflicts', 'such a conflict')."""
    if args.source_path != "parse":
        return False
    if any(c.lower_ == "such" for c in noun.children):
        return False
    return not (noun.dep_ == "pobj" and noun.head.lower_ != "between")


def _presupposed_subject(token: Token) -> bool:
    """An event noun that is the subject of its clause ("the agreement must be respected")."""
    return token.pos_ == "NOUN" and token.dep_ in {"nsubj", "nsubjpass"}


def _drop_repeated_sentences(candidates: list[_Candidate]) -> list[_Candidate]:
    """A sentence repeated word for word in one article (a scraped page that repeats its lede,
    a summary box) reports its events once: the first copy's events are kept."""
    seen: set[tuple[object, ...]] = set()
    kept: list[_Candidate] = []
    for candidate in sorted(candidates, key=lambda c: c.token.i):
        sentence = candidate.token.sent
        key = (
            " ".join(sentence.text.split()),
            candidate.token.i - sentence.start,
            candidate.event_type,
        )
        if key in seen:
            continue
        seen.add(key)
        kept.append(candidate)
    return kept


def _deduplicate(candidates: list[_Candidate]) -> list[_Candidate]:
    """One event per (sentence, type, source, target): 'signed an agreement' is one AGREE."""
    best: dict[tuple[object, ...], _Candidate] = {}
    for candidate in candidates:
        source = frozenset((a.code, a.sector) for a in candidate.args.source)
        target = frozenset((a.code, a.sector) for a in candidate.args.target)
        if candidate.event_type == "CONSULT":
            # "A made the remarks at a reception for the visiting B": the reception (A -> B)
            # and the visit (B -> A) are one meeting of the pair.
            source, target = source | target, frozenset()
        key = (
            candidate.token.sent.start,
            candidate.event_type,
            source,
            target,
            candidate.modality.negated,
        )
        if key not in best or best[key].confidence < candidate.confidence:
            best[key] = candidate
    return list(best.values())
