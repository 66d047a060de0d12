"""PLOVER codes in other schemes' terms: CAMEO codes and Goldstein scores, ACLED event types
and interaction codes, GDELT quad classes, and country names.

The tables are data files under ``data/store/`` (see its README for their sources).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from eventcoder.paths import data_path

#: GDELT QuadClass numbers of PLOVER's quad classes.
GDELT_QUAD = {
    "verbal_cooperation": 1,
    "material_cooperation": 2,
    "verbal_conflict": 3,
    "material_conflict": 4,
}

#: ACLED interaction codes (inter1/inter2) of PLOVER/Phoenix actor sectors.
ACLED_INTER = {
    "GOV": 1, "MIL": 1, "COP": 1, "SPY": 1, "JUD": 1, "LEG": 1,
    "REB": 2, "INS": 2, "SEP": 2,
    "OPP": 3, "PTY": 3, "MILITIA": 3,
    "ETH": 4, "REL": 4,
    "CVL": 7, "BUS": 7, "MED": 7, "EDU": 7, "HLH": 7, "LAB": 7, "NGO": 7, "REF": 7,
}  # fmt: skip


def _data_lines(name: str) -> list[list[str]]:
    text = data_path("store", name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines()[1:] if line.strip()]


@dataclass(frozen=True)
class CameoEntry:
    code: str
    plover_type: str
    mode: str
    contexts: frozenset[str]


@lru_cache(maxsize=1)
def cameo_entries() -> tuple[CameoEntry, ...]:
    return tuple(
        CameoEntry(row[0], row[1], row[2], frozenset(c for c in row[3].split(";") if c))
        for row in _data_lines("cameo_plover.tsv")
    )


@lru_cache(maxsize=1)
def goldstein_by_root() -> dict[str, float]:
    return {row[0]: float(row[1]) for row in _data_lines("goldstein_roots.tsv")}


@lru_cache(maxsize=1)
def countries() -> dict[str, tuple[int, str]]:
    return {row[0]: (int(row[1]), row[2]) for row in _data_lines("countries.tsv")}


#: Mode-less types whose table has no mode-less code, and whose modes tie: the CAMEO code
#: that names the type's plain sense.
_GENERAL_CODE = {"ACCUSE": "112"}  # 112 "Accuse" rather than 090 "Investigate"


def cameo_code(event_type: str, mode: str | None, contexts: set[str]) -> str | None:
    """The CAMEO code of a PLOVER event: the inverse of the OEDA CAMEO→PLOVER table.

    Among codes mapped to this type, prefer the same mode (a mode-less event prefers a
    mode-less code), then the most shared contexts, then the type's commonest mode, then
    the lowest code (the most general).
    """
    if not mode and not contexts and event_type in _GENERAL_CODE:
        return _GENERAL_CODE[event_type]
    candidates = [entry for entry in cameo_entries() if entry.plover_type == event_type]
    # When no code has the event's mode, the type's commonest mode is its general sense
    # (ACCUSE without a mode is "disapprove", not "investigate").
    mode_counts: dict[str, int] = {}
    for entry in candidates:
        mode_counts[entry.mode] = mode_counts.get(entry.mode, 0) + 1
    best: tuple[int, int, int, int, str] | None = None
    for entry in candidates:
        mode_score = 1 if (mode or "") == entry.mode else 0
        key = (
            -mode_score,
            -len(entry.contexts & contexts),
            -mode_counts[entry.mode],
            int(entry.code),
            entry.code,
        )
        if best is None or key < best:
            best = key
    return best[4] if best else None


def acled_type(event_type: str, mode: str | None, target_sectors: set[str]) -> tuple[str, str]:
    """(ACLED event_type, sub_event_type) for a PLOVER event. See docs/store.md for the table."""
    mode = mode or ""
    if event_type == "ASSAULT":
        if mode == "suicide-attack":
            return "Explosions/Remote violence", "Suicide bomb"
        if mode in {"heavy-weapons", "aerial"}:
            return "Explosions/Remote violence", "Shelling/artillery/missile attack"
        if mode == "abduct":
            return "Violence against civilians", "Abduction/forced disappearance"
        if mode == "cleansing" or mode == "massacre" or "CVL" in target_sectors:
            return "Violence against civilians", "Attack"
        if mode in {"beat", "assassinate"} and not target_sectors & {"MIL", "REB", "COP"}:
            return "Violence against civilians", "Attack"
        return "Battles", "Armed clash"
    if event_type == "PROTEST":
        if mode == "riot":
            return "Riots", "Violent demonstration"
        return "Protests", "Peaceful protest"
    if event_type == "COERCE":
        if mode == "arrest":
            return "Strategic developments", "Arrests"
        if mode == "seize":
            return "Strategic developments", "Looting/property destruction"
        return "Strategic developments", "Other"
    if event_type == "MOBILIZE":
        return "Strategic developments", "Change to group/activity"
    if event_type in {"AGREE", "CONCEDE", "RETREAT"}:
        return "Strategic developments", "Agreement"
    return "Strategic developments", "Other"


def acled_disorder(acled_event_type: str) -> str:
    if acled_event_type in {"Battles", "Explosions/Remote violence", "Violence against civilians"}:
        return "Political violence"
    if acled_event_type in {"Protests", "Riots"}:
        return "Demonstrations"
    return "Strategic developments"
