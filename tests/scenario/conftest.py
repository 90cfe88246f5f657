"""Shared generated scenarios (real files in temporary directories, generated once)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import docx
import pypdf
import pytest

from rhigraph.scenario import generate

SEED = 11
CHILDREN = 30
WEEKS = 10


@pytest.fixture(scope="session")
def scenario(tmp_path_factory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("scenario")
    truth = generate(out, children=CHILDREN, weeks=WEEKS, seed=SEED)
    return out, truth


@pytest.fixture(scope="session")
def scenario_dir(scenario) -> Path:
    return scenario[0]


@pytest.fixture(scope="session")
def truth(scenario) -> dict:
    return scenario[1]


@pytest.fixture(scope="session")
def episodes(scenario_dir) -> list[dict[str, str]]:
    with (scenario_dir / "episodes.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def document_text(path: Path) -> str:
    """The text a reader would get out of a generated document of any format."""
    if path.suffix == ".txt":
        return path.read_text(encoding="utf-8")
    if path.suffix == ".docx":
        word = docx.Document(str(path))
        parts = [p.text for p in word.paragraphs]
        for table in word.tables:
            for row in table.rows:
                parts.extend(cell.text for cell in row.cells)
        return "\n".join(parts)
    if path.suffix == ".pdf":
        reader = pypdf.PdfReader(io.BytesIO(path.read_bytes()))
        return "\n".join(page.extract_text() for page in reader.pages)
    if path.suffix == ".json":
        strings: list[str] = []

        def walk(value) -> None:
            if isinstance(value, str):
                strings.append(value)
            elif isinstance(value, dict):
                for item in value.values():
                    walk(item)
            elif isinstance(value, list):
                for item in value:
                    walk(item)

        walk(json.loads(path.read_text(encoding="utf-8")))
        return "\n".join(strings)
    raise ValueError(f"unexpected document {path}")


def squash(text: str) -> str:
    """Collapse whitespace: PDF extraction breaks lines where the layout wrapped them."""
    return " ".join(text.split())


@pytest.fixture(scope="session")
def texts(scenario_dir, truth) -> dict[str, str]:
    """Document id -> extracted text, for every generated document."""
    return {d["id"]: document_text(scenario_dir / d["path"]) for d in truth["documents"]}
