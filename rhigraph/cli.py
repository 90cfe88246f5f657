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
@click.option("--user", default=None, metavar="NAME",
              help="Act as this local account and its role (env RHIGRAPH_USER); default: "
                   "the operating-system account as ADMIN.")
@click.pass_context
def main(ctx: click.Context, db: Path | None, user: str | None) -> None:
    """rhigraph: link children, locations and adults of concern across missing episodes.

    Every command that reads children's records acts as one person, and what it may read
    and export is that person's role (ANALYST, RHI_MANAGER, PARTNER or ADMIN). With --user
    NAME (or RHIGRAPH_USER) it is the local account NAME (rhigraph users add), which must
    exist and be enabled. Without, it is the operating-system account, as ADMIN: facts
    without note text, exports without handling code C. Every run is in the audit log.

    \b
    Example:
      rhigraph demo --no-serve
      rhigraph --user s.ellis triage --since 2026-01-01
    """
    ctx.obj = Settings.resolve(db, user)


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
