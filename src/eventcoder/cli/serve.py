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
                help="Open the store read-only (other processes can read it too); every "
                "write (reviews, POST /api/code store=true) is refused.",
            ),
        ] = False,
        allowed_host: Annotated[
            list[str] | None,
            typer.Option(
                "--allowed-host",
                help="A host name clients use to reach the server (repeatable); requests "
                "naming another host are refused (DNS rebinding). Default: this machine's "
                "loopback names and --host.",
            ),
        ] = None,
    ) -> None:
        """Serve the API (/api, OpenAPI explorer at /docs) and the web pages over a store."""
        import uvicorn

        from eventcoder.serve import create_app
        from eventcoder.serve.protocol import header_timed_protocol
        from eventcoder.store.db import open_store

        open_store(db, read_only=read_only, create=False).close()  # --db typo: error, not a store
        import os

        from eventcoder.serve.auth import Auth

        hosts = served_host_names(host, allowed_host or [])
        # Off loopback every write needs the token (docs/web.md); on loopback only when set.
        token = os.environ.get("EVENTCODER_TOKEN") or None
        auth, generated = Auth.create(
            token=token,
            token_required=token is not None or not is_loopback(host),
            read_only=read_only,
        )
        web_app = create_app(db, read_only=read_only, allowed_hosts=hosts, auth=auth)
        if generated:
            typer.echo(
                f"eventcoder: writes need this token (shown once; set EVENTCODER_TOKEN to "
                f"choose your own): {generated}",
                err=True,
            )
        typer.echo(f"eventcoder: serving {web_app.state.db_path} on http://{host}:{port}/")
        if "*" in hosts:
            typer.echo(
                "eventcoder: listening on every interface and no --allowed-host given: "
                "any Host header is accepted",
                err=True,
            )
        uvicorn.run(
            web_app,
            host=host,
            port=port,
            log_level="info",
            # an idle keep-alive connection is closed after this many seconds, and one whose
            # request headers trickle in after serve_body_seconds
            timeout_keep_alive=5,
            http=header_timed_protocol(web_app.state.settings.serve_body_seconds),
            # bounded concurrency: further connections get a 503 from uvicorn itself
            limit_concurrency=100,
        )


#: Addresses that mean "every interface": the names clients use cannot be known.
WILDCARD_HOSTS = ("0.0.0.0", "::", "")


def is_loopback(host: str) -> bool:
    """Whether ``--host`` listens on this machine only (127.0.0.0/8, ::1, localhost)."""
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def served_host_names(host: str, allowed: list[str]) -> list[str]:
    """Host names the server answers to: loopback, the bound host, and the user's list."""
    from eventcoder.serve.security import LOOPBACK_HOSTS

    if host in WILDCARD_HOSTS and not allowed:
        return ["*"]
    names = [*LOOPBACK_HOSTS, *allowed]
    if host not in WILDCARD_HOSTS:
        names.append(host)
    return names
