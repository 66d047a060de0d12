"""The events stage's part of an event's explanation: the trigger entry, how each participant
was found, and the words that set its modality.

Participants are described by the dependency path from the trigger to the participant's words
("nsubj", "pobj:against", "↑xcomp nsubj"), together with the rule of
:mod:`eventcoder.events.arguments` that reached them when it was not the direct parse
(inherited from a governing verb, a pronoun, the document's main pair of parties). The path is
read off the parse the rules used, so it shows the relation the analyst can check in the
sentence. Later stages add the attribution, place and date parts.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Token

from eventcoder.events.lexicon import Trigger
from eventcoder.events.modality import modality_of
from eventcoder.models import (
    UNIDENTIFIED_PERPETRATOR,
    ActorMention,
    EventActor,
    Explanation,
    Modality,
    ModalityCue,
    ParticipantExplanation,
    TriggerExplanation,
    TypeScore,
)

#: The file each lexicon layer is read from (``events/lexicon.py``).
LAYER_FILES = {
    "core": "core_triggers.tsv",
    "cameo": "cameo_verbs.tsv",
    "cameo-pattern": "cameo_patterns.tsv",
}
#: Layer name of events made by a rule rather than a lexicon entry.
RULE_LAYER = "rule"
#: Arcs whose object names a participant through a preposition ("attack on X": pobj:on).
PREPOSITION_DEPS = {"prep", "agent", "dative"}
#: Dependency paths longer than this are shown but say little: the rule is what matters.
MAX_PATH_STEPS = 8

MODALITY_FLAGS = ("negated", "future", "hypothetical", "historical")
#: The readings of ``EventCoder._decide_type`` that lead to each type (docs/events.md): an
#: explanation whose type differs from its entry's names the ones that can have applied.
TYPE_RULE_READINGS = {
    "REJECT": "a negated acceptance or a refused cooperation is REJECT",
    "AGREE": "promised or offered cooperation, or a truce brokered between parties, is AGREE",
    "THREATEN": "promised retaliation, a demand backed by a penalty, or force announced for "
    "the future or said to be possible by its own doer is THREATEN",
    "COOPERATE": "a joint probe or joint exercises are COOPERATE",
    "REQUEST": "wanting another party to act is REQUEST",
}


def trigger_explanation(
    token: Token,
    trigger: Trigger,
    event_type: str,
    type_scores: Sequence[tuple[str, float]] = (),
) -> TriggerExplanation:
    """Which lexicon entry (or rule) made the event, and why its type differs, if it does."""
    if trigger.layer == RULE_LAYER:
        source, key = "rule", trigger.lemma
    else:
        source = LAYER_FILES.get(trigger.layer, trigger.layer)
        words = " ".join("|".join(sorted(slot)) for slot in trigger.words)
        key = f"{trigger.pos} {trigger.lemma}" + (f" + {words}" if words else "")
    type_rule = None
    model_best = type_scores[0][0] if type_scores else None
    if (
        trigger.layer != RULE_LAYER
        and event_type != trigger.event_type
        and model_best == event_type
    ):
        type_rule = (
            f"the entry gives {trigger.event_type}; the type model reads {event_type} in this "
            f"context (probability {type_scores[0][1]:.2f})"
        )
        if event_type in TYPE_RULE_READINGS:
            type_rule += f"; the phrase rules may also apply ({TYPE_RULE_READINGS[event_type]})"
    elif trigger.layer != RULE_LAYER and event_type != trigger.event_type:
        readings = TYPE_RULE_READINGS.get(event_type, "a phrase or modality rule")
        type_rule = (
            f"the entry gives {trigger.event_type}; the coder reads {event_type} by its "
            f"phrase and modality rules ({readings})"
        )
    return TriggerExplanation(
        text=token.text,
        source=source,
        key=key,
        layer=trigger.layer,
        lexicon_type=None if trigger.layer == RULE_LAYER else trigger.event_type,
        type_rule=type_rule,
        model_types=[TypeScore(event_type=t, score=round(p, 3)) for t, p in type_scores],
    )


def explain_event(
    token: Token,
    trigger: Trigger,
    event_type: str,
    *,
    sources: Sequence[tuple[ActorMention | None, EventActor]],
    targets: Sequence[tuple[ActorMention | None, EventActor]],
    mediators: Sequence[tuple[ActorMention | None, EventActor]],
    source_path: str,
    symmetric_targets: bool,
    target_rule: str = "",
    main_pair: Sequence[ActorMention],
    modality: Modality,
    type_scores: Sequence[tuple[str, float]] = (),
) -> Explanation:
    """The events stage's explanation of one event (``mention`` None: an unresolved agent)."""
    participants = [
        _participant("source", token, mention, actor, _source_rule(source_path), main_pair)
        for mention, actor in sources
    ]
    target_rule = "symmetric" if symmetric_targets else target_rule
    participants += [
        _participant("target", token, mention, actor, target_rule, main_pair)
        for mention, actor in targets
    ]
    participants += [
        _participant("mediator", token, mention, actor, "", main_pair)
        for mention, actor in mediators
    ]
    return Explanation(
        trigger=trigger_explanation(token, trigger, event_type, type_scores),
        participants=participants,
        modality=modality_cues(token, modality),
    )


