"""The first paint: the page's HTML carries a picture of the link's map (shown before any script runs, and with
scripts off), drawn by the server from the same figure the interactive map draws; the geometry is preloaded."""

from __future__ import annotations

import re

from layouts import ids


def test_the_page_html_holds_a_picture_of_the_links_map(client) -> None:
    page = client.get("/?year=2016&routes=central_med&indicator=tip_tier").get_data(as_text=True)
    source = re.search(r'<div class="first-paint"[^>]*><p class="first-paint-title">[^<]*</p>'
                       r'<img class="map-preview" alt="" src="([^"]+)"', page)
    assert source and source.group(1) == "/preview/map.svg?year=2016&amp;routes=central_med&amp;indicator=tip_tier"
    assert page.index("first-paint") < page.index("react-entry-point")  # before the app, not inside it
    assert '<link rel="preload" href="/geo/countries.geojson" as="fetch" crossorigin="anonymous">' in page


def test_a_hostile_query_cannot_break_out_of_the_picture(client) -> None:
    page = client.get('/?year=2016&x="><script>alert(1)</script>').get_data(as_text=True)
    first_paint = re.search(r'<div class="first-paint".*?</div>', page).group(0)
    assert "<script>" not in first_paint and "&quot;&gt;&lt;script&gt;" in first_paint


def test_the_picture_is_the_views_map(client, prep) -> None:
    answer = client.get("/preview/map.svg?year=2016&indicator=tip_tier")
    assert answer.status_code == 200 and answer.mimetype == "image/svg+xml"
    svg = answer.get_data(as_text=True)
    assert svg.startswith("<svg") and "<title>US TIP Report tier, 2016</title>" in svg
    # Tunisia's 2016 tier class colour, as the interactive map's stepped scale gives it (Tier 2 Watch List).
    assert 'fill="#ec7014"' in svg
    assert svg.count("<path") > 60 and "Cache-Control" in answer.headers
    default = client.get("/preview/map.svg?year=99999&%ff=<b>").get_data(as_text=True)
    assert "<title>Sea arrivals (UNHCR), 2015</title>" in default  # bad parts fall back like a link's


def test_the_layout_has_one_picture_in_the_maps_place(app) -> None:
    layout = app.layout
    pictures = [c for c in layout._traverse() if getattr(c, "id", None) == ids.MAP_PREVIEW]
    assert len(pictures) == 1 and pictures[0].className == "map-preview"


def test_the_preview_tags_name_the_pictures_real_width() -> None:
    from figures.picture import WIDTH_PX
    from web.preview import IMAGE_WIDTH_PX

    assert IMAGE_WIDTH_PX == WIDTH_PX


def test_the_plotly_bundle_defaults_to_this_servers_own_addresses() -> None:
    """plotly.js's own defaults would fetch the base map from a CDN and send charts to a cloud; the committed
    bundle (scripts/build_plotly_bundle.py) names only this server."""
    from pathlib import Path

    bundle = (Path(__file__).resolve().parent.parent / "assets" / "plotly-partial.min.js").read_text("utf-8")
    assert 'topojsonURL:{valType:"string",noBlank:!0,dflt:"/assets/topojson/"' in bundle
    assert 'plotlyServerURL:{valType:"string",dflt:""' in bundle
    assert "https://cdn.plot.ly" not in bundle and "https://cloud.plotly.com" not in bundle


def test_the_first_paint_speaks_the_links_language(client) -> None:
    """A Ukrainian link's page: its title and its loading words in Ukrainian before any script has run (they were
    Dash's English "Loading..." for 21 s on a slow phone), and nothing English in the HTML's visible text."""
    from tests.latin import latin_words

    page = client.get("/?year=2016&LANG=uk").get_data(as_text=True)
    assert '<html lang="uk">' in page
    assert '<p class="first-paint-title">Міграційні маршрути та ризик торгівлі людьми</p>' in page
    assert "Завантаження карти…" in page and "Loading..." not in page
    visible = re.sub(r"<script.*?</script>|<style.*?</style>|<head>.*?</head>|<[^>]+>", " ", page, flags=re.S)
    assert latin_words(visible) == [], latin_words(visible)


def test_the_layout_comes_in_the_language_the_page_asks_for(client) -> None:
    """The page's script asks for `_dash-layout?lang=uk` (assets/dashboard.js): its words are Ukrainian from the
    start, the language store already says so (no re-labelling), and an unknown language gets the default one."""
    import json

    english = client.get("/_dash-layout").get_data(as_text=True)
    layout = json.loads(client.get("/_dash-layout?lang=uk").get_data(as_text=True))
    ukrainian = json.dumps(layout, ensure_ascii=False)
    assert "Міграційні маршрути та ризик торгівлі людьми" in ukrainian and "Migration routes" not in ukrainian
    store = next(c for c in _components(layout) if c.get("props", {}).get("id") == ids.LANG_STORE)
    assert store["props"]["data"] == "uk"
    assert client.get("/_dash-layout?lang=xx").get_data(as_text=True) == english


def _components(node):
    if isinstance(node, dict):
        if "type" in node and "props" in node:
            yield node
        for value in node.values():
            yield from _components(value)
    elif isinstance(node, list):
        for value in node:
            yield from _components(value)
