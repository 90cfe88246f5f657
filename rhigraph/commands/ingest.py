"""``rhigraph ingest`` and ``rhigraph rejections``, both through the governance service: ingest
is for the roles the policy lets add records, and each run is audited by its counts."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from rhigraph.commands.common import FORMAT, opened_service, settings_of
from rhigraph.output import console, emit


@click.command()
@click.argument("paths", nargs=-1, required=True,
                type=click.Path(exists=True, path_type=Path))
@click.option("--max-bytes", type=int, default=None,
              help="Largest file accepted (default 10 MB; env RHIGRAPH_MAX_BYTES).")
@click.option("--mapping", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Column-mapping file (TOML) for other header spellings.")
@click.option("--processes", type=click.IntRange(min=1), default=None,
              help="Extraction worker processes (default: 2, or fewer on fewer cores, "
                   "when there are at least 128 notes and forms; 1 runs in this process).")
@click.pass_context
def ingest(ctx: click.Context, paths: tuple[Path, ...], max_bytes: int | None,
           mapping: Path | None, processes: int | None) -> None:
    """Ingest notes, forms, episodes and placements from files and folders (recursive).

    Re-running is safe: unchanged files are skipped by content hash. Many notes and forms
    are extracted by two worker processes (see --processes); documents are still written
    one at a time, in file order.

    \b
    Example:
      rhigraph ingest ./exports ./rhi-notes/2026-W11 --mapping ./gmp-columns.toml
      rhigraph ingest ./rhi-notes --processes 1
    """
    from ingest.pipeline import iter_files
    from ingest.tabular import load_mapping

    columns = load_mapping(mapping) if mapping else None

    files = list(iter_files(paths))
    limit = max_bytes or settings_of(ctx).max_bytes
    with opened_service(ctx) as service, Progress(
        TextColumn("ingesting"), BarColumn(), MofNCompleteColumn(), console=console,
        transient=True, disable=not sys.stderr.isatty(),
    ) as progress:
        task = progress.add_task("ingest", total=len(files))
        summary = service.ingest(files, max_bytes=limit, mapping=columns,
                                 progress=lambda _path: progress.advance(task),
                                 processes=processes)
    counts = summary.as_dict()
    console.print(", ".join(f"{k.replace('_', ' ')}: {v}" for k, v in counts.items()),
                  markup=False)
    for rejection in summary.rejections:
        where = f" ({rejection.where})" if rejection.where else ""
        console.print(f"rejected {rejection.path}{where}: {rejection.reason}", markup=False)


@click.command()
@FORMAT
@click.pass_context
def rejections(ctx: click.Context, fmt: str) -> None:
    """List files, rows and fields that could not be ingested, newest first.

    \b
    Example:
      rhigraph rejections --format json
    """
    with opened_service(ctx) as service:
        rows = [r.__dict__ for r in service.rejections()]
    emit(rows, fmt, ["rejected_at", "path", "where", "reason"], title="Rejections")
