"""Fixtures for the dashboard: two real stores with accounts, a Chromium, and a server.

- ``small_store``: a handful of facts written through ``SQLiteStore.write`` exactly as ingest
  would, including a place and a person whose names are hostile markup, for the escaping
  and ranking tests.
- ``scenario``: a generated fictional area (``rhigraph.scenario.generate``) ingested by the
  real pipeline and resolved, with the planted patterns in ``truth.json``: what the meeting
  pages, the link explorer and the browser test run against. The hostile names are written
  into it too, about one of its children.

Both have one local account per role in the governance file beside the store (password
:data:`PASSWORD`), as ``rhigraph users add`` would make them.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from graph.store import Batch, DocumentRecord, EntityRecord, LinkRecord, SQLiteStore
from rhigraph.governance import Governance, Role, User

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]

PASSWORD = "correct horse battery staple"
HOSTILE_PLACE = "<img src=x onerror=alert(1)>"
HOSTILE_PERSON = "\"><svg onload=alert(2)> ![x](http://example.invalid/x.png)"
TOP_PLACE = "Oldham Road, Manchester"
SECOND_PLACE = "Piccadilly Gardens"
#: A gazetteer postcode, so the hostile place is drawn on the map too.
HOSTILE_POSTCODE = "WN3 4NL"


def username(role: Role) -> str:
    """The test account of ``role`` ("t-analyst", "t-rhi-manager", ...)."""
    return "t-" + role.value.lower().replace("_", "-")


def add_accounts(store_path: Path) -> None:
    """One enabled local account per role, beside the store."""
    governance = Governance.beside(store_path)
    try:
        for role in Role:
            if governance.users.get(username(role)) is None:
                governance.users.add(username(role), role, PASSWORD)
    finally:
        governance.close()


def _note(doc_id: str, child: str, name: str, date: str, places: list[EntityRecord],
          others: list[tuple[EntityRecord, str, EntityRecord]] = ()) -> Batch:
    """One RHI note about ``child``: each place is mentioned and the child was AT it;
    ``others`` are (entity, relation, place) facts such as a person AT a place."""
    document = DocumentRecord(id=doc_id, kind="rhi_note", content_hash=f"hash-{doc_id}",
                              child_id=child, date=date, submitted_by="RHI worker",
                              agency="Children's services")
    doc = EntityRecord("Document", doc_id, doc_id, {"kind": "rhi_note"})
    kid = EntityRecord("Child", child, name, {"child_id": child, "name": name})
    entities = {e.id: e for e in [doc, kid, *places, *(o[0] for o in others)]}
    links = [LinkRecord("MENTIONED_IN", e.id, doc.id, child, observed_at=date)
             for e in entities.values() if e.type != "Document"]
    links += [LinkRecord("AT", kid.id, place.id, child, observed_at=date) for place in places]
    links += [LinkRecord(relation, entity.id, place.id, child, observed_at=date)
              for entity, relation, place in others]
    return Batch(document, list(entities.values()), [], links)


def hostile_entities() -> tuple[EntityRecord, EntityRecord]:
    """The place and person whose names are markup."""
    return (EntityRecord("Location", "hostile place", HOSTILE_PLACE,
                         {"postcode": HOSTILE_POSTCODE}),
            EntityRecord("Person", "daz", HOSTILE_PERSON, {"role": "ADULT_OF_CONCERN"}))


def build_store(path: Path) -> Path:
    """A store where Oldham Road is linked to three children, Piccadilly Gardens to two and
    the hostile place to one; a person and a vehicle were seen at Oldham Road; one child's
    placement address (excluded from hotspots) and a far-away place are present too."""
    oldham = EntityRecord("Location", "oldham road manchester", TOP_PLACE)
    gardens = EntityRecord("Location", "piccadilly gardens", SECOND_PLACE)
    hostile, daz = hostile_entities()
    far = EntityRecord("Location", "far lane", "Far Lane, Wigan")
    home = EntityRecord("Location", "1 home street", "1 Home Street")
    car = EntityRecord("Vehicle", "MF67LKW", "MF67 LKW", {"colour": "silver"})
    batches = [
        _note("rhi-1", "C-1", "Kayla", "2026-01-05", [oldham, gardens, hostile],
              [(daz, "AT", oldham), (car, "AT", oldham)]),
        _note("rhi-2", "C-2", "Tyler", "2026-01-12", [oldham, gardens]),
        _note("rhi-3", "C-3", "Millie", "2026-02-02", [oldham, far]),
    ]
    placement_doc = DocumentRecord(id="placements.csv", kind="placements",
                                   content_hash="hash-placements")
    batches.append(Batch(placement_doc, [
        EntityRecord("Document", "placements.csv", "placements.csv"),
        EntityRecord("Child", "C-2", "Tyler"), home,
    ], [], [
        LinkRecord("PLACED_AT", "Child:C-2", home.id, "C-2", observed_at="2025-12-01"),
        LinkRecord("MENTIONED_IN", home.id, "Document:placements.csv", "C-2",
                   observed_at="2025-12-01"),
    ]))
    store = SQLiteStore(path)
    try:
        for batch in batches:
            store.write(batch)
    finally:
        store.close()
    add_accounts(path)
    return path


@dataclass(frozen=True)
class SmallStore:
    """The store file and the names the tests look for in what the dashboard shows."""

    path: Path
    top_place: str = TOP_PLACE
    second_place: str = SECOND_PLACE
    hostile_place: str = HOSTILE_PLACE
    hostile_person: str = HOSTILE_PERSON
    placement: str = "1 Home Street"
    far_place: str = "Far Lane, Wigan"


@pytest.fixture(scope="session")
def small_store(tmp_path_factory: pytest.TempPathFactory) -> SmallStore:
    """The small hotspot store, written once per test session."""
    return SmallStore(build_store(tmp_path_factory.mktemp("dashboard") / "rhigraph.db"))


@dataclass(frozen=True)
class Scenario:
    """A generated area, ingested and resolved, and what was planted in it."""

    path: Path
    folder: Path
    truth: dict[str, Any] = field(repr=False)

    def adult(self) -> dict[str, Any]:
        """The planted adult of concern linked to the most children."""
        adults = [p for p in self.truth["patterns"] if p["kind"] == "adult"]
        return max(adults, key=lambda p: (len(p["planted_children"]), p["id"]))

    def child_names(self) -> dict[str, str]:
        """Every child's reference and name, as the generator wrote them."""
        return {c["id"]: c["name"] for c in self.truth["children"]}

    def children_linked(self, label: str) -> set[str]:
        """The children the store links to the resolved entity labelled ``label``: those of
        every record naming it, and those linked to it directly. Computed from the store, so
        a test can tell the page from what resolution happened to merge."""
        store = SQLiteStore(self.path)
        try:
            entity = next(e["id"] for e in store.entities()
                          if str(e["label"]).casefold() == label.casefold())
            cluster = next((c["cluster_id"] for c in store.entity_clusters()
                            if c["entity_id"] == entity and not c["document_id"]), entity)
            found = set()
            for link in store.links():
                ends = {link["source_cluster"] or link["source_id"],
                        link["target_cluster"] or link["target_id"]}
                if cluster not in ends or not link["child_id"]:
                    continue
                other = (ends - {cluster} or {cluster}).pop().split(":", 1)[0]
                if other in ("Document", "Episode", "Child"):
                    found.add(link["child_id"])
            return found
        finally:
            store.close()

    def adult_names(self) -> list[str]:
        """Every planted adult's name as written."""
        return [p["value"] for p in self.truth["patterns"] if p["kind"] == "adult"]


