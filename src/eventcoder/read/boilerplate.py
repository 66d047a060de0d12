"""Find page boilerplate (comment forms, share bars, cookie notices, bios, disclaimers) by line.

Rules are data (``data/read/boilerplate.json``): each is a regular expression that must match a
whole line, limited to the head or tail of the body where that kind of boilerplate lives, so a
real paragraph in the middle of an article is never cut because it resembles one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from eventcoder.read.data import load_json

Scope = Literal["any", "head", "tail", "section"]


@dataclass(frozen=True)
class Line:
    """One non-blank line of the raw body, stripped, with its offsets in the raw body."""

    text: str
    start: int
    end: int
    index: int  # position among the non-blank lines
    paragraph: int  # lines separated by blank lines belong to different paragraphs


@dataclass(frozen=True)
class Rule:
    reason: str
    scope: Scope
    pattern: re.Pattern[str]
    max_chars: int | None


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[Rule, ...]
    head_lines: int
    tail_lines: int
    section_item_max_words: int


@dataclass(frozen=True)
class Cut:
    line: Line
    reason: str
    author: str | None = None


@lru_cache(maxsize=1)
def load_rules() -> RuleSet:
    raw = load_json("boilerplate.json")
    rules = tuple(
        Rule(
            reason=item["reason"],
            scope=item["scope"],
            pattern=re.compile(item["pattern"], 0 if item.get("case_sensitive") else re.I),
            max_chars=item.get("max_chars"),
        )
        for item in raw["rules"]
    )
    return RuleSet(rules, raw["head_lines"], raw["tail_lines"], raw["section_item_max_words"])


def split_lines(text: str) -> list[Line]:
    """Non-blank lines with offsets (of the stripped text) and paragraph numbers."""
    lines: list[Line] = []
    paragraph = 0
    previous_blank = False
    offset = 0
    for content in text.split("\n"):
        line_start, offset = offset, offset + len(content) + 1
        stripped = content.strip()
        if not stripped:
            previous_blank = True
            continue
        if previous_blank and lines:
            paragraph += 1
        previous_blank = False
        start = line_start + len(content) - len(content.lstrip())
        lines.append(Line(stripped, start, start + len(stripped), len(lines), paragraph))
    return lines


def _looks_like_list_item(text: str, max_words: int) -> bool:
    """A related-article headline: short and not a finished sentence."""
    return len(text.split()) <= max_words and not re.search(r"[.!?:;]['\"”’)]?$", text)


def find_boilerplate(lines: list[Line]) -> list[Cut]:
    """The lines to cut, each with the reason (and, for bylines, the author it names)."""
    rules = load_rules()
    count = len(lines)
    cuts: dict[int, Cut] = {}
    index = 0
    while index < count:
        line = lines[index]
        in_head = index < rules.head_lines
        in_tail = index >= count - rules.tail_lines
        for rule in rules.rules:
            if rule.scope == "head" and not in_head:
                continue
            if rule.scope == "tail" and not in_tail:
                continue
            if rule.max_chars is not None and len(line.text) > rule.max_chars:
                continue
            match = rule.pattern.fullmatch(line.text)
            if match is None:
                continue
            author = match.groupdict().get("author")
            cuts[index] = Cut(line, rule.reason, author.strip() if author else None)
            if rule.scope == "section":
                # The heading takes the short headline list that follows it.
                follow = index + 1
                while follow < count and _looks_like_list_item(
                    lines[follow].text, rules.section_item_max_words
                ):
                    cuts[follow] = Cut(lines[follow], rule.reason)
                    follow += 1
                index = follow - 1
            break
        index += 1
    # Never cut everything: a body that is all "boilerplate" is a misfire of the rules.
    if len(cuts) == count:
        return []
    return [cuts[i] for i in sorted(cuts)]
