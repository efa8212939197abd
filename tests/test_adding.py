"""Adding a route, a chart, an indicator or a language is the short task CONTRIBUTING.md describes: each is declared
in one table, and the app draws what the table declares. A toy route is added to a scratch copy of data/, a toy
chart to the chart table for one test; the repository's files are never edited."""

from __future__ import annotations

import csv
import json
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from dash import no_update

import layouts.charts as chart_table
from answers.figures import FigureAnswers, content_of, map_query
from app import ROOT, create_app
from core.added_figures import NONE
from core.bundle import load_bundle
from core.errors import DataError
from core.served import serve
from core.text import LANGS
from core.view import default_view, query_parts
from figures.charts import empty_figure
from figures.map import BASE_WIDTH, map_figure
from layouts import ids
from layouts.page import control_texts

TOY_ROUTE = {
    "route_id": "toy_route", "name": "Toy route", "name_ru": "Игрушечный маршрут", "name_uk": "Іграшковий маршрут",
    "short": "Toy", "short_ru": "Игрушка", "short_uk": "Іграшка", "label_position": "top left",
    "volume": "detections", "kind": "frontex_route", "origin": "LBY", "transit": "LBY", "arrival": "ITA",
    "description": "A route that exists only in this test.", "source_id": "frontex_migratory_map",
}
TOY_CHART = "chart-toy"


def add_row(path: Path, row: dict[str, str]) -> None:
    """Append one row to a CSV of the scratch copy, its columns in the file's order; a language the row has no
    words for (a catalogue added after this test was written) gets the English ones, so the test stays about
    routes."""
    with path.open(encoding="utf-8", newline="") as f:
        fields = next(csv.reader(f))
    words = {f: row.get(f, row.get(f.rsplit("_", 1)[0], "")) for f in fields}
    with path.open("a", encoding="utf-8", newline="") as f:
        csv.DictWriter(f, fieldnames=fields, lineterminator="\n").writerow(words)


def add_toy_route(data_dir: Path) -> None:
    """The two declarations a route needs: its row in routes.csv and its line in geo/routes.geojson (no figures: a
    route without a sourced figure is drawn with no volume, and nothing is invented here)."""
    add_row(data_dir / "routes.csv", TOY_ROUTE)
    geo_path = data_dir / "geo" / "routes.geojson"
    geo = json.loads(geo_path.read_text(encoding="utf-8"))
    geo["features"].append({"type": "Feature", "properties": {"route_id": "toy_route"},
                            "geometry": {"type": "LineString", "coordinates": [[13.19, 32.89], [12.6, 35.5]]}})
    geo_path.write_text(json.dumps(geo), encoding="utf-8")


def test_a_route_added_to_the_data_is_drawn_on_the_map_and_listed(data_copy: Path) -> None:
    add_toy_route(data_copy)
    served = serve(load_bundle(data_copy), None)
    prep = served.prep
    assert "toy_route" in prep.options.routes
    view = default_view(prep.options)
    assert "toy_route" in view.routes  # every route is selected by default
    # The route list (the page's checklist) names it, in every language.
    for lang, name in (("en", "Toy route"), ("ru", "Игрушечный маршрут"), ("uk", "Іграшковий маршрут")):
        options = control_texts(prep, lang)[f"{ids.ROUTES}.options"]
        assert {"label": name, "value": "toy_route"} in options, lang
    # The map draws its line and its label, with the short name and the position routes.csv gives.
    for lang, short in (("en", "Toy"), ("ru", "Игрушка")):
        figure = map_figure(prep, replace(view, lang=lang), "/geo/countries.geojson")
        line = next(tr for tr in figure["data"] if tr.get("name") == "toy_route")
        assert line["mode"] == "lines" and len(line["lon"]) > 2 and line["customdata"][0][0] == "toy_route"
        assert line["line"]["width"] == BASE_WIDTH  # no sourced figures: no volume, the thinnest line
        labels = next(tr for tr in figure["data"] if tr.get("name") == "route-labels")
        at = labels["customdata"].index("toy_route")
        assert labels["text"][at] == short and labels["textposition"][at] == "top left"
    # The map the callbacks answer with (and the picture) is the same figure.
    query = map_query(query_parts(view, prep.options))
    answer = FigureAnswers(served).map_update(view, query, None, NONE)["figure"]
    assert any(tr.get("name") == "toy_route" for tr in answer["data"])


def test_a_route_without_its_line_is_named_at_start_up(data_copy: Path) -> None:
    add_row(data_copy / "routes.csv", TOY_ROUTE)
    with pytest.raises(DataError) as info:
        load_bundle(data_copy)
    assert "geo/routes.geojson" in str(info.value) and "toy_route" in str(info.value)


