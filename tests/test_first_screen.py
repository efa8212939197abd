"""The first screen, measured in a real browser at a projector's two sizes, a tablet's and a phone's: how much map is
drawn without scrolling, no sideways scrolling, labels that neither overlap nor run off the map, one legend that
agrees with the drawn colours, a toolbar that sends nothing anywhere and speaks the page's language, and axe-core's
accessibility check with no serious or critical finding. Each view is saved as a screenshot under test-artifacts/.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pytest
from dash.testing.wait import until
from plotly.colors import get_colorscale
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from core.risk import composite
from core.view import default_view, parse
from figures import charts
from figures.map import RISK_COLORSCALE, map_figure
from layouts import ids
from tests.pages import GD, open_link

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "tests" / "axe" / "node_modules" / "axe-core" / "axe.min.js"  # `make axe` (npm, pinned); never served
ARTIFACTS = ROOT / "test-artifacts"
URL = "/geo/countries.geojson"

# name: (width, height, link)
VIEWS = {
    "default-1920": (1920, 1080, ""),
    "default-1280": (1280, 720, ""),
    "presenter-1280": (1280, 720, "mode=present&scene=alliance_2015"),
    "presenter-1920": (1920, 1080, "mode=present&scene=alliance_2015"),
    "phone": (390, 844, ""),
    "tablet": (768, 1024, ""),
    "russian": (1920, 1080, "lang=ru"),
    "russian-phone": (390, 844, "lang=ru"),
    "ukrainian": (1920, 1080, "lang=uk"),
}
MIN_MAP = {"presenter": 0.55}  # share of the viewport's height drawn as map, without scrolling
MIN_MAP_PX = 280  # a reader's first screen on a phone

MEASURE = """
const frame = document.querySelector('#map .geo .bg rect').getBoundingClientRect();
const root = document.documentElement;
return {
  map_px: Math.max(0, Math.min(frame.bottom, innerHeight) - Math.max(frame.top, 0)),
  map_top: frame.top, map_width: frame.width,
  overflow_px: root.scrollWidth - root.clientWidth,
  viewport: [innerWidth, innerHeight],
};
"""
LABELS = """
const frame = document.querySelector('#map .geo .bg rect').getBoundingClientRect();
const boxes = [...document.querySelectorAll('#map .scattergeo text')].filter(t => t.textContent).map(t => {
  const r = t.getBoundingClientRect();
  return {text: t.textContent, l: r.left, r: r.right, t: r.top, b: r.bottom};
});
const overlaps = [];
boxes.forEach((a, i) => boxes.slice(i + 1).forEach(b => {
  if (a.l < b.r && b.l < a.r && a.t < b.b && b.t < a.b) overlaps.push([a.text, b.text]);
}));
const clipped = boxes.filter(b => b.l < frame.left - 0.5 || b.r > frame.right + 0.5 || b.t < frame.top - 0.5
                                  || b.b > frame.bottom + 0.5).map(b => b.text);
return {count: boxes.length, overlaps: overlaps, clipped: clipped};
"""
# Every control a reader can press, with the box a finger hits (a radio's or checkbox's whole label).
TARGETS = """
const seen = new Set(), small = [];
const sel = 'button, a.button, input, select, summary, [role=slider], .dash-dropdown, .modebar-btn, '
  + '.dash-options-list-option';
document.querySelectorAll(sel).forEach(el => {
  const target = el.closest('.dash-options-list-option') || el;
  if (seen.has(target)) return;
  seen.add(target);
  const r = target.getBoundingClientRect(), style = getComputedStyle(target);
  if (!r.width || !r.height || style.visibility === 'hidden' || style.opacity === '0' || target.closest('[hidden]')
      || target.getAttribute('aria-hidden') === 'true') return;
  if (r.width < 24 || r.height < 24) small.push([target.id || target.className.toString() || target.tagName,
                                                  Math.round(r.width), Math.round(r.height)]);
});
return small;
"""
AXE_RUN = """
const done = arguments[arguments.length - 1];
axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations.map(v => ({
  id: v.id, impact: v.impact, count: v.nodes.length, where: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))));
