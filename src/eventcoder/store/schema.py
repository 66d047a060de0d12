"""The store's DuckDB schema, its version, and opening/migrating a file.

Every table is documented column by column in ``docs/store.md``. The schema version lives in
the ``meta`` table; a file written by a newer eventcoder is refused (we cannot know what its
extra tables mean), a file from an older version is migrated step by step by ``MIGRATIONS``.
"""

from __future__ import annotations

from collections.abc import Callable

import duckdb

from eventcoder.errors import EventcoderError

#: Bump when the schema changes, and add a migration from the previous version to MIGRATIONS.
SCHEMA_VERSION = 5

#: Analysts' corrections (store/review.py; docs/store.md): a layer beside the machine codes.
CORRECTIONS_TABLE = """
    CREATE TABLE IF NOT EXISTS corrections (
        id BIGINT PRIMARY KEY,
        mention_key VARCHAR NOT NULL,
        document_id VARCHAR NOT NULL,
        event_id VARCHAR,
        reviewer VARCHAR NOT NULL,
        created_at TIMESTAMP NOT NULL,
        action VARCHAR NOT NULL,
        field VARCHAR,
        old_value VARCHAR,
        new_value VARCHAR,
        reason VARCHAR,
        undone BOOLEAN NOT NULL,
        undone_by VARCHAR,
        undone_at TIMESTAMP
    )"""

#: One row per stored article. ``coded_zlib`` is the article's full coded JSON, zlib-compressed
#: (``write.pack_coded``; schema version 5, issue 10): DuckDB's checkpoint after each batch
#: rewrites the table's last row group whole, and raw JSON made that the largest transient
#: allocation of an ingest, growing with the store (docs/scale.md).
DOCUMENTS_TABLE = """
    CREATE TABLE IF NOT EXISTS documents (
        id VARCHAR PRIMARY KEY,
        article_id VARCHAR NOT NULL,
        content_hash VARCHAR NOT NULL UNIQUE,
        title VARCHAR,
        published DATE,
        url VARCHAR,
        source VARCHAR,
        outlet VARCHAR,
        author VARCHAR,
        kind VARCHAR NOT NULL,
        language VARCHAR NOT NULL,
        origin VARCHAR,
        word_count INTEGER NOT NULL,
        num_events INTEGER NOT NULL,
        ingested_at TIMESTAMP NOT NULL,
        coded_zlib BLOB NOT NULL
    )"""

