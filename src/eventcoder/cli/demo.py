"""``eventcoder demo``: ingest the bundled sample corpus, then show what was found."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from eventcoder.cli.store import DbOption


def run_demo(db: Path | None, *, workers: int | None = None) -> None:
    from eventcoder.cli.ingest import run_ingest
    from eventcoder.cli.store import print_events_table, print_stats
    from eventcoder.paths import sample_paths
    from eventcoder.store.db import open_store
    from eventcoder.store.query import EventFilter, event_documents, list_events, stats

    console = Console()
    console.rule("[bold]eventcoder demo: ingesting the bundled sample corpus")
    console.print(
        "The fixture opinion piece on the September 2022 Armenia–Azerbaijan clashes, a second "
        "report of the same clashes, and 36 conflict-related news articles (GPL-3.0, see "
        "data/sample/README.md)."
    )
    run_ingest(sample_paths(), db, published=None, workers=workers, batch=8)
    with open_store(db, read_only=True) as store:
        multi = list_events(store, EventFilter(sort="num_articles", order="desc", limit=5))
        conflict = list_events(store, EventFilter(quad_class="material_conflict", limit=10))
        summary = stats(store)
        merged_from = event_documents(store, [event["id"] for event in multi])
        path = store.path
    print_events_table(multi, "Events reported by the most articles", documents=merged_from)
    print_events_table(conflict, "Latest material-conflict events")
    print_stats(summary)
    console.print(
        f"\nExplore it: [bold]eventcoder events --db {path} --type ASSAULT[/], "
        f"[bold]eventcoder serve --db {path}[/], "
        f"[bold]eventcoder export --db {path} --format acled-csv events.csv[/]"
    )


def register(app: typer.Typer) -> None:
    @app.command()
    def demo(
        db: DbOption = None,
        workers: Annotated[int | None, typer.Option(help="Coding processes.")] = None,
    ) -> None:
        """Ingest the bundled sample corpus and show what eventcoder found in it."""
        run_demo(db, workers=workers)
