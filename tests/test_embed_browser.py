"""The dashboard in another page's frame: in a 700 px wide column the map is drawn at a readable size with labels
that do not overlap, and a page whose site may not frame the dashboard shows a sentence and a link, not a broken page.

The allowed embedding page is one of the dashboard's own pages with the frame put in it (the default frame-ancestors
is 'self'); the other site is a page served at 127.0.0.1 on a port of its own, another origin."""

from __future__ import annotations

from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from threading import Thread

import pytest
from dash.testing.wait import until

from layouts import ids
from tests.conftest import free_port
from tests.test_first_screen import ARTIFACTS, LABELS

pytestmark = pytest.mark.browser

COLUMN_PX = 700
FRAME = """
document.body.innerHTML = '';
const column = document.createElement('div');
column.style.width = arguments[1] + 'px';
column.innerHTML = arguments[0];
document.body.appendChild(column);
"""


def embed(duo, query: str) -> None:
    """Open a page of the dashboard's own origin and put the "Embed" snippet's frame for ``query`` in a column of
    COLUMN_PX."""
    duo.driver.get(f"{duo.server_url}/health")
    snippet = (f'<iframe src="{duo.server_url}/?{query}&amp;mode=embed" title="map" width="100%" height="640" '
               'style="border:0" referrerpolicy="origin"></iframe>')
    duo.driver.execute_script(FRAME, snippet, COLUMN_PX)
    duo.driver.switch_to.frame(duo.driver.find_element("css selector", "iframe"))


@pytest.fixture()
def elsewhere(duo):
    """Another site's page (another origin: 127.0.0.1 and a port of its own) holding the "Embed" snippet's frame."""
    pages: dict[str, bytes] = {}

    class Page(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the standard library's name
            body = pages.get("page", b"")
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", free_port()), Page)
    Thread(target=server.serve_forever, daemon=True).start()

    def open_page(query: str) -> None:
        pages["page"] = (f'<!DOCTYPE html><html><body><div style="width: {COLUMN_PX}px"><iframe '
                         f'src="{duo.server_url}/?{query}&amp;mode=embed" title="map" width="100%" height="640" '
                         'style="border:0" referrerpolicy="origin"></iframe></div></body></html>').encode()
        duo.driver.get(f"http://127.0.0.1:{server.server_address[1]}/")
        duo.driver.switch_to.frame(duo.driver.find_element("css selector", "iframe"))

    yield open_page
    server.shutdown()


def test_a_700_px_column_shows_a_readable_map_with_labels_apart(duo) -> None:
    embed(duo, "year=2016")
    try:
        until(lambda: len(duo.find_elements(f"#{ids.MAP} .scattergeo text")) >= 10, 30)
        frame = duo.driver.execute_script(
            "return document.querySelector('#map .geo .bg rect').getBoundingClientRect().toJSON();")
        labels = duo.driver.execute_script(LABELS)
        assert duo.find_element(f"#{ids.YEAR_CARDS}").is_displayed()
        assert not duo.find_element(f"#{ids.CONTROLS_TOGGLE}").is_displayed()  # a menu with nothing in it
    finally:
        duo.driver.switch_to.default_content()
    ARTIFACTS.mkdir(exist_ok=True)
    duo.driver.save_screenshot(str(ARTIFACTS / "embed-700.png"))
    assert frame["width"] >= 600 and frame["height"] >= 300, frame  # it was 175 x 129 px
    assert labels["count"] == 10 and labels["overlaps"] == [] and labels["clipped"] == [], labels


def test_a_site_that_may_not_frame_the_dashboard_shows_a_sentence_and_a_link(duo, elsewhere) -> None:
    elsewhere("year=2016&routes=central_med&lang=ru")
    try:
        until(lambda: duo.find_elements("a[target=_blank]"), 15)
        text = duo.find_element("body").text
        link = duo.find_element("a[target=_blank]")
        words, href = link.text, link.get_attribute("href")
    finally:
        duo.driver.switch_to.default_content()
    duo.driver.save_screenshot(str(ARTIFACTS / "embed-blocked.png"))
    assert "Этому сайту не разрешено показывать панель во фрейме" in text and words == "Открыть полный вид"
    assert href.endswith("/?year=2016&routes=central_med&indicator=sea_arrivals&weights=3,3,2,2&lang=ru"), href
