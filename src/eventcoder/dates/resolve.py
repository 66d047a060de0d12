"""Resolve DATE mentions against the publication date, and date each event.

``resolve_dates`` reads spaCy's DATE entities (never raw text, so the verb "may" or a stray
number is not a date), widens spans the model cut short ("10 [November 2020]"), decides per
mention whether its clause speaks of the future (dateparser then prefers future dates), and adds
named periods from the data file ("the 44-day Karabakh War").

``date_events`` gives each event the date of its own sentence — preferring a DATE attached to
the event's trigger in the parse — else of the nearest earlier dated sentence in its paragraph,
else the publication date with precision ``none``.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from typing import Literal

from spacy.tokens import Doc, Span, Token

from eventcoder.dates.parse import ParsedDate, Prefer, parse_date_text
from eventcoder.dates.periods import find_periods
from eventcoder.models import (
    DateExplanation,
    DateMention,
    DatePrecision,
    Event,
    Explanation,
    ModalityCue,
)
from eventcoder.nlp.english import FUTURE_AUX
from eventcoder.paths import word_lists

#: The word lists of data/dates/words.toml.
_WORDS = word_lists("dates")

#: An event dated this many days or more before publication is background (historical).
HISTORICAL_AFTER_DAYS = 60

#: A range this short keeps its own precision when it dates an event; longer ones (a war)
#: date it only to the month or year they share.
_SHORT_RANGE_DAYS = 7

_MONTH_WORD = re.compile(
    r"^(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?$",
    re.I,
)
_DAY_NUMBER = re.compile(r"^(?:[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?$", re.I)
_YEAR_NUMBER = re.compile(r"^(?:1[5-9]\d\d|20\d\d)$")
_FUTURE_PLANNED = _WORDS.words("future_planned")
_FUTURE_WORDS = _WORDS.words("future_words")


# ------------------------------------------------------------------ mentions
def _widen(span: Span) -> Span:
    """Take in the day or year the model left outside the entity ("10 [November 2020]")."""
    doc = span.doc
    start, end = span.start, span.end
    first, last = doc[start], doc[end - 1]
    if start > 0 and _MONTH_WORD.match(first.text) and _DAY_NUMBER.match(doc[start - 1].text):
        start -= 1
    elif (
        start > 1
        and _MONTH_WORD.match(first.text)
        and doc[start - 1].lower_ == "of"
        and _DAY_NUMBER.match(doc[start - 2].text)
    ):
        start -= 2
    if end < len(doc) and _MONTH_WORD.match(last.text) and _DAY_NUMBER.match(doc[end].text):
        end += 1
        last = doc[end - 1]
    if (
        end + 1 < len(doc)
        and _DAY_NUMBER.match(last.text)
        and doc[end].text == ","
        and _YEAR_NUMBER.match(doc[end + 1].text)
    ):
        end += 2
    return doc[start:end]


def _is_modal_may(span: Span) -> bool:
    return len(span) == 1 and span[0].lower_ == "may" and span[0].tag_ == "MD"


def _governing_verb(token: Token) -> Token | None:
    for candidate in (token, *token.ancestors):
        if candidate.pos_ in ("VERB", "AUX"):
            return candidate
    return None


def _speaks_of_future(span: Span) -> bool:
    """Whether the clause holding ``span`` is in the future ("will take place on 15-16 Sept")."""
    # "the upcoming summit on 15 September", "next Monday"
    if any(
        t.lower_ in _FUTURE_WORDS for t in span.doc[max(span.sent.start, span.start - 6) : span.end]
    ):
        return True
    verb = _governing_verb(span.root)
    while verb is not None:
        for child in verb.children:
            if child.dep_ in ("aux", "auxpass") and child.lower_ in FUTURE_AUX:
                return True
        if verb.lower_ in _FUTURE_PLANNED and any(c.dep_ == "xcomp" for c in verb.children):
            return True
        # "is to take place": the head of an infinitival complement carries the tense.
        if verb.dep_ in ("xcomp", "ccomp", "relcl", "conj", "advcl") and verb.head is not verb:
            head = verb.head
            if head.lower_ in _FUTURE_PLANNED:
                return True
            if verb.dep_ == "xcomp":
                verb = head
                continue
        break
    return False


def _mention(text: str, start: int, end: int, parsed: ParsedDate) -> DateMention:
    return DateMention(
        text=text,
        start=start,
        end=end,
        value=parsed.value,
        end_value=parsed.end_value,
        precision=parsed.precision,
    )


def resolve_dates(doc: Doc, published: dt.date | None) -> list[DateMention]:
    """DATE entities and named periods in ``doc``, resolved; offsets index ``doc.text``."""
    periods = find_periods(doc)
    taken = [(period.start, period.end) for period in periods]
    mentions: list[DateMention] = list(periods)
    for entity in doc.ents:
        if entity.label_ != "DATE" or _is_modal_may(entity):
            continue
        span = _widen(entity)
        if any(span.start_char < end and start < span.end_char for start, end in taken):
            continue  # inside a named period ("44-day" of "the 44-day Karabakh War")
        prefer: Prefer = "future" if _speaks_of_future(span) else "past"
        parsed = parse_date_text(span.text, published, prefer)
        if parsed is None:
            continue
        taken.append((span.start_char, span.end_char))
        mentions.append(_mention(span.text, span.start_char, span.end_char, parsed))
    mentions.sort(key=lambda mention: mention.start)
    return mentions


# ------------------------------------------------------------------ events
def _event_date(mention: DateMention) -> tuple[str | None, DatePrecision]:
    """An event's date from a mention: a long range dates it to the month or year it spans."""
    if mention.value is None:
        return None, "none"
    if mention.end_value is None:
        return mention.value, mention.precision
    start = dt.date.fromisoformat(mention.value)
    end = dt.date.fromisoformat(mention.end_value)
    if (end - start).days < _SHORT_RANGE_DAYS or mention.precision != "day":
        return mention.value, mention.precision
    if (start.year, start.month) == (end.year, end.month):
        return mention.value, "month"
    return mention.value, "year"


