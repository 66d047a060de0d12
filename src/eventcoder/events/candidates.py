"""An event candidate (a trigger with its type, parties and cues) and what is done to the
whole list of an article's candidates: answers to accusations, earlier deeds as targets,
repeated sentences and duplicates."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from eventcoder.events.arguments import (
    Arguments,
    deed_verbs,
)
from eventcoder.events.coder_words import REACTION_TYPES
from eventcoder.events.lexicon import Trigger
from eventcoder.models import (
    Modality,
)


@dataclass
class Candidate:
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
    #: Tokens of other triggers this rule-made event stands for, which code nothing on their
    #: own ("if Trump asks me to send troops, I'll say no": the asking is the refusal's
    #: condition, not a request made).
    absorbed: tuple[int, ...] = ()
    #: Addressed to the source's own government though no word names it ('"They should
    #: release him," his wife said': a civilian's impersonal "they" are the authorities).
    implied_addressee: bool = False


def answer_accusations(candidates: list[Candidate]) -> None:
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


def target_earlier_deeds(candidates: list[Candidate]) -> None:
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


def drop_repeated_sentences(candidates: list[Candidate]) -> list[Candidate]:
    """A sentence repeated word for word in one article (a scraped page that repeats its lede,
    a summary box) reports its events once: the first copy's events are kept."""
    seen: set[tuple[object, ...]] = set()
    kept: list[Candidate] = []
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


def deduplicate(candidates: list[Candidate]) -> list[Candidate]:
    """One event per (sentence, type, source, target): 'signed an agreement' is one AGREE."""
    best: dict[tuple[object, ...], Candidate] = {}
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
    return _drop_subsumed(list(best.values()))


def _drop_subsumed(candidates: list[Candidate]) -> list[Candidate]:
    """The same deed named twice in a sentence is one event: "In another attack, gunmen fired
    on a security patrol", "The bombing, claimed by the group, killed three soldiers at a
    checkpoint". A candidate with no target at all (no actor, no place) is dropped when
    another of the same sentence, type and negation has a target and every one of its
    sources: the one that names who it hit stands for both. Symmetric events and events
    with no source are left alone."""
    with_target = [c for c in candidates if c.args.target or c.unresolved_target]
    kept: list[Candidate] = []
    for candidate in candidates:
        sources = {(a.code, a.sector) for a in candidate.args.source}
        bare = not candidate.args.target and not candidate.unresolved_target
        if bare and sources and not candidate.args.symmetric:
            fuller = next(
                (
                    other
                    for other in with_target
                    if other.token.sent.start == candidate.token.sent.start
                    and other.event_type == candidate.event_type
                    and other.modality.negated == candidate.modality.negated
                    and sources <= {(a.code, a.sector) for a in other.args.source}
                ),
                None,
            )
            if fuller is not None:
                continue
        kept.append(candidate)
    return kept
