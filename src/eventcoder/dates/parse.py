"""Turn the text of one DATE mention into a date (or range) with its precision.

dateparser does the parsing, relative to the publication date; around it sit the rules it lacks:
ranges ("September 15-16" is two days, not the year 2016), decades, "early/mid/late" modifiers,
weeks as seven-day ranges, durations ("44-day", "two years") refused, and — when there is no
publication date — a year that the text does not state is left unknown, never guessed.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from eventcoder.models import DatePrecision

Prefer = Literal["past", "future"]

_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?:1[5-9]\d\d|20\d\d)"
_SEP = r"\s*(?:-|–|—|to|through|until|till|and)\s*"

_EXPLICIT_YEAR = re.compile(rf"\b{_YEAR}s?\b|['’]\d\ds?\b")
_DECADE = re.compile(r"^(?:the\s+)?(?P<decade>1[5-9]\d0|20\d0)['’]?s$", re.I)
_YEAR_RANGE = re.compile(
    rf"^(?:from\s+|between\s+)?(?P<y1>{_YEAR}){_SEP}(?P<y2>{_YEAR}|\d\d)$", re.I
)
# "September 15-16", "Sept. 15 to 16, 2022"
_MONTH_DAY_RANGE = re.compile(
    rf"^(?:from\s+|between\s+)?(?P<month>{_MONTHS})\s+(?P<d1>{_DAY}){_SEP}(?P<d2>{_DAY})"
    rf"(?:,?\s+(?P<year>{_YEAR}))?$",
    re.I,
)
# "15-16 September", "15 to 16 September 2022"
_DAY_MONTH_RANGE = re.compile(
    rf"^(?:from\s+|between\s+)?(?:the\s+)?(?P<d1>{_DAY}){_SEP}(?:the\s+)?(?P<d2>{_DAY})"
    rf"\s+(?:of\s+)?(?P<month>{_MONTHS})(?:,?\s+(?P<year>{_YEAR}))?$",
    re.I,
)
# Two full dates: "12 September - 3 October", "from March 3 to April 5, 2021"
_GENERIC_RANGE = re.compile(
    r"^(?:from\s+|between\s+)(?P<a>.+?)\s+(?:to|until|till|and|through)\s+(?P<b>.+)$"
    r"|^(?P<c>.+?)\s*(?:–|—|\s-\s)\s*(?P<d>.+)$",
    re.I,
)
# Durations and ages: "44-day", "two years", "a week", "56 years old" are not points in time.
_NUMBER_WORD = (
    r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"fifteen|twenty|thirty|forty|fifty|hundred|several|few|a few|many|some|couple of|a couple of)"
)
_UNIT = r"(?:day|night|week|month|year|decade|century|hour)s?"
_DURATION = re.compile(
    rf"^(?:the\s+|for\s+|over\s+|within\s+|about\s+|nearly\s+|almost\s+|more than\s+|"
    rf"just\s+|only\s+|some\s+|roughly\s+|around\s+|another\s+|"
    rf"less than\s+|at least\s+|up to\s+)*(?:(?:past|last|next|first|coming|previous|recent)\s+)?"
    rf"{_NUMBER_WORD}(?:[\s-]+(?:and\s+a\s+half\s+)?){_UNIT}(?:[\s-]+(?:long|old))?$",
    re.I,
)
# "Four years later", "a decade earlier": relative to a time in the story, not to publication.
_NARRATIVE_RELATIVE = re.compile(r"\b(?:later|earlier|afterwards?|before|prior)$", re.I)
_AGE = re.compile(r"\b(?:years?|months?)[\s-]old\b|\baged?\b", re.I)
_MODIFIER = re.compile(
    r"^(?:(?:on|in|since|from|by|until|till|before|after|during|as of|around|about|"
    r"circa|approximately|the)\s+)*"
    r"(?P<mod>early|mid|late|the (?:beginning|start|middle|end) of|beginning of|start of|"
    r"middle of|end of)?[\s-]*",
    re.I,
)
# Lower-case "may"/"march" are the verbs; capitalised "May" is checked against its POS upstream.
_NOT_DATES = re.compile(
    r"^(?:may|march|[Tt]he day|[Tt]he days|[Dd]ays|[Yy]ears|[Mm]onths|[Ww]eeks|[Dd]ecades)$"
)
#: dateparser needs some base for relative dates; without a publication date we use this one
#: only to learn a mention's precision, and never report the value it gives.
_PRECISION_ONLY_BASE = dt.date(2001, 1, 1)


@dataclass(frozen=True)
class ParsedDate:
    start: dt.date | None
    end: dt.date | None
    precision: DatePrecision

    @property
    def value(self) -> str | None:
        return self.start.isoformat() if self.start else None

    @property
    def end_value(self) -> str | None:
        if self.start is None or self.end is None or self.end == self.start:
            return None
        return self.end.isoformat()


def has_explicit_year(text: str) -> bool:
    return bool(_EXPLICIT_YEAR.search(text))


@lru_cache(maxsize=8)
def _parser(base: dt.date | None, prefer: Prefer):  # type: ignore[no-untyped-def]
    from dateparser.date import DateDataParser

    settings: dict[str, object] = {
        "PREFER_DATES_FROM": prefer,
        "PREFER_DAY_OF_MONTH": "first",
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    if base is not None:
        settings["RELATIVE_BASE"] = dt.datetime.combine(base, dt.time())
    return DateDataParser(languages=["en"], settings=settings)


def _month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _interval(day: dt.date, precision: str) -> ParsedDate:
    if precision == "year":
        return ParsedDate(dt.date(day.year, 1, 1), dt.date(day.year, 12, 31), "year")
    if precision == "month":
        first = day.replace(day=1)
        return ParsedDate(first, _month_end(first), "month")
    if precision == "week":
        monday = day - dt.timedelta(days=day.weekday())
        return ParsedDate(monday, monday + dt.timedelta(days=6), "day")
    return ParsedDate(day, day, "day")


def _dateparse(text: str, published: dt.date | None, prefer: Prefer) -> ParsedDate | None:
    """One date through dateparser; None when it fails or the result needs a guessed year."""
    explicit = has_explicit_year(text)
    base = published or (None if explicit else _PRECISION_ONLY_BASE)
    data = _parser(base, prefer).get_date_data(text)
    if data is None or data.date_obj is None:
        return None
    period = data.period or "day"
    if period == "time" or data.date_obj.time() != dt.time():
        # "the 1990s" comes back as 1990 seconds ago: a clock time is never a DATE entity.
        return None
    parsed = _interval(data.date_obj.date(), period)
    if published is None and not explicit:
        return ParsedDate(None, None, parsed.precision)
    return parsed


def _add_year(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def _day(text: str) -> int:
    return int(re.sub(r"\D", "", text))


def _range_in_month(
    match: re.Match[str], published: dt.date | None, prefer: Prefer
) -> ParsedDate | None:
    first, last = _day(match.group("d1")), _day(match.group("d2"))
    if not 1 <= first < last <= 31:
        return None
    year = match.group("year")
    anchor = _dateparse(
        f"{match.group('month')} {first}" + (f" {year}" if year else ""), published, prefer
    )
    if anchor is None:
        return None
    if anchor.start is None:  # year unknown
        return ParsedDate(None, None, "day")
    try:
        return ParsedDate(anchor.start, anchor.start.replace(day=last), "day")
    except ValueError:
        return None


def parse_date_text(
    text: str, published: dt.date | None, prefer: Prefer = "past"
) -> ParsedDate | None:
    """Resolve one DATE mention's text; None when it is not a point or span in time."""
    text = " ".join(text.split())
    if not text or _NOT_DATES.match(text) or _DURATION.match(text) or _AGE.search(text):
        return None
    if _NARRATIVE_RELATIVE.search(text) and not has_explicit_year(text):
        return None
    if re.fullmatch(r"\d+-[A-Za-z]+(?:-[A-Za-z]+)?", text):
        return None  # "44-day", "five-year"
    if match := _DECADE.match(text):
        decade = int(match.group("decade"))
        return ParsedDate(dt.date(decade, 1, 1), dt.date(decade + 9, 12, 31), "year")
    if match := _YEAR_RANGE.match(text):
        first = int(match.group("y1"))
        last_text = match.group("y2")
        last = int(last_text) if len(last_text) == 4 else first // 100 * 100 + int(last_text)
        if last <= first:
            return None
        return ParsedDate(dt.date(first, 1, 1), dt.date(last, 12, 31), "year")
    for pattern in (_MONTH_DAY_RANGE, _DAY_MONTH_RANGE):
        if match := pattern.match(text):
            return _range_in_month(match, published, prefer)

    core = text
    modifier = _MODIFIER.match(text)
    if modifier is not None:
        core = text[modifier.end() :]
    if not core:
        return None
    if parsed := _dateparse(core, published, prefer):
        return parsed
    if match := _GENERIC_RANGE.match(core):
        left = match.group("a") or match.group("c")
        right = match.group("b") or match.group("d")
        year = _EXPLICIT_YEAR.search(right)
        if year and not has_explicit_year(left):
            left = f"{left} {year.group()}"  # "March 3 to April 5, 2021": one year for both
        start = parse_date_text(left, published, prefer)
        end = parse_date_text(right, published, prefer)
        crosses_new_year = not has_explicit_year(right)  # "12 December - 3 January"
        if (
            start
            and end
            and start.start
            and end.start
            and end.end
            and end.end < start.start
            and crosses_new_year
        ):
            end = ParsedDate(_add_year(end.start), _add_year(end.end), end.precision)
        if start and end and start.start and end.end and start.start < end.end:
            return ParsedDate(
                start.start, end.end, "day" if start.precision == "day" else end.precision
            )
    return None