@pytest.mark.parametrize(("column", "value", "says"), [
    ("label_position", "upper left", "label_position"),
    ("volume", "no_such_indicator", "not a route or country indicator"),
    ("short_ru", "", "short_ru"),
])
def test_a_mistake_in_a_route_row_is_named(data_copy: Path, column: str, value: str, says: str) -> None:
    add_toy_route(data_copy)
    rows = list(csv.DictReader((data_copy / "routes.csv").open(encoding="utf-8", newline="")))
    rows[-1][column] = value
    with (data_copy / "routes.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    with pytest.raises(DataError) as info:
        load_bundle(data_copy)
    assert "routes.csv" in str(info.value) and says in str(info.value)


def test_the_map_menu_follows_indicators_csv(data_copy: Path) -> None:
    """The menu's order is `map_order`; an indicator without one is not in it; only a country or derived indicator
    can have one."""
    path = data_copy / "indicators.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8", newline="")))
    by_id = {r["indicator"]: r for r in rows}
    by_id["idps"]["map_order"] = "0"  # not a place: the pattern wants 1, 2, ...
    by_id["tip_tier"]["map_order"], by_id["sea_arrivals"]["map_order"] = "1", "13"

    def write() -> None:
        with path.open("w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)

    write()
    with pytest.raises(DataError):
        load_bundle(data_copy)
    by_id["idps"]["map_order"] = ""
    write()
    indicators = serve(load_bundle(data_copy), None).prep.options.indicators
    assert indicators[0] == "tip_tier" and indicators[-1] == "sea_arrivals" and "idps" not in indicators
    menu = control_texts(serve(load_bundle(data_copy), None).prep, "en")[f"{ids.INDICATOR}.options"]
    assert [o["value"] for o in menu] == list(indicators)
    # A scene that colours the map by an indicator taken off the menu is named at start-up.
    by_id["sea_arrivals"]["map_order"] = ""
    write()
    with pytest.raises(DataError) as info:
        serve(load_bundle(data_copy), None)
    assert "scenes.csv" in str(info.value) and "sea_arrivals" in str(info.value)
    by_id["sea_arrivals"]["map_order"] = "13"
    by_id["detections"]["map_order"] = "14"
    write()
    with pytest.raises(DataError) as info:
        load_bundle(data_copy)
    assert "only a country or derived indicator" in str(info.value)


def toy_chart(prep, view, added=NONE) -> dict:
    """A chart of the test's own: says which year and language it was drawn for (no figures of its own)."""
    return empty_figure(f"toy chart {view.year} {view.lang}")


def test_a_chart_added_to_the_table_is_on_the_page_and_drawn_by_the_charts_answer(monkeypatch) -> None:
    toy = chart_table.Chart(TOY_CHART, toy_chart, ("year", "lang"), "chart.ukraine", "chart.ukraine.note")
    monkeypatch.setattr(chart_table, "CHARTS", (*chart_table.CHARTS, toy))
    app = create_app(operator_dir=ROOT / "no-operator-figures")
    page = str(app.layout)
    assert f"'{TOY_CHART}'" in page and f"'{ids.TABLE_TOGGLE.format(TOY_CHART)}'" in page
    # The charts' callback answers its figure and its table, and listens to its table's toggle.
    charts_callback = next(k for k in app.callback_map if f"{TOY_CHART}.figure" in k)
    assert f"{ids.TABLE.format(TOY_CHART)}.children" in charts_callback
    assert any(i["id"] == ids.TABLE_TOGGLE.format(TOY_CHART)
               for i in app.callback_map[charts_callback]["inputs"])
    # Clicks on it select, and its toolbar speaks the page's language, like every other graph's.
    assert any(i["id"] == TOY_CHART and i["property"] == "clickData"
               for spec in app.callback_map.values() for i in spec["inputs"])
    assert any(f"{TOY_CHART}.config" in k for k in app.callback_map)
    # The charts' answer draws it for the view, in the view's language; a change it does not depend on leaves it.
    served = serve(load_bundle(), None)
    answers = FigureAnswers(served)
    view = replace(default_view(served.prep.options), year=2016, lang="ru")
    presses = [0] * len(chart_table.CHARTS)

    def content(shown):
        """The content store the view callback would send for ``shown``."""
        return content_of(query_parts(shown, served.prep.options), served)

    answer = answers.charts_answer(content(view), presses, None, NONE, None)
    assert answer["figures"][TOY_CHART]["layout"]["annotations"][0]["text"] == "toy chart 2016 ru"
    drawn = answer["drawn"]
    weights = answers.charts_answer(content(replace(view, weights=(9, 1, 0, 0))), presses, drawn, NONE, None)
    assert weights["figures"][TOY_CHART] is no_update  # its `depends` has no weights
    year = answers.charts_answer(content(replace(view, year=2017)), presses, drawn, NONE, None)
    assert year["figures"][TOY_CHART] is not no_update


def test_the_chart_table_alone_decides_the_charts() -> None:
    """Every chart id in layouts/ids.py is in the table once, and every chart's caption keys are catalogue keys."""
    from core.text import TEXT

    declared = [c.graph_id for c in chart_table.CHARTS]
    in_ids = [v for k, v in vars(ids).items() if k.startswith("CHART_") and isinstance(v, str)]
    assert sorted(declared) == sorted(in_ids) and len(set(declared)) == len(declared)
    for chart in chart_table.CHARTS:
        for key in (chart.title, chart.note):
            assert all(key in TEXT[lang] for lang in LANGS), key


def test_a_language_needs_no_list_in_the_toolbar_build(tmp_path: Path) -> None:
    """The plotly locales the boundary build copies are those of the catalogues present, and every language the app
    speaks has its locale in assets/."""
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import build_plotly_topojson as build
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    assert build.locale_names() == tuple(f"plotly-locale-{lang}.js" for lang in sorted(LANGS) if lang != "en")
    for lang in ("en", "pl", "ru"):
        (tmp_path / lang / "LC_MESSAGES").mkdir(parents=True)
        (tmp_path / lang / "LC_MESSAGES" / "messages.po").write_text("", encoding="utf-8")
    assert build.locale_names(tmp_path) == ("plotly-locale-pl.js", "plotly-locale-ru.js")
    for name in build.locale_names():
        assert (ROOT / "assets" / "topojson" / name).stat().st_size > 0, name


def test_the_readmes_route_ids_are_those_of_routes_csv(prep) -> None:
    """The link format's documented route ids (README, "The link is the view") are the routes the data declares."""
    import re

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    listed = text.split("Route ids (the `route_id` column of `data/routes.csv`):", 1)[1].split(". ", 1)[0]
    assert sorted(re.findall(r"`([a-z_]+)`", listed)) == sorted(prep.options.routes)
