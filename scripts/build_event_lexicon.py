"""Build eventcoder's CAMEO-derived trigger lexicon from PETRARCH2's verb dictionary.

Reads ``CAMEO.2.0.txt`` (PETRARCH2, MIT, Open Event Data Alliance) and the OEDA
``CAMEO2PLOVER-2021.txt`` table, and writes two TSV files under
``src/eventcoder/data/events/``:

- ``cameo_verbs.tsv``: ``lemma, cameo, event_type, mode, context`` — each verb of a coded
  verb block (or a verb with its own code), mapped to PLOVER;
- ``cameo_patterns.tsv``: ``lemma, words, cameo, event_type, mode, context`` — the
  dictionary's phrase patterns reduced to "verb + the words that follow it" (e.g. ``call`` +
  ``for restraint`` → 025 → REQUEST). Synonym sets (``&NAME``) are expanded as alternatives
  joined by ``|``; patterns on the source/target side of the verb are dropped because eventcoder
  finds actors from the dependency parse, not from word order.

What is dropped, and why: codes in the 01x family (make a public statement) have no PLOVER event
type; ``[---]`` (explicitly uncoded) patterns become negative patterns (event_type ``-``) so
"fight corruption" or "heart attack" do not fire; CAMEO 02x (appeal) is mapped like its 10x
(demand) twin because PLOVER's REQUEST covers both.

Usage: ``python scripts/build_event_lexicon.py [--shared ../shared]``
"""

from __future__ import annotations

import argparse
import csv
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "src" / "eventcoder" / "data" / "events"

# An inflection set or a code can follow the verb: ``FIGHT {FIGHTS FOUGHT} [190] # comment``.
VERB_LINE = re.compile(
    r"^(?P<verb>\+?[A-Z][A-Z_\-']*)\s*(?:\{[^}]*\})?\s*(?:\[(?P<code>[^\]]*)\])?"
)
BLOCK_LINE = re.compile(r"^---\s+(?P<name>\S+)\s+\[(?P<code>[^\]]*)\]\s+---")
PATTERN_LINE = re.compile(r"^-\s+(?P<body>.*?)\s*\[(?P<code>[^\]]*)\]")


def load_cameo2plover(path: Path) -> dict[str, tuple[str, str, str]]:
    table: dict[str, tuple[str, str, str]] = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line or ":" not in line:
            continue
        code, rest = line.split(":", 1)
        parts = [part.strip() for part in rest.split(",")]
        event_type = parts[0]
        mode = parts[1] if len(parts) > 1 else ""
        context = ";".join(c.strip() for c in (parts[2] if len(parts) > 2 else "").split(";"))
        table.setdefault(code.strip(), (event_type, mode, context.strip(";")))
    return table


def to_plover(code: str, table: dict[str, tuple[str, str, str]]) -> tuple[str, str, str] | None:
    """CAMEO code → (event_type, mode, context); None when PLOVER has no event for it."""
    code = code.split(":", 1)[0].strip()
    if not code or code == "---" or not code.isdigit():
        return None
    if code.startswith("01") or code in {"00", "000"}:
        return None
    if code.startswith("02"):
        # PLOVER REQUEST covers CAMEO 02 (appeal) and 10 (demand), whose subcodes mirror each other.
        code = "10" + code[2:]
    for length in range(len(code), 1, -1):
        if code[:length] in table:
            return table[code[:length]]
    return None


def read_synsets(lines: list[str]) -> dict[str, list[str]]:
    synsets: dict[str, list[str]] = {}
    current: str | None = None
    for raw in lines:
        line = raw.split("#", 1)[0].strip()
        if line.startswith("####### VERB PATTERNS"):
            break
        if line.startswith("&"):
            current = line[1:].strip()
            synsets[current] = []
        elif line.startswith("+") and current:
            synsets[current].append(line[1:].strip("_").replace("_", " ").lower())
        elif not line:
            current = None
    return synsets


def pattern_words(body: str, synsets: dict[str, list[str]]) -> str | None:
    """The words after ``*`` in a pattern, as ``alt1|alt2 word ...``; None if unusable."""
    if "*" not in body:
        return None
    after = body.split("*", 1)[1]
    after = re.sub(r"[(){}]", " ", after)
    words: list[str] = []
    for token in after.split():
        if token in {"$", "+", "^", "%"} or token.startswith(("$", "+", "^", "%")):
            continue
        if token.startswith("&"):
            members = synsets.get(token[1:])
            if not members:
                return None
            # Keep single-word members: multi-word alternatives do not fit one slot.
            singles = sorted({m for m in members if " " not in m})
            if not singles:
                return None
            words.append("|".join(singles[:40]))
            continue
        word = token.strip("_").replace("_", " ").lower()
        if not re.fullmatch(r"[a-z][a-z\- ']*", word):
            return None
        words.extend(word.split())
    return " ".join(words) if words else None


def build(shared: Path) -> tuple[int, int]:
    table = load_cameo2plover(shared / "eval" / "CAMEO2PLOVER-2021.txt")
    lines = (shared / "dictionaries" / "CAMEO.2.0.txt").read_text(encoding="latin-1").splitlines()
    synsets = read_synsets(lines)

    verbs: dict[str, tuple[str, tuple[str, str, str]]] = {}
    patterns: dict[tuple[str, str], tuple[str, tuple[str, str, str] | None]] = {}
    in_patterns = False
    block_code = ""
    block_verbs: list[str] = []
    for raw in lines:
        if raw.startswith("####### VERB PATTERNS"):
            in_patterns = True
            continue
        if not in_patterns:
            continue
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        if block := BLOCK_LINE.match(line):
            block_code = block["code"].strip()
            block_verbs = []
            continue
        if pattern := PATTERN_LINE.match(line):
            words = pattern_words(pattern["body"], synsets)
            if words is None:
                continue
            mapped = to_plover(pattern["code"], table)
            negative = pattern["code"].strip() == "---"
            if mapped is None and not negative:
                continue
            for verb in block_verbs:
                patterns.setdefault((verb, words), (pattern["code"].strip(), mapped))
            continue
        if verb_match := VERB_LINE.match(line.strip()):
            verb = verb_match["verb"].lstrip("+").strip("_").replace("_", " ").lower()
            head, _, rest = verb.partition(" ")
            code = (verb_match["code"] or block_code).strip()
            block_verbs.append(head)
            mapped = to_plover(code, table)
            if mapped is None:
                continue
            if rest:
                # Multi-word verbs ("wage war") are a verb plus the words that must follow it.
                patterns.setdefault((head, rest), (code, mapped))
            else:
                verbs.setdefault(head, (code, mapped))

    OUT.mkdir(parents=True, exist_ok=True)
    with (OUT / "cameo_verbs.tsv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(["lemma", "cameo", "event_type", "mode", "context"])
        for lemma in sorted(verbs):
            code, (event_type, mode, context) = verbs[lemma]
            writer.writerow([lemma, code, event_type, mode, context])
    with (OUT / "cameo_patterns.tsv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(["lemma", "words", "cameo", "event_type", "mode", "context"])
        for lemma, words in sorted(patterns):
            code, mapped = patterns[(lemma, words)]
            event_type, mode, context = mapped if mapped else ("-", "", "")
            writer.writerow([lemma, words, code, event_type, mode, context])
    return len(verbs), len(patterns)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    args = parser.parse_args()
    n_verbs, n_patterns = build(args.shared)
    print(f"wrote {n_verbs} verbs and {n_patterns} patterns to {OUT}")


if __name__ == "__main__":
    main()
