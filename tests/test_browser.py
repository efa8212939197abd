"""What a person does in a real browser (Debian chromium, with every other host unreachable): load the page, click
the map and the charts, move the year, change the risk weights."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from dash.testing.wait import until
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.actions.action_builder import ActionBuilder
from selenium.webdriver.common.keys import Keys

from layouts import ids
from tests.pages import GD, MAP_COUNTRIES

pytestmark = pytest.mark.browser
MAP_ROUTES = f"#{ids.MAP} .scattergeo path.js-line"


@pytest.fixture()
def duo(duo):
    """The module's dashboard in a fresh browser, its map drawn."""
    duo.wait_for_page()
    duo.wait_for_element(MAP_COUNTRIES, timeout=20)
    duo.wait_for_element(MAP_ROUTES, timeout=20)
    return duo


def figure_data(duo, graph_id: str) -> list[dict]:
    """The traces a graph currently shows (names, customdata, opacity), as plotly.js holds them."""
    return duo.driver.execute_script(
        f"return {GD}.data.map(t => ({{name: t.name, customdata: t.customdata, marker: t.marker || null}}));",
        graph_id)


def checked_routes(duo) -> list[str]:
    return [box.get_attribute("value") for box in duo.find_elements(f"#{ids.ROUTES} input:checked")]


def map_route_label(duo, route_id: str):
    """The clickable label marker of a route on the map."""
    # The trace's own group, found by the data plotly.js bound to it (empty or hidden traces draw no group).
    return duo.driver.execute_script(
        f"const gd = {GD};"
        "const groups = [...gd.querySelectorAll('.scattergeo.trace')];"
        "const group = groups.find(g => g.__data__[0].trace.name === arguments[1]);"
        "const trace = group.__data__[0].trace;"
        "return group.querySelectorAll('path.point')[trace.customdata.indexOf(arguments[2])];",
        ids.MAP, "route-labels", route_id)


def click(duo, element) -> None:
    ActionChains(duo.driver).move_to_element(element).pause(0.3).click().perform()


def test_page_loads_offline_and_draws_the_map(duo) -> None:
    assert len(duo.find_elements(MAP_COUNTRIES)) > 60
    assert len(duo.find_elements(MAP_ROUTES)) >= 10
    duo.wait_for_text_to_equal("#headline-med_sea_crossings_2015 .card-value", "about 103,000")  # rounded by UNHCR
    assert "Crimea is part of Ukraine" in duo.find_element(f"#{ids.DISCLAIMER}").text
    origin = urlparse(duo.server_url).netloc
    resources = duo.driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name);")
    assert any("/assets/topojson/world_110m.json" in r for r in resources), "plotly's base map must be our own"
    assert any("/geo/countries.geojson" in r for r in resources)
    assert [r for r in resources if urlparse(r).netloc != origin] == []
    assert any("/preview/map.svg" in r for r in resources)  # the first paint's picture of the map
    # Once the interactive map has drawn, neither picture of it stands in the way (nor is it seen twice).
    until(lambda: not any(p.is_displayed() for p in duo.find_elements("img.map-preview")), 10)
    assert plotly_is_partial(duo)
    assert duo.get_logs() == []


def plotly_is_partial(duo) -> bool:
    """The page runs the dashboard's own plotly.js (four trace types), and never fetched Dash's full bundle."""
    names = duo.driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name);")
    return (duo.driver.execute_script("return Object.keys(Plotly.PlotSchema.get().traces).sort().join(',');")
            == "bar,choropleth,scatter,scattergeo" and not any("package_data/plotly.min.js" in n for n in names))


def test_clicking_a_route_on_the_map_filters_every_chart(duo, prep) -> None:
    click(duo, map_route_label(duo, "central_med"))
    until(lambda: checked_routes(duo) == ["central_med"], 10)
    # The route's line and its 2025 marker (a later release, drawn apart) are the only traces left.
    until(lambda: {t["name"] for t in figure_data(duo, ids.CHART_DETECTIONS)} == {"Central Mediterranean"}, 10)
    until(lambda: [t["name"] for t in figure_data(duo, ids.CHART_DEATHS)][:1] == ["Central Mediterranean"], 10)
    assert "routes=central_med&" in duo.driver.current_url
    duo.find_element(f"#{ids.CLEAR}").click()
    until(lambda: len(checked_routes(duo)) == len(prep.options.routes), 10)  # every route of routes.csv
    assert duo.get_logs() == []


