"""Sharing in a real browser: the mangled links a chat app makes open the view they meant, the link notice says so
in the reader's words, closes, and goes once the reader changes what it was about; embed mode and its snippet; the
image export carries every chart's title, the disclaimer on several lines and the view's public link."""

from __future__ import annotations

import pytest
from dash.testing.wait import until

from app import create_app
from layouts import ids
from layouts.charts import CHARTS
from tests.pages import open_link

pytestmark = pytest.mark.browser


def checked_routes(duo) -> list[str]:
    return [box.get_attribute("value") for box in duo.find_elements(f"#{ids.ROUTES} input:checked")]


def year_shown(duo) -> str:
    return duo.find_element(f"#{ids.YEAR} [role=slider]").get_attribute("aria-valuenow")


def notice_shown(duo) -> bool:
    return duo.find_element(f"#{ids.NOTICE}").is_displayed()


@pytest.mark.parametrize(("query", "year", "routes"), [
    ("year=2016&routes=central_med).", "2016", ["central_med"]),
    ("year=2016&amp;routes=central_med&amp;indicator=tip_tier", "2016", ["central_med"]),
    ("YEAR=2016&ROUTES=Central_Med", "2016", ["central_med"]),
])
def test_links_a_chat_app_mangled_open_the_view_they_meant(duo, query, year, routes) -> None:
    open_link(duo, query)
    until(lambda: checked_routes(duo) == routes, 10)
    assert year_shown(duo) == year
    assert not notice_shown(duo)
    assert duo.get_logs() == []


def test_a_cut_link_says_so_and_the_notice_goes_when_the_routes_change(duo) -> None:
    open_link(duo, "year=2016&routes=central_med,eastern_m")
    until(lambda: checked_routes(duo) == ["central_med"], 10)
    until(lambda: notice_shown(duo), 10)
    assert "The link was cut: showing Central Mediterranean only." in duo.find_element(f"#{ids.NOTICE}").text
    assert year_shown(duo) == "2016"
    duo.find_element(f"#{ids.ROUTES} input[value=eastern_med]").click()
    until(lambda: not notice_shown(duo), 10)
    assert checked_routes(duo) == ["central_med", "eastern_med"]
    assert duo.get_logs() == []


def test_the_notice_speaks_the_readers_language_and_can_be_closed(duo) -> None:
    open_link(duo, "lang=ru&year=1999&routes=central_med")
    until(lambda: notice_shown(duo), 10)
    notice = duo.find_element(f"#{ids.NOTICE}")
    until(lambda: "Ссылка запрашивает '1999' год" in notice.text, 10)
    duo.find_element(f"#{ids.NOTICE_CLOSE}").click()
    until(lambda: not notice_shown(duo), 10)
    duo.find_element(f"#{ids.CLEAR}").click()  # a later change never brings a closed notice back
    until(lambda: len(checked_routes(duo)) > 1, 10)
    assert not notice_shown(duo)
    assert duo.get_logs() == []


def test_embed_mode_shows_the_map_and_key_figures_and_links_to_the_full_view(duo) -> None:
    open_link(duo, "year=2016&routes=central_med&mode=embed")
    until(lambda: "embed" in duo.find_element("body").get_attribute("class"), 10)
    assert duo.find_element(f"#{ids.MAP}").is_displayed()
    assert duo.find_element(f"#{ids.YEAR_CARDS}").is_displayed()
    for hidden in (".controls", ".charts", ".header-actions"):
        assert not duo.find_element(hidden).is_displayed()
    full = duo.find_element(f"#{ids.FULL_VIEW}")
    assert full.is_displayed()
    until(lambda: full.get_attribute("href").endswith("/?year=2016&routes=central_med&indicator=sea_arrivals"
                                                      "&weights=3,3,2,2"), 10)
    assert duo.get_logs() == []


def test_the_embed_control_gives_an_iframe_snippet_of_this_view(duo) -> None:
    open_link(duo, "year=2017&routes=eastern_med")
    duo.find_element(f"#{ids.EMBED} summary").click()
    code = duo.find_element(f"#{ids.EMBED_CODE}")
    until(lambda: code.is_displayed() and "<iframe" in code.get_attribute("value"), 10)
    snippet = code.get_attribute("value")
    assert f'src="{duo.server_url}/?year=2017&amp;routes=eastern_med&amp;indicator=sea_arrivals&amp;' \
           'weights=3,3,2,2&amp;mode=embed"' in snippet
    assert 'title="Migration routes and trafficking risk: 2017 · Eastern Mediterranean' in snippet
    assert duo.get_logs() == []


RECORD_TEXT = """
window.__drawn = [];
const fill = CanvasRenderingContext2D.prototype.fillText;
CanvasRenderingContext2D.prototype.fillText = function (text, ...rest) {
  window.__drawn.push(String(text));
  return fill.call(this, text, ...rest);
};
"""


def test_the_image_has_every_charts_title_the_disclaimer_on_lines_and_the_public_link(dash_duo, monkeypatch) -> None:
    monkeypatch.setenv("PUBLIC_URL", "https://routes.example.org")
    dash_duo.start_server(create_app())
    open_link(dash_duo, "year=2016&routes=central_med&lang=ru")
    dash_duo.driver.execute_script(RECORD_TEXT)
    dash_duo.find_element(f"#{ids.DOWNLOAD_PNG_BUTTON}").click()
    until(lambda: len(dash_duo.driver.execute_script("return window.__drawn;")) > 10, 20)
    drawn = dash_duo.driver.execute_script("return window.__drawn;")
    text = " ".join(drawn)
    captions = [c.text for c in dash_duo.find_elements(".chart figcaption > span:first-child")]
    assert len(captions) == len(CHARTS) and "Украина" in " ".join(captions)  # every chart on the page
    for caption in captions:
        assert caption.split()[0] in text and caption.split()[-1] in text
    assert any(line.startswith("https://routes.example.org/?year=2016") for line in drawn)
    disclaimer = [line for line in drawn if line and line in dash_duo.find_element(f"#{ids.DISCLAIMER}").text]
    assert len(disclaimer) >= 3  # on lines that fit the picture, not squeezed into one
    assert "Миграционные маршруты" in drawn[0]
    assert dash_duo.get_logs() == []
