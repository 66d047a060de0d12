"""Exports of the store's events in the layouts analysts' tools already read.

One row (or line) per deduplicated event, for every format:

- ``plover-jsonl``: PLOVER-style JSON Lines, each event with all its mentions and evidence.
- ``acled-csv``: ACLED's column layout, with the PLOVER→ACLED type mapping in
  :func:`acled_type` (documented in ``docs/store.md``).
- ``gdelt-csv``: GDELT 2.0 event-table layout (61 columns, with a header row), CAMEO codes
  from the inverse of the OEDA CAMEO→PLOVER table (``data/store/cameo_plover.tsv``).
- ``parquet``: the ``events`` table as Parquet files partitioned by year/month (hive layout),
  written by DuckDB itself.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Any

import duckdb

from eventcoder.errors import EventcoderError
from eventcoder.models import QUAD_CLASS
from eventcoder.store import review
from eventcoder.store.db import Store, store_error
from eventcoder.store.query import get_event


class ExportFormat(StrEnum):
    plover_jsonl = "plover-jsonl"
    acled_csv = "acled-csv"
    gdelt_csv = "gdelt-csv"
    parquet = "parquet"
    gold = "gold"
    coded_jsonl = "coded-jsonl"


ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2",
    "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
    "notes", "fatalities", "tags", "timestamp",
)  # fmt: skip

GDELT_COLUMNS: tuple[str, ...] = (
    "GlobalEventID", "Day", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1KnownGroupCode", "Actor1EthnicCode",
    "Actor1Religion1Code", "Actor1Religion2Code", "Actor1Type1Code", "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode", "Actor2EthnicCode",
    "Actor2Religion1Code", "Actor2Religion2Code", "Actor2Type1Code", "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    "Actor1Geo_Type", "Actor1Geo_FullName", "Actor1Geo_CountryCode", "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code", "Actor1Geo_Lat", "Actor1Geo_Long", "Actor1Geo_FeatureID",
    "Actor2Geo_Type", "Actor2Geo_FullName", "Actor2Geo_CountryCode", "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code", "Actor2Geo_Lat", "Actor2Geo_Long", "Actor2Geo_FeatureID",
    "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code", "ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID",
    "DATEADDED", "SOURCEURL",
)  # fmt: skip

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


# ------------------------------------------------------------------ lookups
DATA = Path(__file__).resolve().parents[1] / "data" / "store"


def _data_lines(name: str) -> list[list[str]]:
    text = (DATA / name).read_text(encoding="utf-8")
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


# ------------------------------------------------------------ event details
_DETAILS_SQL = """
WITH actor_stats AS (
    SELECT m.event_id, ma.role, ma.code,
           mode(nullif(ma.sector, '')) AS sector,
           mode(nullif(ma.name, '')) AS name
    FROM mention_actors ma JOIN mentions m ON m.id = ma.mention_id
    GROUP BY m.event_id, ma.role, ma.code
),
actors AS (
    SELECT event_id,
           list(struct_pack(code := code, sector := sector, name := name) ORDER BY code)
               FILTER (WHERE role = 'actor') AS actors,
           list(struct_pack(code := code, sector := sector, name := name) ORDER BY code)
               FILTER (WHERE role = 'recipient') AS recipients
    FROM actor_stats GROUP BY event_id
),
mention_info AS (
    SELECT m.event_id,
           list(DISTINCT d.outlet ORDER BY d.outlet) FILTER (WHERE d.outlet IS NOT NULL)
               AS outlets,
           arg_min(d.url, (coalesce(d.published, DATE '9999-12-31'), m.id))
               FILTER (WHERE d.url IS NOT NULL) AS first_url,
           arg_min(m.sentence, (coalesce(d.published, DATE '9999-12-31'), m.id)) AS sentence,
           min(m.sentence_index) AS first_sentence_index,
           list(DISTINCT c) FILTER (WHERE c IS NOT NULL) AS contexts,
           bool_or(m.is_claim) AS any_claim
    FROM mentions m
    JOIN documents d ON d.id = m.document_id
    LEFT JOIN (SELECT id, unnest(context) AS c FROM mentions) mc ON mc.id = m.id
    GROUP BY m.event_id
),
features AS (
    SELECT geonameid, any_value(feature_code) AS feature_code
    FROM places WHERE geonameid IS NOT NULL GROUP BY geonameid
)
SELECT e.*, a.actors, a.recipients, mi.outlets, mi.first_url, mi.sentence,
       mi.first_sentence_index, mi.contexts, f.feature_code,
       rv.has_source AS reviewed_has_source, rv.source AS reviewed_source,
       rv.has_target AS reviewed_has_target, rv.target AS reviewed_target
