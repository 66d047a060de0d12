"""Code documents on a Dask cluster: the same pipeline, many machines, Parquet in between.

The driver (the ``eventcoder ingest`` process) reads, cleans and de-duplicates articles as
it always does and hands chunks of documents to :class:`DaskEngine`, which submits each
chunk as one Dask task. At most ``max_in_flight`` chunks are queued or being coded at any
time, so the driver's memory stays flat however large the corpus is.

On a worker, the task codes its chunk with the process's :class:`~eventcoder.pipeline.Pipeline`
(loaded once per worker process: a worker plugin warms it up when the worker joins, and a
per-process cache serves every later task) and writes the coded documents with DuckDB as
Hive-partitioned Parquet, ``<parquet_dir>/year=YYYY/month=M/part-<chunk>-<i>.parquet``.
Only the chunk id and the failures travel back to the driver, which reads that chunk's
files and writes them to the store through the very same :meth:`Store.add` the local
engine uses: same documents, same event mentions, same clusters.

The Parquet folder is a dataset in its own right (one row per coded document, the full
:class:`~eventcoder.models.CodedDocument` as JSON), which DuckDB can query in place; on a
cluster it must be on a filesystem the workers and the driver share.
"""

from __future__ import annotations

import hashlib
import logging
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eventcoder.config import Settings, get_settings
from eventcoder.errors import EventcoderError
from eventcoder.models import CodedDocument, ReadFailure
from eventcoder.scale.local import ChunkResult, LabelledDocument, code_chunk

if TYPE_CHECKING:
    from distributed import Client

    from eventcoder.pipeline import Pipeline

log = logging.getLogger(__name__)

#: Columns of every Parquet file the workers write (year and month are the partition keys).
PARQUET_COLUMNS: tuple[tuple[str, str], ...] = (
    ("content_hash", "VARCHAR"),
    ("source_label", "VARCHAR"),
    ("document_id", "VARCHAR"),
    ("published", "DATE"),
    ("year", "INTEGER"),
    ("month", "INTEGER"),
    ("events", "INTEGER"),
    ("coded_json", "VARCHAR"),
)


@dataclass
class PartitionResult:
    """What a worker sends back for one chunk: where its rows are, and what failed."""

    chunk_id: str
    documents: int
    failures: list[ReadFailure] = field(default_factory=list)


# ----------------------------------------------------------------------------- worker side


@lru_cache(maxsize=2)
def worker_pipeline(settings_json: str) -> Pipeline:
    """The process's Pipeline for these settings, built on first use and kept for the process."""
    from eventcoder.pipeline import Pipeline

    return Pipeline(Settings.model_validate_json(settings_json))


def _worker_plugin_class() -> type:
    # Built lazily so importing this module does not import distributed (slow) for local runs.
    from distributed.diagnostics.plugin import WorkerPlugin

    class PipelinePlugin(WorkerPlugin):
        """Loads the NLP pipeline when a worker joins, before its first task arrives."""

        name = "eventcoder-pipeline"

        def __init__(self, settings_json: str) -> None:
            self.settings_json = settings_json

        def setup(self, worker: Any) -> None:
            worker_pipeline(self.settings_json)

    return PipelinePlugin


def chunk_id_of(chunk: list[LabelledDocument]) -> str:
    """A deterministic id from the chunk's content: re-coding the same chunk rewrites its files."""
    from eventcoder.store.db import content_hash_of

    digest = hashlib.sha256()
    for _, document in chunk:
        digest.update(content_hash_of(document).encode())
    return digest.hexdigest()[:20]


def write_parquet(
    coded: list[CodedDocument], labels: dict[str, str], parquet_dir: str, chunk_id: str
) -> None:
    """Write coded documents as year/month-partitioned Parquet with DuckDB (no pyarrow)."""
    import duckdb

    from eventcoder.store.db import content_hash_of

    if not coded:
        return
    con = duckdb.connect()
    try:
        columns = ", ".join(f"{name} {kind}" for name, kind in PARQUET_COLUMNS)
        con.execute(f"CREATE TABLE coded ({columns})")
        rows = []
        for item in coded:
            document = item.document
            content_hash = content_hash_of(document)
            published = document.published
            rows.append(
                [
                    content_hash,
                    labels.get(content_hash, document.id),
                    document.id,
                    published,
                    published.year if published else None,
                    published.month if published else None,
                    len(item.events),
                    item.model_dump_json(),
                ]
            )
        con.executemany(f"INSERT INTO coded VALUES ({', '.join('?' * len(rows[0]))})", rows)
        target = Path(parquet_dir).as_posix().replace("'", "''")
        # OVERWRITE_OR_IGNORE: many workers write into the same partition folders at once;
        # each writes only its own file names, and a re-coded chunk replaces its own files.
        con.execute(
            f"COPY coded TO '{target}' (FORMAT parquet, PARTITION_BY (year, month), "
            f"FILENAME_PATTERN 'part-{chunk_id}-{{i}}', OVERWRITE_OR_IGNORE)"
        )
    finally:
        con.close()