"""
# The contrast of a control's text with what is behind it (WCAG's formula), walking up to the first opaque colour.
CONTRAST = """
function rgb(s) { const m = s.match(/[\\d.]+/g).map(Number); return m.length > 3 ? m : m.concat([1]); }
function lum(c) {
  return c.slice(0, 3).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); })
    .reduce((a, v, i) => a + v * [0.2126, 0.7152, 0.0722][i], 0);
}
function background(el) {
  for (; el; el = el.parentElement) { const c = rgb(getComputedStyle(el).backgroundColor); if (c[3] > 0.5) return c; }
  return [255, 255, 255, 1];
}
return arguments[0].map(sel => [...document.querySelectorAll(sel)].filter(e => e.getClientRects().length).map(e => {
  const a = lum(rgb(getComputedStyle(e).color)), b = lum(background(e));
  return [sel, Math.round(100 * (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)) / 100];
})).flat();
"""


def show(duo, name: str) -> dict:
    """Open a view at its size, as a person would on that device, and wait until it has drawn."""
    width, height, link = VIEWS[name]
    duo.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 800})
    open_link(duo, link, timeout=30)  # a shared machine under load draws a first page slowly
    if "present" in link:
        until(lambda: "present" in duo.find_element("body").get_attribute("class"), 10)
    until(lambda: duo.find_elements(f"#{ids.MAP_LEGEND} .swatch"), 10)
    until(lambda: len(duo.find_elements(f"#{ids.MAP} .scattergeo text")) >= 10, 10)
    return duo.driver.execute_script(MEASURE)


def run_axe(duo) -> list[dict]:
    duo.driver.execute_script(AXE.read_text(encoding="utf-8") + "\nreturn true;")
    duo.driver.set_script_timeout(60)
    return duo.driver.execute_async_script(AXE_RUN)


def screenshot(duo, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    duo.driver.execute_script("window.scrollTo(0, 0);")
    duo.driver.save_screenshot(str(ARTIFACTS / f"{name}.png"))


def record(name: str, values: dict) -> None:
    """The measured figures, kept beside the screenshots (test-artifacts/measures.json)."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / "measures.json"
    known = json.loads(path.read_text()) if path.exists() else {}
    known[name] = values
    path.write_text(json.dumps(known, indent=1, sort_keys=True))


@pytest.fixture()
def axe_source() -> Path:
    if not AXE.exists():
        pytest.fail("axe-core is not installed: run `make axe` (npm install of the pinned version, tests only)")
    return AXE


@pytest.mark.browser
@pytest.mark.parametrize("name", list(VIEWS))
def test_first_screen(duo, name: str, axe_source: Path, prep) -> None:
    """Map size, sideways scroll, labels, targets and axe-core for one view; its screenshot saved."""
    width, height, link = VIEWS[name]
    measured = show(duo, name)
    labels = duo.driver.execute_script(LABELS)
    small = duo.driver.execute_script(TARGETS)
    screenshot(duo, name)
    violations = run_axe(duo)
    grave = [v for v in violations if v["impact"] in ("serious", "critical")]
    record(name, {**measured, "labels": labels, "small_targets": small,
                  "axe": {"serious_or_critical": sum(v["count"] for v in grave),
                          "other": sum(v["count"] for v in violations) - sum(v["count"] for v in grave),
                          "ids": sorted({v["id"] for v in violations})}})
    assert measured["overflow_px"] <= 0, f"{name}: the page scrolls sideways by {measured['overflow_px']} px"
    if "present" in link:
        assert measured["map_px"] >= MIN_MAP["presenter"] * height, measured
    else:
        assert measured["map_px"] >= MIN_MAP_PX, measured
    # A label per route of routes.csv, none over another or off the map.
    assert labels["count"] == len(prep.options.routes) and labels["overlaps"] == [] and labels["clipped"] == [], labels
    if width < 800:
        assert small == [], f"tap targets under 24x24 px: {small}"
        # Title, then the map; the legend under the map, never over it.
        legend = duo.find_element(f"#{ids.MAP_LEGEND}").rect
        assert legend["y"] >= measured["map_top"] + measured["map_px"] - 1
    assert grave == [], json.dumps(grave, indent=1)
    assert duo.get_logs() == []


