"""Reaching everything by keyboard and reading every note: a country found by its exact name, the nationality charts'
tables filled with the charts' figures, the charts' toolbars out of the tab order while every control (Copy link
included) is in it, and the incident layer's legend note at WCAG AA contrast."""

from __future__ import annotations

import re

import pytest
from dash.testing.wait import until
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from layouts import ids
from layouts.charts import chart_ids
from tests.pages import GD, open_link
from tests.test_first_screen import AXE, AXE_RUN, CONTRAST, screenshot

pytestmark = pytest.mark.browser

# Tab from the skip link until the focus comes back round (or leaves the page): each stop, in order.
TAB_STOP = """
const e = document.activeElement;
return e === document.body || !e ? null : [e.id || '', e.className.toString(), e.tagName,
  (e.getAttribute('data-title') || e.getAttribute('aria-label') || e.textContent || '').trim().slice(0, 40)];
"""


def tab_stops(duo, limit: int = 200) -> list[list[str]]:
    duo.driver.execute_script("document.querySelector('.skip-link').focus();")
    stops: list[list[str]] = []
    for _ in range(limit):
        ActionChains(duo.driver).send_keys(Keys.TAB).perform()
        stop = duo.driver.execute_script(TAB_STOP)
        if stop is None or (stops and stop == stops[0]) or "skip-link" in stop[1]:
            break
        stops.append(stop)
    return stops


def test_typing_an_exact_country_name_and_enter_picks_that_country(duo) -> None:
    """"Guinea" + Enter picks Guinea, not Equatorial Guinea (listed first, alphabetically, among the matches)."""
    open_link(duo, "year=2016")
    duo.find_element(f"#{ids.COUNTRIES}").click()
    search = duo.wait_for_element(".dash-dropdown-search", timeout=5)
    search.send_keys("Guinea")
    until(lambda: duo.find_elements(".dash-dropdown-option"), 5)
    search.send_keys(Keys.ENTER)
    until(lambda: "country=" in duo.driver.current_url, 10)
    assert re.search(r"country=GIN(&|$)", duo.driver.current_url), duo.driver.current_url
    # With no exact name, Enter keeps the dropdown's own rule: the first match.
    search.send_keys(Keys.CONTROL, "a")
    search.send_keys("Bissau")
    until(lambda: len(duo.find_elements(".dash-dropdown-option")) == 1, 5)
    search.send_keys(Keys.ENTER)
    until(lambda: "GNB" in duo.driver.current_url, 10)
    assert duo.get_logs() == []


@pytest.mark.parametrize("graph_id", [ids.CHART_NATIONALITIES, ids.CHART_CROSSINGS])
def test_the_nationality_charts_tables_hold_the_charts_figures(duo, graph_id: str) -> None:
    open_link(duo, "year=2016&nationality=ERI")
    until(lambda: duo.driver.execute_script(f"const g = {GD}; return g && g.data && g.data.length;", graph_id), 20)
    bars = duo.driver.execute_script(f"return {GD}.data[0].x.map(Math.round);", graph_id)
    button = duo.find_element(f"#{ids.TABLE_TOGGLE.format(graph_id)}")
    duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", button)
    button.click()
    table = f"#{ids.TABLE.format(graph_id)} table"
    until(lambda: duo.find_elements(f"{table} tbody tr"), 10)
    rows = duo.find_elements(f"{table} tbody tr")
    cells = [int(re.sub(r"\D", "", r.find_elements("css selector", "td")[0].text)) for r in rows]
    assert len(rows) == len(bars) and sorted(cells) == sorted(bars), (cells, bars)
    assert all(r.find_element("css selector", "th").text for r in rows)  # each row names its country or route
    assert duo.find_element(f"{table} thead").text.strip()


def test_toolbars_are_no_tab_stops_and_every_control_is_one(duo) -> None:
    """61 of 110 tab stops were chart toolbar buttons and Copy link could not be reached; now the toolbars are out
    of the tab order (they still show on hover) and every control is in it, Copy link included."""
    open_link(duo, "year=2016")
    until(lambda: len(duo.find_elements(".modebar-btn")) >= 6, 20)
    stops = tab_stops(duo)
    toolbar = [s for s in stops if "modebar" in s[1]]
    assert toolbar == [], toolbar
    reached = {s[0] for s in stops}
    for control in (ids.COPY_LINK, ids.SHARE_URL, ids.DOWNLOAD_CSV_BUTTON, ids.DOWNLOAD_PNG_BUTTON, ids.PRESENT,
                    ids.CLEAR, *(ids.TABLE_TOGGLE.format(g) for g in chart_ids())):
        assert control in reached, (control, stops)
    assert 25 <= len(stops) <= 80, len(stops)
    # Copy link works from the keyboard: Enter on it copies (the icon turns into its "copied" check).
    copy = duo.find_element(f"#{ids.COPY_LINK}")
    before = copy.get_attribute("innerHTML")
    duo.driver.execute_script("arguments[0].focus();", copy)
    ActionChains(duo.driver).send_keys(Keys.ENTER).perform()
    until(lambda: copy.get_attribute("innerHTML") != before, 5)
    assert duo.get_logs() == []


@pytest.mark.parametrize("mode", ["explore", "present"])
def test_the_incident_legend_note_meets_wcag_aa_contrast(duo, mode: str) -> None:
    """The incident layer's note under its key, on the white page and on presenter mode's black one."""
    open_link(duo, f"year=2016&incidents=on&mode={mode}")
    until(lambda: duo.find_elements(f"#{ids.MAP_LEGEND} .legend-note"), 10)
    until(lambda: ("present" in duo.find_element("body").get_attribute("class")) == (mode == "present"), 10)
    ratios = duo.driver.execute_script(CONTRAST, [f"#{ids.MAP_LEGEND} .legend-note"])
    assert ratios and all(r >= 4.5 for _, r in ratios), ratios
    duo.driver.execute_script(AXE.read_text(encoding="utf-8") + "\nreturn true;")
    duo.driver.set_script_timeout(60)
    contrast = [v for v in duo.driver.execute_async_script(AXE_RUN) if v["id"] == "color-contrast"]
    screenshot(duo, f"incidents-legend-{mode}")
    assert contrast == [], contrast
