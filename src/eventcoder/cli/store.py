"""Store commands: ``events``, ``stats``, ``export`` (``ingest`` and ``demo``: own modules)."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from eventcoder.cli.filters import filter_options
from eventcoder.cli.tables import Column, codes_cell, date_cell, flags_cell, print_table, short_ids
from eventcoder.errors import EventcoderError

if TYPE_CHECKING:
    from eventcoder.store.db import Store
    from eventcoder.store.query import EventFilter

console = Console()
err_console = Console(stderr=True)

DbOption = Annotated[
    Path | None,
    typer.Option("--db", help="Store file (default: Settings.db, env EVENTCODER_DB)."),
]


class EventsFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    jsonl = "jsonl"


def open_db(db: Path | None, *, read_only: bool = False, create: bool = False) -> Store:
    """Open the store; only ``ingest`` and ``demo`` create one (a typo is not a new store)."""
    from eventcoder.store.db import open_store

    return open_store(db, read_only=read_only, create=create)


@contextmanager
def reading_db(db: Path | None) -> Iterator[Store]:
    """The store opened read-only; a DuckDB error while reading it becomes one line."""
    import duckdb

    from eventcoder.store.db import store_error

    with open_db(db, read_only=True) as store:
        try:
            yield store
        except duckdb.Error as exc:
            raise store_error(store.path, exc) from exc


ViewOption = Annotated[
    str,
    typer.Option(
        "--view",
        help="reviewed: analysts' corrections applied, rejected events left out (default); "
        "raw: the machine's codes.",
    ),
]


def print_events_table(
    events: list[dict[str, Any]],
    title: str,
    *,
    wide: bool = False,
    documents: dict[str, list[dict[str, Any]]] | None = None,
) -> None:
    """Stored events as a table that fits the terminal (short ids, codes never split).

    ``documents`` (from ``event_documents``) adds a "from" column: the outlets or titles of
    the articles a merged event came from."""
    ids = short_ids([e["id"] for e in events])
    columns = [
        Column("id", lambda e: e["id"] if wide else ids[e["id"]]),
        Column("date", lambda e: date_cell(e["date"], e.get("date_precision"))),
        Column("type", lambda e: e["event_type"]),
        Column("source", lambda e: codes_cell(e["source_codes"])),
        Column("target", lambda e: codes_cell(e["target_codes"])),
        Column("articles", lambda e: str(e["num_articles"]), "number"),
        Column("place", lambda e: _place(e), "text"),
        Column("flags", lambda e: flags_cell(e, ("negated", "future", "hypothetical"))),
        Column("claims", lambda e: str(e["num_claims"]), "number"),
        Column("sources", lambda e: str(e["num_sources"]), "number"),
        Column("mentions", lambda e: str(e["num_mentions"]), "number"),
        Column("review", lambda e: e.get("review_status") or "-"),
    ]
    if documents is not None:
        columns.insert(7, Column("from", lambda e: _sources(documents.get(e["id"], [])), "text"))
    print_table(console, title, columns, events, wide=wide)


def _sources(documents: list[dict[str, Any]]) -> str:
    """Where a merged event was reported: each article's outlet, else its title, else its id."""
    return "; ".join(d["outlet"] or d["title"] or d["id"] for d in documents) or "-"


def _split_key(key: str | None) -> list[str]:
    """A dyad key ('ARM|AZE', '' for none) as its codes."""
    return [code for code in (key or "").split("|") if code]


def _place(event: dict[str, Any]) -> str:
    return ", ".join(x for x in (event["location_name"], event["country"]) if x) or "-"


def print_stats(summary: dict[str, Any]) -> None:
    console.print(
        f"[bold]{summary['events']}[/] events from {summary['mentions']} mentions in "
        f"{summary['documents']} documents; {summary['multi_article_events']} events reported "
        f"by more than one article; {summary['failures']} inputs failed"
    )
    for title, key, label in (
        ("Events by type", "by_type", "event_type"),
        ("Events by quad class", "by_quad_class", "quad_class"),
        ("Events by month", "by_month", "month"),
    ):
        table = Table(title=title)
        table.add_column(label)
        table.add_column("events", justify="right")
        table.add_column("mentions", justify="right")
        for row in summary[key]:
            table.add_row(str(row[label] or "undated"), str(row["events"]), str(row["mentions"]))
        console.print(table)
    dyad_columns = [
        Column("source", lambda row: codes_cell(_split_key(row["source"]))),
        Column("target", lambda row: codes_cell(_split_key(row["target"]))),
        Column("events", lambda row: str(row["events"]), "number"),
        Column("mentions", lambda row: str(row["mentions"]), "number"),
    ]
    print_table(console, "Top actor dyads", dyad_columns, summary["by_dyad"][:15])
    agreement = summary.get("review_agreement") or []
    if agreement:
        table = Table(title="Machine vs reviewed, by machine type (reviewed mentions)")
        # short headers: the table fits 80 columns (docs/store.md defines each figure)
        for column in ("type", "reviewed", "agreed", "retyped", "other", "rejected"):
            table.add_column(column, justify="left" if column == "type" else "right")
        table.add_column("agree", justify="right")
        table.add_column("type ok", justify="right")
        for row in agreement:
            table.add_row(
                row["event_type"],
                *(str(row[k]) for k in ("reviewed", "agreed", "retyped", "other_fields")),
                str(row["rejected"]),
                f"{row['agreement']:.2f}",
                f"{row['type_agreement']:.2f}",
            )
        console.print(table)


