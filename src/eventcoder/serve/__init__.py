"""serve stage: the FastAPI JSON API and the web pages over the store (``create_app``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from eventcoder.serve.app import create_app as create_app


def __getattr__(name: str) -> Any:
    # imported lazily: `eventcoder --help` must not pay for FastAPI and DuckDB
    if name == "create_app":
        from eventcoder.serve.app import create_app

        return create_app
    raise AttributeError(name)
