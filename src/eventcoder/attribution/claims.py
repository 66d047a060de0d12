"""Attribution: claims, claimants, the accusations they make, and contradicting claims.

An event whose trigger sits inside a reported-speech clause is a *claim* by the speaker:

- the complement of a reporting verb ("Azerbaijan stated that ...", "the Armenian side claims
  that ..."), or of a reporting noun ("an application ... that there was an attack");
- what someone is accused of ("accusing Azerbaijan of attacking ...");
- a clause with "according to X";
- a quotation whose speaker is known, also in a later sentence than the reporting verb
  (``"…," he said. "Our forces are ready."``; rules in :mod:`eventcoder.events.quotes`).

The reporting cues are a data file (``data/events/reporting_cues.tsv``). A speaker reporting
their own verbal act ("Iran said: we do not accept ...") is not a claim: the statement is the
event. When a claim blames another party for a conflict event ("X stated that the clashes
started with provocations of Y's army"), the accusation itself is also an event: ACCUSE by the
claimant against the blamed party (unless the cue already is an accusation verb, which the
events stage coded). Two claims by different parties, close together, each blaming the other's
side for a conflict event (who attacked first, who started it) contradict each other and are
linked both ways in ``contradicts``.
"""

from __future__ import annotations

from typing import Literal

from spacy.tokens import Doc, Token

from eventcoder.events.arguments import ActorIndex, noun_arguments, subject_of
from eventcoder.events.coder import as_government
from eventcoder.events.explain import country_rule_of
from eventcoder.events.lexicon import load_reporting_cues
from eventcoder.events.parties import event_actor
from eventcoder.events.quotes import QUOTE_MARKS, Quotation, find_quotations, quotation_of
from eventcoder.models import (
    QUAD_CLASS,
    UNIDENTIFIED_PERPETRATOR,
    ActorMention,
    ActorRef,
    Attribution,
    AttributionExplanation,
    Event,
    Evidence,
    Explanation,
    ParticipantExplanation,
    Span,
    TriggerExplanation,
)

#: Event types a party is blamed for when another party reports them.
BLAMEWORTHY = {"ASSAULT", "COERCE", "THREATEN", "MOBILIZE", "SANCTION", "PROTEST"}
#: Claims at most this many sentences apart can contradict each other.
CONTRADICTION_WINDOW = 1
#: Confidence of an accusation derived from a claim (the cue is explicit, the blame inferred).
DERIVED_ACCUSE_CONFIDENCE = 0.7
#: The rule name of those accusations, in their explanation.
DERIVED_ACCUSE_RULE = "claim blaming a party: ACCUSE by the claimant against the blamed side"
AttributionRule = Literal[
    "reporting-verb", "reporting-noun", "accusation", "according-to", "quotation"
]

_CUES: dict[tuple[str, str], str] | None = None


def _cues() -> dict[tuple[str, str], str]:
    global _CUES
    if _CUES is None:
        _CUES = load_reporting_cues()
    return _CUES


class _Frame:
    def __init__(
        self, speaker: list[ActorMention], cue: Token, stance: str, rule: AttributionRule
    ) -> None:
        self.speaker = speaker
        self.cue = cue
        self.stance = stance
        self.rule = rule  # which kind of frame, for the event's explanation


