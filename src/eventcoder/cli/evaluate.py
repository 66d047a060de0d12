"""``eventcoder evaluate places|plover|events``: measure the coder against gold data."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    evaluate_app = typer.Typer(
        help="Measure geocoding and event coding against gold data.", no_args_is_help=True
    )
    app.add_typer(evaluate_app, name="evaluate")

    from eventcoder.cli.evaluate_events import register_events
    from eventcoder.cli.evaluate_places import register_places
    from eventcoder.cli.evaluate_plover import register_plover

    register_places(evaluate_app)
    register_plover(evaluate_app)
    register_events(evaluate_app)
