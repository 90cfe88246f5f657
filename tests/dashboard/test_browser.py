"""The dashboard as the meeting sees it: a real server, Debian's Chromium, no network.

AppTest cannot see inside the network iframe, so this drives the page: the table is there
with the busiest place first, vis-network has drawn its canvas, hostile names are text in the
table, on the canvas and in tooltips, no markup from the data became an element, no alert
ran, and nothing was fetched from beyond this machine. The screenshot is kept for a person
to look at (tmp_path/hotspots.png, and tooltip.png with the hostile place hovered).
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

NETWORK_FRAME = "iframe[title^='Network of the top']"
LOCAL_PREFIXES = ("http://127.0.0.1", "data:", "blob:", "about:")
INJECTED = "img[onerror], svg[onload], script:not([src]):has-text('alert(')"


def test_hotspots_page_in_headless_chromium(streamlit_url: str, chromium_path: Path,
                                            chromium_args: list[str], small_store,
                                            tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    requests: list[str] = []
    dialogs: list[str] = []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium_path),
                                             args=chromium_args, headless=True)
        try:
            # Tall enough for table and network in one shot (Streamlit scrolls inside).
            page = browser.new_page(viewport={"width": 1600, "height": 1500})
            page.set_default_timeout(30_000)
            page.on("request", lambda request: requests.append(request.url))
            page.on("dialog", lambda dialog: (dialogs.append(dialog.message),
                                              dialog.dismiss()))
            page.goto(streamlit_url, wait_until="domcontentloaded")

            # The table, busiest place first. The grid paints a canvas; its screen-reader
            # twin is a hidden <table> whose cells are test ids "glide-cell-<col>-<row>".
            table = page.get_by_test_id("stDataFrame")
            table.wait_for()

            def cell(col: int, row: int) -> str | None:
                located = table.get_by_test_id(f"glide-cell-{col}-{row}")
                located.wait_for(state="attached")
                return located.text_content()

            assert [cell(0, 0), cell(1, 0), cell(2, 0)] == ["1", small_store.top_place, "3"]
            assert cell(1, 1) == small_store.second_place
            assert table.get_by_text(small_store.hostile_place, exact=True).count() == 1

            # The network: vis-network drew its canvas inside the component iframe.
            network = page.frame_locator(NETWORK_FRAME)
            canvas = network.locator("#mynetwork canvas")
            canvas.wait_for()
            network.locator("body[data-network-state='stable']").wait_for()
            box = canvas.bounding_box()
            assert box and box["width"] > 600 and box["height"] > 500
            assert network.locator(".rhigraph-legend").inner_text().split() == [
                "Place", "Child", "Person", "Vehicle"]

            page.screenshot(path=str(tmp_path / "hotspots.png"))

            # Hover the hostile place: its tooltip shows the name as text.
            frame = next(f for f in page.frames if f.url.startswith("about:srcdoc"))
            node = "Location:hostile place"
            spot = frame.evaluate(
                "id => network.canvasToDOM(network.getPositions([id])[id])", node)
            area = network.locator("#mynetwork").bounding_box()
            page.mouse.move(area["x"] + spot["x"], area["y"] + spot["y"])
            tooltip = network.locator(".vis-tooltip")
            tooltip.wait_for(state="visible")
            assert tooltip.inner_text().splitlines()[0] == small_store.hostile_place
            label = frame.evaluate("id => network.body.data.nodes.get(id).label", node)
            assert label == f"3. {small_store.hostile_place}"  # rank 3, drawn as text

            page.locator(NETWORK_FRAME).screenshot(path=str(tmp_path / "tooltip.png"))

            # Nothing from the data became markup, ran, or reached the network.
            assert page.locator(INJECTED).count() == 0
            assert network.locator(INJECTED).count() == 0
            assert network.locator(".vis-tooltip img, .vis-tooltip svg").count() == 0
        finally:
            browser.close()
    assert dialogs == []
    assert [url for url in requests if not url.startswith(LOCAL_PREFIXES)] == []
    assert (tmp_path / "hotspots.png").stat().st_size > 10_000
    assert (tmp_path / "tooltip.png").stat().st_size > 10_000
