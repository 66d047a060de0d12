"""The store: one DuckDB file holding coded documents, their event mentions and the events.

:class:`Store` owns the connection. Writing goes through :meth:`Store.add` (one transaction
per call: documents, their rows, and the re-clustering of every event they touch), so a
process killed mid-write leaves either the whole batch or none of it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path
from types import TracebackType

import duckdb

from eventcoder.config import Settings, get_settings
from eventcoder.errors import EventcoderError
from eventcoder.models import (
    CodedDocument,
    ReadFailure,
)
from eventcoder.store.dedup import recluster
from eventcoder.store.schema import check_tables, ensure_schema
from eventcoder.store.write import content_hash_of, document_id_for, insert_document


class Store:
    """An open eventcoder store. Use :func:`open_store` (or ``Store.open``) to get one."""

    def __init__(
        self,
        con: duckdb.DuckDBPyConnection,
        path: str,
        *,
        read_only: bool,
        settings: Settings,
    ) -> None:
        self.con = con
        self.path = path
        self.read_only = read_only
        self.settings = settings
        self._lock = threading.Lock()

    @classmethod
    def open(
        cls,
        path: str | Path,
        *,
        read_only: bool = False,
        create: bool | None = None,
        settings: Settings | None = None,
    ) -> Store:
        """Open the store at ``path``; see :func:`open_store`."""
        settings = settings or get_settings()
        name = str(path)
        create = not read_only if create is None else create and not read_only
        if name != ":memory:":
            _check_store_path(name, create=create)
        con = _connect(name, read_only=read_only)
        try:
            ensure_schema(con, name, read_only=read_only)
            check_tables(con, name)
        except duckdb.Error as exc:
            con.close()
            raise store_error(name, exc) from exc
        except BaseException:
            con.close()
            raise
        return cls(con, name, read_only=read_only, settings=settings)

    # ------------------------------------------------------------ lifecycle
    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A cursor for one thread (DuckDB connections must not be shared across threads)."""
        return self.con.cursor()

    def close(self) -> None:
        self.con.close()

    def reopen(self) -> None:
        """Close the connection and open the file again, for a long writer between batches.

        DuckDB releases what a connection holds (the row-group metadata and index nodes it
        loaded, its allocator's caches) only when the database closes, so a process that
        writes batch after batch grows with the store; reopening now and then keeps it flat
        (docs/scale.md, issue 10). Only for a store this thread owns: cursors handed out
        before are closed with the old connection.
        """
        if self.path == ":memory:":
            return  # closing would lose everything
        threads = self.threads()
        with self._lock:
            self.con.close()
            self.con = _connect(self.path, read_only=self.read_only)
        self.set_threads(threads)

    def threads(self) -> int:
        """How many threads DuckDB runs this store's work on."""
        row = self.con.execute("SELECT current_setting('threads')").fetchone()
        return int(row[0]) if row else 1

    def set_threads(self, threads: int) -> None:
        """Run DuckDB's work (queries, checkpoints) on ``threads`` threads."""
        try:
            self.con.execute(f"SET threads = {int(threads)}")
        except duckdb.Error as exc:
            raise store_error(self.path, exc) from exc

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -------------------------------------------------------------- reading
    def stored_hashes(self, hashes: Sequence[str]) -> set[str]:
        """Which of these content hashes are already stored."""
        if not hashes:
            return set()
        rows = (
            self.cursor()
            .execute(
                "SELECT content_hash FROM documents WHERE list_contains(?, content_hash)",
                [list(hashes)],
            )
            .fetchall()
        )
        return {row[0] for row in rows}

    def has_hash(self, content_hash: str) -> bool:
        return bool(self.stored_hashes([content_hash]))

    def verify(self) -> None:
        """Read every stored value once, so DuckDB checks every data block's checksum.

        Counting rows reads only DuckDB's metadata, which is how a store with damaged pages
        could answer ``stats`` with plausible numbers; hashing whole rows reads every column.
        Costs one pass over the file. Raises :class:`EventcoderError` naming the damage.
        """
        from eventcoder.store.schema import table_names

        try:
            cursor = self.cursor()
            for table in table_names():
                cursor.execute(f"SELECT sum(hash(row_value)) FROM {table} AS row_value")
                cursor.fetchone()
        except duckdb.Error as exc:
            raise store_error(self.path, exc) from exc

    # -------------------------------------------------------------- writing
    def add(
        self, coded_documents: Iterable[CodedDocument], failures: Iterable[ReadFailure] = ()
    ) -> AddResult:
        """Store documents and failures in ONE transaction; re-cluster the events they touch.

        Documents whose content hash is already stored are skipped (counted as ``skipped``).
        """
        if self.read_only:
            raise EventcoderError(f"{self.path}: store was opened read-only")
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        result = AddResult()
        with self._lock:
            con = self.con
            con.execute("BEGIN TRANSACTION")
            try:
                new_mentions: list[str] = []
                seen: set[str] = set()
                for coded in coded_documents:
                    content_hash = content_hash_of(coded.document)
                    if content_hash in seen or self._has_hash_locked(content_hash):
                        result.skipped += 1
                        continue
                    seen.add(content_hash)
                    new_mentions.extend(insert_document(con, coded, content_hash, now))
                    result.document_ids.append(document_id_for(content_hash))
                    result.events += len(coded.events)
                # Keyed by (source, problem): re-running over the same bad input refreshes
                # the time instead of piling up copies.
                for source, problem in dict.fromkeys((f.source, f.problem) for f in failures):
                    con.execute(
                        "INSERT INTO failures VALUES (?, ?, ?) "
                        "ON CONFLICT DO UPDATE SET failed_at = excluded.failed_at",
                        [source, problem, now],
                    )
                    result.failed += 1
                if new_mentions:
                    recluster(
                        con,
                        new_mentions,
                        window_days=self.settings.dedup_window_days,
                        distance_km=self.settings.dedup_distance_km,
                        now=now,
                    )
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
            if result.added:
                self._checkpoint_locked()
        return result

    def _checkpoint_locked(self) -> None:
        """Write the committed batch into the file now rather than at DuckDB's automatic
        checkpoint (WAL at 16 MiB, about 300 articles).

        Why (docs/scale.md, issue 10): a checkpoint rewrites each table's last row group
        whole, and what it allocates grows with the rows written since the last one on top
        of how full those row groups are; over 8,000 articles the store side of an ingest
        peaked at 289 MiB this way against 371 MiB with automatic checkpoints (214 vs 218
        MiB at 1,000), and ran faster. Committed data is already safe in the WAL, so a
        checkpoint that cannot run now (another connection of this process has a
        transaction open, e.g. a server request) is skipped: DuckDB checkpoints later.
        """
        with contextlib.suppress(duckdb.TransactionException):
            self.con.execute("CHECKPOINT")

    def _has_hash_locked(self, content_hash: str) -> bool:
        row = self.con.execute(
            "SELECT 1 FROM documents WHERE content_hash = ?", [content_hash]
        ).fetchone()
        return row is not None


