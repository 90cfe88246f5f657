"""``rhigraph sync``, ``rhigraph export`` and ``rhigraph import``: the graph in other tools.

Thin on purpose: the copying is ``graph.export.batches`` plus the target store's ``write``,
the files are ``graph.export``'s writers, and the import is ``ingest.neo4j_csv``. Exports and
copies go through the governance service for the person running the command
(``rhigraph --user NAME``, else the operating-system account as ADMIN), which decides what
their role may export and writes the audit entry.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import click

from graph.exc import StoreError
from graph.export import FORMATS
from graph.provenance import Grading
from graph.store import Filters, SQLiteStore
from rhigraph.commands.common import FORMAT, opened_service, opened_store, settings_of
from rhigraph.output import emit


@click.command()
@click.option("--to", "target", type=click.Choice(["neo4j"]), required=True,
              help="Store to copy into (configured by NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD, "
                   "NEO4J_DATABASE).")
@FORMAT
@click.pass_context
def sync(ctx: click.Context, target: str, fmt: str) -> None:
    """Copy the embedded SQLite database into Neo4j, document by document.

    Each document goes through the target's own write, in ingest order: one transaction
    each, unchanged documents skipped by content hash, so running it again copies only
    what changed. Documents deleted here are not deleted there. The copy holds every
    document's text, so it needs a role that reads every document whole (RHI_MANAGER).

    \b
    Example:
      NEO4J_URI=bolt://localhost:7687 NEO4J_PASSWORD=secret \\
        rhigraph --user s.ellis sync --to neo4j
    """
    from graph.export.batches import sqlite_batches
    from graph.store.neo4j import Neo4jStore

    db = settings_of(ctx).db
    if not db.exists():
        raise StoreError(f"no embedded database at {db}; ingest first or pass --db")
    store = Neo4jStore.from_env()
    outcomes: Counter[str] = Counter()
    try:
        with opened_service(ctx) as service:
            service.authorise_copy(target)
        source = SQLiteStore(db)
        try:
            for batch in sqlite_batches(source):
                outcomes[store.write(batch)] += 1
        finally:
            source.close()
    finally:
        store.close()
    emit([{"target": target, **{k: outcomes.get(k, 0)
                                for k in ("ingested", "updated", "unchanged")}}], fmt,
         title="Sync")


def _filters(since: str | None, until: str | None, min_grading: bool,
             handling_codes: tuple[str, ...], categories: tuple[str, ...]) -> Filters | None:
    if not (since or until or min_grading or handling_codes or categories):
        return None
    return Filters(since=since, until=until, min_grading=min_grading,
                   handling_codes=handling_codes, categories=categories)


@click.command()
@click.option("--format", "fmt", type=click.Choice(FORMATS), required=True,
              help="i2 (Analyst's Notebook import CSV), graphml, gexf (Gephi) or neo4j-csv "
                   "(a folder for neo4j-admin import).")
@click.option("--out", type=click.Path(path_type=Path), required=True,
              help="File to write (a folder for neo4j-csv).")
@click.option("--since", help="Only facts on or after this ISO date.")
@click.option("--until", help="Only facts on or before this ISO date.")
@click.option("--min-grading", is_flag=True,
              help="Leave out source evaluation C and intelligence assessment 5.")
@click.option("--handling-code", "handling_codes", multiple=True,
              type=click.Choice(["P", "C"]), help="Only facts with these handling codes "
              "(and ungraded ones); repeat for both.")
@click.option("--category", "categories", multiple=True,
              help="Only facts from documents in this category (CSE, CCE, ...); repeatable.")
@click.pass_context
def export(ctx: click.Context, fmt: str, out: Path, since: str | None, until: str | None,
           min_grading: bool, handling_codes: tuple[str, ...],
           categories: tuple[str, ...]) -> None:
    """Export the graph for i2 Analyst's Notebook, Gephi or neo4j-admin.

    Every link carries its document, agency and 3x5x2 grading; every text cell is
    formula-neutralised. Only entities the kept links touch are written. What is exported
    is what the role of the person running it may export: handling code C facts only for
    ANALYST and RHI_MANAGER; for a PARTNER, child-place links with children pseudonymised
    and grades C and 5 left out.

    \b
    Example:
      rhigraph export --format i2 --out ./out/network.csv --handling-code P
    """
    filters = _filters(since, until, min_grading, handling_codes, categories)
    with opened_service(ctx) as service:
        counts = service.export_graph(fmt, out, filters)
    emit([{"format": fmt, "out": str(out), **counts}], "table", title="Export")


@click.group(name="import")
def import_() -> None:
    """Import graphs made by other tools.

    \b
    Example:
      rhigraph import neo4j-csv ./pole-greater-manchester.zip
    """


def _grading(code: str | None) -> Grading:
    """``B2P`` (or part of it) as a grading; a bad letter raises ``InvalidValue``."""
    chars = (code or "").strip()
    return Grading.parse(chars[0:1] or None, chars[1:2] or None, chars[2:3] or None)


@import_.command(name="neo4j-csv")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--namespace", help="Name of the import (default: the files' common prefix).")
@click.option("--agency", help="Agency the data came from (provenance of every link).")
@click.option("--submitted-by", help="Who supplied it (provenance of every link).")
@click.option("--grading", help="3x5x2 grading of the whole import, e.g. B2P.")
@FORMAT
@click.pass_context
def neo4j_csv(ctx: click.Context, path: Path, namespace: str | None, agency: str | None,
              submitted_by: str | None, grading: str | None, fmt: str) -> None:
    """Import neo4j-admin import CSVs (a folder or a zip) as one document.

    Labels and relationship types map onto the domain model (POLE: Officer -> Person,
    Crime -> Event, KNOWS -> ASSOCIATE_OF, ...); entities are named from their name-like
    properties and keyed through the property cleaners. Re-importing unchanged files does
    nothing; changed files replace the previous import.

    \b
    Example:
      rhigraph import neo4j-csv ./pole --agency "GMP" --grading B2P
    """
    from ingest.neo4j_csv import import_graph

    result = import_graph(path, namespace=namespace, agency=agency,
                          submitted_by=submitted_by, grading=_grading(grading))
    with opened_store(ctx) as store:
        outcome = store.write(result.batch)
        if outcome != "unchanged":
            for rejection in result.rejections:
                store.reject(rejection)
    stats = result.stats
    emit([{"document": result.batch.document.id, "outcome": outcome,
           "entities": stats["entities"], "links": stats["links"],
           "nodes_read": stats.get("nodes_read", 0),
           "relationships_read": stats.get("relationships_read", 0),
           "skipped": stats["skipped"], "rejected_files": len(result.rejections)}], fmt,
         title="Import")


COMMANDS = (sync, export, import_)
