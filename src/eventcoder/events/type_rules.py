"""The type of a candidate event beyond its trigger: the learned model's decision, phrase rules
the lexicon cannot express (brokered truces, joint probes, promised retaliation, ultimatums,
appeals), and PLOVER's readings of promised, refused and announced events."""

from __future__ import annotations

from spacy.tokens import Token

from eventcoder.events.arguments import Arguments, subject_of
from eventcoder.events.clauses import (
    crowd_subject,
    expresses_intent,
    raised_object,
    retaliation_promised,
    ultimatum,
)
from eventcoder.events.coder_words import (
    ACCEPTANCE_LEMMAS,
    COOPERATIVE_TYPES,
    FORCEFUL_TYPES,
    JOINT_WORDS,
    PLEDGE_LEMMAS,
    PRAISE_LEMMAS,
    WISH_LEMMAS,
)
from eventcoder.events.lexicon import Trigger
from eventcoder.events.modality import modality_of
from eventcoder.events.typemodel import TypeDecision
from eventcoder.models import Modality


class TypeRules:
    """Decides a candidate's type, mode and modality (mixed into the event coder)."""

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
        elif retaliation_promised(token):
            # "vowed a harsh response", "promised retaliation", "pledged to strike back": a
            # promise of force is a THREATEN, not an agreement.
            event_type, mode = "THREATEN", None
        elif event_type in {"ASSAULT", "PROTEST"} and crowd_subject(token):
            # "protesters stormed the parliament", "a mob attacked the police station": a
            # crowd's violence is a riot (CAMEO 145 -> PLOVER PROTEST, riot).
            event_type, mode = "PROTEST", "riot"
        elif event_type == "REQUEST" and ultimatum(token):
            # "asked it to comply or be deregistered", "told them to leave or face arrest":
            # a demand backed by a penalty is a THREATEN.
            event_type, mode = "THREATEN", None
        elif lemma in WISH_LEMMAS and event_type == "AGREE" and raised_object(token):
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
            and (expresses_intent(token) or lemma in PLEDGE_LEMMAS)
        ):
            # (Praise is a speech act, not a promise: "wanted to thank Poland" is SUPPORT.)
            # PLOVER codes promised or offered cooperation ("will support") as AGREE. The
            # promise verb itself too: the model's silver labels read "promised to continue
            # aid" as CONCEDE (DATA_CARD.md, known limits); PLOVER's reading is AGREE.
            event_type, mode = "AGREE", None
        elif event_type in FORCEFUL_TYPES and not modality.negated and expresses_intent(token):
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
