"""Store: a DuckDB file of coded documents, event mentions and deduplicated events.

- ``open_store(path, read_only=False) -> Store`` (``store.db``); ``Store.add(coded, failures)``
  writes one transaction and re-clusters the events it touches (``store.dedup``).
- ``store.query``: ``EventFilter`` and every read query (the CLI and the web API use it).
- ``store.export``: PLOVER JSON Lines, ACLED-layout CSV, GDELT-layout CSV, partitioned Parquet
  (rows from ``store.rows``, code mappings from ``store.mappings``).

The store reads no article and runs no pipeline: ``eventcoder.ingest`` (above it) wires
read → pipeline → engine → store.

Schema: ``docs/store.md``.
"""
