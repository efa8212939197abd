"""A reader on a phone (390x844, touch): a tap on a route line selects that route and shows its figures, and a tap on
a route's label selects that same route. Taps are real touch events at the line's or label's place on the screen."""

from __future__ import annotations

import time

import pytest
from dash.testing.wait import until

from layouts import ids
from tests.pages import open_link
from tests.test_first_screen import screenshot

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": True}
ROUTES = ("central_med", "eastern_med", "western_med")  # the last two: plotly.js picked another route
# The middle of a route's longest drawn segment, in the page's coordinates (where a finger would tap the line).
ON_THE_LINE = """
const gd = document.getElementById(arguments[0]).querySelector('.js-plotly-plot'), name = arguments[1];
const p = gd._fullLayout.geo._subplot.projection, clip = p.clipExtent();
const frame = gd.querySelector('.geo .bg rect').getBoundingClientRect();
const t = gd._fullData.filter(t => t.name === name)[0];
const xy = t.lon.map((lon, k) => lon === null || t.lat[k] === null ? null : p([lon, t.lat[k]]))
  .map(q => q && [q[0] + frame.left - clip[0][0], q[1] + frame.top - clip[0][1]]);
let best = null;
for (let k = 1; k < xy.length; k++) {
  if (!xy[k] || !xy[k - 1]) continue;
  const len = Math.hypot(xy[k][0] - xy[k - 1][0], xy[k][1] - xy[k - 1][1]);
  if (!best || len > best.len) best = {len, x: (xy[k][0] + xy[k - 1][0]) / 2, y: (xy[k][1] + xy[k - 1][1]) / 2};
}
return best;
"""
LABELS = """
const gd = document.getElementById(arguments[0]).querySelector('.js-plotly-plot');
const labels = gd._fullData.filter(t => t.name === 'route-labels')[0];
return [...gd.querySelectorAll('.scattergeo text')].map(node => {
  const r = node.getBoundingClientRect(), k = labels.text.indexOf(node.textContent);
  return [labels.customdata[k], r.left, r.top, r.width, r.height];
}).filter(l => l[0]);
"""
HOVER = "return [...document.querySelectorAll('#map .hoverlayer .hovertext')].map(e => e.textContent);"


def tap(duo, x: float, y: float) -> None:
    """A finger's tap: touch start and end at one point (the browser then sends the mouse events it derives)."""
    for kind, points in (("touchStart", [{"x": x, "y": y}]), ("touchEnd", [])):
        duo.driver.execute_cdp_cmd("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})


@pytest.fixture()
def phone(duo):
    duo.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", PHONE)
    duo.driver.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": True, "maxTouchPoints": 5})
    yield duo
    duo.driver.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": False})


def selected(duo) -> str:
    return duo.driver.current_url.split("routes=")[1].split("&")[0]


@pytest.mark.parametrize("route", ROUTES)
def test_a_tap_on_a_route_line_selects_it_and_shows_its_figures(phone, prep, route: str) -> None:
    open_link(phone, "year=2016")
    phone.driver.execute_script("window.scrollTo(0, 0);")
    at = phone.driver.execute_script(ON_THE_LINE, ids.MAP, route)
    tap(phone, at["x"], at["y"])
    until(lambda: selected(phone) == route, 10)
    name = prep.route_name(route, "en")
    until(lambda: any(h.startswith(f"{name} — 2016") for h in phone.driver.execute_script(HOVER)), 10)
    time.sleep(0.5)  # the selection's redraw must not take the figures away again
    assert selected(phone) == route
    assert any(h.startswith(name) for h in phone.driver.execute_script(HOVER))
    # The figures fit the screen's width: no line runs off either side.
    box = phone.driver.execute_script(
        "return document.querySelector('#map .hoverlayer .hovertext').getBoundingClientRect().toJSON();")
    assert box["left"] >= 0 and box["right"] <= PHONE["width"], box
    screenshot(phone, f"phone-tap-{route}")
    assert phone.get_logs() == []


def test_a_tap_on_a_routes_label_selects_that_route(phone) -> None:
    """Each label, tapped near the end of its words away from its marker, selects its own route."""
    open_link(phone, "year=2016")
    phone.driver.execute_script("window.scrollTo(0, 0);")
    labels = phone.driver.execute_script(LABELS, ids.MAP)
    assert len(labels) == 10
    wrong = []
    for route, left, top, width, height in labels:
        for x in (left + 0.8 * width,):  # the far end of the words, away from the marker
            tap(phone, x, top + height / 2)
            until(lambda: selected(phone) != "all", 10)
            if selected(phone) != route:
                wrong.append((route, round(x), selected(phone)))
            tap(phone, x, top + height / 2)  # again: every route, as on a desktop
            until(lambda: selected(phone) == "all", 10)
    assert wrong == []
    assert phone.get_logs() == []