def attribute(doc: Doc, events: list[Event], actors: list[ActorMention]) -> list[Event]:
    if not events:
        return events
    index = ActorIndex(doc, actors)
    cues = _cues()
    frames: dict[str, _Frame] = {}
    quotations = (
        find_quotations(doc, index, cues) if any(c in QUOTE_MARKS for c in doc.text) else []
    )
    for event in events:
        token = _trigger_token(doc, event)
        if token is None:
            continue
        frame = _reporting_frame(token, index, cues)
        if frame is None or not frame.speaker:
            # Not in a reported clause of its own sentence: inside a quotation whose speaker
            # is known ("…," he said. "Our forces are ready.")?
            frame = _quotation_frame(token, quotations, cues)
            if frame is None:
                continue
        claimant = frame.speaker[0]
        own_speech = claimant.code in {a.code for a in event.actor} and QUAD_CLASS.get(
            event.event_type, ""
        ).startswith("verbal")
        if own_speech:
            continue
        event.attribution = Attribution(
            claim=True,
            claimant=ActorRef(code=claimant.code, sector=claimant.sector, name=claimant.name),
            cue=frame.cue.lemma_.lower(),
        )
        explanation = event.explanation or Explanation()
        explanation.attribution = AttributionExplanation(
            rule=frame.rule, cue=frame.cue.text, claimant=claimant.text
        )
        # "the first attack was made by Azerbaijan", claimed by Armenia: the claimant is the
        # side that says it was attacked.
        if (
            event.event_type in BLAMEWORTHY
            and event.actor
            and not event.recipient
            and claimant.code not in {a.code for a in event.actor}
        ):
            event.recipient = [event_actor(claimant)]
            explanation.participants.append(
                _explained(
                    "target",
                    claimant,
                    "claimant: the side reporting an attack with no named target was attacked",
                )
            )
        event.explanation = explanation
        if frame.cue.sent == token.sent:
            # A derived accusation points at its cue: only when the cue is in the same
            # sentence as the event it derives from.
            frames[event.id] = frame
    derived = _derived_accusations(doc, events, frames)
    result = events + derived
    _link_contradictions(result)
    return result


def _trigger_token(doc: Doc, event: Event) -> Token | None:
    span = doc.char_span(
        event.evidence.trigger.start, event.evidence.trigger.end, alignment_mode="expand"
    )
    return span[-1] if span is not None and len(span) else None


def _reporting_frame(
    token: Token, index: ActorIndex, cues: dict[tuple[str, str], str]
) -> _Frame | None:
    """The reported-speech frame the trigger sits in, if any (nearest first)."""
    child = token
    for ancestor in token.ancestors:
        lemma = ancestor.lemma_.lower()
        if ancestor.pos_ in {"VERB", "AUX"}:
            stance = cues.get(("VERB", lemma))
            via_clause = child.dep_ in {"ccomp", "parataxis"}
            via_accusation = stance == "accuse" and child.dep_ == "prep"
            if stance and (via_clause or via_accusation):
                speaker, _ = subject_of(ancestor, index)
                rule: AttributionRule = "reporting-verb" if via_clause else "accusation"
                return _Frame(speaker, ancestor, stance, rule)
        elif ancestor.pos_ in {"NOUN", "PROPN"}:
            stance = cues.get(("NOUN", lemma))
            if stance and child.dep_ in {"acl", "ccomp", "relcl"} and _is_that_clause(child):
                speaker = noun_arguments(ancestor, index, symmetric=False).source
                return _Frame(speaker, ancestor, stance, "reporting-noun")
        child = ancestor
    return _according_to(token, index)


def _quotation_frame(
    token: Token, quotations: list[Quotation], cues: dict[tuple[str, str], str]
) -> _Frame | None:
    quotation = quotation_of(token, quotations)
    if quotation is None or not quotation.speaker or quotation.cue is None:
        return None
    cue = quotation.cue
    stance = cues.get(("VERB", cue.lemma_.lower()), "say")
    return _Frame(quotation.speaker, cue, stance, "quotation")


def _is_that_clause(clause: Token) -> bool:
    return any(c.dep_ == "mark" and c.lower_ in {"that", "whether"} for c in clause.children)


def _according_to(token: Token, index: ActorIndex) -> _Frame | None:
    scope = {token.i, *(a.i for a in token.ancestors)}
    for candidate in token.sent:
        if candidate.lower_ == "according" and candidate.head.i in scope:
            for prep in candidate.children:
                for obj in prep.children:
                    if obj.dep_ == "pobj" and (speaker := index.phrase(obj)):
                        return _Frame(speaker, candidate, "say", "according-to")
    return None


def _blamed(event: Event) -> set[str]:
    claimant = event.attribution.claimant
    if claimant is None or event.event_type not in BLAMEWORTHY:
        return set()
    # An unresolved agent (code None) or an unidentified perpetrator cannot be blamed by name.
    named = {a.code for a in event.actor if a.code and a.name != UNIDENTIFIED_PERPETRATOR}
    return named - {claimant.code}


