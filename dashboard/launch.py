"""How ``rhigraph dashboard`` starts the Streamlit server.

The store path reaches the app through the environment (``RHIGRAPH_DB``, read by
:class:`rhigraph.settings.Settings` in :mod:`dashboard.data`), because Streamlit owns the
command line of the script it runs. :func:`command` builds the argv, :func:`environment` the
environment that goes with it, and :func:`run` does both.

The server listens on 127.0.0.1 by default: the graph holds children's names and addresses,
so showing it beyond this machine must be a deliberate ``address`` choice. Without sign-in
(``no_auth``) it may listen on the loopback interface only: whoever reaches the port is
let in, so that must be nobody but the person at this machine. :func:`check_no_auth` refuses
anything else here, and the app checks the address it was really given again
(:mod:`dashboard.auth`), so neither a wrapper script nor a stray environment variable can
open an unauthenticated dashboard to the network.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

APP = Path(__file__).resolve().with_name("app.py")
#: What ``streamlit run`` is given: ``APP`` behind a start-up step that prepares the first
#: visit before the server accepts it (:mod:`dashboard.serve`).
ENTRY = APP.with_name("serve.py")
#: Set to "1" in the server's environment when it was started with ``--no-auth``.
NO_AUTH_ENV = "RHIGRAPH_NO_AUTH"
#: The addresses an unauthenticated dashboard may listen on.
LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})


class UnsafeAddress(ValueError):
    """``--no-auth`` was asked for on an address other machines can reach."""


def is_loopback(address: str | None) -> bool:
    """Whether ``address`` is this machine only (an empty address means every interface).

    >>> is_loopback("127.0.0.1"), is_loopback("[::1]"), is_loopback("0.0.0.0"), is_loopback("")
    (True, True, False, False)
    """
    return (address or "").strip().strip("[]").lower() in LOOPBACK


def check_no_auth(address: str) -> None:
    """Raise :class:`UnsafeAddress` unless ``address`` is loopback."""
    if not is_loopback(address):
        raise UnsafeAddress(
            f"--no-auth serves the dashboard without sign-in, so it listens on 127.0.0.1, ::1 "
            f"or localhost only (not {address!r}); create accounts with `rhigraph users add`"
            " to serve it to other machines")


def command(port: int = 8501, address: str = "127.0.0.1") -> list[str]:
    """The argv that serves the dashboard on ``address:port``.

    >>> " ".join(command(8600)[5:])
    '--server.address 127.0.0.1 --server.port 8600 --server.headless true'
    """
    return [sys.executable, "-m", "streamlit", "run", str(ENTRY),
            "--server.address", address, "--server.port", str(port),
            "--server.headless", "true"]


def environment(db_path: Path, base: Mapping[str, str] | None = None, *,
                no_auth: bool = False) -> dict[str, str]:
    """``base`` (default: this process's environment) with ``RHIGRAPH_DB`` set to ``db_path``
    and :data:`NO_AUTH_ENV` set exactly when ``no_auth`` (an inherited value is dropped, so
    sign-in is never switched off by accident).

    The path is made absolute because the server's working directory need not be ours.
    """
    env = dict(os.environ if base is None else base)
    env["RHIGRAPH_DB"] = str(Path(db_path).resolve())
    env.pop(NO_AUTH_ENV, None)
    if no_auth:
        env[NO_AUTH_ENV] = "1"
    return env


def run(db_path: Path, port: int = 8501, address: str = "127.0.0.1", *,
        no_auth: bool = False) -> int:
    """Serve the dashboard until interrupted; return the server's exit code."""
    if no_auth:
        check_no_auth(address)
    try:
        return subprocess.run(command(port, address),
                              env=environment(db_path, no_auth=no_auth), check=False).returncode
    except KeyboardInterrupt:
        return 0


def stop(server: subprocess.Popen[bytes]) -> None:
    """End a dashboard started in the background (tests, benchmarks): ask, then insist,
    so no server outlives the run that started it."""
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=10)