def test_clicking_a_chart_line_selects_the_route_on_the_map(duo) -> None:
    traces = figure_data(duo, ids.CHART_DETECTIONS)
    index = [t["customdata"][0] for t in traces].index("eastern_med")
    point = duo.find_elements(f"#{ids.CHART_DETECTIONS} .scatterlayer .trace")[index].find_elements(
        "css selector", ".points path")[6]  # 2015, the year of the speech
    click(duo, point)
    until(lambda: checked_routes(duo) == ["eastern_med"], 10)

    def map_highlights_only_eastern_med() -> bool:
        labels = next(t for t in figure_data(duo, ids.MAP) if t["name"] == "route-labels")
        chosen = [r for r, o in zip(labels["customdata"], labels["marker"]["opacity"]) if o == 1]
        return chosen == ["eastern_med"]

    until(map_highlights_only_eastern_med, 10)
    assert duo.get_logs() == []


def test_moving_the_year_changes_map_and_cards(duo) -> None:
    card = "#year-card-idps .card-value"
    duo.wait_for_text_to_equal(card, "about 1,600,000")  # IDPs in Ukraine, end of 2015 (rounded by UNHCR)
    handle = duo.find_element(f"#{ids.YEAR} [role=slider]")
    handle.send_keys(Keys.ARROW_RIGHT)
    duo.wait_for_text_to_equal(card, "about 1,800,000")  # end of 2016
    until(lambda: "volume in 2016" in duo.driver.execute_script(
        f"return {GD}.layout.annotations[0].text;", ids.MAP), 10)
    assert "year=2016" in duo.driver.current_url
    # The legend beside the map (sent as a Patch of its year words) and a route's hover say 2016 and its figures.
    legend = duo.find_element(f"#{ids.MAP_LEGEND}").text
    assert "Sea arrivals (UNHCR), 2016" in legend and "volume in 2016" in legend and "2015" not in legend
    hover = route_hover(duo, "central_med")
    assert hover.startswith("Central Mediterranean") and "2016" in hover and "181,376" in hover, hover
    assert "%{" not in hover
    assert duo.get_logs() == []


def route_hover(duo, route_id: str) -> str:
    """Point the mouse at the middle of a route's line on the map and read the hover label plotly draws."""
    x, y = duo.driver.execute_script(
        f"const gd = {GD}; const i = gd.data.findIndex(t => t.name === arguments[1]);"
        "const line = [...gd.querySelectorAll('.scattergeo.trace')]"
        ".find(g => g.__data__[0].trace.index === i).querySelector('path.js-line');"
        "const p = line.getPointAtLength(line.getTotalLength() / 2), m = line.getScreenCTM();"
        "return [p.x * m.a + p.y * m.c + m.e, p.x * m.b + p.y * m.d + m.f];", ids.MAP, route_id)
    actions = ActionBuilder(duo.driver)
    actions.pointer_action.move_to_location(int(x), int(y))
    actions.perform()
    until(lambda: duo.find_elements(f"#{ids.MAP} .hoverlayer .hovertext"), 10)
    return duo.find_element(f"#{ids.MAP} .hoverlayer .hovertext").text


def test_risk_weights_change_the_risk_chart(duo) -> None:
    def volume_bar(route: str) -> float:
        x, routes = duo.driver.execute_script(
            f"const t = {GD}._fullData[0]; return [Array.from(t.x), Array.from(t.customdata)];", ids.CHART_RISK)
        return x[routes.index(route)]

    before = volume_bar("central_med")
    handle = duo.find_element(f"#{ids.WEIGHT.format('volume')} [role=slider]")
    for _ in range(5):
        handle.send_keys(Keys.ARROW_RIGHT)
    until(lambda: "weights=8,3,2,2" in duo.driver.current_url, 10)
    until(lambda: volume_bar("central_med") > before, 10)
    assert duo.get_logs() == []