@pytest.mark.browser
@pytest.mark.parametrize("name", ["presenter-1280", "presenter-1920"])
def test_presenter_controls_read_on_a_projector(duo, name: str) -> None:
    """Every control and text line of presenter mode has WCAG AA contrast (4.5:1) against the black page."""
    show(duo, name)
    ratios = duo.driver.execute_script(CONTRAST, [
        f"#{ids.LANG} .dash-options-list-option-text", f"#{ids.PRESENT}", f"#{ids.SOURCES_LINK}", "h1",
        ".scene-title", ".scene-caption", ".scene-headlines li", ".scene-source", f"#{ids.DISCLAIMER}",
        ".legend-title", ".legend-classes li", ".legend-lines li", ".risk-ticks span"])
    record(f"{name}-contrast", {"min_by_selector": {s: min(r for t, r in ratios if t == s) for s, _ in ratios}})
    assert ratios and all(r >= 4.5 for _, r in ratios), [x for x in ratios if x[1] < 4.5]
    # The title and the header's buttons side by side, never one over the other.
    title, actions = (duo.driver.execute_script("return arguments[0].getBoundingClientRect().toJSON();", element)
                      for element in (duo.find_element(".header h1"), duo.find_element(f"#{ids.HEADER_ACTIONS}")))
    assert title["right"] <= actions["left"] or title["bottom"] <= actions["top"], (title, actions)


@pytest.mark.browser
@pytest.mark.parametrize("name", ["presenter-1280", "presenter-1920"])
def test_every_scene_keeps_its_routes_whole_on_a_projector(duo, name: str, prep) -> None:
    """A presenter steps through every scene with the arrow key: in each, every point of every route the scene
    selects lies inside the drawn map frame."""
    show(duo, name)
    scenes, routes = list(prep.options.scenes), list(prep.options.routes)
    for i, scene in enumerate(scenes):
        if i:
            ActionChains(duo.driver).send_keys(Keys.ARROW_RIGHT).perform()  # the presenter's next scene
        until(lambda scene=scene: f"scene={scene}" in duo.driver.current_url, 10)
        expected = sorted(parse(f"scene={scene}", prep.options)[0].routes)
        until(lambda expected=expected: sorted(duo.driver.execute_script(SCENE_ROUTE_NAMES, ids.MAP, routes))
              == expected, 15)
        outside = duo.driver.execute_script(SCENE_ROUTES + OUTSIDE_THE_FRAME, ids.MAP, routes)
        assert outside == [], f"{scene}: {outside[:5]}"
    assert duo.get_logs() == []


# The scene's routes: drawn at full opacity (the others are faded), without their casings.
SCENE_ROUTES = f"""
const gd = {GD}, routes = arguments[1];
const drawn = gd._fullData.filter(t => t.type === 'scattergeo' && t.mode === 'lines' && t.opacity === 1
                                       && routes.includes(t.name));
"""
SCENE_ROUTE_NAMES = SCENE_ROUTES + "return drawn.map(t => t.name);"
OUTSIDE_THE_FRAME = """
const p = gd._fullLayout.geo._subplot.projection, box = p.clipExtent();
return drawn.flatMap(t => t.lon.map((lon, i) => [t.name, lon, t.lat[i]]))
  .filter(([n, lon, lat]) => lon !== null && lat !== null)
  .filter(([n, lon, lat]) => { const [x, y] = p([lon, lat]);
    return x < box[0][0] || x > box[1][0] || y < box[0][1] || y > box[1][1]; });
"""


