"""``rhigraph dashboard``: serve the Streamlit dashboard for a store.

Sign-in is required: local accounts (``rhigraph users add``) or single sign-on when
``[auth]`` is configured in the dashboard's Streamlit secrets. ``--no-auth`` is for trying
the dashboard on one's own machine: it listens on localhost only, shows only what a
multi-agency partner may see (aggregates, pseudonymised children), and says so on every page.
"""

from __future__ import annotations

from pathlib import Path

import click

from rhigraph.commands.common import settings_of
from rhigraph.output import console


def serve(db: Path, port: int, address: str = "127.0.0.1", *, no_auth: bool = False) -> None:
    """Run the dashboard in the foreground until interrupted."""
    from dashboard.launch import UnsafeAddress, check_no_auth, run

    if no_auth:
        try:
            check_no_auth(address)
        except UnsafeAddress as err:
            raise click.UsageError(str(err)) from None
        console.print("no sign-in: this machine only, partner view (aggregates, no names)",
                      markup=False)
    console.print(f"dashboard on http://{address}:{port} (Ctrl+C to stop)", markup=False)
    run(db, port, address, no_auth=no_auth)


@click.command()
@click.option("--port", type=int, default=8501, show_default=True)
@click.option("--address", default="127.0.0.1", show_default=True,
              help="Interface to listen on; only a container should use 0.0.0.0.")
@click.option("--no-auth", "no_auth", is_flag=True,
              help="No sign-in, for a demo on this machine: listens on localhost only and "
                   "shows the partner view (aggregates, pseudonymised children, no text).")
@click.pass_context
def dashboard(ctx: click.Context, port: int, address: str, no_auth: bool) -> None:
    """Serve the dashboard for the store in --db.

    People sign in with a local account (rhigraph users add) or, when [auth] is set in the
    dashboard's Streamlit secrets, with single sign-on.

    \b
    Example:
      rhigraph --db ./rhigraph.db dashboard --port 8501
      rhigraph --db ./demo.db dashboard --no-auth
    """
    serve(settings_of(ctx).db, port, address, no_auth=no_auth)
