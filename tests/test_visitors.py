"""Visitors' figures stay theirs, in real browsers: what A adds, A sees marked; B, the server's disk and A's plain
link never see it; A's link with figures shows them to B, marked as the link's."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

import pytest
from dash.testing.wait import until
from selenium import webdriver

from layouts import ids
from tests.conftest import pytest_setup_options
from tests.pages import GD, MAP_COUNTRIES

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parent.parent
# Caches, and the screenshots other browser tests save meanwhile (the suite runs in parallel): not the server's.
SKIP = {".git", ".venv", "__pycache__", ".pytest_cache", ".hypothesis", ".ruff_cache", "test-artifacts"}
DISTINCT = "424242"


def disk(root: Path = ROOT) -> str:
    """Every file of the checkout (outside caches) with its size and modification time."""
    entries = sorted((str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in root.rglob("*")
                     if p.is_file() and not SKIP & set(p.relative_to(root).parts))
    return hashlib.sha256(repr(entries).encode()).hexdigest()


def detections(driver) -> list[dict]:
    return driver.execute_script(
        f"return {GD}.data.map(t => ({{name: t.name, y: Array.from(t.y || []), dash: t.line && t.line.dash}}));",
        ids.CHART_DETECTIONS)


def opened(driver, url: str) -> None:
    driver.get(url)
    until(lambda: driver.find_elements("css selector", MAP_COUNTRIES), 20)
    until(lambda: driver.find_element("css selector", f"#{ids.SHARE_URL}").get_attribute("value"), 10)
    until(lambda: not driver.execute_script(
        "return document.querySelector('[data-dash-is-loading=true]') !== null;"), 10)


def shows_distinct(driver) -> bool:
    return any(float(DISTINCT) in t["y"] for t in detections(driver))


def test_a_visitors_figures_stay_in_their_browser(dash_duo, tmp_path) -> None:
    from app import create_app

    dash_duo.start_server(create_app())
    before = disk()
    a = dash_duo.driver
    opened(a, f"{dash_duo.server_url}/?year=2016&routes=central_med")
    page_link = a.find_element("css selector", f"#{ids.SHARE_URL}").get_attribute("value")
    own = tmp_path / "ministry <img src=x onerror=alert(1)>.csv"
    own.write_text("route_id,year,indicator,value,period,note\n"
                   f"central_med,2016,detections,{DISTINCT},calendar year,<i>from a ministry</i>\n", encoding="utf-8")
    a.find_element("css selector", ".added-panel summary").click()
    a.find_element("css selector", f"#{ids.UPLOAD} input[type=file]").send_keys(str(own))
    dash_duo.wait_for_contains_text(f"#{ids.UPLOAD_REPORT}", "1 rows added")

    # A sees it, dashed and named as theirs; the note says so; nothing was written on the server.
    until(lambda: shows_distinct(a), 10)
    mine = next(t for t in detections(a) if float(DISTINCT) in t["y"])
    assert mine["dash"] == "dash" and "your figures, not checked" in mine["name"]
    assert "<img src=x onerror=alert(1)>" in a.execute_script(  # the legend shows the name's markup as text
        f"return {GD}.querySelector('.legend').textContent;", ids.CHART_DETECTIONS)
    dash_duo.wait_for_contains_text(f"#{ids.ADDED_NOTE}", "kept in this browser only")
    a.find_element("css selector", f"#{ids.LINK_WITH_FIGURES}").click()
    until(lambda: "#figures=" in a.find_element("css selector", f"#{ids.FIGURES_LINK}").get_attribute("value"), 10)
    figures_link = a.find_element("css selector", f"#{ids.FIGURES_LINK}").get_attribute("value")
    a.refresh()  # still there after a reload: kept in this browser
    opened(a, a.current_url)
    until(lambda: shows_distinct(a), 10)

    b = webdriver.Chrome(options=pytest_setup_options())  # a second visitor, a browser of their own
    try:
        opened(b, f"{dash_duo.server_url}/?year=2016&routes=central_med")
        time.sleep(1)  # give any stray update the chance to arrive before saying it did not
        assert not shows_distinct(b) and b.find_element("css selector", f"#{ids.ADDED_NOTE}").get_attribute("hidden")
        opened(b, page_link)  # A's ordinary link carries no figures
        assert not shows_distinct(b)
        opened(b, figures_link)  # A's link with figures shows them, marked as the link's
        until(lambda: shows_distinct(b), 10)
        linked = next(t for t in detections(b) if float(DISTINCT) in t["y"])
        assert "figures from this link, not checked" in linked["name"] and linked["dash"] == "dash"
        assert "carries figures from whoever shared it" in b.find_element("css selector", f"#{ids.ADDED_NOTE}").text
        assert b.get_log("browser") == []
    finally:
        b.quit()

    a.find_element("css selector", ".added-panel summary").click()  # the page was reloaded: the panel is closed
    a.find_element("css selector", f"#{ids.REMOVE_VISITOR_FIGURES}").click()  # A removes them
    until(lambda: not shows_distinct(a), 10)
    assert a.execute_script("return window.localStorage.getItem(arguments[0]);", ids.VISITOR_FIGURES) in (None, "null")
    assert disk() == before
    assert dash_duo.get_logs() == []