def _is_point(mention: DateMention) -> bool:
    if mention.value is None or mention.precision == "year":
        return False
    if mention.end_value is None:
        return True
    span = dt.date.fromisoformat(mention.end_value) - dt.date.fromisoformat(mention.value)
    return span.days < _SHORT_RANGE_DAYS


def _last_day(mention: DateMention) -> dt.date | None:
    if mention.value is None:
        return None
    return dt.date.fromisoformat(mention.end_value or mention.value)


def _token_at(doc: Doc, start: int, end: int) -> Token | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


#: A date that modifies a noun ("the 10 November 2020 agreement") names a thing's date, not
#: the time of the event; such attachments rank after temporal modifiers of the trigger.
_NOUN_MODIFIER_DEPS = frozenset({"compound", "nmod", "amod", "nummod", "poss", "appos"})
_MAX_HOPS = 8


def _attachment_rank(date_root: Token, trigger: Token) -> int | None:
    """How directly a date hangs on the trigger (lower is closer); None when not attached."""
    penalty = 2 if date_root.dep_ in _NOUN_MODIFIER_DEPS else 0
    for hops, ancestor in enumerate(date_root.ancestors, start=1):
        if ancestor == trigger:
            return hops + penalty
        if hops >= _MAX_HOPS:
            break
    if date_root in trigger.ancestors:
        return _MAX_HOPS + penalty
    verb = _governing_verb(date_root)
    if verb is not None and verb == _governing_verb(trigger):
        return _MAX_HOPS + 1 + penalty
    return None


def _pick_in_sentence(
    doc: Doc, candidates: list[DateMention], trigger_start: int, trigger_end: int
) -> tuple[DateMention, bool]:
    """The sentence's date for the trigger, and whether the parse attaches it to the trigger."""

    def distance(mention: DateMention) -> int:
        return min(abs(mention.start - trigger_end), abs(trigger_start - mention.end))

    trigger = _token_at(doc, trigger_start, trigger_end)
    if trigger is not None:
        ranked: list[tuple[int, int, DateMention]] = []
        for mention in candidates:
            root = _token_at(doc, mention.start, mention.end)
            rank = _attachment_rank(root, trigger) if root is not None else None
            if rank is not None:
                ranked.append((rank, distance(mention), mention))
        if ranked:
            return min(ranked, key=lambda item: item[:2])[2], True
    return min(candidates, key=distance), False


