"""``eventcoder evaluate places`` (being built: issue 2)."""

from __future__ import annotations

import typer


def register_places(app: typer.Typer) -> None:
    pass
