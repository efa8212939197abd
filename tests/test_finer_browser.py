"""The months scene in a real browser, on a projector and a phone, in English and Russian: the incident circles and
their key, the monthly detections and the nationality chart; each view saved under test-artifacts/."""

from __future__ import annotations

from pathlib import Path

import pytest
from dash.testing.wait import until

from layouts import ids
from tests.pages import GD, MAP_COUNTRIES

pytestmark = pytest.mark.browser
SCENE = "scene=central_med_months_2016"
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


@pytest.mark.parametrize("name,width,height,query", [
    ("months-projector-1280", 1280, 720, f"mode=present&{SCENE}"),
    ("months-projector-1920-ru", 1920, 1080, f"mode=present&{SCENE}&lang=ru"),
    ("months-desktop-1280", 1280, 720, SCENE),
    ("months-desktop-ru", 1440, 900, f"{SCENE}&lang=ru"),
    ("months-phone", 390, 844, SCENE),
    ("months-phone-ru", 390, 844, f"{SCENE}&lang=ru"),
])
def test_the_months_scene_draws_incidents_months_and_nationalities(duo, name, width, height, query) -> None:
    duo.driver.set_window_size(width, height)
    duo.driver.get(f"{duo.server_url}/?{query}")
    duo.wait_for_element(MAP_COUNTRIES, timeout=20)
    incidents = f"return {GD}.data.filter(t => t.name === 'incidents')[0].lon.length;"
    until(lambda: duo.driver.execute_script(incidents, ids.MAP) > 100, timeout=20)
    assert duo.find_element(".incident-sample")  # the key names the circles
    months = f"return ({GD}.data[0] || {{x: []}}).x.length;"
    until(lambda: duo.driver.execute_script(months, ids.CHART_DETECTIONS) == 12, timeout=20)
    bars = f"return ({GD}.data[0] || {{y: []}}).y.length;"
    until(lambda: duo.driver.execute_script(bars, ids.CHART_NATIONALITIES) == 10, timeout=20)
    sideways = "return document.documentElement.scrollWidth - document.documentElement.clientWidth;"
    wide = ("return [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > "
            "document.documentElement.clientWidth + 0.5).slice(0, 8).map(e => e.tagName + '#' + e.id + '.' + "
            "e.className + ': ' + (e.textContent || '').slice(0, 60));")
    scrolls = duo.driver.execute_script(sideways)
    offenders = duo.driver.execute_script(wide) if scrolls > 0 else []
    ARTIFACTS.mkdir(exist_ok=True)
    duo.driver.save_screenshot(str(ARTIFACTS / f"{name}.png"))
    if "mode=present" not in query:  # presenter mode shows the month chart beside the map (test_presenter_screens)
        duo.driver.execute_script(f"document.getElementById('{ids.CHART_DETECTIONS}').scrollIntoView();")
        on_screen = ("const r = document.getElementById(arguments[0]).getBoundingClientRect();"
                     "return r.height > 100 && r.top >= -1 && r.top < innerHeight;")
        until(lambda: duo.driver.execute_script(on_screen, ids.CHART_DETECTIONS), timeout=10)
        duo.driver.save_screenshot(str(ARTIFACTS / f"{name}-charts.png"))
    assert scrolls <= 0, offenders  # saved first, so a failing view can be looked at
