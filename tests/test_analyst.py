"""Analyst tools in a real browser: download what you see, read it in Russian, work by keyboard, check the sources,
read any chart as a table."""

from __future__ import annotations

import struct
import time
from pathlib import Path

import pandas as pd
import pytest
from dash.testing.wait import until
from selenium.webdriver.common.keys import Keys

from core.text import t
from layouts import ids
from tests.pages import GD, open_link, wait_for_sources

pytestmark = pytest.mark.browser


def test_downloaded_csv_holds_exactly_the_filtered_view_with_sources(duo) -> None:
    open_link(duo, "year=2016&routes=central_med&indicator=tip_tier&country=LBY")
    duo.find_element(f"#{ids.DOWNLOAD_CSV_BUTTON}").click()
    folder = Path(duo.download_path)
    until(lambda: [p for p in folder.glob("*.csv")], 15)
    path = next(folder.glob("*.csv"))
    assert path.name == "migration-routes_2016_tip_tier_central_med.csv"
    text = path.read_text(encoding="utf-8")
    assert "# View: " in text and "year=2016&routes=central_med&indicator=tip_tier&country=LBY" in text
    rows = pd.read_csv(path, comment="#", keep_default_na=False)
    assert set(rows["table"]) == {"route_year", "route_rate", "country_year", "tip_tiers", "route_volume",
                                  "route_risk", "route_risk_input", "headlines", "route_nationality",
                                  "unhcr_asylum_origin",  # who crosses, and Libya's hosts
                                  "year_card", "headline_latest",  # the year cards and the headlines' "Latest"
                                  "unodc_victims_citizenship"}  # who is found, beside who crosses
    routes = rows[rows["table"] == "route_year"]
    assert set(routes["route_id"]) == {"central_med"}
    assert (routes["publisher"] != "").all() and (routes["url"].str.startswith("http")).all()
    deaths = routes[(routes["indicator"] == "dead_missing") & (routes["year"] == 2016)]
    assert deaths["value"].astype(float).tolist() == [4574.0]
    assert "Minimum estimates" in deaths["caveat"].iloc[0]
    tiers = rows[rows["table"] == "tip_tiers"]
    assert (tiers["year"] == 2016).all()
    libya = tiers[tiers["iso3"] == "LBY"].iloc[0]  # a special case, no tier: read from the 2017 narrative
    assert libya["value"] == "special" and libya["url"].startswith("https://www.ecoi.net/")
    assert libya["confidence"] == "inferred from the State Department's text of an adjacent year"
    risk = rows[rows["table"].str.startswith("route_risk") & (rows["route_id"] == "central_med")]
    assert set(risk["confidence"]) == {"analytic composite"} and len(risk) == 5  # the score and its four inputs
    assert duo.get_logs() == []


def test_switching_to_russian_relabels_the_page_and_the_charts(duo) -> None:
    open_link(duo, "year=2016")
    duo.find_element(f"#{ids.LANG} input[value=ru]").click()
    duo.wait_for_text_to_equal("h1", "Миграционные маршруты и риск торговли людьми")
    until(lambda: "lang=ru" in duo.driver.current_url, 10)
    assert duo.driver.execute_script("return document.documentElement.lang") == "ru"
    assert "Центральное Средиземноморье" in duo.find_element(f"#{ids.ROUTES}").text
    until(lambda: duo.driver.execute_script(f"return {GD}.layout.yaxis.title.text;", ids.CHART_DETECTIONS)
          == "Выявления", 10)
    until(lambda: duo.driver.execute_script(f"return {GD}.data[0].colorbar.title.text;", ids.MAP)
          == "Прибытия морем (УВКБ ООН), 2016", 10)
    duo.wait_for_text_to_equal("#year-card-idps .card-value", "около 1 800 000")  # the browser reports NBSP as space
    assert "Крым является частью Украины" in duo.find_element(f"#{ids.DISCLAIMER}").text
    duo.find_element(f"#{ids.LANG} input[value=en]").click()
    duo.wait_for_text_to_equal("h1", "Migration routes and trafficking risk")
    assert duo.get_logs() == []