TABLES: tuple[str, ...] = (
    """
    CREATE TABLE IF NOT EXISTS meta (
        key VARCHAR PRIMARY KEY,
        value VARCHAR NOT NULL
    )""",
    DOCUMENTS_TABLE,
    """
    CREATE TABLE IF NOT EXISTS actor_mentions (
        document_id VARCHAR NOT NULL,
        idx INTEGER NOT NULL,
        text VARCHAR NOT NULL,
        start_char INTEGER NOT NULL,
        end_char INTEGER NOT NULL,
        code VARCHAR NOT NULL,
        sector VARCHAR,
        name VARCHAR,
        kind VARCHAR NOT NULL,
        PRIMARY KEY (document_id, idx)
    )""",
    """
    CREATE TABLE IF NOT EXISTS places (
        document_id VARCHAR NOT NULL,
        idx INTEGER NOT NULL,
        text VARCHAR NOT NULL,
        start_char INTEGER NOT NULL,
        end_char INTEGER NOT NULL,
        name VARCHAR NOT NULL,
        country VARCHAR,
        admin1 VARCHAR,
        lat DOUBLE NOT NULL,
        lon DOUBLE NOT NULL,
        geonameid BIGINT,
        feature_code VARCHAR,
        PRIMARY KEY (document_id, idx)
    )""",
    """
    CREATE TABLE IF NOT EXISTS dates (
        document_id VARCHAR NOT NULL,
        idx INTEGER NOT NULL,
        text VARCHAR NOT NULL,
        start_char INTEGER NOT NULL,
        end_char INTEGER NOT NULL,
        value VARCHAR,
        end_value VARCHAR,
        precision VARCHAR NOT NULL,
        PRIMARY KEY (document_id, idx)
    )""",
    """
    CREATE TABLE IF NOT EXISTS mentions (
        id VARCHAR PRIMARY KEY,
        document_id VARCHAR NOT NULL,
        event_local_id VARCHAR NOT NULL,
        event_type VARCHAR NOT NULL,
        quad_class VARCHAR,
        mode VARCHAR,
        context VARCHAR[] NOT NULL,
        date VARCHAR,
        date_precision VARCHAR NOT NULL,
        effective_date DATE,
        location_name VARCHAR,
        country VARCHAR,
        admin1 VARCHAR,
        lat DOUBLE,
        lon DOUBLE,
        geonameid BIGINT,
        location_precision VARCHAR,
        negated BOOLEAN NOT NULL,
        future BOOLEAN NOT NULL,
        hypothetical BOOLEAN NOT NULL,
        historical BOOLEAN NOT NULL,
        is_claim BOOLEAN NOT NULL,
        sentence_index INTEGER NOT NULL,
        sentence VARCHAR NOT NULL,
        sentence_start INTEGER NOT NULL,
        sentence_end INTEGER NOT NULL,
        trigger_text VARCHAR NOT NULL,
        trigger_start INTEGER NOT NULL,
        trigger_end INTEGER NOT NULL,
        confidence DOUBLE NOT NULL,
        source_key VARCHAR NOT NULL,
        target_key VARCHAR NOT NULL,
        modality_key VARCHAR NOT NULL,
        event_id VARCHAR NOT NULL,
        explanation JSON,
        section VARCHAR NOT NULL DEFAULT 'body'
    )""",
    """
    CREATE TABLE IF NOT EXISTS mention_actors (
        mention_id VARCHAR NOT NULL,
        role VARCHAR NOT NULL,
        idx INTEGER NOT NULL,
        code VARCHAR NOT NULL,
        sector VARCHAR,
        name VARCHAR,
        text VARCHAR NOT NULL,
        PRIMARY KEY (mention_id, role, idx)
    )""",
    """
    CREATE TABLE IF NOT EXISTS claims (
        mention_id VARCHAR PRIMARY KEY,
        document_id VARCHAR NOT NULL,
        claimant_code VARCHAR,
        claimant_sector VARCHAR,
        claimant_name VARCHAR,
        cue VARCHAR
    )""",
    """
    CREATE TABLE IF NOT EXISTS contradictions (
        mention_id VARCHAR NOT NULL,
        contradicts_mention_id VARCHAR NOT NULL,
        PRIMARY KEY (mention_id, contradicts_mention_id)
    )""",
    """
    CREATE TABLE IF NOT EXISTS events (
        id VARCHAR PRIMARY KEY,
        event_type VARCHAR NOT NULL,
        quad_class VARCHAR,
        mode VARCHAR,
        source_codes VARCHAR[] NOT NULL,
        target_codes VARCHAR[] NOT NULL,
        source_key VARCHAR NOT NULL,
        target_key VARCHAR NOT NULL,
        negated BOOLEAN NOT NULL,
        future BOOLEAN NOT NULL,
        hypothetical BOOLEAN NOT NULL,
        date DATE,
        date_end DATE,
        date_precision VARCHAR NOT NULL,
        year INTEGER,
        month INTEGER,
        location_name VARCHAR,
        country VARCHAR,
        admin1 VARCHAR,
        lat DOUBLE,
        lon DOUBLE,
        geonameid BIGINT,
        num_mentions INTEGER NOT NULL,
        num_articles INTEGER NOT NULL,
        num_sources INTEGER NOT NULL,
        num_claims INTEGER NOT NULL,
        confidence DOUBLE NOT NULL,
        first_document_id VARCHAR NOT NULL,
        first_published DATE,
        updated_at TIMESTAMP NOT NULL
    )""",
    CORRECTIONS_TABLE,
    """
    CREATE TABLE IF NOT EXISTS failures (
        source VARCHAR NOT NULL,
        problem VARCHAR NOT NULL,
        failed_at TIMESTAMP NOT NULL,
        PRIMARY KEY (source, problem)
    )""",
)

#: Indexes on ``mentions`` (a migration that alters the table drops and rebuilds them).
MENTION_INDEXES = ("mentions_document", "mentions_event", "mentions_block")

INDEXES: tuple[str, ...] = (
    "CREATE INDEX IF NOT EXISTS mentions_document ON mentions (document_id)",
    "CREATE INDEX IF NOT EXISTS mentions_event ON mentions (event_id)",
    "CREATE INDEX IF NOT EXISTS mentions_block ON mentions (event_type, source_key, target_key)",
)


#: The review layer's views (``store/review.py`` defines them; corrections never touch
#: ``mentions`` or ``events``): created with the tables, and recreated by every migration
#: that changes them.
def view_statements() -> tuple[str, ...]:
    from eventcoder.store.views import VIEWS

    return VIEWS


def table_names() -> list[str]:
    """Names of the store's tables, in creation order (parsed from ``TABLES``)."""
    return [statement.split("EXISTS", 1)[1].split("(", 1)[0].strip() for statement in TABLES]


def compress_coded_documents(con: duckdb.DuckDBPyConnection) -> None:
    """Migration 4 -> 5: ``documents.coded`` (JSON) becomes ``coded_zlib`` (the same JSON,
    zlib-compressed). DuckDB cannot change a column of a table with a primary key in place
    ("Cannot create index with outstanding updates"), so the table is copied, every row,
    and renamed; all in the migration's transaction."""
    from eventcoder.store.write import pack_coded

    con.create_function("eventcoder_pack_coded", pack_coded, ["VARCHAR"], "BLOB")
    try:
        con.execute(DOCUMENTS_TABLE.replace("IF NOT EXISTS documents (", "documents_v5 ("))
        con.execute(
            "INSERT INTO documents_v5 BY NAME SELECT * EXCLUDE (coded), "
            "eventcoder_pack_coded(coded) AS coded_zlib FROM documents"
        )
        con.execute("DROP TABLE documents")
        con.execute("ALTER TABLE documents_v5 RENAME TO documents")
    finally:
        con.remove_function("eventcoder_pack_coded")


