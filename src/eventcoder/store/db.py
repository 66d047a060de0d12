"""The store: one DuckDB file holding coded documents, their event mentions and the events.

:class:`Store` owns the connection. Writing goes through :meth:`Store.add` (one transaction
per call: documents, their rows, and the re-clustering of every event they touch), so a
process killed mid-write leaves either the whole batch or none of it.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

import duckdb

from eventcoder.config import Settings, get_settings
from eventcoder.errors import EventcoderError
from eventcoder.models import (
    QUAD_CLASS,
    CodedDocument,
    Document,
    Event,
    Location,
    ReadFailure,
    content_hash,
)
from eventcoder.store.dedup import recluster
from eventcoder.store.schema import check_tables, ensure_schema


def content_hash_of(document: Document) -> str:
    """The document's idempotency key: the read stage's hash, or the same recipe
    (:func:`eventcoder.models.content_hash`) when unset."""
    return document.content_hash or content_hash(document.title, document.text)


def document_id_for(content_hash: str) -> str:
    """Stable store id of a document: the same article always gets the same id in any store."""
    return "d" + content_hash[:16]


def outlet_of(document: Document) -> str | None:
    """Who published it: the ``source`` field, else the URL's host without ``www.``."""
    if document.source:
        return document.source.strip()
    if document.url:
        host = urlsplit(document.url).hostname or ""
        host = host.removeprefix("www.")
        return host or None
    return None


def parse_event_date(value: str | None) -> dt.date | None:
    """First day of an ISO date, month ('2022-09') or year ('2022'); None if unparseable."""
    if not value:
        return None
    parts = value[:10].split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else 1
        day = int(parts[2]) if len(parts) > 2 else 1
        return dt.date(year, month, day)
    except (ValueError, IndexError):
        return None


def actor_key(codes: Iterable[str | None]) -> str:
    """Order-free key of an actor set: sorted distinct codes joined by '|' ('' when none)."""
    return "|".join(sorted({code for code in codes if code}))


def modality_key(event: Event) -> str:
    """Negated, future and hypothetical reports never merge with asserted ones."""
    m = event.modality
    return f"{int(m.negated)}{int(m.future)}{int(m.hypothetical)}"


