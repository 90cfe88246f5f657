"""What every command shares: the output-format option, opening the store, errors.

Commands stay thin: they resolve settings, open the store, call ingest, analysis or the
scenario generator, and print. Errors that rhigraph raises on purpose end the command with a
clear message and exit status 1; nothing personal is printed in them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import click

from graph.store import Store
from rhigraph.settings import Settings, open_store

FORMAT = click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
                      show_default=True, help="Output for people (table) or programs (json).")


def settings_of(ctx: click.Context) -> Settings:
    """The settings the ``rhigraph`` group resolved for this invocation."""
    return ctx.find_root().obj


@contextmanager
def opened_store(ctx: click.Context) -> Iterator[Store]:
    """The store the settings name, closed when the command ends."""
    store = open_store(settings_of(ctx))
    try:
        yield store
    finally:
        store.close()
