"""``eventcoder annotate`` and ``eventcoder code``: one article in, its coded record out."""

from __future__ import annotations

import datetime as dt
import json
import sys
from enum import StrEnum
from typing import Annotated

import typer

from eventcoder.cli.render import print_coded_table
from eventcoder.errors import InputError
from eventcoder.models import CodedDocument, ReadFailure

PublishedOption = Annotated[
    dt.datetime | None,
    typer.Option(
        "--published",
        formats=["%Y-%m-%d"],
        metavar="YYYY-MM-DD",
        help="Publication date (YYYY-MM-DD) when the input has none.",
    ),
]


FileArgument = Annotated[
    str, typer.Argument(help="Article file (.txt, .html, .json, .jsonl) or - for stdin.")
]


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"


FORMAT_HELP = (
    "table, json or jsonl. Default: a table on a terminal, JSON Lines (one coded document "
    "per line) when the output is piped or redirected."
)
FormatOption = Annotated[OutputFormat | None, typer.Option("--format", "-f", help=FORMAT_HELP)]
WideOption = Annotated[
    bool, typer.Option("--wide", help="Tables: every column, as wide as they need.")
]


def output_format(chosen: OutputFormat | None) -> OutputFormat:
    """The asked-for format, else a table for a person and JSON Lines for a pipe."""
    if chosen is not None:
        return chosen
    return OutputFormat.table if sys.stdout.isatty() else OutputFormat.jsonl


def code_file(
    file: str, published: dt.datetime | None
) -> tuple[list[CodedDocument], list[ReadFailure]]:
    """Code every usable record of ``file``; also return its bad records (each costs that
    record only, docs/reliability.md)."""
    from eventcoder.pipeline import Pipeline
    from eventcoder.read import clean, read_records

    articles, failures = read_records(file, published.date() if published else None)
    documents = []
    for article in articles:
        # a record whose text cleans to nothing (invisible characters, only boilerplate) is
        # a bad record like any other
        try:
            documents.append(clean(article))
        except InputError as exc:
            if len(articles) == 1 and not failures:
                raise
            failures.append(ReadFailure(source=exc.source, problem=exc.problem))
    if not documents:
        # as read_records says it: the first failure, and how many more
        more = f" (and {len(failures) - 1} more failed records)" if len(failures) > 1 else ""
        raise InputError(failures[0].source, failures[0].problem + more)
    pipeline = Pipeline()
    return list(pipeline.code_many(documents)), failures


def exit_for_failed_records(failures: list[ReadFailure]) -> None:
    """After the output: one line per bad record on stderr, then exit 3 (partial failure)."""
    if not failures:
        return
    for failure in failures:
        problem = " ".join(failure.problem.split())
        print(f"eventcoder: failed {failure.source}: {problem}", file=sys.stderr)
    print(
        f"eventcoder: {len(failures)} record(s) failed, the rest was coded (exit status 3)",
        file=sys.stderr,
    )
    sys.exit(3)


def _emit(
    coded: list[CodedDocument], fmt: OutputFormat, *, with_events: bool, wide: bool = False
) -> None:
    exclude = None if with_events else {"events"}
    if fmt is OutputFormat.table:
        for item in coded:
            print_coded_table(item, with_events=with_events, wide=wide)
    elif fmt is OutputFormat.jsonl or len(coded) != 1:
        for item in coded:
            typer.echo(item.model_dump_json(exclude=exclude))
    else:
        typer.echo(
            json.dumps(
                coded[0].model_dump(mode="json", exclude=exclude), indent=2, ensure_ascii=False
            )
        )


def register(app: typer.Typer) -> None:
    @app.command()
    def annotate(
        file: FileArgument,
        published: PublishedOption = None,
        format: FormatOption = None,
        wide: WideOption = False,
    ) -> None:
        """Show an article's document record, actors, places and dates."""
        coded, failures = code_file(file, published)
        _emit(coded, output_format(format), with_events=False, wide=wide)
        exit_for_failed_records(failures)

    @app.command()
    def code(
        file: FileArgument,
        published: PublishedOption = None,
        format: FormatOption = None,
        wide: WideOption = False,
    ) -> None:
        """Code an article's events in PLOVER, with actors, places, dates and evidence."""
        coded, failures = code_file(file, published)
        _emit(coded, output_format(format), with_events=True, wide=wide)
        exit_for_failed_records(failures)