@pytest.mark.browser
def test_drawn_route_colours_follow_the_legend(duo, prep) -> None:
    """The legend's colour bar has the risk scale's own stops, and each drawn route line has the legend's colour at
    that route's score (grey and dotted where there is none). The export's colour bar resolves to the same scale."""
    show(duo, "default-1280")
    bar = duo.find_element(f"#{ids.RISK_BAR}")
    stops = [(float(p), c) for p, c in (s.split(" ") for s in bar.get_attribute("data-scale").split(";"))]
    assert stops == [(p, c) for p, c in RISK_COLORSCALE]
    drawn_gradient = duo.driver.execute_script("return getComputedStyle(arguments[0]).backgroundImage;", bar)
    assert [tuple(int(v) for v in m) for m in re.findall(r"rgb\((\d+), (\d+), (\d+)\)", drawn_gradient)] == [
        _hex(c) for _, c in stops]
    strokes = duo.driver.execute_script(f"""
        const gd = {GD};
        // Each drawn trace group, named by the trace plotly.js bound to it (an empty trace draws no group).
        return [...document.querySelectorAll('#map .scattergeo.trace')].map(g => {{
          const t = g.__data__[0].trace, path = g.querySelector('path.js-line');
          return [t.name, path ? getComputedStyle(path).stroke : null, path ? path.style.strokeDasharray : null]; }});
    """, ids.MAP)
    risk = composite(prep.risk, 2015, (3, 3, 2, 2))
    checked = 0
    for route, stroke, dash in strokes:
        if route not in risk.index:
            continue
        score = risk.loc[route, "score"]
        drawn = tuple(int(v) for v in re.findall(r"\d+", stroke)[:3])
        if math.isnan(score):
            assert drawn == (127, 127, 127) and dash, route
        else:
            expected = _at(stops, score / 100)
            assert max(abs(a - b) for a, b in zip(drawn, expected)) <= 2, (route, score, drawn, expected)
            checked += 1
    assert checked >= 5
    # The colour bar the PNG export draws: plotly.js resolved it to our scale, not to its grey-red default.
    full = duo.driver.execute_script(
        f"return {GD}._fullData.filter(t => t.name === 'risk-legend')[0].marker.colorscale;", ids.MAP)
    assert [(round(p, 4), c) for p, c in full] == list(RISK_COLORSCALE)


def test_every_colour_scale_is_one_plotly_js_resolves(prep) -> None:
    """plotly.js knows a few scale names and none ending "_r"; a name it does not know becomes its default in
    silence. So every figure's colour scales are explicit [position, colour] lists, from 0 to 1."""
    assert [(round(p, 4), c) for p, c in get_colorscale("Plasma_r")] == list(RISK_COLORSCALE)
    options = prep.options
    views = [parse(q, options)[0] for q in ("", "indicator=tip_tier&year=2016", "indicator=route_risk&year=2016",
                                            "lang=ru&indicator=idps&year=2022", "year=2025&routes=all")]
    builders = [lambda v: map_figure(prep, v, URL), *(lambda v, f=f: f(prep, v) for f in (
        charts.detections_chart, charts.deaths_chart, charts.risk_chart, charts.syria_chart, charts.ukraine_chart))]
    found = 0
    for view in views:
        for build in builders:
            for scale in _colour_scales(build(view)):
                found += 1
                assert isinstance(scale, list) and len(scale) >= 2, scale
                positions = [p for p, _ in scale]
                assert positions[0] == 0 and positions[-1] == 1 and positions == sorted(positions), scale
                assert all(re.fullmatch(r"#[0-9a-fA-F]{6}|rgb\(\d+, ?\d+, ?\d+\)", c) for _, c in scale), scale
    assert found >= len(views) * 2  # the choropleth's and the route-risk bar's, at least


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["en", "ru", "uk"])
def test_toolbars_send_nothing_away_and_speak_the_page_language(duo, lang: str) -> None:
    """No toolbar button uploads a chart anywhere; every button's tooltip is in the page's language."""
    show(duo, {"ru": "russian", "uk": "ukrainian"}.get(lang, "default-1920"))
    until(lambda: len(duo.find_elements(".modebar-btn")) >= 6, 10)
    titles = duo.driver.execute_script(
        "return [...document.querySelectorAll('.modebar-btn')].map(b => b.getAttribute('data-title'));")
    assert titles and not [t for t in titles if re.search(r"cloud|share|studio|plotly|облак", t, re.I)], titles
    configs = duo.driver.execute_script(
        "return [...document.querySelectorAll('.js-plotly-plot')].map(g => [g._context.showSendToCloud, "
        "g._context.locale, g._context.modeBarButtonsToRemove]);")
    assert all(send is False and locale == lang and "sendChartToCloud" in remove for send, locale, remove in configs), \
        configs
    if lang in ("ru", "uk"):
        assert all(re.search("[а-яА-Я]", t) for t in titles), titles
    if lang == "uk":  # plotly's Ukrainian locale, not its Russian one: letters only Ukrainian has
        assert any(re.search("[іїєґІЇЄҐ]", t) for t in titles), titles
    assert duo.get_logs() == []


