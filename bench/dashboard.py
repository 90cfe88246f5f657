"""Dashboard page time in headless Chromium: the demo store and a store of ``scale`` documents.

Issue 8's target: every page interactive within 2 s on the demo store and within 5 s on a
store of 100,000 documents.

For each store, ``streamlit run`` serves the dashboard exactly as ``rhigraph dashboard`` does
(:func:`dashboard.launch.command` and :func:`~dashboard.launch.environment`) on a free
localhost port, and Debian's Chromium, driven by Playwright, loads every page the navigation
lists, each in a fresh browser context (a new Streamlit session). A page's time runs from
asking for its URL to **interactive**: Streamlit reports the script run finished
(``stApp[data-test-script-state=notRunning]``, connected), the main area holds rendered
elements, and no skeleton or spinner is left; **complete** adds every embedded frame (the
network picture) loaded and every table's canvas drawn. Each page is first visited in a
fresh browser context (**cold**: empty browser cache, a new Streamlit session, and for the
first page after the server starts, Streamlit's caches empty too), then visited again
``repeats`` times in that context (**warm**: the front end cached by the browser, as for a
person moving about the dashboard in a meeting); the warm median is compared with the
limit, and the cold time is reported beside it.

The demo store is the demo scenario (``rhigraph demo``'s defaults) ingested by the real
pipeline; the large store is that store's rows copied by bulk SQL to ``scale`` documents
(see :mod:`bench.common`), each copy moved back to its own earlier 12-week window so that
about ``PER_WEEK`` (500) episodes fall in any week, as in a large force, rather than every
copy's episodes in the same latest week. Baseline, in the same run and the same browser: a
bare Streamlit page (a title and one line of text, no store) served the same way and timed
the same way: the floor any Streamlit page pays (the front end, the websocket, a script
run).
"""

from __future__ import annotations

import inspect
import math
import os
import shutil
import socket
import statistics
import subprocess
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench.common import PER_WEEK, REPO, clone_store, ratio, row, template_store, workdir

NAME = "dashboard"
UNIT = "documents"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
LIMITS = {"demo": 2.0, "large": 5.0}
PAGE_TIMEOUT_S = 120.0