def _derived_accusations(doc: Doc, events: list[Event], frames: dict[str, _Frame]) -> list[Event]:
    """ACCUSE by a claimant against the party their claim blames (one per cue and party)."""
    existing = {
        (e.evidence.sentence_index, frozenset(a.code for a in e.actor))
        for e in events
        if e.event_type == "ACCUSE"
    }
    prefix, number = _id_prefix(events)
    derived: list[Event] = []
    seen: set[tuple[int, frozenset[str]]] = set()
    for event in events:
        frame = frames.get(event.id)
        blamed = _blamed(event)
        if frame is None or not blamed or frame.stance == "accuse":
            continue
        claimant = frame.speaker[0]
        # A named place not yet given its country (code None) is not a known victim.
        victims = {a.code for a in event.recipient if a.code}
        if frame.stance != "claim" and victims and claimant.code not in victims:
            # "Israel said Palestinian police seized weapons from Palestinian groups": a neutral
            # report about third parties is not an accusation; a contested claim, or a report
            # of harm to the speaker's own side, is.
            continue
        key = (frame.cue.i, frozenset(blamed))
        if key in seen or (event.evidence.sentence_index, frozenset({claimant.code})) in existing:
            continue
        seen.add(key)
        number += 1
        cue = frame.cue
        derived.append(
            Event(
                id=f"{prefix}{number}",
                event_type="ACCUSE",
                mode="allege",
                context=list(event.context),
                actor=[as_government(event_actor(claimant))],
                recipient=[a for a in event.actor if a.code in blamed],
                modality=event.modality.model_copy(update={"hypothetical": False}),
                evidence=Evidence(
                    sentence_index=event.evidence.sentence_index,
                    sentence=event.evidence.sentence,
                    start=event.evidence.start,
                    end=event.evidence.end,
                    trigger=Span(text=cue.text, start=cue.idx, end=cue.idx + len(cue.text)),
                ),
                confidence=DERIVED_ACCUSE_CONFIDENCE,
                explanation=_derived_explanation(event, frame, claimant, blamed),
            )
        )
    return derived


def _explained(role: str, mention: ActorMention, found_by: str) -> ParticipantExplanation:
    return ParticipantExplanation(
        role=role,  # type: ignore[arg-type]
        text=mention.text,
        code=mention.code,
        sector=mention.sector,
        found_by=found_by,
        entry=mention.source,
        country_rule=country_rule_of(mention),
    )


def _derived_explanation(
    event: Event, frame: _Frame, claimant: ActorMention, blamed: set[str]
) -> Explanation:
    """An accusation read off a claim: the rule, the claimant, and whom the claim blames."""
    claimed = event.explanation.participants if event.explanation else []
    local_id = event.id.rpartition("-")[2]  # "e3", as `eventcoder code` shows it
    return Explanation(
        trigger=TriggerExplanation(
            text=frame.cue.text,
            source="rule",
            key=DERIVED_ACCUSE_RULE,
            layer="rule",
        ),
        participants=[
            _explained(
                "source", claimant, f"claimant of {local_id} (speaker of {frame.cue.text!r})"
            ),
            *(
                p.model_copy(update={"role": "target", "found_by": f"blamed: source of {local_id}"})
                for p in claimed
                if p.role == "source" and p.code in blamed
            ),
        ],
    )


def _id_prefix(events: list[Event]) -> tuple[str, int]:
    """Event ids are '{doc_id}-e{n}': continue the numbering after the highest n."""
    highest = 0
    prefix = "doc-e"
    for event in events:
        head, sep, tail = event.id.rpartition("-e")
        if sep and tail.isdigit():
            prefix = f"{head}-e"
            highest = max(highest, int(tail))
    return prefix, highest


def _link_contradictions(events: list[Event]) -> None:
    claims = [e for e in events if e.attribution.claim and _blamed(e)]
    for i, first in enumerate(claims):
        for second in claims[i + 1 :]:
            a, b = first.attribution.claimant, second.attribution.claimant
            assert a is not None and b is not None
            near = (
                abs(first.evidence.sentence_index - second.evidence.sentence_index)
                <= CONTRADICTION_WINDOW
            )
            if near and a.code != b.code and b.code in _blamed(first) and a.code in _blamed(second):
                if second.id not in first.contradicts:
                    first.contradicts.append(second.id)
                if first.id not in second.contradicts:
                    second.contradicts.append(first.id)
