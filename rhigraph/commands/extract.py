"""``rhigraph extract``: what extraction reads from one document, without a database."""

from __future__ import annotations

import json
from pathlib import Path

import click

from rhigraph.commands.common import settings_of


@click.command()
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

    source = read(file, max_bytes=settings_of(ctx).max_bytes)
    kind = classify(source)
    if kind not in ("rhi_note", "intel_form"):
        raise click.ClickException(f"{file}: a {kind} file has no free text to extract")
    result = note_document(source) if kind == "rhi_note" else form_document(source)
    click.echo(json.dumps(as_json(result), indent=2, ensure_ascii=False))
