"""Shared fixtures: where the shared sample records are, and a fresh store file."""

from __future__ import annotations

from pathlib import Path

import pytest

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
