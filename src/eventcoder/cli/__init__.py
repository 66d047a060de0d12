"""The ``eventcoder`` command. Each command group lives in its own module.

Exit status, for every command: 0 all good; 2 a usage or input error (nothing usable was
done); 3 a partial failure (some inputs failed, the rest were processed). Every error a user
can cause is printed as one line on standard error, never as a traceback.
"""

from __future__ import annotations

import sys

import typer

from eventcoder.errors import EventcoderError

#: Exit status of a usage error or an input error: nothing usable was done.
EXIT_USAGE = 2
#: Exit status when some inputs failed and the others were processed.
EXIT_PARTIAL = 3
#: Exit status after Ctrl-C, as a shell reports a process killed by SIGINT.
EXIT_INTERRUPTED = 130

app = typer.Typer(
    name="eventcoder",
    help="Turn conflict news into PLOVER event data: who did what to whom, where, when, "
    "and according to whom.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    # Plain help: typer's rich help panels (typer >= 0.26) print every option's type, so a
    # flag such as --help or --claims-only reads as if it took a value ("--help <bool>").
    # The plain formatter shows flags as flags, and prints errors without boxes.
    rich_markup_mode=None,
)


def _register() -> None:
    from eventcoder.cli import demo, document, evaluate, explain, ingest, serve, store

    for module in (document, explain, evaluate, ingest, store, demo, serve):
        module.register(app)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _usage_error_line(exc: typer.TyperException) -> str:
    """``eventcoder code: error: <problem> (see 'eventcoder code --help')``, one line."""
    ctx = getattr(exc, "ctx", None)
    command = ctx.command_path if ctx is not None else "eventcoder"
    hint = f" (see '{command} --help')" if ctx is not None else ""
    return f"{command}: error: {_one_line(exc.format_message())}{hint}"


def main() -> None:
    """Run the CLI with one error handler for every command.

    Typer (since 0.26) vendors its own copy of Click and raises that copy's exceptions, all
    subclasses of the public ``typer.TyperException``; the third-party ``click`` package's
    exception classes never match them. So this handler only names typer's public classes.
    """
    _register()
    try:
        status = app(standalone_mode=False)
    except EventcoderError as exc:
        print(f"eventcoder: error: {_one_line(str(exc))}", file=sys.stderr)
        sys.exit(EXIT_USAGE)
    except KeyboardInterrupt:
        print("eventcoder: interrupted", file=sys.stderr)
        sys.exit(EXIT_INTERRUPTED)
    except typer.Abort:
        print("eventcoder: aborted", file=sys.stderr)
        sys.exit(EXIT_INTERRUPTED)
    except typer.TyperException as exc:
        if type(exc).__name__ == "NoArgsIsHelpError":
            # `eventcoder` alone: the help is what the user needs, not a one-liner
            print(exc.format_message(), file=sys.stderr)
        else:
            print(_usage_error_line(exc), file=sys.stderr)
        # usage errors carry 2; any other typer error is still the user's to fix
        sys.exit(exc.exit_code if exc.exit_code in (EXIT_USAGE, EXIT_PARTIAL) else EXIT_USAGE)
    # In non-standalone mode typer returns the code of a `typer.Exit(code)` (and 130 after
    # Ctrl-C) instead of exiting: pass it on, or partial failures would exit 0.
    if isinstance(status, int) and not isinstance(status, bool):
        sys.exit(status)
