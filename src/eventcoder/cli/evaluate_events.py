"""``eventcoder evaluate events GOLD [ARTICLES]``: event-level scores against hand-coded gold."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from eventcoder.errors import InputError

if TYPE_CHECKING:
    from eventcoder.evaluate.events import EventScore


class MissLevel(StrEnum):
    must = "must"
    should = "should"
    historical = "historical"
    all = "all"


class ScoreFormat(StrEnum):
    table = "table"
    json = "json"


def register_events(app: typer.Typer) -> None:
    @app.command("events")
    def events(
        gold: Annotated[
            Path,
            typer.Argument(help="Gold file (news_dev.gold.json, or a fixture's .gold.json)."),
        ],
        articles: Annotated[
            Path | None,
            typer.Argument(
                help="JSON Lines holding the gold articles by id (default: "
                "../corpus/news_dev.jsonl beside the gold's folder; a fixture gold reads the "
                "article file next to it)."
            ),
        ] = None,
        coded: Annotated[
            Path | None,
            typer.Option(
                "--coded",
                help="Score this `eventcoder code --format jsonl` output instead of coding.",
            ),
        ] = None,
        save_coded: Annotated[
            Path | None,
            typer.Option("--save-coded", help="Also write the coded articles here (JSON Lines)."),
        ] = None,
        per_article: Annotated[
            bool, typer.Option("--per-article", help="Also list the figures per article.")
        ] = False,
        misses: Annotated[
            MissLevel | None,
            typer.Option("--misses", help="Also list the missed gold events of this level."),
        ] = None,
        unmatched: Annotated[
            bool,
            typer.Option(
                "--unmatched",
                help="Also list the coded events that match no gold event (false positives), "
                "with the gold events of their sentence.",
            ),
        ] = False,
        format: Annotated[ScoreFormat, typer.Option("--format", "-f")] = ScoreFormat.table,
    ) -> None:
        """Must/all recall and precision (as ../shared/eval/score_events.py), source and
        target accuracy, misses by cause, per-type figures and precision by confidence."""
        from eventcoder.evaluate.events import (
            add_stem_aliases,
            code_documents,
            gold_documents,
            load_coded,
            load_gold,
            score_coded,
        )

        if coded is not None and articles is not None:
            raise InputError(str(articles), "give ARTICLES (to code) or --coded, not both")
        if coded is not None and save_coded is not None:
            raise InputError(str(save_coded), "--save-coded needs coding: drop --coded")
        gold_articles = load_gold(gold)
        if coded is not None:
            records = load_coded(coded)
            add_stem_aliases(gold_articles, records)
        else:
            records = code_documents(gold_documents(gold_articles, gold, articles))
            if save_coded is not None:
                with save_coded.open("w", encoding="utf-8") as out:
                    for record in records.values():
                        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        score = score_coded(gold_articles, records)
        if format is ScoreFormat.json:
            typer.echo(json.dumps(score.as_dict(), indent=2))
            return
        _print_tables(
            score,
            title=gold.name,
            per_article=per_article,
            list_misses=misses,
            list_unmatched=unmatched,
        )


def _print_tables(
    score: EventScore,
    *,
    title: str,
    per_article: bool,
    list_misses: MissLevel | None,
    list_unmatched: bool = False,
) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    n_gold = score.all_recall.total
    headline = Table(
        title=f"Events vs {title} ({len(score.articles)} articles, {n_gold} gold events)"
    )
    headline.add_column("figure")
    headline.add_column("hit/total", justify="right")
    headline.add_column("share", justify="right")
    rows = [
        ("must recall", score.must_recall),
        ("all recall", score.all_recall),
        *(
            (f"  {level} recall", tally)
            for level, tally in score.recall_by_level.items()
            if level != "must"
        ),
        ("precision", score.precision),
        ("source accuracy (found sentence+type)", score.source_accuracy),
        ("target accuracy (found sentence+type)", score.target_accuracy),
        ("claimant right (found claims of others)", score.claim_attribution),
        ("not a claim (found asserted events)", score.asserted_attribution),
    ]
    for name, tally in rows:
        headline.add_row(name, f"{tally.hit}/{tally.total}", f"{tally.ratio:.2f}")
    console.print(headline)

    misses = Table(title="Missed gold events, by cause")
    for column in ("level", "wrong actors", "wrong type", "no event on the sentence"):
        misses.add_column(column, justify="left" if column == "level" else "right")
    for level, counts in score.misses.items():
        misses.add_row(level, str(counts["actors"]), str(counts["type"]), str(counts["none"]))
    console.print(misses)

    per_type = Table(title="Per event type (recall over gold type, precision over coded type)")
    for column in ("type", "gold found", "recall", "must found", "coded correct", "precision"):
        per_type.add_column(column, justify="left" if column == "type" else "right", no_wrap=True)
    for event_type, row in score.per_type.items():
        per_type.add_row(
            event_type,
            f"{row.gold.hit}/{row.gold.total}",
            f"{row.gold.ratio:.2f}" if row.gold.total else "-",
            f"{row.must.hit}/{row.must.total}",
            f"{row.coded.hit}/{row.coded.total}",
            f"{row.coded.ratio:.2f}" if row.coded.total else "-",
        )
    console.print(per_type)

    bands = Table(title="Precision by confidence")
    for column in ("confidence", "coded", "correct", "precision"):
        bands.add_column(column, justify="left" if column == "confidence" else "right")
    for band, tally in score.confidence_bands:
        bands.add_row(
            band, str(tally.total), str(tally.hit), f"{tally.ratio:.2f}" if tally.total else "-"
        )
    console.print(bands)

    if per_article:
        table = Table(title="Per article")
        for column in ("article", "gold", "coded", "matched coded", "must found"):
            table.add_column(column, justify="left" if column == "article" else "right")
        for article in score.articles:
            table.add_row(
                article.id + ("" if article.in_coded else " (not coded)"),
                str(article.gold_events),
                str(article.coded_events),
                str(article.matched_coded),
                f"{article.must.hit}/{article.must.total}",
            )
        console.print(table)
    if list_misses is not None:
        for miss in score.missed:
            if list_misses is MissLevel.all or miss.level == list_misses.value:
                console.print(
                    f"[{miss.cause}] {miss.article} {miss.gold_id} ({miss.level}) {miss.gold} :: "
                    f"{miss.sentence[:100]}",
                    highlight=False,
                    markup=False,
                    soft_wrap=True,
                )
                for coded in miss.coded_on_sentence:
                    console.print(
                        f"    coded {coded}", highlight=False, markup=False, soft_wrap=True
                    )
    if list_unmatched:
        for coded in score.unmatched:
            console.print(
                f"[unmatched:{coded.nearest}] {coded.article} {coded.event_id} "
                f"conf {coded.confidence:.2f} {coded.coded} :: {coded.sentence[:100]}",
                highlight=False,
                markup=False,
                soft_wrap=True,
            )
            for gold in coded.gold_on_sentence:
                console.print(f"    gold {gold}", highlight=False, markup=False, soft_wrap=True)
    console.print(score.summary_line(), highlight=False)
