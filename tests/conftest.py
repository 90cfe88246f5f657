"""Shared fixtures: where the shared sample records are, a fresh store file, and a governance
service as a given role over whichever ``store`` and ``governance`` a test folder provides."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from graph.store import Store
    from rhigraph.governance import Governance, Role, Service

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO.parent / "shared" / "samples"


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    """The fictional sample notes, forms and CSVs with gold annotations (../shared/samples)."""
    if not SAMPLES.is_dir():
        pytest.skip(f"sample records not found at {SAMPLES}")
    return SAMPLES


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A path for a fresh SQLite store file."""
    return tmp_path / "rhigraph.db"


@pytest.fixture(autouse=True)
def _commands_act_as_the_test_says(monkeypatch: pytest.MonkeyPatch) -> None:
    """A developer's ``RHIGRAPH_USER`` must not decide who a test's commands act as."""
    monkeypatch.delenv("RHIGRAPH_USER", raising=False)


@pytest.fixture
def service_as(store: Store, governance: Governance) -> Callable[[Role], Service]:
    """A service for a user of the given role (identified by the test, not an account),
    named ``<role>-user``. Uses the ``store`` and ``governance`` fixtures of the requesting
    test's folder (tests/governance builds a small graph, tests/desk a generated area), so
    it costs nothing where it is not asked for."""
    from rhigraph.governance import Service, User

    def make(role: Role) -> Service:
        return Service(store, User(f"{role.value.lower()}-user", role, source="test"),
                       governance)

    return make
