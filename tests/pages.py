"""What the browser tests share: where the map's countries are, how to reach a plotly graph, how to open a link."""

from __future__ import annotations

from dash.testing.wait import until

from layouts import ids

MAP_COUNTRIES = f"#{ids.MAP} path.choroplethlocation"
GD = "document.getElementById(arguments[0]).querySelector('.js-plotly-plot')"  # a graph's plotly.js element


def open_link(duo, query: str, timeout: float = 10) -> None:
    """Open a link and wait until the page has settled (no callback still loading), as a person would."""
    duo.driver.get(f"{duo.server_url}/?{query}")
    duo.wait_for_element(MAP_COUNTRIES, timeout=2 * timeout)
    until(lambda: duo.find_element(f"#{ids.SHARE_URL}").get_attribute("value"), timeout)
    until(lambda: not duo.driver.execute_script(
        "return document.querySelector('[data-dash-is-loading=\"true\"]') !== null;"), timeout)