def _paragraph_starts(text: str) -> list[int]:
    return [0, *(match.end() for match in re.finditer(r"\n\s*\n", text))]


def date_events(
    doc: Doc, events: list[Event], dates: list[DateMention], published: dt.date | None
) -> list[Event]:
    """Events with ``date``, ``date_precision`` and ``modality.historical`` set (new objects)."""
    if not events:
        return events
    paragraphs = _paragraph_starts(doc.text)
    sentence_spans = [(sent.start_char, sent.end_char) for sent in doc.sents]
    sentence_starts = [start for start, _ in sentence_spans]
    dated = [mention for mention in dates if mention.value is not None]

    def mentions_in(start: int, end: int) -> list[DateMention]:
        return [m for m in dated if start <= m.start and m.end <= end]

    out: list[Event] = []
    for event in events:
        evidence = event.evidence
        chosen: DateMention | None = None
        in_sentence = mentions_in(evidence.start, evidence.end)
        rule: DateRule = "paragraph-date"
        if in_sentence:
            trigger = evidence.trigger
            chosen, attached = _pick_in_sentence(doc, in_sentence, trigger.start, trigger.end)
            rule = "trigger-date" if attached else "sentence-date"
        else:
            paragraph_start = paragraphs[bisect.bisect_right(paragraphs, evidence.start) - 1]
            index = bisect.bisect_right(sentence_starts, evidence.start) - 1
            for start, end in reversed(sentence_spans[: max(index, 0)]):
                if start < paragraph_start:
                    break
                # Only a point in time carries over to the next sentences: a war or a year
                # named in passing is background, not the date of what follows.
                found = [m for m in mentions_in(start, end) if _is_point(m)]
                if found:
                    chosen = found[-1]
                    break
        if chosen is not None:
            date, precision = _event_date(chosen)
            last_day = _last_day(chosen)
        else:
            date, precision = (published.isoformat() if published else None), "none"
            last_day = None
        by_date = bool(
            published
            and last_day is not None
            and (published - last_day).days > HISTORICAL_AFTER_DAYS
        )
        historical = event.modality.historical or by_date
        out.append(
            event.model_copy(
                update={
                    "date": date,
                    "date_precision": precision,
                    "modality": event.modality.model_copy(update={"historical": historical}),
                    "explanation": _date_explanation(
                        event, chosen, rule, date, precision, published, by_date
                    ),
                }
            )
        )
    return out


DateRule = Literal["trigger-date", "sentence-date", "paragraph-date", "publication-date", "none"]
_DATE_REASONS: dict[str, str] = {
    "trigger-date": "a date in the event's sentence, attached to the trigger in the parse",
    "sentence-date": "the date in the event's sentence nearest the trigger",
    "paragraph-date": "no date in the sentence: the last point in time named earlier in its "
    "paragraph",
    "publication-date": "no date in the sentence or its paragraph: the publication date, "
    "precision none",
    "none": "no date in the sentence or its paragraph, and no publication date",
}


def _date_explanation(
    event: Event,
    chosen: DateMention | None,
    rule: DateRule,
    date: str | None,
    precision: DatePrecision,
    published: dt.date | None,
    by_date: bool,
) -> Explanation | None:
    """The event's explanation with its date part (and the cue of a historical flag) added."""
    if event.explanation is None:
        return None
    if chosen is None:
        rule = "publication-date" if published else "none"
    part = DateExplanation(
        rule=rule,
        expression=chosen.text if chosen else None,
        value=date,
        precision=precision,
        reason=_DATE_REASONS[rule],
    )
    cues = [c for c in event.explanation.modality if c.flag != "historical"]
    if by_date:
        cues.append(
            ModalityCue(
                flag="historical",
                cue=f"{chosen.text if chosen else date}: more than {HISTORICAL_AFTER_DAYS} days "
                f"before publication ({published})",
            )
        )
    return event.explanation.model_copy(update={"date": part, "modality": cues})
