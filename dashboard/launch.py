"""How ``rhigraph dashboard`` starts the Streamlit server.

The store path reaches the app through the environment (``RHIGRAPH_DB``, read by
:class:`rhigraph.settings.Settings` in :mod:`dashboard.data`), because Streamlit owns the
command line of the script it runs. :func:`command` builds the argv, :func:`environment` the
environment that goes with it, and :func:`run` does both.

The server listens on 127.0.0.1 by default: the graph holds children's names and addresses,
so showing it beyond this machine must be a deliberate ``address`` choice.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

APP = Path(__file__).resolve().with_name("app.py")


def command(db_path: Path, port: int = 8501, address: str = "127.0.0.1") -> list[str]:
    """The argv that serves the dashboard for ``db_path`` on ``address:port``.

    ``db_path`` is not on the command line (see :func:`environment`); it is taken here so that
    the call site names everything the server needs and :func:`run` can pair the two.

    >>> " ".join(command(Path("x.db"), 8600)[5:])
    '--server.address 127.0.0.1 --server.port 8600 --server.headless true'
    """
    del db_path  # travels in the environment
    return [sys.executable, "-m", "streamlit", "run", str(APP),
            "--server.address", address, "--server.port", str(port),
            "--server.headless", "true"]


def environment(db_path: Path, base: Mapping[str, str] | None = None) -> dict[str, str]:
    """``base`` (default: this process's environment) with ``RHIGRAPH_DB`` set to ``db_path``.

    The path is made absolute because the server's working directory need not be ours.
    """
    env = dict(os.environ if base is None else base)
    env["RHIGRAPH_DB"] = str(Path(db_path).resolve())
    return env


def run(db_path: Path, port: int = 8501, address: str = "127.0.0.1") -> int:
    """Serve the dashboard until interrupted; return the server's exit code."""
    try:
        return subprocess.run(command(db_path, port, address),
                              env=environment(db_path), check=False).returncode
    except KeyboardInterrupt:
        return 0
