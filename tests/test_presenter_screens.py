"""Presenter mode on whatever screen it is projected on, in every language; the keyboard never stuck in a control;
scenes that show what they promise. Measured in a real browser, as the audience sees it; each view is saved as a
screenshot under test-artifacts/ (presenter-*.png).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from dash.testing.wait import until
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from layouts import ids
from layouts.charts import chart_ids
from tests.pages import MAP_COUNTRIES, open_link

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
SCENE = "alliance_2015"  # the scene with the headline figures' band

# name: (layout width, height, device scale). 960x540 at scale 2 is a 1920x1080 projector at 200% zoom.
SCREENS = {
    "tablet-portrait": (820, 1180, 1),
    "xga": (1024, 768, 1),
    "hd": (1280, 720, 1),
    "zoom200": (960, 540, 2),
}
MAX_HEADER = 0.15  # of the viewport's height

# What the audience sees of the presenter's first screen.
MEASURE = """
const box = el => { if (!el) return null; const r = el.getBoundingClientRect();
  return {top: r.top, bottom: r.bottom, left: r.left, right: r.right, width: r.width, height: r.height}; };
const h1 = document.querySelector('.header h1');
const style = getComputedStyle(h1);
const lineHeight = parseFloat(style.lineHeight) || 1.4 * parseFloat(style.fontSize);
const frame = document.querySelector('#map .geo .bg rect');
const band = document.querySelector('.scene-headlines');
const figures = band ? [...band.querySelectorAll('li')].map(box) : [];
return {
  viewport: [innerWidth, innerHeight],
  title_lines: Math.round(h1.getBoundingClientRect().height / lineHeight),
  title_width: h1.getBoundingClientRect().width,
  header: box(document.querySelector('.header')),
  leave: box(document.getElementById('present-button')),
  leave_text: document.getElementById('present-button').innerText,
  map: box(frame),
  band: box(band),
  figures: figures,
  overflow_px: document.documentElement.scrollWidth - document.documentElement.clientWidth,
  scroll_y: scrollY,
};
"""


def screenshot(duo, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    duo.driver.save_screenshot(str(ARTIFACTS / f"{name}.png"))


def record(name: str, values: dict) -> None:
    """The measured boxes, kept beside the screenshots (test-artifacts/presenter-measures.json)."""
    path = ARTIFACTS / "presenter-measures.json"
    known = json.loads(path.read_text()) if path.exists() else {}
    known[name] = {"title_lines": values["title_lines"], "header_px": round(values["header"]["height"]),
                   "viewport": values["viewport"], "map_top": round(values["map"]["top"]),
                   "map_px": round(values["map"]["height"]), "band_bottom": round(values["band"]["bottom"]),
                   "overflow_px": values["overflow_px"], "leave": {k: round(v) for k, v in values["leave"].items()}}
    path.write_text(json.dumps(known, indent=1, sort_keys=True))


def emulate(duo, width: int, height: int, scale: float = 1) -> None:
    """The page's layout viewport at a device's size (a projector at 200% zoom is half its pixels wide)."""
    duo.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": height, "deviceScaleFactor": scale, "mobile": False})


def present(duo, query: str, width: int = 1280, height: int = 720, scale: float = 1) -> None:
    """Open a link in presenter mode at a screen's size and wait until its map and banner have drawn."""
    emulate(duo, width, height, scale)
    open_link(duo, query, timeout=30)
    until(lambda: "present" in duo.find_element("body").get_attribute("class"), 10)
    until(lambda: duo.find_elements(f"#{ids.MAP_LEGEND} .swatch"), 10)


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["en", "ru", "uk"])
@pytest.mark.parametrize("screen", list(SCREENS))
def test_presenter_mode_fits_the_screen(duo, screen: str, lang: str) -> None:
    """Title on at most two lines, a header under 15% of the height, the key figures and the map's top on the first
    screen, no sideways scroll, and "Leave presenter mode" on screen: at a tablet's, an XGA projector's, an HD one's
    and a 200%-zoomed screen's size, in every language."""
    width, height, scale = SCREENS[screen]
    present(duo, f"mode=present&scene={SCENE}&lang={lang}", width, height, scale)
    until(lambda: duo.find_elements(".scene-headlines li"), 10)
    m = duo.driver.execute_script(MEASURE)
    screenshot(duo, f"presenter-{screen}-{lang}")
    record(f"{screen}-{lang}", m)
    assert m["viewport"] == [width, height], m
    assert m["overflow_px"] <= 0, f"scrolls sideways by {m['overflow_px']} px: {m}"
    assert m["title_lines"] <= 2, m
    assert m["header"]["height"] < MAX_HEADER * height, m
    leave = m["leave"]
    assert leave["top"] >= 0 and leave["left"] >= 0 and leave["bottom"] <= height and leave["right"] <= width, m
    assert m["leave_text"].strip(), m
    assert m["map"]["top"] < height and m["map"]["height"] > 0.3 * height, m
    assert m["figures"], m
    assert all(f["bottom"] <= height + 0.5 and f["right"] <= width + 0.5 for f in m["figures"]), m


