"""The event filter options of the CLI, generated from the query layer's ``EventFilter``.

The server reads its filters from ``EventFilter``'s fields (``serve/params.py``); the CLI's
``events`` and ``stats`` take theirs from the same fields here, so a filter has one name, one
type and one help text everywhere, and a new field reaches both at once.
"""

from __future__ import annotations

import datetime as dt
import functools
import inspect
import types
import typing
from collections.abc import Callable
from typing import Annotated, Any

import typer
from pydantic import ValidationError

from eventcoder.errors import EventcoderError
from eventcoder.store.filters import EventFilter

#: Fields whose option has another name than the field ("--document", not "--document-id").
OPTION_NAMES = {"document_id": "document"}


def _option_type(annotation: Any) -> tuple[Any, dict[str, Any]]:
    """The type typer parses a field's option as, and extra ``typer.Option`` settings.

    Dates are read as ``YYYY-MM-DD``; a ``Literal`` is read as text and checked by
    ``EventFilter`` itself, so the error says what the allowed values are.
    """
    optional = False
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        optional = len(args) < len(typing.get_args(annotation))
        annotation = args[0]
    extra: dict[str, Any] = {}
    if annotation is dt.date:
        annotation, extra = dt.datetime, {"formats": ["%Y-%m-%d"]}
    elif typing.get_origin(annotation) is typing.Literal:
        annotation = str
    return (annotation | None if optional else annotation), extra


def _parameters(fields: tuple[str, ...], defaults: dict[str, Any]) -> list[inspect.Parameter]:
    parameters = []
    for name in fields:
        field = EventFilter.model_fields[name]
        option_name = OPTION_NAMES.get(name, name)
        annotation, extra = _option_type(field.annotation)
        option = typer.Option(
            f"--{option_name.replace('_', '-')}", help=field.description or "", **extra
        )
        parameters.append(
            inspect.Parameter(
                option_name,
                inspect.Parameter.KEYWORD_ONLY,
                default=defaults.get(name, field.default),
                annotation=Annotated[annotation, option],
            )
        )
    return parameters


def _evaluated(annotation: Any, command: Callable[..., Any]) -> Any:
    if not isinstance(annotation, str):
        return annotation
    return eval(annotation, command.__globals__)


def event_filter_from(**values: Any) -> EventFilter:
    """An ``EventFilter`` from option values; an invalid one is a one-line usage error."""
    for key in ("since", "until"):
        if isinstance(values.get(key), dt.datetime):
            values[key] = values[key].date()
    try:
        return EventFilter(**{k: v for k, v in values.items() if v is not None})
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        option = OPTION_NAMES.get(field, field)
        raise EventcoderError(f"--{option.replace('_', '-')}: {first['msg']}") from exc


def filter_options(
    *, exclude: tuple[str, ...] = (), defaults: dict[str, Any] | None = None
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Give a command one option per ``EventFilter`` field (but ``exclude``); the command
    takes the filter as its ``event_filter`` parameter. ``defaults`` overrides a field's
    default for this command (``events`` lists 50 by default, the API 100)."""
    fields = tuple(name for name in EventFilter.model_fields if name not in exclude)

    def decorate(command: Callable[..., Any]) -> Callable[..., Any]:
        signature = inspect.signature(command)
        # The command's own options, their annotations evaluated (this package writes them as
        # strings, ``from __future__ import annotations``) so typer sees their typer.Option.
        own = [
            p.replace(annotation=_evaluated(p.annotation, command))
            for p in signature.parameters.values()
            if p.name != "event_filter"
        ]

        @functools.wraps(command)
        def with_filter(**kwargs: Any) -> Any:
            values = {name: kwargs.pop(OPTION_NAMES.get(name, name)) for name in fields}
            return command(**kwargs, event_filter=event_filter_from(**values))

        # typer reads the options from the signature alone (the filter is not one of them)
        with_filter.__annotations__ = {}
        with_filter.__signature__ = signature.replace(  # type: ignore[attr-defined]
            parameters=[*own, *_parameters(fields, defaults or {})]
        )
        return with_filter

    return decorate
