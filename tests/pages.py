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


SOURCES_DRAWN = """
const articles = document.querySelectorAll('.source');
return articles.length > 0 && [...articles].every(a => a.querySelector('li'));
"""


def wait_for_sources(duo, timeout: float = 20) -> None:
    """Wait until the sources page shows and every source's text has been drawn (each is a Markdown block, drawn a
    moment after the page appears), as a reader waits for the words."""
    until(lambda: duo.find_element(f"#{ids.SOURCES_PAGE}").is_displayed(), timeout)
    until(lambda: duo.driver.execute_script(SOURCES_DRAWN), timeout)
