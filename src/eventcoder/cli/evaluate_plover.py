"""``eventcoder evaluate plover PATH``: event type P/R/F1 and actor accuracy on PLOVER gold."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer


class ScoreFormat(StrEnum):
    table = "table"
    json = "json"


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
        console = Console()
        console.print(table)
        console.print(
            f"macro-F1 [bold]{score.macro_f1:.3f}[/]  type accuracy {score.accuracy:.3f}  "
            f"source-actor accuracy [bold]{score.source_accuracy:.3f}[/] "
            f"(n={score.n_with_source})  target-actor accuracy {score.target_accuracy:.3f} "
            f"(n={score.n_with_target})"
        )
