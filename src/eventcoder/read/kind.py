"""Classify a document as news or opinion (analysis, column, op-ed) from cues in its raw text.

The cues (``data/read/kind_cues.json``) are searched in the title and the raw body *before*
boilerplate is cut, because the strongest evidence of an opinion piece is often the disclaimer
at its foot ("Ideas in the articles belong to the author..."). Each cue counts once; opinion cues
add weight, wire-news cues subtract it; densities (modal "should", first person outside quotes)
add weight when the text is argumentative throughout rather than in one quote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from eventcoder.models import DocumentKind
from eventcoder.read.data import load_json

_QUOTED = re.compile(r"[\"“][^\"“”]{0,600}[\"”]")
_WORD = re.compile(r"\b\w+\b")
_MAX_EVIDENCE_CHARS = 80


@dataclass(frozen=True)
class Cue:
    label: str
    weight: float
    pattern: re.Pattern[str]
    head_only: bool


@dataclass(frozen=True)
class Density:
    label: str
    weight: float
    per_1000_words: float
    pattern: re.Pattern[str]
    outside_quotes: bool


@dataclass(frozen=True)
class KindCues:
    threshold: float
    head_chars: int
    cues: tuple[Cue, ...]
    densities: tuple[Density, ...]


@dataclass(frozen=True)
class KindDecision:
    kind: DocumentKind
    score: float
    evidence: list[str]


def _flags(item: dict) -> int:
    return 0 if item.get("case_sensitive") else re.I


@lru_cache(maxsize=1)
def load_cues() -> KindCues:
    raw = load_json("kind_cues.json")
    return KindCues(
        threshold=raw["opinion_threshold"],
        head_chars=raw["head_chars"],
        cues=tuple(
            Cue(
                c["label"],
                c["weight"],
                re.compile(c["pattern"], _flags(c)),
                c.get("scope") == "head",
            )
            for c in raw["cues"]
        ),
        densities=tuple(
            Density(
                d["label"],
                d["weight"],
                d["per_1000_words"],
                re.compile(d["pattern"], _flags(d)),
                bool(d.get("outside_quotes")),
            )
            for d in raw["densities"]
        ),
    )


def _snippet(match: re.Match[str]) -> str:
    text = match.groupdict().get("evidence") or match.group()
    text = " ".join(text.split())
    return text if len(text) <= _MAX_EVIDENCE_CHARS else text[: _MAX_EVIDENCE_CHARS - 1] + "…"


def classify_kind(title: str | None, raw_text: str) -> KindDecision:
    """Decide news/opinion; the evidence is the snippets on the winning side."""
    cues = load_cues()
    text = f"{title}\n\n{raw_text}" if title else raw_text
    head = text[: cues.head_chars + (len(title) + 2 if title else 0)]
    score = 0.0
    opinion_evidence: list[str] = []
    news_evidence: list[str] = []
    for cue in cues.cues:
        match = cue.pattern.search(head if cue.head_only else text)
        if match is None:
            continue
        score += cue.weight
        (opinion_evidence if cue.weight > 0 else news_evidence).append(_snippet(match))

    words = max(len(_WORD.findall(raw_text)), 1)
    unquoted = _QUOTED.sub(" ", raw_text)
    for density in cues.densities:
        hits = density.pattern.findall(unquoted if density.outside_quotes else raw_text)
        rate = 1000 * len(hits) / words
        # At least three hits, so one stray word in a short text is not a "density".
        if len(hits) >= 3 and rate >= density.per_1000_words:
            score += density.weight
            opinion_evidence.append(
                f"{density.label}: {len(hits)} in {words} words ({rate:.1f} per 1,000)"
            )

    if score >= cues.threshold:
        return KindDecision("opinion", score, opinion_evidence)
    return KindDecision("news", score, news_evidence)