READY_JS = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app) return false;
  if (app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (app.getAttribute('data-test-connection-state') !== 'CONNECTED') return false;
  const main = document.querySelector('[data-testid="stMain"]');
  if (!main || !main.querySelector('[data-testid="stElementContainer"]')) return false;
  if (document.querySelector('[data-testid="stSkeleton"], [data-testid="stSpinner"]'))
    return false;
  return true;
}"""
COMPLETE_JS = """() => {
  // Tables on show (not in a closed tab or expander) have drawn their canvas.
  for (const t of document.querySelectorAll('[data-testid="stDataFrame"]')) {
    const shown = t.getBoundingClientRect().height > 0;
    if (shown && !t.querySelector('canvas')) return false;
  }
  return true;
}"""
#: How long to wait for "complete" after "interactive" before reporting it as not reached.
COMPLETE_TIMEOUT_S = 30.0
NAV_JS = """() => Array.from(document.querySelectorAll(
  'a[data-testid="stSidebarNavLink"], a[data-testid="stTopNavLink"]'))
  .map(a => [a.innerText.trim(), a.href])"""


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


BARE_APP = '''import streamlit as st

st.title("Baseline")
st.write("A bare Streamlit page: no store, no data.")
'''


@contextmanager
def serve(db: Path, log: Path, timeout: float = 600.0, app: Path | None = None):
    """``streamlit run`` for ``db`` on a free localhost port (the dashboard, or ``app``);
    yields (url, seconds until healthy: for the dashboard, this includes what it prepares
    before accepting the first visit)."""
    from dashboard.launch import ENTRY, command, environment, stop

    script = ENTRY  # the script `rhigraph dashboard` serves

    port = _free_port()
    # As `rhigraph dashboard` starts it; without sign-in where the launcher has sign-in
    # (the bench's browser is on this machine, and the server listens on 127.0.0.1 only).
    takes_db = "db_path" in inspect.signature(command).parameters
    argv = command(db, port=port) if takes_db else command(port=port)
    if app is not None:
        argv = [str(app) if part == str(script) else part for part in argv]
    no_auth = "no_auth" in inspect.signature(environment).parameters
    env = environment(db, no_auth=True) if no_auth else environment(db)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    env["STREAMLIT_BROWSER_GATHER_USAGE_STATS"] = "false"
    url = f"http://127.0.0.1:{port}"
    with log.open("wb") as out:
        started = time.perf_counter()
        server = subprocess.Popen(argv, cwd=REPO, env=env, stdout=out,
                                  stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + timeout
            while True:
                if server.poll() is not None:
                    raise RuntimeError(f"streamlit exited with {server.returncode}: "
                                       f"{log.read_text(errors='replace')[-2000:]}")
                try:
                    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                        if r.status == 200:
                            break
                except (urllib.error.URLError, ConnectionError, TimeoutError):
                    pass
                if time.monotonic() > deadline:
                    raise TimeoutError(f"streamlit not healthy at {url} after {timeout:.0f} s")
                time.sleep(0.2)
            yield url, time.perf_counter() - started
        finally:
            stop(server)


def _visit(page: Any, url: str) -> dict[str, Any]:
    """Navigate ``page`` to ``url``; seconds to interactive and to complete."""
    started = time.perf_counter()
    page.goto(url, wait_until="commit")
    try:
        page.wait_for_function(READY_JS, polling=25)
    except Exception as err:  # noqa: BLE001 - playwright's TimeoutError: a figure, not a crash
        if "Timeout" not in type(err).__name__:
            raise
        return {"interactive_s": None, "complete_s": None,
                "timed_out_after_s": round(time.perf_counter() - started, 1),
                "exceptions": page.locator('[data-testid="stException"]').count(),
                "elements": page.locator(
                    '[data-testid="stMain"] [data-testid="stElementContainer"]').count()}
    interactive = time.perf_counter() - started
    try:
        page.wait_for_function(COMPLETE_JS, polling=25, timeout=COMPLETE_TIMEOUT_S * 1000)
        for frame in page.frames[1:]:
            frame.wait_for_load_state("load", timeout=COMPLETE_TIMEOUT_S * 1000)
        complete: float | None = round(time.perf_counter() - started, 3)
    except Exception:  # noqa: BLE001 - interactive is the target; complete is extra
        complete = None
    errors = page.locator('[data-testid="stException"]')
    found = {"interactive_s": round(interactive, 3), "complete_s": complete,
             "exceptions": errors.count(),
             "elements": page.locator(
                 '[data-testid="stMain"] [data-testid="stElementContainer"]').count()}
    if found["exceptions"]:
        # The exception's first lines (type and message: code, not records).
        found["exception"] = " ".join(errors.first.inner_text().split())[:300]
    return found


def _load(browser: Any, url: str, repeats: int, timeout_s: float = PAGE_TIMEOUT_S
          ) -> tuple[dict[str, Any], list[dict[str, Any]], list[list[str]]]:
    """In a fresh browser context (empty browser cache, a new Streamlit session): the
    first visit of ``url``, then ``repeats`` more visits in the same context, as a person
    coming back to the page with the front end cached. Returns (first, again, nav)."""
    context = browser.new_context(viewport={"width": 1600, "height": 1000})
    try:
        page = context.new_page()
        page.set_default_timeout(timeout_s * 1000)
        first = _visit(page, url)
        nav = page.evaluate(NAV_JS)  # the navigation is drawn before a slow page finishes
        if first["interactive_s"] is None:  # not interactive in time: no repeats
            return first, [], nav
        again = [_visit(page, url) for _ in range(repeats)]
        return first, again, nav
    finally:
        context.close()


def measure_store(browser: Any, db: Path, log: Path, *, repeats: int = 3,
                  timeout_s: float = PAGE_TIMEOUT_S, app: Path | None = None,
                  max_pages: int | None = None) -> dict[str, Any]:
    """Serve ``db``, discover the pages, and time each cold and ``repeats`` times warm
    (the first ``max_pages`` of them when given)."""
    with serve(db, log, app=app) as (url, startup):
        found: dict[str, Any] = {"server_start_s": round(startup, 3), "pages": {}}
        try:
            first, again, nav = _load(browser, url, repeats, timeout_s)
        except Exception as err:  # noqa: BLE001 - a page that never renders is a figure
            found["error"] = f"default page: {type(err).__name__}: {str(err)[:300]}"
            return found
        pages = [(title, href) for title, href in nav] or [("(default page)", url)]
        found["pages_listed"] = len(pages)
        pages = pages[:max_pages] if max_pages else pages
        for index, (title, href) in enumerate(pages):
            entry: dict[str, Any] = {"url": href.replace(url, "") or "/"}
            try:
                if index == 0 and href.rstrip("/") == url.rstrip("/"):
                    cold, warm = first, again
                else:
                    cold, warm, _ = _load(browser, href, repeats, timeout_s)
                entry["cold"] = cold
                entry["warm"] = warm
                if cold["interactive_s"] is None:
                    entry["error"] = (f"not interactive within {timeout_s:g} s (first visit;"
                                      " not repeated)")
                    entry["exceptions"] = cold["exceptions"]
                    found["pages"][title] = entry
                    continue
                timed_visits = warm or [cold]  # repeats=0: the first visit is all there is
                entry["interactive_median_s"] = round(statistics.median(
                    w["interactive_s"] for w in timed_visits), 3)
                completes = [w["complete_s"] for w in timed_visits
                             if w["complete_s"] is not None]
                entry["complete_median_s"] = round(statistics.median(completes), 3) \
                    if completes else None
                entry["exceptions"] = max(w["exceptions"] for w in [cold, *warm])
                shown = [w["exception"] for w in [cold, *warm] if w.get("exception")]
                if shown:
                    entry["exception"] = shown[0]
            except Exception as err:  # noqa: BLE001
                entry["error"] = f"{type(err).__name__}: {str(err)[:300]}"
            found["pages"][title] = entry
        return found


def run(scale: int = 100_000, *, work: Path | str | None = None, repeats: int = 3,
        template_children: int = 60, keep: bool = False, demo: bool = True,
        timeout_s: float = PAGE_TIMEOUT_S, max_pages: int | None = None) -> dict[str, Any]:
    """Time every page (or the first ``max_pages``) on the demo store (``demo``) and on a
    ``scale``-document store; ``repeats`` warm visits after each first visit."""
    if not CHROMIUM.exists():
        raise RuntimeError(f"{CHROMIUM} is missing (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    base = workdir(work)
    template = template_store(base / "templates", children=template_children)
    copies = max(1, math.ceil(scale / max(1, template["documents"])))
    large_db = base / "dashboard" / f"docs-{scale}" / "rhigraph.db"
    large_db.parent.mkdir(parents=True, exist_ok=True)
    large = clone_store(template["path"], large_db, copies, per_week=PER_WEEK)
    stores = {"large": (Path(large["path"]), large["documents"])}
    if demo:
        stores = {"demo": (Path(template["path"]), template["documents"]), **stores}
    bare_app = base / "dashboard" / "bare_page.py"
    bare_app.write_text(BARE_APP)
    results: dict[str, Any] = {}
    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM),
                                             args=CHROMIUM_ARGS, headless=True)
        try:
            bare = measure_store(browser, Path(template["path"]),
                                 bare_app.with_suffix(".log"), repeats=repeats,
                                 timeout_s=timeout_s, app=bare_app)
            results["baseline"] = bare
            pages = list(bare.get("pages", {}).values())
            floor = pages[0].get("interactive_median_s") if pages else None
            for label, (db, documents) in stores.items():
                measured = measure_store(browser, db, db.parent / f"streamlit-{label}.log",
                                         repeats=repeats, timeout_s=timeout_s,
                                         max_pages=max_pages)
                measured["documents"] = documents
                results[label] = measured
                limit = LIMITS[label]
                if "error" in measured:
                    rows.append(row(f"{label} store ({documents} docs)", None, "s",
                                    limit=f"<= {limit:g} s", within=False,
                                    note=measured["error"]))
                for title, page in measured["pages"].items():
                    what = f"{label} store ({documents} docs): {title}"
                    if "error" in page:
                        rows.append(row(what, None, "s", limit=f"<= {limit:g} s",
                                        within=False, note=page["error"]))
                        continue
                    value = page["interactive_median_s"]
                    rows.append(row(
                        what, value, "s", baseline=floor,
                        baseline_what="bare Streamlit page, same browser",
                        ratio_value=ratio(value, floor),
                        limit=f"<= {limit:g} s",
                        within=value <= limit and not page["exceptions"],
                        note=(f"warm median of {repeats}" if repeats else "first visit only")
                             + f"; cold {page['cold']['interactive_s']}"
                             f" s; complete {page['complete_median_s']} s"
                             + (f"; exception shown: {page.get('exception')}"
                                if page["exceptions"] else "")))
        finally:
            browser.close()
    if not keep:
        shutil.rmtree(large_db.parent, ignore_errors=True)
    return {"unit": UNIT, "documents": large["documents"], "large_store": large,
            "demo_store": {k: template[k] for k in ("documents", "links", "ingest_s")},
            "repeats": repeats, "stores": results, "rows": rows}


if __name__ == "__main__":
    import json
    import sys

    print(json.dumps(run(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000), indent=2))
