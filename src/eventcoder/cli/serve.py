"""``eventcoder serve``: the JSON API and web pages over a store, on localhost by default."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    @app.command()
    def serve(
        db: Annotated[
            Path | None,
            typer.Option("--db", help="Store file (default: EVENTCODER_DB or eventcoder.duckdb)."),
        ] = None,
        host: Annotated[
            str, typer.Option(help="Interface to listen on; keep 127.0.0.1 unless you mean it.")
        ] = "127.0.0.1",
        port: Annotated[int, typer.Option(min=0, max=65535, help="TCP port.")] = 8000,
        read_only: Annotated[
            bool,
            typer.Option(
                "--read-only",
                help="Open the store read-only (other processes can read it too; "
                "POST /api/code cannot store).",
            ),
        ] = False,
    ) -> None:
        """Serve the API (/api, OpenAPI explorer at /docs) and the web pages over a store."""
        import uvicorn

        from eventcoder.serve import create_app

        web_app = create_app(db, read_only=read_only)
        typer.echo(f"eventcoder: serving {web_app.state.db_path} on http://{host}:{port}/")
        uvicorn.run(web_app, host=host, port=port, log_level="info")
