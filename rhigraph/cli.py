"""The ``rhigraph`` command line: one group; each command lives in ``rhigraph/commands/``.

Errors rhigraph raises on purpose end a command with a clear message (file, row or field and
reason, never the personal values) and exit status 1, without a traceback.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from graph.exc import RhigraphError
from rhigraph.commands import (
    analyse,
    bench,
    desk,
    evaluate,
    extract,
    governance,
    ingest,
    interchange,
    report,
    resolve,
    scenario,
    serve,
)
from rhigraph.settings import Settings


class _Group(click.Group):
    """Turns rhigraph's own errors into a message and a non-zero exit."""

    def invoke(self, ctx: click.Context) -> Any:
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


for command in (
    bench.bench,
    ingest.ingest, ingest.rejections, analyse.analyse, extract.extract, scenario.generate,
    scenario.demo, serve.dashboard, *governance.COMMANDS, *report.COMMANDS,
    *interchange.COMMANDS, *resolve.COMMANDS, *desk.COMMANDS,
    evaluate.evaluate,
):
    main.add_command(command)


if __name__ == "__main__":
    main()