def modality_cues(token: Token, modality: Modality) -> list[ModalityCue]:
    """The word that set each flag the event carries (the parse rules of events/modality.py)."""
    cues: dict[str, str] = {}
    modality_of(token, cues)
    return [
        ModalityCue(flag=flag, cue=cues.get(flag, "rule"))  # type: ignore[arg-type]
        for flag in MODALITY_FLAGS
        if getattr(modality, flag) and flag != "historical"  # the dates stage explains that one
    ]


def _source_rule(source_path: str) -> str:
    return source_path if source_path in {"inherited", "pronoun", "pair", "place"} else ""


def _participant(
    role: str,
    trigger: Token,
    mention: ActorMention | None,
    actor: EventActor,
    rule: str,
    main_pair: Sequence[ActorMention],
) -> ParticipantExplanation:
    path = participant_path(trigger, mention) if mention is not None else None
    if mention is None and actor.name == UNIDENTIFIED_PERPETRATOR and rule == "place":
        found_by = (
            "unidentified perpetrator: no doer is named; coded with the state the sentence "
            "names as where it happened"
        )
    elif mention is None and actor.name == UNIDENTIFIED_PERPETRATOR:
        found_by = (
            "unidentified perpetrator: no doer is named; coded with the country of the "
            "victims until the places stage gives the country where it happened"
        )
    elif role == "target" and rule in TARGET_RULES:
        found_by = TARGET_RULES[rule] + (f" ({path})" if path else "")
    elif mention is None and role == "target":
        found_by = (
            "unresolved place: a name acted on that no actor code was found for (a place, "
            "or a person the model could not tell from one); the places stage gives it the "
            "country of the town the gazetteer knows by that name, else of where it happened"
        )
    elif mention is None:
        found_by = "unresolved agent: the subject names an agent no actor code was found for"
    elif rule == "symmetric":
        found_by = "symmetric: the other party of an event both sides take part in"
    elif rule == "pair" or (path is None and _in_pair(mention, main_pair)):
        found_by = 'pair: the document\'s main pair of parties ("the two countries", "both sides")'
    elif rule == "inherited":
        found_by = f"inherited from a governing verb ({path or 'outside the clause'})"
    elif rule == "pronoun":
        found_by = "pronoun: the governing or previous subject" + (f" ({path})" if path else "")
    else:
        found_by = path or "parse"
    country_rule = country_rule_of(mention)
    if mention is None and actor.name == UNIDENTIFIED_PERPETRATOR:
        country_rule = (
            "place: the state named where it happened ('detained in Turkey')"
            if rule == "place"
            else "victims: the country of the event's target"
        )
    return ParticipantExplanation(
        role=role,  # type: ignore[arg-type]
        text=actor.text,
        code=actor.code,
        sector=actor.sector,
        found_by=found_by,
        entry=mention.source if mention is not None else None,
        country_rule=country_rule,
    )


