"""``rhigraph generate`` and ``rhigraph demo``: fictional areas for trying and testing."""

from __future__ import annotations

import json
import time
from pathlib import Path

import click

from rhigraph.commands.common import settings_of
from rhigraph.commands.serve import serve
from rhigraph.output import console
from rhigraph.settings import Settings, open_store


@click.command()
@click.option("--children", type=int, default=60, show_default=True)
@click.option("--weeks", type=int, default=12, show_default=True)
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True)
def generate(children: int, weeks: int, seed: int, out: Path) -> None:
    """Write a fictional area's records (episodes, placements, notes, forms, truth.json).

    \b
    Example:
      rhigraph generate --children 60 --weeks 12 --seed 7 --out ./scenario
    """
    from rhigraph.scenario import generate as generate_scenario

    truth = generate_scenario(out, children=children, weeks=weeks, seed=seed)
    console.print(f"wrote scenario to {out}", markup=False)
    console.print(json.dumps(truth.get("summary", {}), indent=2), markup=False)


@click.command()
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              default=Path("rhigraph-demo"), show_default=True,
              help="Folder for the generated scenario and its database.")
@click.option("--children", type=int, default=60, show_default=True)
@click.option("--weeks", type=int, default=12, show_default=True)
@click.option("--seed", type=int, default=1, show_default=True)
@click.option("--no-serve", is_flag=True, help="Stop after building the database.")
@click.option("--port", type=int, default=8501, show_default=True)
@click.pass_context
def demo(ctx: click.Context, out: Path, children: int, weeks: int, seed: int, no_serve: bool,
         port: int) -> None:
    """Generate a fictional area, ingest it, and serve the dashboard.

    The demo keeps its own database inside --out unless --db is given, so fictional data
    never mixes with a real store.

    \b
    Example:
      rhigraph demo --no-serve
    """
    from graph.analysis.hotspots import rank_hotspots
    from rhigraph.governance import Governance, Service, local_operator
    from rhigraph.scenario import generate as generate_scenario

    started = time.perf_counter()
    root = ctx.find_root()
    given = settings_of(ctx)
    db = Path(root.params["db"]) if root.params.get("db") else out / "rhigraph.db"
    settings = Settings(db=db, store=given.store, max_bytes=given.max_bytes)
    scenario = out / "scenario"
    truth = generate_scenario(scenario, children=children, weeks=weeks, seed=seed)
    store, governance = open_store(settings), Governance.beside(db)
    try:
        # The demo's own fresh store and governance file: the operator ingests it as the
        # local account (ADMIN), audited there like any ingest.
        summary = Service(store, local_operator(), governance).ingest(
            [scenario], max_bytes=settings.max_bytes)
        counts = store.counts()
        top = rank_hotspots(store.entity_activity("Location"), min_children=2)[:5]
    finally:
        store.close()
        governance.close()
    elapsed = time.perf_counter() - started
    console.print(f"scenario: {scenario} ({children} children, {weeks} weeks, seed {seed};"
                  f" {len(truth.get('patterns', []))} planted patterns)", markup=False)
    console.print(f"database: {db.resolve()}", markup=False)
    console.print("ingest: " + ", ".join(f"{k} {v}" for k, v in summary.as_dict().items()),
                  markup=False)
    found = ", ".join(f"{v} {k}" for k, v in counts.items() if k[0].isupper())
    console.print(f"graph: {found}; {counts['links']} links", markup=False)
    for row in top:
        console.print(f"  hotspot #{row['rank']}: {row['label']} - {row['children']} children",
                      markup=False)
    console.print(f"built in {elapsed:.1f} s", markup=False)
    password = demo_account(db)
    console.print(f"dashboard sign-in: demo / {password} (RHI manager; fictional data only)",
                  markup=False)
    if no_serve:
        console.print(f"next: rhigraph --db {db} dashboard", markup=False)
        return
    serve(db, port)


def demo_account(db: Path) -> str:
    """Give the demo store a ``demo`` RHI manager account with a fresh random password.

    The demo database holds only generated, fictional records, so one full-view account is
    proportionate; its password is new on every run and printed once, never stored in clear.
    """
    import secrets

    from rhigraph.governance.core import Governance
    from rhigraph.governance.roles import Role

    password = secrets.token_urlsafe(12)
    governance = Governance.beside(db)
    try:
        if governance.users.get("demo") is None:
            governance.users.add("demo", Role.RHI_MANAGER, password)
        else:
            governance.users.set_password("demo", password)
    finally:
        governance.close()
    return password