# --- the keyboard ---------------------------------------------------------------------------------------------------

def shown_year(duo) -> str:
    """The year in large type (read in one go: the banner is redrawn at each step)."""
    return duo.driver.execute_script("const y = document.querySelector('.scene-year'); return y ? y.textContent : '';")


def press(duo, key: str) -> None:
    """A key pressed wherever the focus is, as a presenter's clicker or keyboard sends it."""
    ActionChains(duo.driver).send_keys(key).perform()


@pytest.mark.browser
def test_after_a_keyboard_language_switch_arrows_step_the_year_and_escape_leaves(duo) -> None:
    """The language picked with the keyboard (arrow on the switch), the next arrow steps the year, not the language,
    and Escape leaves presenter mode with the focus back on the page."""
    present(duo, "mode=present&year=2015")
    until(lambda: "year=2015" in duo.driver.current_url, 10)
    duo.driver.execute_script("document.querySelector('#lang input[value=\"en\"]').focus();")
    press(duo, Keys.ARROW_RIGHT)  # the switch's own key: the next language
    until(lambda: duo.driver.execute_script("return document.documentElement.lang") == "ru", 10)
    until(lambda: "Выйти" in duo.find_element(f"#{ids.PRESENT}").text, 10)
    press(duo, Keys.ARROW_RIGHT)  # now the presenter's: the next year
    until(lambda: "year=2016" in duo.driver.current_url, 10)
    until(lambda: shown_year(duo) == "2016", 10)
    assert duo.driver.execute_script("return document.documentElement.lang") == "ru"
    screenshot(duo, "presenter-keyboard-after-language")
    press(duo, Keys.ESCAPE)
    until(lambda: "present" not in duo.find_element("body").get_attribute("class").split(), 10)
    assert "mode=present" not in duo.driver.current_url
    assert duo.driver.execute_script("return document.activeElement === document.body")


@pytest.mark.browser
def test_escape_leaves_presenter_mode_from_a_focused_control(duo) -> None:
    """Escape with the focus on the language switch (where it used to do nothing) leaves presenter mode."""
    present(duo, "mode=present")
    duo.driver.execute_script("document.querySelector('#lang input[value=\"en\"]').focus();")
    press(duo, Keys.ESCAPE)
    until(lambda: "present" not in duo.find_element("body").get_attribute("class").split(), 10)
    assert duo.driver.execute_script("return document.documentElement.lang") == "en"


# --- scenes ---------------------------------------------------------------------------------------------------------

