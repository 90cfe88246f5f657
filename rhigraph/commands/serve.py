"""``rhigraph dashboard``: serve the Streamlit dashboard for a store."""

from __future__ import annotations

from pathlib import Path

import click

from rhigraph.commands.common import settings_of
from rhigraph.output import console


def serve(db: Path, port: int, address: str = "127.0.0.1") -> None:
    """Run the dashboard in the foreground until interrupted."""
    from dashboard.launch import run

    console.print(f"dashboard on http://{address}:{port} (Ctrl+C to stop)", markup=False)
    run(db, port, address)


@click.command()
@click.option("--port", type=int, default=8501, show_default=True)
@click.option("--address", default="127.0.0.1", show_default=True,
              help="Interface to listen on; only a container should use 0.0.0.0.")
@click.pass_context
def dashboard(ctx: click.Context, port: int, address: str) -> None:
    """Serve the dashboard for the store in --db.

    \b
    Example:
      rhigraph --db ./rhigraph.db dashboard --port 8501
    """
    serve(settings_of(ctx).db, port, address)
