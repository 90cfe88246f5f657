"""What every command shares: the output-format option, opening the store, errors.

Commands stay thin: they resolve settings, open the store, call ingest, analysis or the
scenario generator, and print. Errors that rhigraph raises on purpose end the command with a
clear message and exit status 1; nothing personal is printed in them.

A command that reads children's records opens a :func:`opened_service`: the governance
service for the person running it (:func:`rhigraph.governance.cli_user`: ``--user NAME`` or
``RHIGRAPH_USER``, else the operating-system account as ADMIN), which applies their role's
tier and writes every read and export to the audit log.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import click

from graph.store import Store
from rhigraph.governance import Governance, Service, User, cli_user
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


@contextmanager
def opened_governance(ctx: click.Context) -> Iterator[Governance]:
    """The governance file beside the store (or ``RHIGRAPH_GOVERNANCE_DB``), closed after."""
    governance = Governance.beside(settings_of(ctx).db)
    try:
        yield governance
    finally:
        governance.close()


def acting_user(ctx: click.Context, governance: Governance) -> User:
    """Who this invocation acts as (see the module docstring); made once per invocation,
    so the ``login`` entry of a named account is written once."""
    meta = ctx.find_root().meta
    if "rhigraph.user" not in meta:
        meta["rhigraph.user"] = cli_user(governance, settings_of(ctx).user)
    return meta["rhigraph.user"]


@contextmanager
def opened_service(ctx: click.Context) -> Iterator[Service]:
    """The governance service over the store for the person running the command."""
    with opened_governance(ctx) as governance, opened_store(ctx) as store:
        yield Service(store, acting_user(ctx, governance), governance)
