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
from figures.map import country_classes, legend_key, map_figure
from state.view import default_view

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
