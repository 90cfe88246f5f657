"""The script ``rhigraph dashboard`` serves: the app (``app.py``) with a start-up step.

Why: a Streamlit server runs nothing until someone opens a page, so the first visit after
the server starts paid for importing the pages' modules, opening the store and counting
what the default views read per store state (tens of seconds on a store of 100,000
documents). ``st.App`` (Streamlit's ASGI entry point, which ``streamlit run`` serves when a
script defines one) runs a ``lifespan`` before the server accepts any connection: there
:func:`dashboard.data.prepare` does that work once, in a worker thread, and only then does
the health check answer and the first page load. Sessions, pages, sign-in and caching are
those of ``app.py``, unchanged.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import sys
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

try:
    import dashboard  # noqa: F401  (installed, or the working directory is the checkout)
except ModuleNotFoundError:
    # `streamlit run path/to/dashboard/serve.py` from a source checkout puts only dashboard/
    # on sys.path; the package's parent is needed for `dashboard`, `graph` and `rhigraph`.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import streamlit as st  # noqa: E402
from streamlit.logger import get_logger  # noqa: E402

log = get_logger(__name__)

#: How often the server looks whether the store changed or the judging clock is to turn.
REFRESH_S = 20
#: How far ahead of the judging clock the next quarter's packs are built.
LEAD = dt.timedelta(minutes=2)


async def keep_prepared() -> None:
    """While the server runs, keep the default views ready: every ``REFRESH_S`` seconds,
    :func:`dashboard.data.prepare_views_at` now and ``LEAD`` ahead. Nothing is built when
    nothing changed (answers are kept per store state); after an ingest or any other write,
    and a couple of minutes before each quarter hour, the server builds what the next
    visitor would otherwise wait for."""
    from dashboard import data

    while True:
        await asyncio.sleep(REFRESH_S)
        try:
            now = dt.datetime.now()
            await asyncio.to_thread(data.prepare_views_at, None, now)
            await asyncio.to_thread(data.prepare_views_at, None, now + LEAD)
        except Exception:  # noqa: BLE001 - an optimisation: the pages build what is missing
            log.exception("keeping the dashboard's default views ready failed")


@asynccontextmanager
async def lifespan(_app: Any) -> AsyncIterator[None]:
    """Prepare before serving, then keep prepared while serving (:func:`keep_prepared`); a
    failure is logged and the server starts anyway (the pages then do the same work on
    their first visit)."""
    from dashboard import data

    started = time.perf_counter()
    try:
        await asyncio.to_thread(data.prepare)
        log.info("Prepared the first visit in %.1f s", time.perf_counter() - started)
    except Exception:  # noqa: BLE001 - preparing is an optimisation, never a reason not to serve
        log.exception("preparing the dashboard before the first visit failed")
    keeping = asyncio.create_task(keep_prepared())
    try:
        yield
    finally:
        keeping.cancel()


app = st.App("app.py", lifespan=lifespan)
