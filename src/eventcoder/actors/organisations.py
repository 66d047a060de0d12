"""Organisations no dictionary knows, by the head words of their names ('Police Department',
'University'), with the country a state or place in the name gives, and acronyms defined
after the full name."""

from __future__ import annotations

from spacy.attrs import LOWER, ORTH
from spacy.tokens import Doc

from eventcoder.actors.context import CountryContext
from eventcoder.actors.data import (
    ORG_HEADS_FILE,
    fold,
)
from eventcoder.actors.matches import TO_INFER, Match, Resolved
from eventcoder.actors.resolve_words import (
    LEADING_WORDS,
    MAX_ACRONYM,
    MAX_HEAD_TOKENS,
    MIN_ACRONYM,
    NER_PERSON,
    ORG_LINK_WORDS,
    PERSON,
    PLACE_HINT_MIN_POPULATION,
)
from eventcoder.actors.short_forms import token_positions


def _organisation_spans(doc: Doc, heads: dict[str, str]) -> list[tuple[int, int]]:
    """Token ranges that may name an organisation: ORG entities (without a leading "the" or a
    final possessive), and runs of capitalised words ending with a capitalised head word
    ("Accra Port Workers Union", where the model tagged only "Accra")."""
    spans: list[tuple[int, int]] = []
    for ent in doc.ents:
        if ent.label_ != "ORG":
            continue
        start = ent.start + (1 if ent[0].lower_ in LEADING_WORDS and len(ent) > 1 else 0)
        end = ent.end - (1 if ent[-1].tag_ == "POS" and len(ent) > 1 else 0)
        spans.append((start, end))
    in_org = {i for start, end in spans for i in range(start, end)}
    for i in token_positions(doc, LOWER, heads):
        token = doc[i]
        if token.i in in_org or not token.text[:1].isupper():
            continue
        if (
            token.i + 1 < len(doc)
            and doc[token.i + 1].text[:1].isupper()
            and doc[token.i + 1].is_alpha
        ):
            continue  # not the end of the capitalised run
        start = token.i
        while (
            start > 0
            and doc[start - 1].is_alpha
            and doc[start - 1].text[:1].isupper()
            and doc[start - 1].lower_ not in LEADING_WORDS
            and doc[start - 1].ent_type_ not in {"PERSON", "DATE", "TIME"}
            and not doc[start - 1].is_sent_start
        ):
            start -= 1
        if start < token.i:
            spans.append((start, token.i + 1))
    return spans


def _org_head(doc: Doc, start: int, end: int, heads: dict[str, str]) -> tuple[int, int, str] | None:
    """The head phrase of an organisation name over tokens [start, end): the longest table
    phrase ending the name, else one opening it before "of" ("Ministry of Water")."""
    for size in range(min(MAX_HEAD_TOKENS, end - start - 1), 0, -1):
        phrase = fold(doc[end - size : end].text)
        if phrase in heads:
            return end - size, end, phrase
    for size in range(min(MAX_HEAD_TOKENS, end - start - 1), 0, -1):
        if start + size < end and doc[start + size].lower_ == "of":
            phrase = fold(doc[start : start + size].text)
            if phrase in heads:
                return start, start + size, phrase
    return None


def _place_hints(doc: Doc, start: int, end: int, head_start: int, head_end: int) -> tuple[str, ...]:
    """Where an organisation may be named after: the capitalised words opening its name, longest
    first ("Lagos State Traffic" -> "Lagos State Traffic", "Lagos State", "Lagos"), or those
    after "of" ("University of Nairobi" -> "Nairobi")."""
    runs: list[list[str]] = []
    if head_start > start:
        runs.append([t.text for t in doc[start:head_start]])
    else:
        after = [t for t in doc[head_end:end] if t.lower_ not in ORG_LINK_WORDS]
        runs.append([t.text for t in after])
    hints: list[str] = []
    for words in runs:
        proper = []
        for word in words:
            if not (word[:1].isupper() and word.replace("-", "").isalpha()):
                break
            proper.append(word)
        hints.extend(" ".join(proper[:size]) for size in range(len(proper), 0, -1))
    return tuple(hints)


