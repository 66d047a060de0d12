"""``eventcoder evaluate plover`` (being built: issue 3)."""

from __future__ import annotations

import typer


def register_plover(app: typer.Typer) -> None:
    pass