SCENE_SHOWN = """
const year = document.querySelector('.scene-year');
const box = el => { const r = el.getBoundingClientRect(); return {top: r.top, bottom: r.bottom, height: r.height}; };
const promised = [...document.querySelectorAll('.chart.promised')].filter(f => f.getClientRects().length).map(f => {
  const gd = f.querySelector('.js-plotly-plot');
  return {id: f.querySelector('.chart-graph').id, box: box(f),
          fits: Boolean(gd && gd._fullLayout && gd._fullLayout.width <= gd.offsetWidth + 1
                        && gd._fullLayout.height <= gd.offsetHeight + 1),
          x: gd && gd.data ? gd.data.flatMap(t => (t.x || []).map(String)) : [],
          notes: gd && gd.layout ? (gd.layout.annotations || []).map(a => a.text) : []};
});
return {
  year: year.textContent, year_px: parseFloat(getComputedStyle(year).fontSize), year_box: box(year),
  title: (document.querySelector('.scene-title') || {}).textContent,
  band_years: [...document.querySelectorAll('.scene-headlines .band-year')].map(e => e.textContent),
  band: [...document.querySelectorAll('.scene-headlines li')].map(e => e.textContent),
  charts: promised,
};
"""


def scene_rows(prep) -> list[dict]:
    """Each scene in order: its id, title, the year its view shows and the charts its caption promises."""
    from core.view import parse
    rows = []
    for row in prep.bundle.scenes.itertuples():
        view = parse(row.query, prep.options)[0]
        rows.append({"id": row.scene_id, "title": row.title, "year": view.year, "months": view.months,
                     "headlines": row.show_headlines == "yes",
                     "charts": row.charts.split() if isinstance(getattr(row, "charts", None), str) else []})
    return rows


def months_drawn(shown: dict) -> set[str]:
    """The months the shown charts draw ('YYYY-MM')."""
    return {x[:7] for c in shown["charts"] for x in c["x"]}


def test_every_promised_chart_is_a_chart_of_the_page(prep) -> None:
    named = {c for row in scene_rows(prep) for c in row["charts"]}
    assert named and named <= set(chart_ids()), named - set(chart_ids())
    promised = {row["id"]: row["charts"] for row in scene_rows(prep)}
    assert promised["central_med_months_2016"] == [ids.CHART_DETECTIONS]


@pytest.mark.browser
def test_each_scene_shows_its_year_its_charts_and_its_own_figures(duo, prep) -> None:
    """A presenter steps through every scene at 1280x720: each shows its year in large type, the charts its caption
    promises (the months scene its month chart, with the October 2016 peak marked), and a band of figures of its
    own year (the 2015 speech's scene: the speech's figures)."""
    scenes = scene_rows(prep)
    present(duo, f"mode=present&scene={scenes[0]['id']}")
    for n, scene in enumerate(scenes):
        if n:
            press(duo, Keys.ARROW_RIGHT)
        until(lambda title=scene["title"]: duo.driver.execute_script(SCENE_SHOWN)["title"] == title, 15)
        if scene["charts"]:
            wanted = len(scene["charts"])
            until(lambda n=wanted: len(duo.driver.execute_script(SCENE_SHOWN)["charts"]) == n, 15, msg=scene["id"])
            until(lambda: all(c["x"] for c in duo.driver.execute_script(SCENE_SHOWN)["charts"]), 15)
            # Drawn while folded away, a chart is redrawn to its box once shown.
            until(lambda: all(c["fits"] for c in duo.driver.execute_script(SCENE_SHOWN)["charts"]), 5)
        shown = duo.driver.execute_script(SCENE_SHOWN)
        screenshot(duo, f"presenter-scene-{scene['id']}")
        assert str(scene["year"]) in shown["year"], shown
        assert shown["year_px"] >= 24 and shown["year_box"]["bottom"] <= 720, shown
        assert [c["id"] for c in shown["charts"]] == scene["charts"], shown
        for chart in shown["charts"]:
            assert chart["box"]["top"] >= 0 and chart["box"]["bottom"] <= 720 and chart["box"]["height"] >= 150, chart
        if scene["months"]:
            wanted = {f"{scene['year']}-{m:02d}" for m in range(1, 13)}
            until(lambda w=wanted: months_drawn(duo.driver.execute_script(SCENE_SHOWN)) == w, 15)
            shown = duo.driver.execute_script(SCENE_SHOWN)
            screenshot(duo, f"presenter-scene-{scene['id']}")
            assert any("Oct 2016" in note and "27,390" in note for c in shown["charts"] for note in c["notes"]), shown
        if scene["headlines"]:
            assert len(shown["band"]) == len(prep.bundle.headlines), shown
            assert scene["year"] == 2015  # the speech's year: its figures are the scene's own
        else:
            assert shown["band"], shown
            assert shown["band_years"] and all(y.startswith(str(scene["year"])) for y in shown["band_years"]), shown
        if scene["id"] == "where_things_stand_2025":
            assert not any("2015" in item or "2014" in item for item in shown["band"]), shown


