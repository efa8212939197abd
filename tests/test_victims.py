"""Detected trafficking victims (UNODC) on the map, in the legend and in the CSV: censored cells read "fewer than 5"
in every language, never a number, and the caveat travels with the figure."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date

import pandas as pd
import plotly.graph_objects as go
import pytest

from core.export import to_csv, view_rows
from core.risk import composite
from core.text import t
from core.victims import sum_words
from core.view import default_view
from figures.map import country_classes, legend_key, map_figure

URL = "/geo/countries.geojson"
FEWER = {"en": "fewer than 5", "ru": "менее 5", "uk": "менше 5"}


@pytest.fixture()
def view(prep):
    return replace(default_view(prep.options), year=2016, indicator="victims_detected")


def hover(fig: go.Figure, iso3: str) -> str:
    choropleth = fig.data[0]
    i = list(choropleth.locations).index(iso3)
    return "".join(choropleth.customdata[i])


@pytest.mark.parametrize("lang", ["en", "ru", "uk"])
def test_a_censored_country_reads_fewer_than_5_in_the_hover(prep, view, lang) -> None:
    fig = go.Figure(map_figure(prep, replace(view, lang=lang), URL))
    georgia = hover(fig, "GEO")  # Georgia 2016: "<5" in the file
    assert georgia.startswith(FEWER[lang] + " ")
    assert "5 " not in georgia.replace(FEWER[lang], "") and "0 " not in georgia.replace(FEWER[lang], "")
    assert prep.indicator("victims_detected", lang).caveat in georgia  # not prevalence
    italy = hover(fig, "ITA")
    assert italy.startswith("663 ")
    assert {"en": "April 14, 2025", "ru": "14 апреля 2025", "uk": "14 квітня 2025"}[lang] in italy


def test_censored_and_no_data_are_classes_of_their_own(prep, view) -> None:
    classes = country_classes(prep, view, composite(prep.risk, view.year, view.weights))
    assert classes.loc["GEO", "cls"] == 1 and classes.loc["GEO", "labels"][0] == "fewer than 5"
    assert classes.loc["FRA", "cls"] == 0 and classes.loc["FRA", "shown"] == "no data"  # not a country we import
    assert classes.loc["ITA", "cls"] == 4  # 663: 200 - 1,000
    assert classes.loc["MKD", "cls"] == 2  # 6: 5 - 50
    assert classes.loc["NGA", "cls"] == 5  # 1,017
    key = legend_key(prep, view)
    assert [label for label, _ in key["classes"]][:2] == ["no data", "fewer than 5"]
    assert key["classes"][0][1] != key["classes"][1][1]  # a censored country never looks like "no data"
    assert "not prevalence" in key["note"]


@pytest.mark.parametrize("lang", ["en", "ru", "uk"])
def test_a_censored_cell_reads_fewer_than_5_in_the_csv(prep, view, lang) -> None:
    text = to_csv(prep, replace(view, lang=lang), "/?x", today=date(2026, 1, 1))
    rows = pd.read_csv(io.StringIO(text), comment="#", dtype=str, keep_default_na=False)
    rows.columns = [c for c in view_rows(prep, view).columns]  # the header is in the reader's language
    victims = rows[rows["table"] == "unodc_victims"].set_index("iso3")
    assert victims.loc["GEO", "value"] == ""
    assert victims.loc["GEO", "qualifier"] == FEWER[lang]
    assert float(victims.loc["ITA", "value"]) == 663 and victims.loc["ITA", "qualifier"] == ""
    assert victims.loc["ITA", "source_id"] == "unodc_glotip_2025_04"
    assert {"en": "release of April 14, 2025", "ru": "выпуск от 14 апреля 2025\u202fг.",
            "uk": "випуск від 14 квітня 2025\u202fр."}[lang] == victims.loc["ITA", "coverage"]
    assert "UNODC" in victims.loc["ITA", "licence"] or "УНП ООН" in victims.loc["ITA", "licence"]
    assert len(victims) == len(prep.bundle.victims.query("year == 2016"))


def test_censored_cells_are_never_added() -> None:
    assert sum_words([10.0, float("nan"), 30.0], [False, True, False], "en") == \
        "40, plus 1 × fewer than 5 (not added)"
    assert sum_words([float("nan"), float("nan")], [True, True], "ru") == "2 × менее 5"
    assert sum_words([float("nan")], [True], "uk") == "менше 5"
    assert sum_words([7.0, 8.0], [False, False], "en") == "15"
    assert t("victims.censored", "en") == "fewer than 5"


def test_the_flows_layer_is_off_unless_the_link_asks(prep, view) -> None:
    from core.view import parse, to_query

    fig = map_figure(prep, view, URL)
    assert [tr for tr in fig["data"] if tr["name"].startswith("flows")] == [
        {"type": "scattergeo", "lon": [], "lat": [], "mode": "lines", "name": "flows", "hoverinfo": "skip"}]
    on, problems = parse("year=2016&routes=central_med&flows=on", prep.options)
    assert on.flows and problems == []
    assert "flows=on" in to_query(on, prep.options)
    _, problems = parse("year=2016&flows=maybe", prep.options)
    assert [p.key for p in problems] == ["link.flows"]


@pytest.mark.parametrize("lang", ["en", "ru", "uk"])
def test_flows_draw_numbers_and_censored_flows_apart(prep, view, lang) -> None:
    from core.selections import flow_rows
    from figures.flows import flows_caption

    on = replace(view, routes=("central_med",), flows=True, lang=lang)
    fig = map_figure(prep, on, URL)
    flows = {tr["name"]: tr for tr in fig["data"] if tr["name"].startswith("flows:")}
    # Nigerians detected in Italy in 2016: 103 in the file, a line of the class 50-200 with its count in the hover.
    hover = flows.pop("flows:hover")
    nigeria = [d for d in hover["customdata"] if d[2] == "103"]
    assert nigeria and nigeria[0][:2] == [prep.country_name("NGA", lang), prep.country_name("ITA", lang)]
    censored = flows["flows:0"]
    assert censored["line"]["dash"] == "dot" and censored["line"]["width"] < flows["flows:1"]["line"]["width"]
    n_censored = censored["lon"].count(None) + 1
    assert sum(d[2] == FEWER[lang] for d in hover["customdata"]) == n_censored  # "fewer than 5", never a number
    assert all(d[2] == FEWER[lang] or d[2].replace("\xa0", "").replace(",", "").isdigit()
               for d in hover["customdata"])
    template = hover["hovertemplate"]
    assert "2016" in template and "%{customdata[2]}" in template and "2025" in template
    _, rows = flow_rows(prep, on)
    drawn = len(hover["customdata"])
    assert drawn == sum(tr["lon"].count(None) + 1 for tr in flows.values())
    caption = " ".join(flows_caption(prep, on))
    assert str(drawn) in caption
    assert len(rows) >= drawn


def test_flows_show_the_latest_year_up_to_the_view_and_say_so(prep, view) -> None:
    from figures.flows import flows_caption

    later = replace(view, year=2024, routes=("central_med",), flows=True)
    assert flows_caption(prep, later)[0] == "Flows of 2022: the latest year with figures up to 2024"
    assert "2022:" in next(tr for tr in map_figure(prep, later, URL)["data"]
                           if tr["name"] == "flows:hover")["hovertemplate"]


@pytest.mark.parametrize("lang", ["en", "ru", "uk"])
def test_flow_cells_in_the_csv_read_fewer_than_5(prep, view, lang) -> None:
    rows = view_rows(prep, replace(view, routes=("central_med",), flows=True, lang=lang))
    cells = rows[rows["table"] == "unodc_victims_citizenship"]
    censored = cells[cells["qualifier"] == FEWER[lang]]
    assert len(censored) and (censored["value"] == "").all()
    italy = cells[(cells["iso3"] == "ITA") & cells["coverage"].str.contains(prep.country_name("NGA", lang))]
    assert italy["value"].tolist()[:1] == [103.0]


def test_who_crosses_beside_who_is_found(prep, view) -> None:
    from figures.finer import nationalities_chart
    from layouts.table import figure_table

    fig = nationalities_chart(prep, replace(view, routes=("central_med",)))
    crossing, found = fig["data"]
    assert found["xaxis"] == "x2" and fig["layout"]["xaxis2"]["domain"][0] > fig["layout"]["xaxis"]["domain"][1]
    by_name = dict(zip(found["y"], found["text"]))
    assert by_name["Nigeria"] == "103"  # Nigerians detected in Italy (and none reported in Malta), 2016
    assert by_name["Gambia"] == "fewer than 5"  # censored: no bar, the words instead
    assert dict(zip(found["y"], found["x"]))["Gambia"] == 0
    assert by_name["Eritrea"] == "no data"
    assert "Different counts of different people" in fig["layout"]["annotations"][0]["text"]
    table = str(figure_table(fig, "en"))
    assert "fewer than 5" in table and "no data" in table


def test_the_post_soviet_scene_round_trips(prep) -> None:
    from core.advance import apply_layer, layer_of
    from core.view import parse, to_query

    scene, problems = parse("scene=post_soviet", prep.options)
    assert problems == [] and scene.flows and scene.indicator == "victims_detected"
    assert {"UKR", "MDA", "BLR", "RUS", "ARM", "AZE", "GEO", "KAZ", "KGZ", "TJK", "TKM", "UZB"} == set(scene.countries)
    again, _ = parse(to_query(scene, prep.options), prep.options)
    assert again == scene
    for lang in ("ru", "uk"):
        assert parse(f"scene=post_soviet&lang={lang}", prep.options)[0] == replace(scene, lang=lang)
    layer = apply_layer(default_view(prep.options), "post_soviet", prep.options)
    assert layer_of(layer, prep.options) == "post_soviet" and layer.flows
    titles = prep.bundle.scenes.set_index("scene_id").loc["post_soviet"]
    assert titles["title_ru"] and titles["title_uk"] and "не распространённость" in titles["caption_ru"]


def test_a_year_step_with_flows_on_flips_visible_flags_only(prep) -> None:
    """On a route's flows every year is in the figure once: a year step shows another year's traces and sends no
    line again (the incident layer's way); the year shown is the latest with figures up to the view's."""
    import gzip
    import json

    from answers.figures import FigureAnswers, map_part
    from answers.patch import figure_update
    from core.added_figures import NONE
    from core.served import serve

    answers = FigureAnswers(serve(prep.bundle, None))
    view = map_part(replace(default_view(prep.options), year=2016, routes=("central_med",), flows=True))
    before, after = answers.map_for(view, NONE), answers.map_for(replace(view, year=2017), NONE)
    shown = {tr["name"].split(":")[1] for tr in after["data"] if tr["name"].startswith("flows:") and tr["visible"]}
    assert shown == {"2017"}
    patch = figure_update(before, after)
    text = json.dumps(patch.to_plotly_json(), default=str)
    assert len(gzip.compress(text.encode())) < 2048
    later = answers.map_for(replace(view, year=2024), NONE)
    assert {tr["name"].split(":")[1] for tr in later["data"] if tr["name"].startswith("flows:") and tr["visible"]} \
        == {"2022"}