def test_every_control_is_reachable_by_keyboard_with_a_visible_focus(duo) -> None:
    open_link(duo, "")
    duo.driver.execute_script("document.querySelector('.skip-link').focus();")  # the top of the page
    reached, outlines = [], {}
    for _ in range(45):
        body = duo.driver.switch_to.active_element
        body.send_keys(Keys.TAB)
        time.sleep(0.05)
        active = duo.driver.switch_to.active_element
        owner = duo.driver.execute_script("""
            const chain = [];
            for (let el = arguments[0]; el; el = el.parentElement) { if (el.id) chain.push(el.id); }
            return chain.join(' ');""", active)
        reached.append(owner)
        owner = owner.split(" ")[0] if owner else ""
        outlines[owner] = duo.driver.execute_script(
            "return getComputedStyle(arguments[0]).outlineStyle + ' ' + getComputedStyle(arguments[0]).boxShadow;",
            active)
    for control in (ids.SCENE, ids.LAYER, ids.INDICATOR, ids.PLAY, ids.YEAR, ids.ROUTES, ids.COUNTRIES, ids.CLEAR,
                    ids.WEIGHT.format("volume"), ids.WEIGHT.format("exploitation"), ids.PRESENT):
        assert any(control in r.split(" ") for r in reached), f"{control} not reachable by Tab"
    assert "none" not in outlines[ids.CLEAR].split()[0], "the focused button shows no outline"


def test_sources_page_keeps_the_view_and_lists_every_source(duo) -> None:
    open_link(duo, "year=2016&routes=central_med")
    duo.find_element(f"#{ids.SOURCES_LINK}").click()
    wait_for_sources(duo)
    assert not duo.find_element("#dashboard").is_displayed()
    assert "/sources?year=2016&routes=central_med" in duo.driver.current_url
    frontex = duo.find_element("#source-frontex_ibc_2025_06")
    assert "Frontex" in frontex.text and f"{t('table.route_year')}: " in frontex.text  # the rows it backs
    duo.find_element(f"#{ids.BACK_LINK}").click()
    until(lambda: duo.find_element("#dashboard").is_displayed(), 10)
    assert [b.get_attribute("value") for b in duo.find_elements(f"#{ids.ROUTES} input:checked")] == ["central_med"]
    until(lambda: not duo.find_elements("#source-frontex_ibc_2025_06"), 10)  # gone with the page, built anew
    duo.find_element(f"#{ids.SOURCES_LINK}").click()
    wait_for_sources(duo)
    assert "Frontex" in duo.find_element("#source-frontex_ibc_2025_06").text
    assert duo.get_logs() == []


def test_a_chart_can_be_read_as_a_table(duo) -> None:
    open_link(duo, "routes=central_med,eastern_med")
    duo.find_element(f"#{ids.TABLE_TOGGLE.format(ids.CHART_DETECTIONS)}").click()
    table = f"#{ids.TABLE.format(ids.CHART_DETECTIONS)} table"
    duo.wait_for_element(table)
    header = [th.text for th in duo.find_elements(f"{table} thead th")]
    assert header == ["", "Central Mediterranean", "Eastern Mediterranean"]
    row_2015 = [c.text for c in duo.find_elements(f"{table} tbody tr")[6].find_elements("css selector", "th, td")]
    assert row_2015 == ["2015", "153,946", "885,386"]
    assert duo.get_logs() == []


def test_download_image_saves_the_whole_view_as_one_png(duo) -> None:
    open_link(duo, "year=2016&routes=central_med")
    duo.find_element(f"#{ids.DOWNLOAD_PNG_BUTTON}").click()
    folder = Path(duo.download_path)
    until(lambda: list(folder.glob("*.png")), 20)
    path = next(folder.glob("*.png"))
    assert path.name == "migration-routes_2016.png"
    until(lambda: path.stat().st_size > 0 and not list(folder.glob("*.crdownload")), 10)
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", head[16:24])
    map_size = duo.driver.execute_script(
        "const r = document.getElementById(arguments[0]).getBoundingClientRect(); return [r.width, r.height];", ids.MAP)
    # The map at full width plus the title block and the charts below it: one image of the whole view.
    assert width >= map_size[0] and height > map_size[1] + 300
    assert duo.get_logs() == []