#: Rules of events/arguments.py that find a target the trigger's own parse does not give.
TARGET_RULES = {
    "object-noun": "object-noun: whom the verb's object noun is aimed at (restrictions "
    '"against X", an appeal "from X")',
    "complement": "complement: the target of the infinitive the trigger governs "
    '("promised to send aid to X")',
    "pronoun": "pronoun: the nearest actor named before an object pronoun, of a kind it can "
    "refer to",
    "location": "location: the place where the event happened; its people undergo it and the "
    "places stage gives it its country",
    "stance": 'stance: whom the deed defies or protests ("in defiance of X")',
    "condition": 'condition: the subject of the condition a threat sets ("unless X ...")',
    "earlier-deed": "earlier-deed: the doer of the act the reaction is about, coded earlier in "
    'the article ("the order" -> who ordered)',
}

#: How the agents layer (actors/context.py) inferred a country the words do not name.
COUNTRY_RULES = {
    "phrase": "phrase: a place named in the agent's own phrase",
    "sentence": "sentence: a place named in the agent's sentence",
    "earlier": "earlier: the same agent noun named with its country shortly before",
    "dateline": "dateline: the country of the article's dateline",
    "article": "article: the country the article is mostly about",
}


def country_rule_of(mention: ActorMention | None) -> str | None:
    """The context rule that supplied a mention's country, in words (None: its words did)."""
    if mention is None or mention.country_source is None:
        return None
    return COUNTRY_RULES.get(mention.country_source, mention.country_source)


def _in_pair(mention: ActorMention, main_pair: Sequence[ActorMention]) -> bool:
    return any(p.start == mention.start and p.code == mention.code for p in main_pair)


def participant_path(trigger: Token, mention: ActorMention) -> str | None:
    """The shortest dependency path from the trigger to the mention's words, or None when the
    mention is in another sentence."""
    span = trigger.doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None or span.sent.start != trigger.sent.start:
        return None
    paths = [p for token in span if (p := _path(trigger, token)) is not None]
    if not paths:
        return None
    steps = min(paths, key=len)
    return " ".join(steps) if steps else "the trigger itself"


def _path(start: Token, end: Token) -> list[str] | None:
    """Steps from ``start`` up to the lowest common ancestor ("↑dep") and down to ``end``."""
    chain = [start, *start.ancestors]
    position = {t.i: n for n, t in enumerate(chain)}
    down: list[Token] = []
    node = end
    while node.i not in position:
        down.append(node)
        if node.head.i == node.i:
            return None
        node = node.head
    up = chain[: position[node.i]]
    steps = _fold_up(up) + _fold_down(list(reversed(down)))
    return steps if len(steps) <= MAX_PATH_STEPS else [*steps[:MAX_PATH_STEPS], "…"]


def _fold_up(nodes: list[Token]) -> list[str]:
    """Climbing arcs; a pobj and its preposition are one step ("↑pobj:of")."""
    steps: list[str] = []
    i = 0
    while i < len(nodes):
        node = nodes[i]
        if node.dep_ == "pobj" and i + 1 < len(nodes) and nodes[i + 1].dep_ in PREPOSITION_DEPS:
            steps.append(f"↑pobj:{nodes[i + 1].lower_}")
            i += 2
            continue
        steps.append(f"↑{node.dep_}")
        i += 1
    return steps


def _fold_down(nodes: list[Token]) -> list[str]:
    """Descending arcs; a preposition and its object are one step ("pobj:against", "agent")."""
    steps: list[str] = []
    i = 0
    while i < len(nodes):
        node = nodes[i]
        if node.dep_ in PREPOSITION_DEPS and i + 1 < len(nodes) and nodes[i + 1].dep_ == "pobj":
            steps.append("agent" if node.dep_ == "agent" else f"pobj:{node.lower_}")
            i += 2
            continue
        steps.append(node.dep_)
        i += 1
    return steps
