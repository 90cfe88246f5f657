"""The ``rhigraph`` command line: one group, one subcommand per job, each with an example.

Commands stay thin: they resolve settings, open the store, call ingest, analysis or the
scenario generator, and print. Errors that rhigraph raises on purpose end the command with a
clear message and exit status 2; nothing personal is printed in them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import click
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from graph.exc import RhigraphError
from graph.store import Filters, Store
from rhigraph.output import console, emit
from rhigraph.settings import Settings, open_store

FORMAT = click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
                      show_default=True, help="Output for people (table) or programs (json).")


@contextmanager
def _store(ctx: click.Context) -> Iterator[Store]:
    store = open_store(ctx.obj)
    try:
        yield store
    finally:
        store.close()


class _Group(click.Group):
    """Turns rhigraph's own errors into a message and exit status 2, without a traceback."""

    def invoke(self, ctx: click.Context):  # type: ignore[no-untyped-def]
        try:
            return super().invoke(ctx)
        except RhigraphError as err:
            raise click.ClickException(str(err)) from err


@click.group(cls=_Group)
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="SQLite file (env RHIGRAPH_DB; default ./rhigraph.db).")
@click.pass_context
def main(ctx: click.Context, db: Path | None) -> None:
    """rhigraph: link children, locations and adults of concern across missing episodes.

    \b
    Example:
      rhigraph demo --no-serve
    """
    ctx.obj = Settings.resolve(db)


@main.command()
@click.argument("paths", nargs=-1, required=True,
                type=click.Path(exists=True, path_type=Path))
@click.option("--max-bytes", type=int, default=None,
              help="Largest file accepted (default 10 MB; env RHIGRAPH_MAX_BYTES).")
@click.pass_context
def ingest(ctx: click.Context, paths: tuple[Path, ...], max_bytes: int | None) -> None:
    """Ingest notes, forms, episodes and placements from files and folders (recursive).

    Re-running is safe: unchanged files are skipped by content hash.

    \b
    Example:
      rhigraph ingest ./exports ./rhi-notes/2026-W11
    """
    from ingest.pipeline import ingest_paths, iter_files

    settings: Settings = ctx.obj
    files = list(iter_files(paths))
    with _store(ctx) as store, Progress(
        TextColumn("ingesting"), BarColumn(), MofNCompleteColumn(), console=console,
        transient=True, disable=not sys.stderr.isatty(),
    ) as progress:
        task = progress.add_task("ingest", total=len(files))
        summary = ingest_paths(store, files, max_bytes=max_bytes or settings.max_bytes,
                               progress=lambda _path: progress.advance(task))
    counts = summary.as_dict()
    console.print(", ".join(f"{k.replace('_', ' ')}: {v}" for k, v in counts.items()),
                  markup=False)
    for rejection in summary.rejections:
        where = f" ({rejection.where})" if rejection.where else ""
        console.print(f"rejected {rejection.path}{where}: {rejection.reason}", markup=False)


@main.command()
@FORMAT
@click.pass_context
def rejections(ctx: click.Context, fmt: str) -> None:
    """List files, rows and fields that could not be ingested, newest first.

    \b
    Example:
      rhigraph rejections --format json
    """
    with _store(ctx) as store:
        rows = [r.__dict__ for r in store.rejections()]
    emit(rows, fmt, ["rejected_at", "path", "where", "reason"], title="Rejections")


@main.group()
def analyse() -> None:
    """Network analyses over the graph.

    \b
    Example:
      rhigraph analyse hotspots --format json
    """


