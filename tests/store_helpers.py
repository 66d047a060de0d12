"""Helpers shared by the store, ingest and engine tests (imported as a plain module)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from eventcoder.store.db import open_store


def dev_slice(dev_corpus_path: Path, folder: Path, count: int, start: int = 0) -> Path:
    """Lines start..start+count of the dev corpus as their own JSON Lines file."""
    lines = dev_corpus_path.read_text(encoding="utf-8").splitlines()[start : start + count]
    out = folder / f"dev_{start}_{count}.jsonl"
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out


def stored_rows(db: Path, *, with_failures: bool = False) -> dict[str, list[Any]]:
    """Every stored row that must not depend on how the store was built (timestamps left out)."""
    with open_store(db, read_only=True) as store:
        con = store.cursor()
        rows = {
            "documents": con.execute(
                "SELECT id, content_hash, title, published, num_events FROM documents ORDER BY id"
            ).fetchall(),
            "mentions": con.execute("SELECT * FROM mentions ORDER BY id").fetchall(),
            "mention_actors": con.execute("SELECT * FROM mention_actors ORDER BY ALL").fetchall(),
            "events": con.execute(
                "SELECT * EXCLUDE (updated_at) FROM events ORDER BY id"
            ).fetchall(),
            "claims": con.execute("SELECT * FROM claims ORDER BY ALL").fetchall(),
            "contradictions": con.execute("SELECT * FROM contradictions ORDER BY ALL").fetchall(),
        }
        if with_failures:
            rows["failures"] = con.execute(
                "SELECT source, problem FROM failures ORDER BY ALL"
            ).fetchall()
        return rows


def as_version_4_documents(con: Any) -> None:
    """Give a current store's ``documents`` the layout of schema version 4 and before: the
    coded JSON as text in ``coded`` (version 5 stores it zlib-compressed in ``coded_zlib``).
    For tests of migrations from those versions; ``con`` is a plain DuckDB connection."""
    from eventcoder.store.schema import DOCUMENTS_TABLE
    from eventcoder.store.write import unpack_coded

    old_table = DOCUMENTS_TABLE.replace("IF NOT EXISTS documents (", "documents_v4 (")
    old_table = old_table.replace("coded_zlib BLOB NOT NULL", "coded JSON NOT NULL")
    con.create_function("unpack_coded", unpack_coded, ["BLOB"], "VARCHAR")
    con.execute(old_table)
    con.execute(
        "INSERT INTO documents_v4 BY NAME SELECT * EXCLUDE (coded_zlib), "
        "unpack_coded(coded_zlib) AS coded FROM documents"
    )
    con.execute("DROP TABLE documents")
    con.execute("ALTER TABLE documents_v4 RENAME TO documents")
    con.remove_function("unpack_coded")


def as_version_3_mentions(con: Any) -> None:
    """Give a current store's ``mentions`` the layout of schema version 3 and before: no
    ``section`` column (version 4 added it, with the indexes that use it), and ``documents``
    the layout of version 4 (:func:`as_version_4_documents`)."""
    from eventcoder.store.schema import INDEXES, MENTION_INDEXES

    for index in MENTION_INDEXES:
        con.execute(f"DROP INDEX {index}")
    con.execute("ALTER TABLE mentions DROP COLUMN section")
    for statement in INDEXES:
        if " ON mentions " in statement:
            con.execute(statement)
    as_version_4_documents(con)