def code_partition(
    chunk: list[LabelledDocument], settings_json: str, parquet_dir: str
) -> PartitionResult:
    """Dask task: code one chunk on this worker and write it as Parquet."""
    from eventcoder.store.db import content_hash_of

    chunk_id = chunk_id_of(chunk)
    result = code_chunk(worker_pipeline(settings_json), chunk)
    labels = {content_hash_of(document): label for label, document in chunk}
    write_parquet(result.coded, labels, parquet_dir, chunk_id)
    return PartitionResult(chunk_id=chunk_id, documents=len(result.coded), failures=result.failures)


# ----------------------------------------------------------------------------- driver side


def read_partition(parquet_dir: str, chunk_id: str) -> list[CodedDocument]:
    """The coded documents one chunk wrote, read back with DuckDB."""
    import duckdb

    pattern = (Path(parquet_dir) / "*" / "*" / f"part-{chunk_id}-*.parquet").as_posix()
    con = duckdb.connect()
    try:
        rows = con.execute(
            "SELECT coded_json FROM read_parquet(?, hive_partitioning = false)", [pattern]
        ).fetchall()
    except duckdb.IOException as exc:
        raise EventcoderError(
            f"{parquet_dir}: cannot read the Parquet a worker wrote for chunk {chunk_id} "
            f"({str(exc).splitlines()[0]}); on a cluster --parquet must be a folder the "
            "workers and this machine share"
        ) from exc
    finally:
        con.close()
    return [CodedDocument.model_validate_json(row[0]) for row in rows]


def default_parquet_dir(db_path: str | Path) -> Path:
    """Beside the store file: ``events.duckdb`` -> ``events.duckdb.parquet/``."""
    name = str(db_path)
    if name == ":memory:":
        return Path(tempfile.mkdtemp(prefix="eventcoder-parquet-"))
    return Path(name + ".parquet")


class DaskEngine:
    """Codes chunks on a Dask cluster; callable like :func:`eventcoder.scale.local.code_chunks`.

    ``scheduler``: address of a running scheduler (``tcp://host:8786``, a dask-jobqueue or
    Kubernetes cluster's ``scheduler_address``); without it a LocalCluster of ``workers``
    single-threaded worker processes is started for the run and closed after it.
    """

    def __init__(
        self,
        parquet_dir: str | Path,
        *,
        scheduler: str | None = None,
        workers: int | None = None,
        max_in_flight: int | None = None,
        settings: Settings | None = None,
        connect_timeout: float = 30.0,
    ) -> None:
        from eventcoder.scale.local import default_workers

        self.parquet_dir = Path(parquet_dir)
        self.scheduler = scheduler
        self.workers = workers or default_workers()
        self.max_in_flight = max_in_flight
        self.settings = settings or get_settings()
        self.connect_timeout = connect_timeout

    def _connect(self) -> tuple[Client, Any]:
        from distributed import Client, LocalCluster

        if self.scheduler:
            try:
                return Client(self.scheduler, timeout=self.connect_timeout), None
            except (OSError, TimeoutError) as exc:
                raise EventcoderError(
                    f"--scheduler {self.scheduler}: cannot reach the Dask scheduler ({exc})"
                ) from exc
        cluster = LocalCluster(
            n_workers=self.workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            # The nanny's routine shutdown chatter is not news to an ingest user.
            silence_logs=logging.ERROR,
        )
        return Client(cluster), cluster

    def __call__(self, chunks: Iterable[list[LabelledDocument]]) -> Iterator[ChunkResult]:
        from distributed import as_completed
        from distributed.client import FutureCancelledError

        try:
            self.parquet_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise EventcoderError(
                f"--parquet {self.parquet_dir}: cannot create folder: {exc}"
            ) from exc
        parquet_dir = str(self.parquet_dir.resolve())
        settings_json = self.settings.model_dump_json()
        client, cluster = self._connect()
        try:
            client.register_plugin(_worker_plugin_class()(settings_json))
            # Enough queued work to keep every worker thread busy while one result is
            # being written to the store, and no more: chunks stay in the reader until then.
            threads = sum(client.nthreads().values()) or self.workers
            limit = self.max_in_flight or threads * 2
            source = iter(chunks)
            running = as_completed()

            def submit_next() -> bool:
                chunk = next(source, None)
                if chunk is None:
                    return False
                running.add(
                    client.submit(code_partition, chunk, settings_json, parquet_dir, pure=False)
                )
                return True

            for _ in range(limit):
                if not submit_next():
                    break
            for future in running:
                try:
                    part = future.result()
                except FutureCancelledError as exc:
                    raise EventcoderError(f"a Dask coding task was cancelled: {exc}") from exc
                except Exception as exc:
                    if type(exc).__name__ == "KilledWorker":
                        raise EventcoderError(
                            f"Dask workers died coding a chunk ({exc}); give workers more "
                            "memory or fewer threads (already stored articles are skipped)"
                        ) from exc
                    raise
                future.release()
                submit_next()
                coded = read_partition(parquet_dir, part.chunk_id) if part.documents else []
                yield ChunkResult(coded=coded, failures=part.failures)
        finally:
            client.close()
            if cluster is not None:
                cluster.close()