@pytest.fixture(scope="session")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Scenario:
    """Twelve children over six weeks, plain-text records (fast to extract), ingested by the
    pipeline and resolved as ``rhigraph demo`` and ``rhigraph resolve`` would; then the
    hostile place and person, in a note about the first child."""
    from graph.resolve.resolver import resolve
    from ingest.pipeline import ingest_paths
    from rhigraph.scenario import generate

    root = tmp_path_factory.mktemp("scenario")
    folder = root / "records"
    truth = generate(folder, children=12, weeks=6, seed=5, formats={"txt": 1})
    path = root / "rhigraph.db"
    store = SQLiteStore(path)
    try:
        summary = ingest_paths(store, [folder])
        assert summary.rejected == 0, summary.rejections
        first = truth["children"][0]
        hostile, daz = hostile_entities()
        store.write(_note("hostile-note.txt", first["id"], first["name"], "2026-02-10",
                          [hostile], [(daz, "AT", hostile)]))
        resolve(store)
    finally:
        store.close()
    add_accounts(path)
    return Scenario(path, folder, truth)


def signed_in(role: Role) -> User:
    """The session user of the test account of ``role`` (as the sign-in form leaves it)."""
    return User(username(role), role)


@pytest.fixture(scope="session")
def chromium_args() -> list[str]:
    """Flags for headless Chromium on a machine with no network and no GPU."""
    return list(CHROMIUM_ARGS)


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    """Debian's Chromium; installed with apt-get when missing and we are root, else skip.

    Playwright's own browser download is never used: this machine (and CI) has no internet
    beyond the package registries, and Debian's package is what analysts' Linux boxes have.
    """
    if CHROMIUM.exists():
        return CHROMIUM
    apt = shutil.which("apt-get")
    if getattr(os, "geteuid", lambda: -1)() != 0 or apt is None:
        pytest.skip(f"{CHROMIUM} is missing and cannot be installed here "
                    "(needs root and apt-get: apt-get install chromium)")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    result = subprocess.run(f"{apt} update -qq && {apt} install -y -qq chromium", shell=True,
                            env=env, capture_output=True, text=True, timeout=900, check=False)
    if result.returncode != 0 or not CHROMIUM.exists():
        pytest.skip(f"apt-get install chromium failed: {result.stderr.strip()[-500:]}")
    return CHROMIUM


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_healthy(url: str, server: subprocess.Popen[bytes], timeout: float = 120.0) -> None:
    """Until the server answers its health check: after ``dashboard.serve`` has prepared the
    first visit (imports, the store, the default views), which on a busy machine takes a
    while."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"streamlit exited with {server.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.25)
    raise TimeoutError(f"streamlit not healthy at {url} after {timeout:.0f}s")


@pytest.fixture(scope="module")
def streamlit_url(scenario: Scenario, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``streamlit run dashboard/app.py`` on a free localhost port against the scenario,
    started as ``rhigraph dashboard`` starts it (sign-in required), and always stopped."""
    from dashboard.launch import command, environment, stop

    port = _free_port()
    env = environment(scenario.path)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    log = tmp_path_factory.mktemp("streamlit") / "server.log"
    with log.open("wb") as out:
        server = subprocess.Popen(command(port=port), cwd=REPO, env=env,
                                  stdout=out, stderr=subprocess.STDOUT)
        try:
            url = f"http://127.0.0.1:{port}"
            try:
                _wait_healthy(url, server)
            except (RuntimeError, TimeoutError) as error:
                raise RuntimeError(f"{error}\n{log.read_text(errors='replace')}") from None
            yield url
        finally:
            stop(server)