FROM {relation} e
LEFT JOIN event_reviews rv ON rv.event_id = e.id
LEFT JOIN actors a ON a.event_id = e.id
LEFT JOIN mention_info mi ON mi.event_id = e.id
LEFT JOIN features f ON f.geonameid = e.geonameid
ORDER BY e.date NULLS LAST, e.id
"""


def iter_event_details(store: Store, view: str = "reviewed") -> Iterator[dict[str, Any]]:
    """Every event with its actors, outlets and first report, in ``view`` (reviewed or raw).

    In the reviewed view, corrected actors replace the machine's (``store/review.py``).
    """
    cursor = store.cursor().execute(
        _DETAILS_SQL.replace("{relation}", review.relation(store, view))
    )
    names = [d[0] for d in cursor.description]
    while rows := cursor.fetchmany(1000):
        for row in rows:
            event = dict(zip(names, row, strict=True))
            for side, key in (("source", "actors"), ("target", "recipients")):
                if event.pop(f"reviewed_has_{side}") and view == "reviewed":
                    event[key] = review.parse_actors(event[f"reviewed_{side}"])
                event.pop(f"reviewed_{side}")
            yield event


def _actor_label(actor: dict[str, Any]) -> str:
    name = actor.get("name") or countries().get(actor["code"], (0, actor["code"]))[1]
    return f"{name} ({actor['code']}{'/' + actor['sector'] if actor.get('sector') else ''})"


def _inter(actors: list[dict[str, Any]]) -> int | str:
    for actor in actors:
        if actor.get("sector") in ACLED_INTER:
            return ACLED_INTER[actor["sector"]]
    return 8 if actors else ""  # 8: external/other forces; blank: no actor


def _geo_precision(event: dict[str, Any]) -> int | str:
    if event["lat"] is None:
        return ""
    code = event.get("feature_code") or ""
    if code.startswith("PCL") or code in {"CONT", "RGN"}:
        return 3
    if code.startswith("ADM"):
        return 2
    return 1


def _time_precision(precision: str) -> int:
    return {"day": 1, "month": 3, "year": 3}.get(precision, 3)


def acled_row(event: dict[str, Any]) -> dict[str, Any]:
    actors = event["actors"] or []
    recipients = event["recipients"] or []
    target_sectors = {a["sector"] for a in recipients if a.get("sector")}
    acled_event, acled_sub = acled_type(event["event_type"], event["mode"], target_sectors)
    country = countries().get(event["country"] or "")
    date: dt.date | None = event["date"]
    inter1, inter2 = _inter(actors), _inter(recipients)
    tags = [f"plover:{event['event_type']}"]
    if event["mode"]:
        tags.append(f"mode:{event['mode']}")
    if event["num_claims"]:
        tags.append("claimed")
    for flag in ("negated", "future", "hypothetical"):
        if event[flag]:
            tags.append(flag)
    if event.get("review_status", "unreviewed") != "unreviewed":
        tags.append(f"review:{event['review_status']}")  # an analyst reviewed it
    return {
        "event_id_cnty": f"{event['country'] or 'XXX'}{event['id']}",
        "event_date": date.isoformat() if date else "",
        "year": date.year if date else "",
        "time_precision": _time_precision(event["date_precision"]),
        "disorder_type": acled_disorder(acled_event),
        "event_type": acled_event,
        "sub_event_type": acled_sub,
        "actor1": _actor_label(actors[0]) if actors else "",
        "assoc_actor_1": "; ".join(_actor_label(a) for a in actors[1:]),
        "inter1": inter1,
        "actor2": _actor_label(recipients[0]) if recipients else "",
        "assoc_actor_2": "; ".join(_actor_label(a) for a in recipients[1:]),
        "inter2": inter2,
        "interaction": int(f"{min(inter1, inter2)}{max(inter1, inter2)}")
        if inter1 != "" and inter2 != ""
        else (inter1 * 10 if inter1 != "" else ""),
        "civilian_targeting": "Civilian targeting"
        if acled_event == "Violence against civilians" or "CVL" in target_sectors
        else "",
        "iso": country[0] if country else "",
        "region": "",
        "country": country[1] if country else (event["country"] or ""),
        "admin1": event["admin1"] or "",
        "admin2": "",
        "admin3": "",
        "location": event["location_name"] or "",
        "latitude": event["lat"] if event["lat"] is not None else "",
        "longitude": event["lon"] if event["lon"] is not None else "",
        "geo_precision": _geo_precision(event),
        "source": "; ".join(event["outlets"] or []),
        "source_scale": "",
        "notes": event["sentence"] or "",
        "fatalities": "",
        "tags": "; ".join(tags),
        "timestamp": int(event["updated_at"].replace(tzinfo=dt.UTC).timestamp()),
    }


def _gdelt_actor(actors: list[dict[str, Any]]) -> dict[str, str]:
    if not actors:
        return {"Code": "", "Name": "", "CountryCode": "", "KnownGroupCode": "", "Type1Code": ""}
    actor = actors[0]
    code = actor["code"]
    is_country = len(code) == 3 and code.isalpha() and code in countries()
    sector = actor.get("sector") or ""
    return {
        "Code": code + sector,
        "Name": (actor.get("name") or countries().get(code, (0, code))[1]).upper(),
        "CountryCode": code if is_country else "",
        "KnownGroupCode": "" if is_country else code,
        "Type1Code": sector,
    }


def _gdelt_geo_type(event: dict[str, Any]) -> int | str:
    if event["lat"] is None:
        return 0
    code = event.get("feature_code") or ""
    if code.startswith("PCL"):
        return 1
    if code == "ADM1":
        return 5
    return 4


def gdelt_row(event: dict[str, Any]) -> dict[str, Any]:
    date: dt.date | None = event["date"]
    actors, recipients = event["actors"] or [], event["recipients"] or []
    contexts = set(event["contexts"] or [])
    if {a.get("sector") for a in actors + recipients} & {"MIL"}:
        contexts.add("military")  # armed forces on either side: conventional military force
    code = cameo_code(event["event_type"], event["mode"], contexts) or ""
    root = code[:2]
    row: dict[str, Any] = dict.fromkeys(GDELT_COLUMNS, "")
    row.update(
        {
            "GlobalEventID": int(event["id"][1:16], 16),
            "Day": int(date.strftime("%Y%m%d")) if date else "",
            "MonthYear": int(date.strftime("%Y%m")) if date else "",
            "Year": date.year if date else "",
            "FractionDate": round(date.year + (date.timetuple().tm_yday - 1) / 365, 4)
            if date
            else "",
            "IsRootEvent": 1 if event["first_sentence_index"] == 0 else 0,
            "EventCode": code,
            "EventBaseCode": code,
            "EventRootCode": root,
            "QuadClass": GDELT_QUAD.get(QUAD_CLASS.get(event["event_type"], ""), ""),
            "GoldsteinScale": goldstein_by_root().get(root, ""),
            "NumMentions": event["num_mentions"],
            "NumSources": event["num_sources"],
            "NumArticles": event["num_articles"],
            "ActionGeo_Type": _gdelt_geo_type(event),
            "ActionGeo_FullName": ", ".join(
                x for x in (event["location_name"], event["admin1"]) if x
            ),
            "ActionGeo_CountryCode": event["country"] or "",
            "ActionGeo_ADM1Code": event["admin1"] or "",
            "ActionGeo_Lat": event["lat"] if event["lat"] is not None else "",
            "ActionGeo_Long": event["lon"] if event["lon"] is not None else "",
            "ActionGeo_FeatureID": event["geonameid"] or "",
            "DATEADDED": int(event["updated_at"].strftime("%Y%m%d%H%M%S")),
            "SOURCEURL": event["first_url"] or "",
        }
    )
    for prefix, group in (("Actor1", actors), ("Actor2", recipients)):
        for key, value in _gdelt_actor(group).items():
            row[f"{prefix}{key}"] = value
    return row


# ------------------------------------------------------------------ writers
#: Written into every Parquet export folder: marks the folder as eventcoder's own and lists the
#: files it wrote, so ``overwrite`` can replace that folder without touching anything else.
#: The leading underscore makes pyarrow, Spark and DuckDB's hive readers skip it.
PARQUET_MANIFEST = "_eventcoder_export.json"


def _write_csv(
    store: Store, out: Path, columns: tuple[str, ...], make_row: Any, view: str = "reviewed"
) -> int:
    count = 0
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(columns))
        writer.writeheader()
        for event in iter_event_details(store, view):
            writer.writerow(make_row(event))
            count += 1
    return count


def _write_plover(store: Store, out: Path, view: str = "reviewed") -> int:
    relation = review.relation(store, view)
    ids = [row[0] for row in store.cursor().execute(
        f"SELECT id FROM {relation} ORDER BY date NULLS LAST, id").fetchall()]  # fmt: skip
    with out.open("w", encoding="utf-8") as handle:
        for event_id in ids:
            event = get_event(store, event_id, view="raw" if view == "raw" else "reviewed")
            if event is None:  # pragma: no cover - ids were just read in the same store
                continue
            handle.write(json.dumps(event, ensure_ascii=False, sort_keys=False) + "\n")
    return len(ids)


def _write_parquet(store: Store, folder: Path, view: str = "reviewed") -> int:
    """Write the events (in ``view``, with ``review_status``) into the EMPTY ``folder``."""
    relation = review.relation(store, view)
    # year/month 0 for undated events: a NULL partition value would read back as a string.
    store.cursor().execute(
        f"""
        COPY (
            SELECT * EXCLUDE (year, month),
                   coalesce(year, 0) AS year, coalesce(month, 0) AS month
            FROM {relation} ORDER BY date NULLS LAST, id
        ) TO '{_sql_string(str(folder))}' (FORMAT parquet, PARTITION_BY (year, month))
        """
    )
    row = store.cursor().execute(f"SELECT count(*) FROM {relation}").fetchone()
    count = int(row[0]) if row else 0
    files = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    manifest = {"written_by": "eventcoder export", "format": "parquet", "events": count}
    (folder / PARQUET_MANIFEST).write_text(
        json.dumps({**manifest, "files": files}, indent=1) + "\n", encoding="utf-8"
    )
    return count


def _sql_string(value: str) -> str:
    # COPY ... TO does not take a bound parameter for its target; quote it as a literal.
    return value.replace("'", "''")


# ------------------------------------------------------------ safe targets
def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def _store_files(store: Store) -> list[Path]:
    if store.path == ":memory:":
        return []
    main = Path(store.path)
    return [main, main.with_name(main.name + ".wal")]


def _check_target(store: Store, fmt: ExportFormat, out: Path, *, overwrite: bool) -> None:
    """Refuse every target whose writing could destroy data eventcoder did not write."""
    if not out.parent.exists():
        raise EventcoderError(f"{out}: folder {out.parent} does not exist")
    for store_file in _store_files(store):
        # resolve() catches relative spellings and symlinks, samefile() hard links.
        if out.resolve() == store_file.resolve() or _same_file(out, store_file):
            raise EventcoderError(
                f"{out}: is the store being exported ({store.path}); choose another output path"
            )
        if fmt is ExportFormat.parquet and store_file.resolve().is_relative_to(out.resolve()):
            raise EventcoderError(
                f"{out}: holds the store being exported ({store.path}); choose a new folder"
            )
    if fmt is ExportFormat.parquet:
        if not os.path.lexists(out):
            return
        if not out.is_dir() or out.is_symlink():
            raise EventcoderError(f"{out}: exists and is not a folder (Parquet export is a folder)")
        if not any(out.iterdir()):
            return
        if not overwrite:
            raise EventcoderError(
                f"{out}: folder is not empty; choose a new or empty folder (--force replaces "
                "only a folder written by an earlier Parquet export)"
            )
        _check_own_parquet_folder(out)
        return
    if not os.path.lexists(out):
        return
    if out.is_dir():
        raise EventcoderError(f"{out}: is a folder; give a file name for {fmt.value}")
    if not out.is_file() or out.is_symlink():
        raise EventcoderError(f"{out}: exists and is not a regular file; choose another path")
    if not overwrite:
        raise EventcoderError(f"{out}: already exists; pass --force to replace it")


def _check_own_parquet_folder(folder: Path) -> None:
    """Refuse to replace a folder unless it holds exactly the files an earlier export wrote."""
    manifest_path = folder / PARQUET_MANIFEST
    try:
        listed = set(json.loads(manifest_path.read_text(encoding="utf-8"))["files"])
    except (OSError, ValueError, KeyError, TypeError):
        raise EventcoderError(
            f"{folder}: folder is not empty and was not written by `eventcoder export "
            "--format parquet`; --force will not replace it, choose a new or empty folder"
        ) from None
    listed.add(PARQUET_MANIFEST)
    listed_folders = {parent.as_posix() for name in listed for parent in Path(name).parents}
    for entry in folder.rglob("*"):  # does not descend into symlinked folders
        relative = entry.relative_to(folder).as_posix()
        ours = relative in listed_folders if entry.is_dir() else relative in listed
        if ours and not entry.is_symlink() and (entry.is_dir() or entry.is_file()):
            continue
        raise EventcoderError(
            f"{folder}: holds {relative}, which the earlier export did not write; --force "
            "will not replace it, choose a new or empty folder"
        )


# ------------------------------------------------------------ atomic writes
def _new_mode(*, folder: bool) -> int:
    # mkstemp/mkdtemp create private (0600/0700) entries; an export gets the mode any new
    # file or folder would get under the user's umask.
    umask = os.umask(0)
    os.umask(umask)
    return (0o777 if folder else 0o666) & ~umask


def _publish(temporary: Path, out: Path, *, overwrite: bool) -> None:
    """Move a complete temporary file or folder to ``out`` (same folder, so one rename)."""
    if temporary.is_dir():
        # rename() onto a folder succeeds only if that folder is empty (POSIX), so a folder
        # that filled up meanwhile is never lost.
        if out.is_dir() and any(out.iterdir()):
            if not overwrite:  # pragma: no cover - checked before writing; a race otherwise
                raise EventcoderError(f"{out}: folder is no longer empty; nothing was replaced")
            _check_own_parquet_folder(out)
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".old", dir=out.parent))
            os.rename(out, old / out.name)
            os.rename(temporary, out)
            shutil.rmtree(old)  # the earlier export's files only, checked just above
            return
        try:
            os.rename(temporary, out)
        except OSError as exc:
            raise EventcoderError(f"{out}: cannot be written ({exc.strerror or exc})") from exc
        return
    if overwrite:
        os.replace(temporary, out)
        return
    try:
        os.link(temporary, out)  # atomic "create only if absent": never replaces a file
    except FileExistsError:
        raise EventcoderError(
            f"{out}: appeared while exporting; left untouched, pass --force to replace it"
        ) from None
    except OSError:  # a file system without hard links
        if os.path.lexists(out):
            raise EventcoderError(f"{out}: appeared while exporting; left untouched") from None
        os.replace(temporary, out)
        return
    temporary.unlink()


@contextmanager
def _temporary_beside(out: Path, *, folder: bool) -> Iterator[Path]:
    """A temporary file (or folder) in ``out``'s folder, removed unless it was published."""
    prefix, suffix = f".{out.name}.", ".eventcoder-tmp"
    if folder:
        temporary = Path(tempfile.mkdtemp(prefix=prefix, suffix=suffix, dir=out.parent))
        os.chmod(temporary, _new_mode(folder=True))
    else:
        handle, name = tempfile.mkstemp(prefix=prefix, suffix=suffix, dir=out.parent)
        os.close(handle)
        temporary = Path(name)
        os.chmod(temporary, _new_mode(folder=False))
    try:
        yield temporary
    finally:
        if temporary.is_dir():
            shutil.rmtree(temporary, ignore_errors=True)
        elif os.path.lexists(temporary):
            temporary.unlink()


