"""Exports of the store's events in the layouts analysts' tools already read.

One row (or line) per deduplicated event, for every format:

- ``plover-jsonl``: PLOVER-style JSON Lines, each event with all its mentions and evidence.
- ``acled-csv``: ACLED's column layout, with the PLOVER→ACLED type mapping in
  :func:`acled_type` (documented in ``docs/store.md``).
- ``gdelt-csv``: GDELT 2.0 event-table layout (61 columns, with a header row), CAMEO codes
  from the inverse of the OEDA CAMEO→PLOVER table (``data/store/cameo_plover.tsv``).
- ``parquet``: the ``events`` table as Parquet files partitioned by year/month (hive layout),
  written by DuckDB itself.

The rows come from ``store/rows.py`` (one query for every event's details, and the ACLED and
GDELT layouts); the code mappings (CAMEO, ACLED, GDELT, country names) from
``store/mappings.py``. This module writes them, safely beside the target, then moves them in.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Any

import duckdb

from eventcoder.errors import EventcoderError
from eventcoder.store import review, review_gold
from eventcoder.store.db import Store, store_error
from eventcoder.store.query import get_event
from eventcoder.store.rows import (
    ACLED_COLUMNS,
    GDELT_COLUMNS,
    acled_row,
    gdelt_row,
    iter_event_details,
)


class ExportFormat(StrEnum):
    plover_jsonl = "plover-jsonl"
    acled_csv = "acled-csv"
    gdelt_csv = "gdelt-csv"
    parquet = "parquet"
    gold = "gold"
    coded_jsonl = "coded-jsonl"


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
        for record in review_gold.coded_records(store, view=view):
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += len(record["events"])
    return count


def _write_gold(store: Store, out: Path) -> int:
    """The reviewed articles in the gold format of ``eventcoder evaluate events``."""
    articles = review_gold.gold_articles(store)
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
