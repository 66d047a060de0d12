"""The trigger lexicon: which verbs and nouns start which PLOVER event.

Two layers, both data files in ``eventcoder/data/events/`` (see its README):

- ``core_triggers.tsv``: hand-written, readable, wins on conflicts (same lemma);
- ``cameo_verbs.tsv`` / ``cameo_patterns.tsv``: built by ``scripts/build_event_lexicon.py`` from
  PETRARCH2's CAMEO verb dictionary mapped through the OEDA CAMEO→PLOVER table.

A trigger may require words after it inside its phrase ("call" + "for" → REQUEST); the most
specific matching entry of the highest layer wins. Entries with event type ``-`` stop a lemma
(or a lemma + words) from coding at all.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from spacy.matcher import Matcher
from spacy.tokens import Doc, Token
from spacy.vocab import Vocab

from eventcoder.models import PLOVER_TYPES
from eventcoder.paths import data_path, word_lists

#: The word lists of data/events/words.toml.
_WORDS = word_lists("events")


#: Confidence prior of each lexicon layer (see docs/events.md, "Confidence").
LAYER_PRIOR: dict[str, float] = {"core": 0.85, "cameo-pattern": 0.7, "cameo": 0.55}
#: Words that cannot on their own make a CAMEO phrase pattern more specific than its verb.
FUNCTION_WORDS = _WORDS.words("function_words")
#: How far after a trigger its required words may appear (tokens).
WORDS_WINDOW = 12


@dataclass(frozen=True)
class Trigger:
    pos: str
    lemma: str
    words: tuple[frozenset[str], ...]
    event_type: str
    mode: str | None
    context: tuple[str, ...]
    flags: frozenset[str] = field(default_factory=frozenset)
    layer: str = "core"

    @property
    def blocks(self) -> bool:
        return self.event_type == "-"


@dataclass(frozen=True)
class Cue:
    kind: str
    event_type: str
    lemma: str
    value: str


def data_dir() -> Path:
    return data_path("events")


def load_reporting_cues(directory: Path | None = None) -> dict[tuple[str, str], str]:
    """(pos, lemma) → stance ('say', 'claim' or 'accuse') from ``reporting_cues.tsv``: the
    one list of reporting words, read by attribution (claims), quotations and modality."""
    path = (directory or data_dir()) / "reporting_cues.tsv"
    with path.open(encoding="utf-8") as handle:
        rows = [line for line in handle if line.strip() and not line.startswith("#")]
    return {(pos, lemma): stance for pos, lemma, stance in csv.reader(rows, delimiter="\t")}


def _rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8") as handle:
        lines = [line for line in handle if line.strip() and not line.startswith("#")]
    return [[cell.strip() for cell in row] for row in csv.reader(lines, delimiter="\t")]


# Cached: 38k CAMEO rows share ~2k word specs and ~20 contexts; one object each loads faster
# and keeps one copy in memory.
@cache
def _words(spec: str) -> tuple[frozenset[str], ...]:
    return tuple(frozenset(slot.split("|")) for slot in spec.split()) if spec else ()


@cache
def _function_words_only(slots: tuple[frozenset[str], ...]) -> bool:
    return all(slot <= FUNCTION_WORDS for slot in slots)


@cache
def _context(spec: str) -> tuple[str, ...]:
    return tuple(c.strip() for c in spec.split(";") if c.strip())


class TriggerLexicon:
    """Lookup from a parsed token to the :class:`Trigger` it starts, if any."""

    def __init__(self, triggers: list[Trigger], cues: list[Cue]) -> None:
        # lemma key → triggers, best first: core before CAMEO, more required words first.
        self.verbs: dict[str, list[Trigger]] = defaultdict(list)
        self.nouns: dict[str, list[Trigger]] = defaultdict(list)

        # Most specific first: core entries with required words, then CAMEO phrase patterns,
        # then the bare core lemma, then the bare CAMEO lemma.
        def rank(trigger: Trigger) -> tuple[int, int]:
            if trigger.layer == "core":
                return (0 if trigger.words else 2, -len(trigger.words))
            return (1 if trigger.words else 3, -len(trigger.words))

        for trigger in triggers:
            if trigger.event_type not in PLOVER_TYPES and not trigger.blocks:
                raise ValueError(f"trigger {trigger.lemma!r}: unknown type {trigger.event_type}")
            table = self.verbs if trigger.pos == "VERB" else self.nouns
            table[trigger.lemma].append(trigger)
        for table in (self.verbs, self.nouns):
            for entries in table.values():
                entries.sort(key=rank)
        self.mode_cues: dict[tuple[str, str], str] = {}
        self.context_cues: dict[str, str] = {}
        for cue in cues:
            if cue.kind == "mode":
                self.mode_cues[(cue.event_type, cue.lemma)] = cue.value
            else:
                self.context_cues[cue.lemma] = cue.value
        self._matchers: dict[int, Matcher] = {}
        #: Regular inflections of the lexicon's one-word verbs → the verb ("raped" → "rape"),
        #: to repair lemmas the statistical lemmatizer gets wrong (see :meth:`repair_lemmas`).
        self.verb_forms: dict[str, str] = {}
        for lemma in sorted(self.verbs):
            if lemma.isalpha():
                for form in _regular_forms(lemma):
                    self.verb_forms.setdefault(form, lemma)

    @classmethod
    def from_package_data(cls, directory: Path | None = None) -> TriggerLexicon:
        directory = directory or data_dir()
        triggers: list[Trigger] = []
        for pos, lemma, words, event_type, mode, context, *rest in _rows(
            directory / "core_triggers.tsv"
        ):
            flags = frozenset(f for f in (rest[0] if rest else "").split(",") if f)
            triggers.append(
                Trigger(
                    pos,
                    lemma.lower(),
                    _words(words),
                    event_type,
                    mode or None,
                    _context(context),
                    flags,
                    "core",
                )
            )
        core_verbs = {t.lemma for t in triggers if t.pos == "VERB"}
        # The core layer wins on conflicts: bare CAMEO verbs the core layer already covers are
        # skipped, so the readable layer alone decides those verbs.
        for lemma, _code, event_type, mode, context in _rows(directory / "cameo_verbs.tsv")[1:]:
            if lemma not in core_verbs:
                triggers.append(
                    Trigger(
                        "VERB",
                        lemma,
                        (),
                        event_type,
                        mode or None,
                        _context(context),
                        frozenset(),
                        "cameo",
                    )
                )
        # CAMEO phrase patterns stay even for core lemmas ("meet" + "demands" is CONCEDE, not
        # CONSULT): a pattern is more specific than a bare lemma. Lemmas the core layer stops
        # ("say", "take", "hold") stay stopped: their CAMEO patterns fire on reporting verbs.
        stopped = {t.lemma for t in triggers if t.layer == "core" and t.blocks and not t.words}
        for lemma, words, _code, event_type, mode, context in _rows(
            directory / "cameo_patterns.tsv"
        )[1:]:
            slots = _words(words)
            if lemma in stopped or _function_words_only(slots):
                continue  # "verb + to/with" alone says too little to override a lemma
            triggers.append(
                Trigger(
                    "VERB",
                    lemma,
                    slots,
                    event_type,
                    mode or None,
                    _context(context),
                    frozenset(),
                    "cameo-pattern",
                )
            )
        cues = [Cue(*row[:4]) for row in _rows(directory / "cues.tsv")]
        return cls(triggers, cues)

    # ------------------------------------------------------------------ matching
    def matcher(self, vocab: Vocab) -> Matcher:
        """A spaCy Matcher over trigger lemmas, built once per vocabulary."""
        key = id(vocab)
        if key not in self._matchers:
            matcher = Matcher(vocab)
            matcher.add("VERB", [[{"LEMMA": {"IN": sorted(self.verbs)}, "POS": "VERB"}]])
            single = sorted(n for n in self.nouns if " " not in n)
            matcher.add("NOUN", [[{"LEMMA": {"IN": single}, "POS": {"IN": ["NOUN", "PROPN"]}}]])
            multi = [
                [{"LEMMA": part} for part in noun.split()] for noun in self.nouns if " " in noun
            ]
            if multi:
                matcher.add("NOUN", multi)
            self._matchers[key] = matcher
        return self._matchers[key]

    def repair_lemmas(self, doc: Doc) -> None:
        """Give a verb the lexicon's lemma when the lemmatizer made a word of it that no entry
        knows and its form is a regular inflection of a lexicon verb.

        spaCy's rule lemmatizer strips "-ed" where it should strip "-d" when the shorter stem
        is also a word: "raped" → "rap", "staged" → "stag", "waged" → "wag", "fined" → "fin",
        "lambasted" → "lambast". Those verbs then match no trigger ("a woman was raped by
        soldiers" coded nothing). Only unknown lemmas are changed, so a verb the lexicon
        already reads ("rapped" → "rap" is no entry either way) keeps its reading.
        """
        for token in doc:
            if token.pos_ != "VERB" or token.lemma_.lower() in self.verbs:
                continue
            lemma = self.verb_forms.get(token.lower_)
            if lemma is not None:
                token.lemma_ = lemma

    def find(self, doc: Doc) -> list[tuple[Token, Trigger]]:
        """Every token that starts an event, with its best trigger (longest noun phrase wins).

        Verb lemmas the lemmatizer got wrong are repaired first (:meth:`repair_lemmas`)."""
        self.repair_lemmas(doc)
        found: dict[int, tuple[Token, Trigger, int]] = {}
        matcher = self.matcher(doc.vocab)
        for match_id, start, end in matcher(doc):
            label = doc.vocab.strings[match_id]
            head = doc[end - 1]
            lemma = " ".join(t.lemma_.lower() for t in doc[start:end])
            table = self.verbs if label == "VERB" else self.nouns
            trigger = self._best(table.get(lemma, []), head)
            if trigger is None:
                continue
            length = end - start
            if head.i not in found or found[head.i][2] < length:
                found[head.i] = (head, trigger, length)
        return [
            (token, trigger)
            for token, trigger, _ in sorted(found.values(), key=lambda f: f[0].i)
            if not trigger.blocks
        ]

    def _best(self, entries: list[Trigger], token: Token) -> Trigger | None:
        # One set per matched token, not one per candidate trigger (a hot spot: common
        # lemmas have dozens of CAMEO phrase entries).
        following = set(_following_words(token))
        for trigger in entries:
            if _has_words(following, trigger.words):
                return trigger
        return None


def _regular_forms(lemma: str) -> tuple[str, ...]:
    """The regular past, third-person and -ing forms of a verb ("rape": raped, rapes, raping)."""
    if lemma.endswith("e"):
        return (lemma + "d", lemma + "s", lemma[:-1] + "ing")
    if lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        return (lemma[:-1] + "ied", lemma[:-1] + "ies", lemma + "ing")
    ending = "es" if lemma.endswith(("s", "x", "z", "ch", "sh")) else "s"
    return (lemma + "ed", lemma + ending, lemma + "ing")


def _following_words(token: Token) -> list[str]:
    """Lower-cased words and lemmas after the trigger, inside its own phrase (subtree)."""
    subtree = {t.i for t in token.subtree}
    # Particles and objects of a verb used as a noun's head ("held talks") stay out: only the
    # trigger's own subtree counts, up to WORDS_WINDOW tokens to its right.
    window = token.doc[token.i + 1 : token.i + 1 + WORDS_WINDOW]
    # A preposition of time is no required word: "Putin called Erdogan on Tuesday" is a phone
    # call, not "call on" (a demand); "rallied in March" says when, not where.
    dated = {
        t.i for prep in window if prep.dep_ == "prep" and _dates_only(prep) for t in prep.subtree
    }
    words = [t for t in window if t.i in subtree and t.i not in dated]
    # A passive subject is the object moved to the front: "troops were sent" = "sent troops".
    words += [c for c in token.children if c.dep_ == "nsubjpass"]
    return [t.lemma_.lower() for t in words] + [t.lower_ for t in words]


def _dates_only(prep: Token) -> bool:
    """Whether a preposition's objects are all dates or times ("on Tuesday", "in March")."""
    objects = [c for c in prep.children if c.dep_ == "pobj"]
    return bool(objects) and all(o.ent_type_ in {"DATE", "TIME"} for o in objects)


def _has_words(available: set[str], slots: tuple[frozenset[str], ...]) -> bool:
    return all(slot & available for slot in slots)
