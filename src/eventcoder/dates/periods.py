"""Named historical periods ("the 44-day Karabakh War") as date ranges, from a data file."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from spacy.lang.en import English
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.util import filter_spans

from eventcoder.models import DateMention
from eventcoder.paths import data_path

PERIODS_FILE = data_path("dates", "periods.json")


@dataclass(frozen=True)
class Period:
    name: str
    start: dt.date
    end: dt.date


@lru_cache(maxsize=1)
def load_periods() -> dict[str, tuple[Period, tuple[str, ...]]]:
    raw = json.loads(PERIODS_FILE.read_text(encoding="utf-8"))
    return {
        item["name"]: (
            Period(
                item["name"],
                dt.date.fromisoformat(item["start"]),
                dt.date.fromisoformat(item["end"]),
            ),
            tuple(item["aliases"]),
        )
        for item in raw["periods"]
    }


#: The loaded pipeline's tokenizer, set by the dates component when it is made.
_pipeline_tokenizer: Callable[[str], Doc] | None = None


def use_tokenizer(tokenizer: Callable[[str], Doc]) -> None:
    """Make the period patterns with the pipeline's own tokenizer (and vocab): building a
    second, blank English one just for them costs ~0.2 s of every start."""
    global _pipeline_tokenizer
    _pipeline_tokenizer = tokenizer
    _matcher.cache_clear()


@lru_cache(maxsize=1)
def _matcher() -> PhraseMatcher:
    # Pattern docs from an English tokenizer (the pipeline's, else a blank one: same rules);
    # PhraseMatcher compares string hashes, so it matches any English Doc.
    tokenizer = _pipeline_tokenizer or English().tokenizer
    matcher = PhraseMatcher(tokenizer.vocab, attr="LOWER")  # type: ignore[attr-defined]
    for name, (_, aliases) in load_periods().items():
        matcher.add(name, [tokenizer(alias) for alias in aliases])
    return matcher


def find_periods(doc: Doc) -> list[DateMention]:
    """Mentions of named periods in ``doc``, longest match first, as day-precision ranges."""
    periods = load_periods()
    matcher = _matcher()
    matches = matcher(doc)
    spans = [doc[start:end] for _, start, end in matches]
    labels = {(start, end): match_id for match_id, start, end in matches}
    mentions: list[DateMention] = []
    for span in filter_spans(spans):
        name = matcher.vocab.strings[labels[(span.start, span.end)]]
        period = periods[name][0]
        mentions.append(
            DateMention(
                text=span.text,
                start=span.start_char,
                end=span.end_char,
                value=period.start.isoformat(),
                end_value=period.end.isoformat(),
                precision="day",
            )
        )
    return mentions