FILLS = f"return [...new Set([...document.querySelectorAll('{MAP_COUNTRIES}')].map(p => getComputedStyle(p).fill))];"
NO_DATA = "rgb(217, 217, 217)"  # figures/map.py NO_DATA


def coloured(duo) -> list[str]:
    """The fills of the map's countries other than the "no data" grey."""
    return [f for f in duo.driver.execute_script(FILLS) if f and f != NO_DATA]


def legend_title(duo) -> str:
    return duo.find_element(f"#{ids.MAP_LEGEND} .legend-title").text


@pytest.mark.browser
def test_leaving_a_scene_gives_a_map_with_data(duo) -> None:
    """Leaving the 2025 scene by moving the year: the scene's 2025-only indicator gives way to one with figures for
    the year shown, so the map is not all grey."""
    emulate(duo, 1920, 1080)
    open_link(duo, "scene=where_things_stand_2025", timeout=30)
    until(lambda: coloured(duo), 15)
    handle = duo.find_element(f"#{ids.YEAR} [role=slider]")
    for year in range(2024, 2015, -1):
        handle.send_keys(Keys.ARROW_LEFT)
        until(lambda year=year: f"year={year}" in duo.driver.current_url, 15)
    until(lambda: "year=2016" in duo.driver.current_url and "scene=" not in duo.driver.current_url, 15)
    until(lambda: "2016" in legend_title(duo), 15)
    until(lambda: coloured(duo), 15)
    screenshot(duo, "scene-left-2016")
    assert "Sea arrivals" in legend_title(duo)


@pytest.mark.browser
@pytest.mark.parametrize("year", [2023, 2024])
def test_the_default_map_has_data_for_every_recent_year(duo, year: int) -> None:
    """Sea arrivals end in 2022: a bare link to a later year, and the year stepped past 2022 in presenter mode, colour
    the map by the sourced indicator with figures for most countries that year, and the legend names it."""
    emulate(duo, 1920, 1080)
    open_link(duo, f"year={year}", timeout=30)
    until(lambda: f"{year}" in legend_title(duo), 15)
    assert "Syrian refugees" in legend_title(duo), legend_title(duo)
    assert coloured(duo)
    present(duo, "mode=present&year=2022")
    until(lambda: shown_year(duo) == "2022" and coloured(duo), 15)
    for _ in range(year - 2022):
        press(duo, Keys.ARROW_RIGHT)
    until(lambda: shown_year(duo) == str(year), 15)
    until(lambda: f"{year}" in legend_title(duo), 15)
    until(lambda: coloured(duo), 15)
    screenshot(duo, f"presenter-default-{year}")


@pytest.mark.browser
def test_the_desktop_year_slider_shows_the_selected_year(duo) -> None:
    """The marks name every third year; the handle names the one selected (2016 is not a mark)."""
    emulate(duo, 1920, 1080)
    open_link(duo, "year=2016", timeout=30)
    found = duo.driver.find_elements(
        "xpath", f"//*[@id='{ids.YEAR}']//*[normalize-space(text())='2016']")
    shown = [e for e in found if e.is_displayed() and e.rect["width"] > 0]
    duo.driver.save_screenshot(str(ARTIFACTS / "year-slider-2016.png"))
    assert shown, "the selected year is not shown on the slider"
    box = duo.find_element(f"#{ids.YEAR}").rect
    assert all(box["x"] - 40 <= e.rect["x"] <= box["x"] + box["width"] + 40 for e in shown)