def location_precision(
    location: Location | None, feature_codes: dict[int, str | None]
) -> str | None:
    """'country' when the event is only placed in a whole country, else 'place' (None: no place)."""
    if location is None:
        return None
    code = feature_codes.get(location.geonameid or -1) or ""
    return "country" if code.startswith("PCL") else "place"


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
        try:
            con = duckdb.connect(name, read_only=read_only)
        except duckdb.Error as exc:
            raise store_error(name, exc) from exc
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
                    new_mentions.extend(self._insert_document(con, coded, content_hash, now))
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
        return result

    def _has_hash_locked(self, content_hash: str) -> bool:
        row = self.con.execute(
            "SELECT 1 FROM documents WHERE content_hash = ?", [content_hash]
        ).fetchone()
        return row is not None

    def _insert_document(
        self,
        con: duckdb.DuckDBPyConnection,
        coded: CodedDocument,
        content_hash: str,
        now: dt.datetime,
    ) -> list[str]:
        document = coded.document
        if not document.content_hash:
            coded = coded.model_copy(
                update={"document": document.model_copy(update={"content_hash": content_hash})}
            )
            document = coded.document
        doc_id = document_id_for(content_hash)
        con.execute(
            "INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                doc_id,
                document.id,
                content_hash,
                document.title,
                document.published,
                document.url,
                document.source,
                outlet_of(document),
                document.author,
                document.kind,
                document.language,
                None,
                len(document.text.split()),
                len(coded.events),
                now,
                coded.model_dump_json(),
            ],
        )
        if coded.actors:
            con.executemany(
                "INSERT INTO actor_mentions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    [doc_id, i, a.text, a.start, a.end, a.code, a.sector, a.name, a.kind]
                    for i, a in enumerate(coded.actors)
                ],
            )
        if coded.places:
            con.executemany(
                "INSERT INTO places VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    [
                        doc_id,
                        i,
                        p.text,
                        p.start,
                        p.end,
                        p.name,
                        p.country,
                        p.admin1,
                        p.lat,
                        p.lon,
                        p.geonameid,
                        p.feature_code,
                    ]
                    for i, p in enumerate(coded.places)
                ],
            )
        if coded.dates:
            con.executemany(
                "INSERT INTO dates VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    [doc_id, i, d.text, d.start, d.end, d.value, d.end_value, d.precision]
                    for i, d in enumerate(coded.dates)
                ],
            )
        mention_ids: list[str] = []
        mention_rows: list[list[Any]] = []
        actor_rows: list[list[Any]] = []
        claim_rows: list[list[Any]] = []
        contradiction_rows: list[list[Any]] = []
        local_ids = {event.id for event in coded.events}
        feature_codes = {p.geonameid: p.feature_code for p in coded.places if p.geonameid}
        for event in coded.events:
            mention_id = f"{doc_id}:{event.id}"
            if mention_id in mention_ids:
                continue  # a coder bug giving two events one id must not abort the batch
            mention_ids.append(mention_id)
            effective = parse_event_date(event.date)
            if effective is None and not event.modality.historical:
                # An undated report is taken to be about the days around publication, as
                # GDELT does; a historical one stays undated rather than get a wrong date.
                effective = document.published
            location = event.location
            mention_rows.append(
                [
                    mention_id,
                    doc_id,
                    event.id,
                    event.event_type,
                    QUAD_CLASS.get(event.event_type),
                    event.mode,
                    list(event.context),
                    event.date,
                    event.date_precision,
                    effective,
                    location.name if location else None,
                    location.country if location else None,
                    location.admin1 if location else None,
                    location.lat if location else None,
                    location.lon if location else None,
                    location.geonameid if location else None,
                    location_precision(location, feature_codes),
                    event.modality.negated,
                    event.modality.future,
                    event.modality.hypothetical,
                    event.modality.historical,
                    event.attribution.claim,
                    event.evidence.sentence_index,
                    event.evidence.sentence,
                    event.evidence.start,
                    event.evidence.end,
                    event.evidence.trigger.text,
                    event.evidence.trigger.start,
                    event.evidence.trigger.end,
                    event.confidence,
                    actor_key(a.code for a in event.actor),
                    actor_key(a.code for a in event.recipient),
                    modality_key(event),
                    mention_id,  # its own cluster until recluster() merges it
                    event.explanation.model_dump_json() if event.explanation else None,
                ]
            )
            for role, actors in (("actor", event.actor), ("recipient", event.recipient)):
                # Only coded participants are rows (queries, dyads and exports go by code); an
                # unresolved agent (code None) stays in the stored document JSON.
                actor_rows.extend(
                    [mention_id, role, i, a.code, a.sector, a.name, a.text]
                    for i, a in enumerate(actors)
                    if a.code
                )
            if event.attribution.claim:
                claimant = event.attribution.claimant
                claim_rows.append(
                    [
                        mention_id,
                        doc_id,
                        claimant.code if claimant else None,
                        claimant.sector if claimant else None,
                        claimant.name if claimant else None,
                        event.attribution.cue,
                    ]
                )
            contradiction_rows.extend(
                [mention_id, f"{doc_id}:{other}"]
                for other in dict.fromkeys(event.contradicts)
                if other in local_ids and other != event.id
            )
        if mention_rows:
            placeholders = ", ".join("?" * len(mention_rows[0]))
            con.executemany(f"INSERT INTO mentions VALUES ({placeholders})", mention_rows)
        if actor_rows:
            con.executemany("INSERT INTO mention_actors VALUES (?, ?, ?, ?, ?, ?, ?)", actor_rows)
        if claim_rows:
            con.executemany("INSERT INTO claims VALUES (?, ?, ?, ?, ?, ?)", claim_rows)
        if contradiction_rows:
            con.executemany(
                "INSERT OR IGNORE INTO contradictions VALUES (?, ?)", contradiction_rows
            )
        return mention_ids


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
