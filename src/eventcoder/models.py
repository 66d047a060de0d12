"""The records that flow between pipeline stages.

Every stage takes and returns these plain pydantic models, so each stage can be
tested alone and the JSON the CLI prints is exactly ``model_dump(mode="json")``.
Offsets (``start``/``end``) index ``Document.text`` (the cleaned body), as Python string
indices (code points), end exclusive; the one exception is the evidence of an event stated in
the headline (``Evidence.section == "title"``), whose offsets index ``Document.title``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

DocumentKind = Literal["news", "opinion"]
DatePrecision = Literal["day", "month", "year", "none"]

#: The 16 event types of PLOVER (Halterman et al., 2023), in PLOVER's order.
PLOVER_TYPES: tuple[str, ...] = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)

#: PLOVER quad classes, used by stats, the timeline and the network colours.
QUAD_CLASS: dict[str, str] = {
    "AGREE": "verbal_cooperation",
    "CONSULT": "verbal_cooperation",
    "SUPPORT": "verbal_cooperation",
    "CONCEDE": "material_cooperation",
    "COOPERATE": "material_cooperation",
    "AID": "material_cooperation",
    "RETREAT": "material_cooperation",
    "REQUEST": "verbal_conflict",
    "ACCUSE": "verbal_conflict",
    "REJECT": "verbal_conflict",
    "THREATEN": "verbal_conflict",
    "PROTEST": "material_conflict",
    "SANCTION": "material_conflict",
    "MOBILIZE": "material_conflict",
    "COERCE": "material_conflict",
    "ASSAULT": "material_conflict",
}


class Record(BaseModel):
    """Base for all records: forbid unknown fields so typos fail loudly."""

    model_config = ConfigDict(extra="forbid")


# --------------------------------------------------------------------- read
class Article(Record):
    """An article as read from its source, before cleaning."""

    id: str
    title: str | None = None
    text: str
    published: dt.date | None = None
    url: str | None = None
    source: str | None = None
    author: str | None = None
    origin: str = Field(
        default="", description="Where it was read from: a path, 'path:line' or '<stdin>'."
    )


class ReadFailure(Record):
    """An input (file, or one line of a JSON Lines file) that could not be read, and why."""

    source: str
    problem: str


class RemovedText(Record):
    """A piece of boilerplate cut from the body, with its offsets in the raw text."""

    text: str
    start: int
    end: int
    reason: str


class Document(Record):
    """A cleaned article: the text every later offset refers to."""

    id: str
    title: str | None = None
    published: dt.date | None = None
    url: str | None = None
    source: str | None = None
    author: str | None = None
    kind: DocumentKind = "news"
    kind_evidence: list[str] = Field(default_factory=list)
    language: str = "en"
    text: str
    boilerplate_removed: list[RemovedText] = Field(default_factory=list)
    content_hash: str = Field(
        default="", description="sha256 of title + cleaned text: the idempotency key of the store."
    )


def content_hash(title: str | None, text: str) -> str:
    """The one recipe for a document's content hash: sha256 of the title, a blank line, the
    cleaned text. The read stage sets ``Document.content_hash`` with it; the store uses it for
    a document that arrives without one."""
    return hashlib.sha256(f"{title or ''}\n\n{text}".encode()).hexdigest()


# ------------------------------------------------------------------- actors
class ActorRef(Record):
    """A resolved actor: ``code`` is ISO 3166-1 alpha-3 or an IGO code (UN, EU, NATO...)."""

    code: str
    sector: str | None = Field(
        default=None, description="GOV, MIL, COP, REB, OPP, JUD, LEG, BUS, MED, CVL, ..."
    )
    name: str = ""


class ActorMention(ActorRef):
    """An actor as mentioned in the text."""

    text: str
    start: int
    end: int
    kind: Literal["state", "igo", "person", "group", "metonym"] = "state"
    country_source: Literal["phrase", "sentence", "earlier", "dateline", "article"] | None = Field(
        default=None,
        description=(
            "How the country of an agent whose words name none ('police', 'a teenager') was "
            "inferred, most to least certain: a place in its phrase, a place in its sentence, "
            "the same agent noun named with its country shortly before, the dateline, the "
            "article's dominant country. None when the text or the "
            "dictionaries give the actor directly."
        ),
    )
    source: str | None = Field(
        default=None,
        description="The dictionary entries (file: phrase -> code) or the rule that resolved "
        'this mention, e.g. "people_curated.tsv: Nikol Pashinyan ARM GOV 2018-05-08..".',
    )


# ------------------------------------------------------------------- places
class PlaceMention(Record):
    text: str
    start: int
    end: int
    name: str
    country: str | None = Field(default=None, description="ISO 3166-1 alpha-3")
    admin1: str | None = None
    lat: float
    lon: float
    geonameid: int | None = None
    feature_code: str | None = None


# -------------------------------------------------------------------- dates
class DateMention(Record):
    text: str
    start: int
    end: int
    value: str | None = Field(
        description="ISO date of the start ('2022-09-15'); None when the year is unknown."
    )
    end_value: str | None = Field(default=None, description="ISO date of a range's last day.")
    precision: DatePrecision


# ------------------------------------------------------------------- events
class Span(Record):
    text: str
    start: int
    end: int


#: Where an event's evidence is: the article's body (``Document.text``) or its headline
#: (``Document.title``). Offsets of the evidence index the text of its section.
EvidenceSection = Literal["body", "title"]


class Evidence(Record):
    """The sentence and trigger an event was coded from.

    ``start``/``end`` and ``trigger`` index ``Document.text`` when ``section`` is ``"body"``
    and ``Document.title`` when it is ``"title"`` (an event stated in the headline, whose
    sentence is the whole headline); ``sentence_index`` counts the sentences of that section
    from 0.
    """

    sentence_index: int
    sentence: str
    start: int
    end: int
    trigger: Span
    section: EvidenceSection = Field(
        default="body",
        description="'body': offsets index document.text; 'title': the event is stated in "
        "the headline and offsets index document.title.",
    )


class Modality(Record):
    negated: bool = False
    future: bool = False
    hypothetical: bool = False
    historical: bool = False


class Attribution(Record):
    claim: bool = False
    claimant: ActorRef | None = None
    cue: str | None = None


#: ``EventActor.name`` of the doer of an attack or arrest the text does not name ("13 soldiers
#: were killed", "a bomb killed 13 soldiers"): coded, as hand coders do, with the country where
#: it happened (or of its victims) and no sector; its ``text`` is empty (no words name it).
UNIDENTIFIED_PERPETRATOR = "unidentified perpetrator"


#: ``EventActor.name`` of the implied addressee of a protest that names none ("supporters set
#: off on a march"): the government of the protesters' country, as hand coders code it; its
#: ``text`` is empty.
IMPLIED_GOVERNMENT = "government (implied addressee)"


class EventActor(ActorRef):
    """A participant of an event as the text names it.

    ``code`` is None when the text names an agent ("gunmen", "a group of activists") that the
    actors stage could not resolve: it is kept so the analyst sees who acted, and the event's
    confidence is lowered. An event always has at least one participant with a code.
    """

    code: str | None = Field(  # type: ignore[assignment]
        default=None, description="Actor code, or None for a named agent that was not resolved."
    )
    text: str


class Location(Record):
    name: str
    country: str | None = None
    admin1: str | None = None
    lat: float
    lon: float
    geonameid: int | None = None


# ------------------------------------------------------------- explanation
class TypeScore(Record):
    event_type: str
    score: float


class TriggerExplanation(Record):
    """Which trigger matched: a lexicon entry (file, key, layer) or the rule that made the event."""

    text: str = Field(description="The trigger as written.")
    source: str = Field(
        description="The lexicon file (core_triggers.tsv, cameo_verbs.tsv, cameo_patterns.tsv) "
        "or 'rule' for an event made by a rule."
    )
    key: str = Field(
        description="The entry's key: part of speech, lemma and required words "
        "('VERB call + for'); for a rule, its name."
    )
    layer: str = Field(description="core, cameo-pattern, cameo or rule.")
    lexicon_type: str | None = Field(
        default=None, description="The type the entry gives, before phrase and modality rules."
    )
    type_rule: str | None = Field(
        default=None, description="Why the coded type differs from the entry's, when it does."
    )
    model_types: list[TypeScore] = Field(
        default_factory=list,
        description="The type model's top types with their probabilities, when a model decided.",
    )


class ParticipantExplanation(Record):
    """How one participant of the event was found."""

    role: Literal["source", "target", "mediator"]
    text: str
    code: str | None = None
    sector: str | None = None
    found_by: str = Field(
        description="The parse path from the trigger to the participant (nsubj, dobj, agent, "
        "pobj:against, poss, ...), or the rule: inherited (from a governing verb), pronoun, pair "
        "(the document's main pair of parties), claimant, unresolved agent."
    )
    entry: str | None = Field(
        default=None,
        description="The actor dictionary entries that resolved it (file: phrase -> code, with "
        "a person's term dates), or the actors-stage rule.",
    )
    country_rule: str | None = Field(
        default=None, description="The context rule that supplied the country, when no word did."
    )


class DateExplanation(Record):
    rule: Literal["trigger-date", "sentence-date", "paragraph-date", "publication-date", "none"]
    expression: str | None = Field(default=None, description="The date words the date came from.")
    value: str | None = None
    precision: DatePrecision = "none"
    reason: str = Field(description="The rule in words.")


class PlaceCandidate(Record):
    name: str
    country: str | None = None
    admin1: str | None = None
    geonameid: int | None = None
    feature_code: str | None = None
    score: float


class PlaceExplanation(Record):
    rule: Literal["attached", "sentence", "paragraph", "none"]
    mention: str | None = Field(default=None, description="The place words chosen.")
    reason: str = Field(description="The rule in words.")
    candidates: list[PlaceCandidate] = Field(
        default_factory=list,
        description="The gazetteer candidates scored for the chosen mention, best first (the "
        "first is the one chosen).",
    )


class ModalityCue(Record):
    flag: Literal["negated", "future", "hypothetical", "historical"]
    cue: str = Field(description="The word (or, for historical, the date) that set the flag.")


class AttributionExplanation(Record):
    rule: Literal["reporting-verb", "reporting-noun", "accusation", "according-to", "quotation"]
    cue: str = Field(description="The cue word as written.")
    claimant: str = Field(description="The claimant as the text names it.")


class Explanation(Record):
    """Why an event exists: each stage fills the part it decides (see docs/events.md)."""

    trigger: TriggerExplanation | None = None
    participants: list[ParticipantExplanation] = Field(default_factory=list)
    date: DateExplanation | None = None
    place: PlaceExplanation | None = None
    modality: list[ModalityCue] = Field(default_factory=list)
    attribution: AttributionExplanation | None = None


class Event(Record):
    """One coded event, in PLOVER's field names where PLOVER has them."""

    id: str
    event_type: str
    mode: str | None = None
    context: list[str] = Field(default_factory=list)
    actor: list[EventActor] = Field(default_factory=list)
    recipient: list[EventActor] = Field(default_factory=list)
    mediator: list[EventActor] = Field(
        default_factory=list,
        description="Third parties who brokered the event (a truce brokered by X between A "
        "and B: A and B agree, X mediates).",
    )
    date: str | None = None
    date_precision: DatePrecision = "none"
    location: Location | None = None
    modality: Modality = Field(default_factory=Modality)
    attribution: Attribution = Field(default_factory=Attribution)
    contradicts: list[str] = Field(default_factory=list)
    evidence: Evidence
    confidence: float = Field(ge=0.0, le=1.0)
    explanation: Explanation | None = Field(
        default=None,
        description="Why the event was coded: trigger, participants, date, place, "
        "modality and attribution, each with its source.",
    )


def without_events(events: list[Event], dropped: set[str]) -> list[Event]:
    """``events`` without those whose id is in ``dropped``; no event kept names a dropped one
    in its ``contradicts`` any more (ids are not renumbered)."""
    if not dropped:
        return events
    return [
        e.model_copy(update={"contradicts": [o for o in e.contradicts if o not in dropped]})
        if any(o in dropped for o in e.contradicts)
        else e
        for e in events
        if e.id not in dropped
    ]


class CodedDocument(Record):
    """The output of the whole pipeline for one article (``eventcoder code``)."""

    document: Document
    actors: list[ActorMention] = Field(default_factory=list)
    places: list[PlaceMention] = Field(default_factory=list)
    dates: list[DateMention] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
