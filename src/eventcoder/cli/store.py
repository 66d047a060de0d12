"""Store commands: ingest, events, stats, export, demo (being built: issue 4)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    pass
