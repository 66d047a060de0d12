"""``eventcoder evaluate plover PATH``: event type P/R/F1 and actor accuracy on PLOVER gold."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from rich.table import Table

    from eventcoder.evaluate.plover import PloverScore


class ScoreFormat(StrEnum):
    table = "table"
    json = "json"


def confusion_table(score: PloverScore) -> Table:
    """Gold type (rows) × coded type (columns); ``-`` = no event coded on the sentence."""
    from rich.table import Table

    from eventcoder.evaluate.plover import NO_EVENT

    gold_types = sorted({gold for gold, _ in score.confusion})
    coded_types = [*sorted({coded for _, coded in score.confusion} - {NO_EVENT}), NO_EVENT]
    table = Table(title="Confusion: gold type (rows) × coded type (columns)")
    table.add_column("gold \\ coded", no_wrap=True)
    for coded in coded_types:
        # Column headers are the first four letters, to keep 17 columns on one screen.
        table.add_column(coded[:4], justify="right", no_wrap=True)
    for gold in gold_types:
        cells = []
        for coded in coded_types:
            n = score.confusion.get((gold, coded), 0)
            cells.append("" if n == 0 else f"[bold]{n}[/]" if coded == gold else str(n))
        table.add_row(gold, *cells)
    return table


def register_plover(app: typer.Typer) -> None:
    @app.command("plover")
    def plover(
        path: Annotated[Path, typer.Argument(help="PLOVER gold records (plover_gsr_dev.json).")],
        format: Annotated[ScoreFormat, typer.Option("--format", "-f")] = ScoreFormat.table,
    ) -> None:
        """Code each gold sentence alone; per-type precision/recall/F1, macro-F1, actor accuracy."""
        from eventcoder.evaluate.plover import evaluate_plover

        score = evaluate_plover(path)
        if format is ScoreFormat.json:
            typer.echo(json.dumps(score.as_dict(), indent=2))
            return
        from rich.console import Console
        from rich.table import Table

        table = Table(title=f"PLOVER event types ({score.n_records} gold sentences)")
        for column in ("type", "gold", "predicted", "precision", "recall", "F1"):
            table.add_column(column, justify="left" if column == "type" else "right")
        for event_type, row in score.per_type.items():
            table.add_row(
                event_type,
                str(row["gold"]),
                str(row["predicted"]),
                f"{row['precision']:.2f}",
                f"{row['recall']:.2f}",
                f"{row['f1']:.2f}",
            )
        # Wide enough for the 18-column confusion table even when piped (rich assumes 80).
        console = Console(width=max(Console().width, 150))
        console.print(table)
        console.print(confusion_table(score))
        console.print(
            f"macro-F1 [bold]{score.macro_f1:.3f}[/]  type accuracy {score.accuracy:.3f}  "
            f"source-actor accuracy [bold]{score.source_accuracy:.3f}[/] "
            f"(n={score.n_with_source})  target-actor accuracy {score.target_accuracy:.3f} "
            f"(n={score.n_with_target})"
        )
