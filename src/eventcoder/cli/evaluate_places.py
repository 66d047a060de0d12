"""``eventcoder evaluate places``: resolution and end-to-end geoparsing scores on gold toponyms."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer


class EvaluationFormat(StrEnum):
    table = "table"
    json = "json"


def _percent(value: float | int | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}%"


def _km(value: float | int | None) -> str:
    return "-" if value is None else f"{value:.0f}"


def _auc(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def register_places(app: typer.Typer) -> None:
    @app.command("places")
    def places(
        path: Annotated[Path, typer.Argument(help="Gold JSON Lines (e.g. news_dev.jsonl).")],
        limit: Annotated[
            int | None, typer.Option("--limit", help="Only the first N articles.")
        ] = None,
        errors: Annotated[
            int, typer.Option("--errors", help="Also list up to N misses (for error analysis).")
        ] = 0,
        format: Annotated[EvaluationFormat, typer.Option("--format", "-f")] = (
            EvaluationFormat.table
        ),
    ) -> None:
        """Resolution accuracy and end-to-end geoparsing scores, per dataset and gold type."""
        from rich.console import Console
        from rich.progress import Progress
        from rich.table import Table

        from eventcoder.evaluate.places import evaluate_places, read_gold

        total = len(read_gold(path, limit))
        console = Console(stderr=True)
        with Progress(console=console, transient=True) as progress:
            task = progress.add_task("geocoding", total=total)
            result = evaluate_places(
                path,
                limit=limit,
                on_article=lambda: progress.advance(task),
                keep_errors=errors,
            )
        report = result.to_dict()
        if format is EvaluationFormat.json:
            if errors:
                report["errors"] = result.errors
            typer.echo(json.dumps(report, indent=2))
            return
        resolution = report["resolution"]
        title = (
            f"Resolution (geocoding) accuracy on {path.name} ({result.articles} articles): "
            "every gold toponym resolved in its document context"
        )
        table = Table(title=title)
        for column in ("group", "gold", "acc@161km", "median km", "mean km", "AUC"):
            table.add_column(column, justify="left" if column == "group" else "right")
        rows = [("overall", resolution["overall"])]
        rows += [(name, s) for name, s in resolution["by_source"].items()]
        rows += [(f"type: {name}", s) for name, s in resolution["by_type"].items()]
        rows += [(f"method: {name}", s) for name, s in resolution["by_method"].items()]
        for name, s in rows:
            table.add_row(
                name,
                str(s["gold"]),
                _percent(s["accuracy_161km"]),
                _km(s["median_error_km"]),
                _km(s["mean_error_km"]),
                _auc(s["auc"]),
            )
        Console().print(table)

        end_to_end = report["end_to_end"]
        title = (
            f"End-to-end (recognition + resolution) on {path.name}: the pipeline's places; "
            f"{end_to_end['predicted_places']} predicted, precision "
            f"{_percent(end_to_end['precision'])} (on a gold toponym), "
            f"{_percent(end_to_end['precision_161km'])} (and within 161 km)"
        )
        table = Table(title=title)
        for column in ("group", "gold", "coverage", "acc@161km", "acc@161 covered", "median km"):
            table.add_column(column, justify="left" if column == "group" else "right")
        rows = [("overall", end_to_end["overall"])]
        rows += [(name, s) for name, s in end_to_end["by_source"].items()]
        rows += [(f"type: {name}", s) for name, s in end_to_end["by_type"].items()]
        for name, s in rows:
            table.add_row(
                name,
                str(s["gold"]),
                _percent(s["coverage"]),
                _percent(s["accuracy_161km"]),
                _percent(s["accuracy_161km_covered"]),
                _km(s["median_error_km"]),
            )
        Console().print(table)
        for miss in result.errors:
            typer.echo(json.dumps(miss, ensure_ascii=False))
