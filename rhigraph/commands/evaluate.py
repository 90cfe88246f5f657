"""``rhigraph evaluate``: how well extraction reads documents that have gold answers."""

from __future__ import annotations

import json
from pathlib import Path

import click

from rhigraph.commands.common import FORMAT


@click.command()
@click.argument("folders", metavar="DIR...", nargs=-1, required=True,
                type=click.Path(exists=True, path_type=Path))
@FORMAT
@click.option("--model", default=None,
              help="spaCy model package to extract with; 'none' for rules only "
                   "(default: as configured).")
@click.option("--no-baseline", is_flag=True,
              help="Skip scoring the bare statistical model's own entities.")
@click.option("--errors", is_flag=True,
              help="List every mistake, document by document (to tune the rules).")
def evaluate(folders: tuple[Path, ...], fmt: str, model: str | None, no_baseline: bool,
             errors: bool) -> None:
    """Score extraction against the *.gold.json beside each note and form under DIR.

    Per entity type precision, recall and F1 (and the bare statistical model's, as the
    baseline), the identifier keys (plates, phones, handles, postcodes), person role
    accuracy, indicator F1 with negation, and relations. Documents are read as
    `rhigraph extract` reads them; nothing is written to the database.

    \b
    Example:
      rhigraph evaluate ../shared/samples --format table
    """
    from nlp.evaluate import evaluate as run_evaluation
    from nlp.evaluate import format_report

    report = run_evaluation(folders, model=model, baseline=not no_baseline, errors=errors)
    if not report["documents"] and not report["skipped"]:
        raise click.ClickException("no document with a .gold.json beside it was found")
    if fmt == "json":
        click.echo(json.dumps(report, indent=2, ensure_ascii=False))
        return
    click.echo(format_report(report))
    for mistake in report.get("errors", []):
        click.echo(json.dumps(mistake, ensure_ascii=False))
