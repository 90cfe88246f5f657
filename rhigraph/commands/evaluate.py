"""``rhigraph evaluate``: how well extraction reads documents that have gold answers, and how
well resolution then joins their mentions into the gold's real-world things."""

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
@click.option("--no-resolution", is_flag=True,
              help="Skip ingesting each DIR into a scratch store and scoring resolution.")
def evaluate(folders: tuple[Path, ...], fmt: str, model: str | None, no_baseline: bool,
             errors: bool, no_resolution: bool) -> None:
    """Score extraction against the *.gold.json beside each note and form under DIR.

    Per entity type precision, recall and F1 (and the bare statistical model's, as the
    baseline), the identifier keys (plates, phones, handles, postcodes), person role
    accuracy, indicator F1 with negation, and relations. Documents are read as
    `rhigraph extract` reads them; nothing is written to the database.

    Then, per DIR, resolution against the gold `canonical` ids: DIR is ingested into a
    scratch store (the real readers and extraction) and resolved, and the mentions are
    scored: pairwise precision and recall, B-cubed precision, recall and F1 (beside the
    unresolved store's), decoys merged (people sharing a first name, and a generated
    scenario's truth.json decoys) and planted aliases joined.

    \b
    Example:
      rhigraph evaluate ../shared/samples --format table
    """
    from graph.resolve.evaluate import evaluate_directory
    from graph.resolve.evaluate import format_report as format_resolution
    from nlp.evaluate import evaluate as run_evaluation
    from nlp.evaluate import find_documents, format_report

    report = run_evaluation(folders, model=model, baseline=not no_baseline, errors=errors)
    if not report["documents"] and not report["skipped"]:
        raise click.ClickException("no document with a .gold.json beside it was found")
    if not no_resolution:
        report["resolution"] = {str(folder): evaluate_directory(folder) for folder in folders
                                if find_documents([folder])}
    if fmt == "json":
        click.echo(json.dumps(report, indent=2, ensure_ascii=False))
        return
    click.echo(format_report(report))
    for folder, section in report.get("resolution", {}).items():
        click.echo(f"\nresolution of {folder} (ingested, extracted and resolved):")
        click.echo(format_resolution(section))
    for mistake in report.get("errors", []):
        click.echo(json.dumps(mistake, ensure_ascii=False))