def _connect(name: str, *, read_only: bool) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection to the store file, its failure an error naming the file."""
    try:
        return duckdb.connect(name, read_only=read_only)
    except duckdb.Error as exc:
        raise store_error(name, exc) from exc


class AddResult:
    """What one :meth:`Store.add` call did."""

    def __init__(self) -> None:
        self.document_ids: list[str] = []
        self.skipped = 0
        self.failed = 0
        self.events = 0

    @property
    def added(self) -> int:
        return len(self.document_ids)


def open_store(
    path: str | Path | None = None,
    *,
    read_only: bool = False,
    create: bool | None = None,
    settings: Settings | None = None,
) -> Store:
    """Open the store at ``path`` (default ``Settings.db``).

    Read-only opens never create a file; a read-write open creates a new store unless
    ``create=False`` (what every command except ``ingest`` and ``demo`` passes, so a typo in
    ``--db`` is an error rather than a new empty store). A file that is not a DuckDB database,
    is a DuckDB database of something else, or fails DuckDB's block checksums raises
    :class:`EventcoderError` with one line naming the file.
    """
    settings = settings or get_settings()
    return Store.open(
        path if path is not None else settings.db,
        read_only=read_only,
        create=create,
        settings=settings,
    )


def _check_store_path(name: str, *, create: bool) -> None:
    file = Path(name)
    if file.is_dir():
        raise EventcoderError(f"{name}: is a folder, not a store file")
    if not file.exists():
        if not create:
            raise EventcoderError(
                f"{name}: store not found (no such file); create one with "
                f"`eventcoder ingest FILES --db {name}`"
            )
        if not file.parent.exists():
            raise EventcoderError(f"{name}: folder {file.parent} does not exist")


def store_error(name: str, exc: duckdb.Error) -> EventcoderError:
    """One line for a DuckDB error on the store file ``name``: damaged, locked, not a store."""
    message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    lower = message.lower()
    if "corrupt" in lower or "checksum" in lower:
        return EventcoderError(
            f"{name}: store file is damaged ({message}); restore it from a backup or "
            "re-ingest into a new file"
        )
    if "lock" in lower:
        return EventcoderError(
            f"{name}: store is in use by another eventcoder process (DuckDB allows one "
            "writer process); wait for it to finish"
        )
    if "not a valid duckdb database" in lower:
        return EventcoderError(f"{name}: not a DuckDB store file (is --db the right file?)")
    if isinstance(exc, duckdb.IOException):
        return EventcoderError(f"{name}: cannot open store: {message}")
    return EventcoderError(f"{name}: store error: {message}")
