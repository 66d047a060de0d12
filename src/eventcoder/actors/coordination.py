"""Coordinated names: entity spans the model merged over "and" and elliptical coordination.

1. The small model sometimes tags two coordinated names as one entity ("Ban Ki-moon and Ehud
   Barak" as one PERSON, "Israel and Syria" as one GPE). Such a span is split into its
   conjuncts before the actors stage reads the entities, so each conjunct is resolved like
   any other mention (a known leader to state and role, an unknown full name by the named
   private person rule) and later stages (places) see the conjuncts too. A span is split only
   when the whole is no name the dictionaries know ("Bosnia and Herzegovina", "Trinidad and
   Tobago" stay whole) and every conjunct looks like a name: for PERSON, a known name or
   two or more capitalised words ("Smith & Wesson", "Tom and Jerry" stay whole); for ORG,
   GPE and NORP, a name the dictionaries know ("Procter & Gamble", "Ministry of Trade and
   Industry" stay whole).
2. "North and South Korea", "South and North Korea", "East and West Germany": a capitalised
   modifier coordinated before "<Modifier> <Head>" shares that head; when the modifier with
   that head is itself a name of the same dictionary ("north korea", "east germany"), it is
   a match of its own, over the modifier's token. The head is the rest of a multi-word
   match ("South Korea" -> "Korea") or, when a capitalised word the dictionaries do not take
   precedes a match ("West Germany"), the whole match ("Germany"). Only names of the actor
   dictionaries count: a modifier-plus-head the gazetteer alone knows gives no actor code.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

from spacy.tokens import Doc, Span

from eventcoder.actors.data import fold
from eventcoder.actors.matches import Match
from eventcoder.actors.resolve_words import GROUP, IGO, NER_PERSON, PERSON, STATE
from eventcoder.paths import word_lists

#: The word lists of data/actors/words.toml.
_WORDS = word_lists("actors")

COORDINATORS = _WORDS.words("coordinators")
_SPLIT_LABELS = {"PERSON", "ORG", "GPE", "NORP"}
# Matches that are names (not agent words), and those of people.
_NAME_LABELS = {STATE, IGO, GROUP, PERSON, NER_PERSON}
_PERSON_LABELS = {PERSON, NER_PERSON}
# A full name: given name and surname at least ("Ehud Barak"); one word ("Barak") may be a
# company's or a pair's name ("Smith & Wesson").
_FULL_NAME_WORDS = 2


def _conjuncts(span: Span) -> list[Span]:
    """The parts of a span between coordinators (empty parts dropped)."""
    parts: list[Span] = []
    start = span.start
    for token in span:
        if token.lower_ in COORDINATORS:
            if token.i > start:
                parts.append(span.doc[start : token.i])
            start = token.i + 1
    if start < span.end:
        parts.append(span.doc[start : span.end])
    return parts


def _capitalised_words(span: Span) -> int:
    return sum(1 for t in span if t.is_alpha and t.text[:1].isupper())


def split_coordinated_entities(doc: Doc, known: Callable[[str], bool]) -> None:
    """Split entities merged over a coordinator into one entity per conjunct (in place).
    ``known``: whether a folded name is in the actor dictionaries."""
    changed = False
    entities: list[Span] = []
    for ent in doc.ents:
        inner = [t for t in ent[1:-1] if t.lower_ in COORDINATORS]
        if ent.label_ not in _SPLIT_LABELS or not inner or known(fold(ent.text)):
            entities.append(ent)
            continue
        parts = _conjuncts(ent)
        if len(parts) < 2 or not all(_is_name(part, ent.label_, known) for part in parts):
            entities.append(ent)
            continue
        entities.extend(Span(doc, part.start, part.end, label=ent.label_) for part in parts)
        changed = True
    if changed:
        doc.ents = entities


def _is_name(part: Span, label: str, known: Callable[[str], bool]) -> bool:
    if not part[0].text[:1].isupper():
        return False
    if known(fold(part.text)):
        return True
    return label == "PERSON" and _capitalised_words(part) >= _FULL_NAME_WORDS


def elliptical_matches(
    doc: Doc, matches: list[Match], tables: dict[str, Callable[[str], bool]]
) -> list[Match]:
    """'North and South Korea': a match for each coordinated modifier before a multi-word
    name whose modifier-plus-head is a name of the same table (``tables``: label -> whether
    a folded key is in that label's dictionary)."""
    found: list[Match] = []
    for match in matches:
        in_table = tables.get(match.label)
        if in_table is None:
            continue
        before = doc[match.start - 1] if match.start > 0 else None
        if match.end - match.start >= 2:
            # "North and South Korea": the match's first word is the second modifier.
            head_words = doc[match.start + 1 : match.end].text
            position = match.start
        elif before is not None and before.is_alpha and before.text[:1].isupper():
            # "East and West Germany": the second modifier is outside the match ("West
            # Germany" is no entry of its own); the match is the head.
            head_words = doc[match.start : match.end].text
            position = before.i
        else:
            continue
        # Walk back over "<Modifier> ," and "<Modifier> and" pairs: "East, West and Central X".
        while position >= 2 and doc[position - 1].lower_ in COORDINATORS:
            modifier = doc[position - 2]
            if not (modifier.is_alpha and modifier.text[:1].isupper()):
                break
            key = fold(f"{modifier.text} {head_words}")
            if not in_table(key) or key == match.key:
                break
            found.append(Match(match.label, modifier.i, modifier.i + 1, key))
            position = modifier.i
    return found


def separate_conjoined_names(doc: Doc, matches: list[Match]) -> None:
    """'Presidents Barack Obama and Dmitry Medvedev': a bad parse may attach both names to one
    noun-phrase head, which resolves them as one actor. When two name matches of one head (at
    least one of them a person) are joined by a coordinator, the matches from the previous
    such split up to the first name get that name's last token as their head, so each name
    is resolved on its own (in place; ``Match.head`` must be set)."""
    by_head: dict[int, list[Match]] = {}
    for match in matches:
        by_head.setdefault(match.head, []).append(match)
    for group in by_head.values():
        group.sort(key=lambda m: m.start)
        names = [m for m in group if m.label in _NAME_LABELS]
        split_from = -1
        for first, second in itertools.pairwise(names):
            if first.end > second.start or not {first.label, second.label} & _PERSON_LABELS:
                continue
            if not any(t.lower_ in COORDINATORS for t in doc[first.end : second.start]):
                continue
            for match in group:
                if split_from <= match.start < first.end:
                    match.head = first.end - 1
            split_from = first.end
