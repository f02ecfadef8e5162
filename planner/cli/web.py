"""``planner serve``: the web planner on one machine (gunicorn serves it in production)."""

import warnings

import click
from werkzeug.serving import run_simple

from planner.cli.app import CliState, pass_state, warn
from planner.db import upgrade


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@pass_state
def serve(state: CliState, host: str, port: int) -> None:
    """Migrate the database, then serve the web planner (threaded, one process)."""
    # Imported here: the other commands need not load Flask.
    from planner.web import create_app

    upgrade(state.engine)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        app = create_app(state.settings)
    for warning in caught:
        warn(str(warning.message))
    click.echo(f"serving the planner on http://{host}:{port}/ (Ctrl+C stops)")
    run_simple(host, port, app, threaded=True)


COMMANDS = (serve,)