#: One step of a migration: an SQL statement, "VIEWS" (recreate the views once every step
#: ran), or a function that needs Python (it runs inside the migration's transaction).
MigrationStep = str | Callable[[duckdb.DuckDBPyConnection], None]

#: Migrations from version N to N+1, keyed by N.
MIGRATIONS: dict[int, list[MigrationStep]] = {
    # 1 -> 2: each mention keeps its event's explanation (issue 11); mentions stored before
    # have none (NULL): re-ingest their articles to explain them. DuckDB cannot alter a table
    # that has indexes, so the mentions indexes are dropped and rebuilt around the change.
    1: [
        *(f"DROP INDEX IF EXISTS {name}" for name in MENTION_INDEXES),
        "ALTER TABLE mentions ADD COLUMN explanation JSON",
        *(statement for statement in INDEXES if " ON mentions " in statement),
    ],
    # 2 -> 3: the analysts' corrections (issue 13), a table of their own beside the machine
    # codes, and the reviewed/raw event views over both. Nothing existing is altered.
    2: [CORRECTIONS_TABLE, "VIEWS"],
    # 3 -> 4: where a mention's evidence is (issue 9): 'body' (offsets into the document's
    # text, every mention stored before) or 'title' (an event stated in the headline, offsets
    # into its title). The views are recreated: a review key names the title section.
    3: [
        *(f"DROP INDEX IF EXISTS {name}" for name in MENTION_INDEXES),
        "ALTER TABLE mentions ADD COLUMN section VARCHAR NOT NULL DEFAULT 'body'",
        *(statement for statement in INDEXES if " ON mentions " in statement),
        "VIEWS",
    ],
    # 4 -> 5: the coded JSON of each document is stored zlib-compressed (issue 10), every
    # document kept; readers decompress it (write.unpack_coded).
    4: [compress_coded_documents],
}


def schema_version(con: duckdb.DuckDBPyConnection) -> int | None:
    """The file's schema version, or None for an empty (new) database."""
    has_meta = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'meta'"
    ).fetchone()
    if not has_meta or not has_meta[0]:
        return None
    row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    return int(row[0]) if row else None


def ensure_schema(con: duckdb.DuckDBPyConnection, source: str, *, read_only: bool) -> None:
    """Create the schema in a new file, migrate an older one, refuse a newer one."""
    version = schema_version(con)
    if version is not None and version > SCHEMA_VERSION:
        raise EventcoderError(
            f"{source}: store schema version {version} is newer than this eventcoder supports "
            f"({SCHEMA_VERSION}); upgrade eventcoder to open it"
        )
    if version == SCHEMA_VERSION:
        if not read_only:
            # views hold no data: recreate them, so they always match this code
            for view in view_statements():
                con.execute(view)
        return
    if version is None:
        others = [
            row[0]
            for row in con.execute(
                "SELECT table_name FROM information_schema.tables ORDER BY table_name"
            ).fetchall()
        ]
        if others:  # never add our tables to somebody else's database
            raise EventcoderError(
                f"{source}: a DuckDB database but not an eventcoder store (it holds tables "
                f"{', '.join(others[:5])}{', ...' if len(others) > 5 else ''}); choose another --db"
            )
    if read_only:
        if version is None:
            raise EventcoderError(f"{source}: not an eventcoder store (no schema); ingest first")
        raise EventcoderError(
            f"{source}: store schema version {version} is older than {SCHEMA_VERSION}; "
            "open it once read-write (`eventcoder ingest --db FILE ...` or `eventcoder serve "
            "--db FILE`) to migrate it"
        )
    con.execute("BEGIN TRANSACTION")
    try:
        if version is None:
            for statement in (*TABLES, *INDEXES, *view_statements()):
                con.execute(statement)
        else:
            views = False
            for step in range(version, SCHEMA_VERSION):
                if step not in MIGRATIONS:
                    raise EventcoderError(
                        f"{source}: no migration from store schema version {step}; "
                        "re-ingest into a new file"
                    )
                for statement in MIGRATIONS[step]:
                    if callable(statement):
                        statement(con)
                    elif statement == "VIEWS":
                        views = True  # once all tables are current: views read this code's
                    else:
                        con.execute(statement)
            if views:
                for view in view_statements():
                    con.execute(view)
        con.execute(
            "INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)]
        )
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def check_tables(con: duckdb.DuckDBPyConnection, source: str) -> None:
    """Refuse a store missing any of its tables, and read ``meta`` so its blocks are checked."""
    present = {
        row[0]
        for row in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
        ).fetchall()
    }
    missing = [name for name in table_names() if name not in present]
    if missing:
        raise EventcoderError(
            f"{source}: not a complete eventcoder store (missing tables: {', '.join(missing)})"
        )
    con.execute("SELECT sum(hash(row_value)) FROM meta AS row_value").fetchone()
