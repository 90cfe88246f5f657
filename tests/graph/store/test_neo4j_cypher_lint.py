"""Every Cypher statement the Neo4j store can send, checked by Neo4j's own parser.

No Neo4j server runs in CI, so the statements in ``graph/store/cypher.py`` are linted with the
npm package ``@neo4j-cypher/language-support`` (``tools/cypher-lint``) against a DbSchema built
from ``graph/schema/model.toml``: syntax errors, semantic errors (an undefined variable, an
undeclared ``$parameter``) and unknown labels, relationship types or property keys all fail.
Builder functions are called with every label and relationship type of the schema.
"""

from __future__ import annotations

import hashlib
import inspect
import itertools
import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from graph.schema import model
from graph.store import cypher

TOOL = Path(__file__).resolve().parents[3] / "tools" / "cypher-lint"
#: Functions of cypher.py that build names or property keys, not statements.
HELPERS = {"label", "rel_type", "escape_property", "unescape_property"}


def _arguments() -> dict[str, list[Any]]:
    """What each builder parameter name is called with: every value the store may pass."""
    schema = model()
    return {
        "label_name": list(schema.entities),
        "rel_type_name": list(schema.relations),
        "prop": list(cypher.LINK_INDEXED),
        "label_names": [list(schema.entities)],
        "rel_type_names": [list(schema.relations)],
    }


def _is_builder(name: str, function: Callable[..., Any]) -> bool:
    return (not name.startswith("_") and name not in HELPERS
            and function.__module__ == cypher.__name__)


def statements() -> dict[str, str]:
    """Name -> text of every statement: constants, then each builder on each argument."""
    found: dict[str, str] = {}
    for name, value in vars(cypher).items():
        if name.isupper() and isinstance(value, str) and " " in value:
            found[name] = value
    arguments = _arguments()
    for name, function in inspect.getmembers(cypher, inspect.isfunction):
        if not _is_builder(name, function):
            continue
        params = list(inspect.signature(function).parameters)
        if not params:  # schema_statements(): what ensure_schema sends, in order
            for statement_name, text in function():
                found[f"{name}:{statement_name}"] = text
            continue
        unknown = [p for p in params if p not in arguments]
        assert not unknown, f"cypher.{name} takes {unknown}; teach this test what to pass"
        for combo in itertools.product(*(arguments[p] for p in params)):
            label = ",".join(str(c) if not isinstance(c, list) else "all" for c in combo)
            found[f"{name}({label})"] = function(*combo)
    return found


def db_schema() -> dict[str, Any]:
    """The DbSchema the linter checks against: our labels, types, properties, parameters."""
    schema = model()
    properties = {p for e in schema.entities.values() for p in e.properties}
    for name, value in vars(cypher).items():  # ENTITY_FIELDS, LINK_FIELDS, ..., ROW_KEYS
        if name.endswith(("_FIELDS", "_KEYS")):
            properties |= set(value)
    return {
        "labels": [*schema.entities, *cypher.INTERNAL_LABELS],
        "relationshipTypes": [*schema.relations, *cypher.INTERNAL_TYPES],
        "propertyKeys": sorted(properties),
        "parameters": cypher.PARAMETERS,
        "defaultLanguage": "CYPHER 5",
    }


@pytest.fixture(scope="module")
def lint(request: pytest.FixtureRequest) -> Callable[[dict[str, str]],
                                                     dict[str, list[dict[str, Any]]]]:
    """Run tools/cypher-lint on named statements; installs it with ``npm ci`` when needed.

    Results are kept in pytest's cache under a hash of everything that decides them (the
    statements, the DbSchema, lint.mjs and package-lock.json), because the linter takes about
    half a second a statement; a fresh clone, as in CI, always lints.
    """
    node, npm = shutil.which("node"), shutil.which("npm")
    if not node or not npm:
        pytest.skip("node and npm are needed to lint Cypher with @neo4j-cypher/language-support")

    def install() -> None:
        if not (TOOL / "node_modules" / "@neo4j-cypher" / "language-support").is_dir():
            subprocess.run([npm, "ci", "--prefix", str(TOOL), "--no-audit", "--no-fund"],
                           check=True, capture_output=True, timeout=600)

    def run(named: dict[str, str]) -> dict[str, list[dict[str, Any]]]:
        payload = json.dumps({"schema": db_schema(), "statements": [
            {"name": n, "text": t} for n, t in named.items()]}, sort_keys=True)
        digest = hashlib.sha256(payload.encode())
        for part in ("lint.mjs", "package-lock.json"):
            digest.update((TOOL / part).read_bytes())
        key = f"cypher-lint/{digest.hexdigest()}"
        cache = getattr(request.config, "cache", None)  # absent with -p no:cacheprovider
        cached = cache.get(key, None) if cache is not None else None
        if cached is None:
            install()
            done = subprocess.run([node, str(TOOL / "lint.mjs")], input=payload,
                                  capture_output=True, text=True, check=True, timeout=900)
            cached = {r["name"]: r["diagnostics"] for r in json.loads(done.stdout)}
            if cache is not None:
                cache.set(key, cached)
        return cached

    return run


@pytest.mark.slow
def test_every_store_statement_passes_neo4j_lint(lint) -> None:
    named = statements()
    assert len(named) > 50, "builders were not expanded over the schema"
    problems = {
        name: [f"{d['severity']}: {d['message']}" for d in diagnostics
               if d["severity"] in ("error", "warning")]
        for name, diagnostics in lint(named).items()
    }
    failing = {name: found for name, found in problems.items() if found}
    assert not failing, json.dumps(failing, indent=2)


def test_every_statement_is_enumerated() -> None:
    """Nothing the store sends escapes the lint: the builders used are all in cypher.py."""
    named = statements()
    for label in model().entities:
        assert cypher.merge_entities(label) in named.values()
        assert cypher.entity_activity(label, model().relations) in named.values()
    for rel in model().relations:
        assert cypher.merge_links(rel) in named.values()
        assert cypher.delete_links(rel) in named.values()


#: Broken statements, each with the diagnostic that proves the linter saw what is wrong.
BROKEN = {
    "undefined variable": ("MATCH (n:Entity) RETURN m", "not defined"),
    "undeclared parameter": ("MATCH (n:Entity {id: $nope}) RETURN n",
                             "Parameter $nope is not defined"),
    "syntax": ("MATCH (n:Entity) RETURN n ORDER BY", "Invalid input"),
    "unknown label": ("MATCH (n:Locatoin) RETURN n", "Locatoin is not present"),
    "unknown type": ("MATCH ()-[r:OWNS]->() RETURN r", "OWNS is not present"),
    "unknown property": ("MATCH (n:Entity) RETURN n.labl", "labl is not present"),
}


def test_the_linter_catches_broken_statements(lint) -> None:
    found = lint({name: text for name, (text, _) in BROKEN.items()})
    for name, (_, expected) in BROKEN.items():
        assert any(expected in d["message"] and d["severity"] in ("error", "warning")
                   for d in found[name]), (name, found[name])