@pytest.mark.browser
def test_focus_is_visible_on_every_control(duo) -> None:
    """Tab through the page's controls: each one shows where the focus is (an outline of at least 2 px)."""
    show(duo, "default-1280")
    duo.driver.execute_script("document.querySelector('.skip-link').focus();")
    seen, hidden = [], []
    for _ in range(45):
        ActionChains(duo.driver).send_keys(Keys.TAB).perform()
        info = duo.driver.execute_script("""
            const e = document.activeElement, s = getComputedStyle(e);
            return [[e.tagName, e.id, e.name, e.value, e.getAttribute('data-title'), e.textContent.trim().slice(0, 30)]
                      .filter(Boolean).join(' '),
                    s.outlineStyle, parseFloat(s.outlineWidth), s.boxShadow];
        """)
        seen.append(info[0])
        if not ((info[1] not in ("none", "") and info[2] >= 2) or info[3] not in ("none", "")):
            hidden.append(info)
    assert hidden == [], hidden
    assert len(set(seen)) >= 35, json.dumps(seen)  # every control, the toolbars, the sources' links


@pytest.mark.browser
def test_phone_controls_open_in_a_panel(duo) -> None:
    """On a phone the controls wait in a panel; the menu button opens it, and the view still answers them."""
    show(duo, "phone")
    toggle = duo.find_element(f"#{ids.CONTROLS_TOGGLE}")
    assert not duo.find_element(f"#{ids.CONTROLS_PANEL}").is_displayed()
    assert toggle.get_attribute("aria-expanded") == "false"
    toggle.click()
    until(lambda: duo.find_element(f"#{ids.CONTROLS_PANEL}").is_displayed(), 5)
    assert toggle.get_attribute("aria-expanded") == "true"
    assert duo.find_element(f"#{ids.LANG}").is_displayed()
    duo.find_element(f"#{ids.LAYER} input[value='ukraine']").click()
    until(lambda: "routes=eastern_land" in duo.driver.current_url or "ukraine" in duo.driver.current_url, 10)
    assert duo.driver.execute_script(MEASURE)["overflow_px"] <= 0
    assert duo.get_logs() == []


def _colour_scales(node) -> list:
    if isinstance(node, dict):
        found = [v for k, v in node.items() if k == "colorscale"]
        return found + [s for k, v in node.items() for s in _colour_scales(v)]
    if isinstance(node, list):
        return [s for v in node for s in _colour_scales(v)]
    return []


def _hex(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))


def _at(stops: list[tuple[float, str]], x: float) -> tuple[float, ...]:
    """The colour a linear scale gives at x, as the browser and plotly interpolate it."""
    for (p0, c0), (p1, c1) in zip(stops, stops[1:]):
        if p0 <= x <= p1:
            f = (x - p0) / (p1 - p0) if p1 > p0 else 0
            return tuple(a + (b - a) * f for a, b in zip(_hex(c0), _hex(c1)))
    return _hex(stops[-1][1])


def test_default_view_is_2015_with_the_default_weights(prep) -> None:
    """The colour test above scores routes for 2015 with weights 3,3,2,2: the default view's."""
    view = default_view(prep.options)
    assert view.year == 2015 and tuple(view.weights) == (3, 3, 2, 2)