def _write_coded(store: Store, out: Path, view: str) -> int:
    """Every stored article as an ``eventcoder code --format jsonl`` record, in ``view``."""
    count = 0
    with out.open("w", encoding="utf-8") as handle:
        for record in review.coded_records(store, view=view):
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += len(record["events"])
    return count


def _write_gold(store: Store, out: Path) -> int:
    """The reviewed articles in the gold format of ``eventcoder evaluate events``."""
    articles = review.gold_articles(store)
    out.write_text(json.dumps(articles, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return sum(len(article["events"]) for article in articles)


def export(
    store: Store,
    fmt: ExportFormat | str,
    out: str | Path,
    *,
    overwrite: bool = False,
    view: str = "reviewed",
) -> int:
    """Write every event of ``store`` to ``out`` in ``fmt``; return the number of events.

    ``view`` is ``reviewed`` (analysts' corrections applied, rejected events left out; the
    default) or ``raw`` (the machine's codes); every format marks each event's review status.
    ``gold`` always writes the reviewed events (it is what people confirmed); ``coded-jsonl``
    writes every article as ``eventcoder code --format jsonl`` does, in ``view``, so
    ``eventcoder evaluate events GOLD --coded FILE`` scores it.

    Nothing is destroyed (docs/reliability.md): the export is written to a temporary file or
    folder beside ``out`` and renamed into place only when complete, so a failed export leaves
    nothing behind. Refused: the store itself (any path resolving to it), an existing file
    unless ``overwrite``, and a non-empty folder for Parquet unless ``overwrite`` and the folder
    holds exactly what an earlier Parquet export wrote (its manifest says which files).
    """
    fmt = ExportFormat(fmt)
    if view not in review.EVENT_RELATIONS:
        raise EventcoderError(f"view: {view!r} is not one of reviewed, raw")
    out = Path(out)
    _check_target(store, fmt, out, overwrite=overwrite)
    try:
        with _temporary_beside(out, folder=fmt is ExportFormat.parquet) as temporary:
            if fmt is ExportFormat.parquet:
                count = _write_parquet(store, temporary, view)
            elif fmt is ExportFormat.plover_jsonl:
                count = _write_plover(store, temporary, view)
            elif fmt is ExportFormat.acled_csv:
                count = _write_csv(store, temporary, ACLED_COLUMNS, acled_row, view)
            elif fmt is ExportFormat.gdelt_csv:
                count = _write_csv(store, temporary, GDELT_COLUMNS, gdelt_row, view)
            elif fmt is ExportFormat.gold:
                count = _write_gold(store, temporary)
            else:
                count = _write_coded(store, temporary, view)
            _publish(temporary, out, overwrite=overwrite)
    except duckdb.Error as exc:
        raise store_error(store.path, exc) from exc
    except OSError as exc:
        raise EventcoderError(f"{out}: cannot be written ({exc.strerror or exc})") from exc
    return count