@analyse.command()
@FORMAT
@click.option("--since", help="Only facts on or after this ISO date.")
@click.option("--until", help="Only facts on or before this ISO date.")
@click.option("--min-children", type=int, default=1, show_default=True)
@click.option("--include-placements", is_flag=True, help="Also rank placement addresses.")
@click.option("--limit", type=int, default=25, show_default=True)
@click.pass_context
def hotspots(ctx: click.Context, fmt: str, since: str | None, until: str | None,
             min_children: int, include_placements: bool, limit: int) -> None:
    """Locations ranked by the number of distinct children linked to them.

    \b
    Example:
      rhigraph analyse hotspots --since 2026-01-01 --min-children 2
    """
    from graph.analysis.hotspots import rank_hotspots

    with _store(ctx) as store:
        activity = store.location_activity(Filters(since=since, until=until))
    rows = rank_hotspots(activity, min_children=min_children,
                         include_placements=include_placements)[:limit]
    emit(rows, fmt, ["rank", "label", "children", "episodes", "found_at", "mentions",
                     "first_seen", "last_seen", "children_linked"], title="Hotspots")


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["json"]), default="json", show_default=True)
@click.pass_context
def extract(ctx: click.Context, file: Path, fmt: str) -> None:
    """Print what extraction reads from one note or form (FORMATS.md section 5).

    The database is not touched.

    \b
    Example:
      rhigraph extract notes/rhi_C-1001_2026-01-05.txt --format json
    """
    from ingest.classify import classify

    from ingest.extraction import as_json, form_document, note_document
    from ingest.readers import read

    settings: Settings = ctx.obj
    source = read(file, max_bytes=settings.max_bytes)
    kind = classify(source)
    if kind not in ("rhi_note", "intel_form"):
        raise click.ClickException(f"{file}: a {kind} file has no free text to extract")
    result = note_document(source) if kind == "rhi_note" else form_document(source)
    print(json.dumps(as_json(result), indent=2, ensure_ascii=False))


@main.command()
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


@main.command()
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
    _serve(ctx.obj.db, port, address)


def _serve(db: Path, port: int, address: str = "127.0.0.1") -> None:
    from dashboard.launch import command

    console.print(f"dashboard on http://{address}:{port} (Ctrl+C to stop)", markup=False)
    env = {**os.environ, "RHIGRAPH_DB": str(db.resolve())}
    with suppress(KeyboardInterrupt):
        subprocess.run(command(db, port=port, address=address), env=env, check=False)


@main.command()
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

    The demo keeps its own database inside --out (unless --db is given), so fictional data
    never mixes with a real store.

    \b
    Example:
      rhigraph demo --no-serve
    """
    from graph.analysis.hotspots import rank_hotspots
    from ingest.pipeline import ingest_paths
    from rhigraph.scenario import generate as generate_scenario

    started = time.perf_counter()
    explicit_db = ctx.parent is not None and ctx.parent.params.get("db")
    db = Path(explicit_db) if explicit_db else out / "rhigraph.db"
    scenario = out / "scenario"
    truth = generate_scenario(scenario, children=children, weeks=weeks, seed=seed)
    settings = Settings(db=db, store=ctx.obj.store, max_bytes=ctx.obj.max_bytes)
    store = open_store(settings)
    try:
        summary = ingest_paths(store, [scenario], max_bytes=settings.max_bytes)
        counts = store.counts()
        top = rank_hotspots(store.location_activity(), min_children=2)[:5]
    finally:
        store.close()
    elapsed = time.perf_counter() - started
    console.print(f"scenario: {scenario} ({truth.get('summary', {}).get('children', children)}"
                  f" children, {weeks} weeks, seed {seed})", markup=False)
    console.print(f"database: {db.resolve()}", markup=False)
    console.print("ingest: " + ", ".join(f"{k} {v}" for k, v in summary.as_dict().items()),
                  markup=False)
    found = ", ".join(f"{v} {k}" for k, v in counts.items() if k[0].isupper())
    console.print(f"graph: {found}; {counts['links']} links", markup=False)
    for row in top:
        console.print(f"  hotspot #{row['rank']}: {row['label']} - {row['children']} children",
                      markup=False)
    console.print(f"built in {elapsed:.1f} s", markup=False)
    if no_serve:
        console.print(f"next: RHIGRAPH_DB={db} rhigraph analyse hotspots", markup=False)
        return
    _serve(db, port)


if __name__ == "__main__":
    main()