def place_in_name(context: CountryContext, hints: tuple[str, ...]) -> tuple[str, str] | None:
    """The country of the place an organisation is named after ("New York" Police
    Department), as a ``phrase`` inference; None when its words name no notable place."""
    for hint in hints:
        countries = context.candidate_countries(hint)
        if not countries:
            continue
        code = max(countries, key=lambda c: countries[c])
        if fold(hint) in context.data.states or countries[code] >= PLACE_HINT_MIN_POPULATION:
            return code, "phrase"
    return None


def acronym_mentions(doc: Doc, found: list[Resolved]) -> list[Resolved]:
    """Later uses of an acronym of an actor named in full: defined in the text ("the New York
    Police Department (NYPD)") or spelled exactly by the initials of the full name's words
    ("New York Police Department" -> NYPD, link words such as "of" skipped). The acronym gets
    the full name's code, sector and name."""
    covered = [False] * len(doc)
    for item in found:
        for i in range(item.start, item.end):
            covered[i] = True
    acronyms: dict[str, Resolved] = {}
    for item in sorted(found, key=lambda r: r.start):
        if item.end - item.start < 2 or not item.code or item.kind == "person":
            continue
        words = [t for t in doc[item.start : item.end] if t.lower_ not in ORG_LINK_WORDS]
        initials = "".join(t.text[0] for t in words if t.text[:1].isupper())
        if len(initials) == len(words) and MIN_ACRONYM <= len(initials) <= MAX_ACRONYM:
            acronyms.setdefault(initials, item)
        end = item.end
        if end + 2 < len(doc) and doc[end].text == "(" and doc[end + 2].text == ")":
            defined = doc[end + 1].text
            if _is_acronym(defined):
                acronyms[defined] = item
                covered[end + 1] = True  # the definition itself is part of the full mention
    if not acronyms:
        return []
    extra: list[Resolved] = []
    for i in token_positions(doc, ORTH, set(acronyms)):
        token = doc[i]
        item = acronyms[token.text]
        if covered[token.i] or token.i < item.end:
            continue
        rule = f"acronym of {item.name!r} named in full earlier in the article"
        extra.append(
            Resolved(
                token.i,
                token.i + 1,
                item.code,
                item.sector,
                item.name,
                item.kind,
                item.country_source,
                rule,
            )
        )
    return extra


def _is_acronym(text: str) -> bool:
    letters = text.replace("&", "")
    return letters.isalpha() and letters.isupper() and MIN_ACRONYM <= len(text) <= MAX_ACRONYM


class Organisations:
    """Adds organisations found by the head words of their names."""

    def _add_organisations(
        self, doc: Doc, found: list[Resolved], matches: list[Match]
    ) -> list[Resolved]:
        """Organisations no dictionary knows, by the head words of their names
        (``org_heads.tsv``): "New York Police Department" -> COP, "Kenya Airways" -> BUS,
        "University of Lagos" -> EDU. An ORG entity, or a run of capitalised words the model
        left untagged ("the Accra Port Workers Union"), is one when its name ends with a head
        phrase or starts with one before "of". Its country is a state or demonym inside the name
        ("Kenya"), else a place inside it (``place_hint``: "New York", "Lagos"), else the
        context (actors/context.py). A name holding a person ("King Juan Carlos University")
        or already resolved at its head is left alone."""
        heads = self.data.org_heads
        if not heads or not len(doc):
            return found
        result = list(found)
        for start, end in _organisation_spans(doc, heads):
            if end - start < 2:
                continue  # a one-word name says nothing of what it is
            head = _org_head(doc, start, end, heads)
            if head is None:
                continue
            head_start, head_end, phrase = head
            inside = [r for r in result if r.start < end and start < r.end]
            if any(r.start < head_end and head_start < r.end for r in inside):
                continue  # the head already belongs to a resolved actor
            if any(r.kind == "person" for r in inside) or any(
                m.label in {PERSON, NER_PERSON} and m.start < end and start < m.end for m in matches
            ):
                continue  # named after a person: whose country is not the person's
            codes = {r.code for r in inside if r.code}
            if len(codes) > 1:
                continue
            name = doc[start:end].text
            code = next(iter(codes)) if codes else TO_INFER
            hints = () if codes else _place_hints(doc, start, end, head_start, head_end)
            rule = f"organisation name: {phrase!r} -> {heads[phrase]} ({ORG_HEADS_FILE})"
            result = [r for r in result if r not in inside]
            result.append(
                Resolved(
                    start, end, code, heads[phrase], name, "state", rule=rule, place_hints=hints
                )
            )
        return result
