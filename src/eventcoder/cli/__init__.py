"""The ``eventcoder`` command. Each command group lives in its own module."""

from __future__ import annotations

import sys

import typer

from eventcoder.errors import EventcoderError

app = typer.Typer(
    name="eventcoder",
    help="Turn conflict news into PLOVER event data: who did what to whom, where, when, "
    "and according to whom.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def _register() -> None:
    from eventcoder.cli import document, evaluate, serve, store

    for module in (document, evaluate, store, serve):
        module.register(app)


def main() -> None:
    _register()
    try:
        app(standalone_mode=False)
    except EventcoderError as exc:
        print(f"eventcoder: error: {exc}", file=sys.stderr)
        sys.exit(2)
    except KeyboardInterrupt:
        print("eventcoder: interrupted", file=sys.stderr)
        sys.exit(130)
    except SystemExit:
        raise
    except Exception as exc:  # click usage errors and friends
        import click

        if isinstance(exc, click.exceptions.ClickException):
            exc.show()
            sys.exit(exc.exit_code)
        if isinstance(exc, click.exceptions.Exit):
            sys.exit(exc.exit_code)
        if isinstance(exc, click.exceptions.Abort):
            sys.exit(1)
        raise