def _emit_events(
    events: list[dict[str, Any]],
    fmt: EventsFormat | None,
    title: str,
    *,
    wide: bool = False,
    documents: dict[str, list[dict[str, Any]]] | None = None,
) -> None:
    """Events in the chosen format; ``documents`` (the articles each event was merged from)
    is a "from" column in the table, ``documents`` in JSON and ``document_ids`` in CSV."""
    if fmt is None:  # a table for a person, CSV for a pipe or a file
        fmt = EventsFormat.table if sys.stdout.isatty() else EventsFormat.csv
    if fmt is EventsFormat.table:
        print_events_table(events, title, wide=wide, documents=documents)
        return
    if documents is not None:
        events = [{**event, "documents": documents.get(event["id"], [])} for event in events]
    if fmt is EventsFormat.json:
        typer.echo(json.dumps(events, indent=2, ensure_ascii=False))
    elif fmt is EventsFormat.jsonl:
        for event in events:
            typer.echo(json.dumps(event, ensure_ascii=False))
    else:
        from eventcoder.store.query import EVENT_COLUMNS

        fields = [*EVENT_COLUMNS, *(["document_ids"] if documents is not None else [])]
        writer = csv.DictWriter(sys.stdout, fieldnames=fields)
        writer.writeheader()
        for event in events:
            merged_from = event.pop("documents", None)
            row = {k: "|".join(v) if isinstance(v, list) else v for k, v in event.items()}
            if merged_from is not None:
                row["document_ids"] = "|".join(d["id"] for d in merged_from)
            writer.writerow(row)


def register(app: typer.Typer) -> None:
    @app.command()
    @filter_options(defaults={"limit": 50})
    def events(
        db: DbOption = None,
        format: Annotated[
            EventsFormat | None,
            typer.Option(
                "--format",
                "-f",
                help="table, csv, json or jsonl. Default: a table on a terminal, CSV (one "
                "event per row, every field) when piped or redirected.",
            ),
        ] = None,
        wide: Annotated[
            bool, typer.Option("--wide", help="Table: every column and whole ids.")
        ] = False,
        *,
        event_filter: EventFilter,
    ) -> None:
        """List deduplicated events, filtered."""
        from eventcoder.store.query import count_events, event_documents, list_events

        with reading_db(db) as store:
            rows = list_events(store, event_filter)
            total = count_events(store, event_filter)
            documents = event_documents(store, [row["id"] for row in rows])
        _emit_events(rows, format, f"Events {len(rows)} of {total}", wide=wide, documents=documents)

    @app.command()
    @filter_options(exclude=("document_id", "limit", "offset", "sort", "order"))
    def stats(
        db: DbOption = None,
        as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
        *,
        event_filter: EventFilter,
    ) -> None:
        """Event counts by type, quad class, actor dyad and month."""
        from eventcoder.store.query import stats as store_stats

        with reading_db(db) as store:
            # Counts alone come from DuckDB's metadata and would look plausible on a damaged
            # file: read every block first (one pass over the file).
            store.verify()
            summary = store_stats(store, event_filter)
        if as_json:
            typer.echo(json.dumps(summary, indent=2, ensure_ascii=False))
        else:
            print_stats(summary)

    @app.command()
    def export(
        out: Annotated[Path, typer.Argument(help="Output file (a folder for parquet).")],
        format: Annotated[
            str,
            typer.Option(
                "--format",
                "-f",
                help="plover-jsonl, acled-csv, gdelt-csv, parquet, gold (the reviewed events "
                "as `evaluate events` gold) or coded-jsonl (articles as `code --format jsonl`)",
            ),
        ],
        db: DbOption = None,
        force: Annotated[
            bool,
            typer.Option(
                "--force",
                help="Replace an existing output file, or a folder an earlier Parquet export "
                "wrote (never the store, never other files).",
            ),
        ] = False,
        view: ViewOption = "reviewed",
    ) -> None:
        """Export every event as PLOVER JSONL, ACLED-layout CSV, GDELT-layout CSV or Parquet.

        Written to a temporary file beside OUT and renamed into place when complete."""
        from eventcoder.store.export import ExportFormat
        from eventcoder.store.export import export as export_events

        try:
            fmt = ExportFormat(format)
        except ValueError:
            choices = ", ".join(f.value for f in ExportFormat)
            raise EventcoderError(
                f"--format: unknown format {format!r}; one of {choices}"
            ) from None
        with reading_db(db) as store:
            count = export_events(store, fmt, out, overwrite=force, view=view)
        console.print(f"Exported {count} events to {out} ({fmt.value})")
