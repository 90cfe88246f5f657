"""Shared fixtures: the real pipeline, built once per session from nlp/config.cfg."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlp.pipeline import load_pipeline

SAMPLES = Path(__file__).parents[2].parent / "shared" / "samples"


@pytest.fixture(scope="session")
def nlp():
    """The default pipeline (statistical model if installed, else rules only)."""
    return load_pipeline()


@pytest.fixture(scope="session")
def rules_nlp():
    """The rules-only pipeline on a blank English model."""
    return load_pipeline("none")


@pytest.fixture(scope="session")
def samples() -> Path:
    if not SAMPLES.is_dir():
        pytest.skip("shared/samples is not beside the repository")
    return SAMPLES
