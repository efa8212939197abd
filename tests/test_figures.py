"""Figure functions, without a browser: what each chart and the map show for a given view."""

from __future__ import annotations

import copy
from dataclasses import replace

import plotly.graph_objects as go
import pytest

from answers.patch import figure_update
from core.risk import composite
from core.view import default_view
from figures import charts
from figures.diff import apply, diff
from figures.map import country_classes, hover_text, map_figure
from layouts.cards import build_year_cards

URL = "/geo/countries.geojson"


@pytest.fixture()
def view(prep):
    return default_view(prep.options)


def test_map_has_one_choropleth_that_names_the_geometry_url(prep, view) -> None:
    fig = go.Figure(map_figure(prep, view, URL))
    choropleths = [t for t in fig.data if isinstance(t, go.Choropleth)]
    assert len(choropleths) == 1
    assert choropleths[0].geojson == URL  # the polygons are served once, never inside a figure
    assert fig.layout.geo.fitbounds is False


def test_map_classes_sea_arrivals_and_says_no_data(prep, view) -> None:
    classes = country_classes(prep, view, composite(prep.risk, view.year, view.weights))
    assert classes.loc["GRC", "cls"] == 4  # 856,723 in 2015: 100,000 - 1,000,000
    assert classes.loc["ESP", "cls"] == 2  # 5,945: 1,000 - 10,000
    assert classes.loc["DEU", "cls"] == 0 and classes.loc["DEU", "shown"] == "no data"
    assert "UNHCR" in classes.loc["GRC", "source"]


def test_map_hover_names_figure_period_and_source(prep, view) -> None:
    fig = go.Figure(map_figure(prep, view, URL))
    choropleth = fig.data[0]
    greece = list(choropleth.locations).index("GRC")
    assert choropleth.customdata[greece][0] == "856,723 people (calendar year)"
    assert choropleth.customdata[greece][1].startswith("<br>Source: UNHCR")
    no_data = list(choropleth.locations).index("DEU")  # no sea arrivals: "no data", and no empty "Source:"
    assert choropleth.customdata[no_data][0] == "no data" and choropleth.customdata[no_data][1] == ""
    route = hover_text(next(t for t in fig.data if t.name == "central_med").to_plotly_json())
    assert "detections" in route and "not people" in route
    assert "Minimum estimates" in route


def test_route_width_follows_volume_and_selection_fades_others(prep, view) -> None:
    fig = go.Figure(map_figure(prep, replace(view, routes=("eastern_med",)), URL))
    width = {t.name: t.line.width for t in fig.data if isinstance(t, go.Scattergeo) and t.mode == "lines"}
    assert width["eastern_med"] > width["central_med"] > width["western_med"]  # 885,386 > 153,946 > 7,004
    opacity = {t.name: t.opacity for t in fig.data if t.name in ("eastern_med", "central_med")}
    assert opacity == {"eastern_med": 1.0, "central_med": 0.25}


def test_selected_countries_are_outlined(prep, view) -> None:
    choropleth = go.Figure(map_figure(prep, replace(view, countries=("ITA",)), URL)).data[0]
    widths = dict(zip(choropleth.locations, choropleth.marker.line.width))
    assert widths["ITA"] > widths["GRC"]


def test_tip_tier_map_uses_tier_classes(prep, view) -> None:
    classes = country_classes(prep, replace(view, indicator="tip_tier"), composite(prep.risk, 2015, (3, 3, 2, 2)))
    assert classes.loc["LBY", "shown"] == "Tier 3" and classes.loc["ITA", "shown"] == "Tier 1"
    assert classes.loc["LBY", "labels"][-2:] == ["Tier 3", "Special case"]


def test_detections_chart_has_a_line_per_selected_route(prep, view) -> None:
    fig = go.Figure(charts.detections_chart(prep, replace(view, routes=("central_med", "eastern_med"))))
    lines = [t for t in fig.data if t.mode == "lines+markers"]
    assert [t.name for t in lines] == ["Central Mediterranean", "Eastern Mediterranean"]
    assert list(lines[1].customdata) == ["eastern_med"] * 16  # clicks carry the route id (2009-2024)
    # 2025 (Frontex's preliminary release, via news agencies) is an open marker of its own, carrying the id too.
    later = [t for t in fig.data if t.mode == "markers"]
    assert [list(t.x) for t in later] == [[2025], [2025]] and list(later[1].customdata) == ["eastern_med"]


def test_charts_say_no_data_instead_of_an_empty_axis(prep, view) -> None:
    for build in (charts.detections_chart, charts.deaths_chart, charts.risk_chart):
        fig = go.Figure(build(prep, replace(view, routes=())))
        assert fig.data == ()
        assert fig.layout.annotations[0].text.startswith("No data for")
    land = go.Figure(charts.deaths_chart(prep, replace(view, routes=("western_balkans",))))
    assert "Western Balkans" in land.layout.annotations[0].text


def test_deaths_chart_shows_counts_and_rate_per_1000_detections(prep, view) -> None:
    fig = go.Figure(charts.deaths_chart(prep, replace(view, routes=("central_med",))))
    counts, rates = fig.data
    assert dict(zip(counts.x, counts.y))[2016] == 4574
    assert dict(zip(rates.x, rates.y))[2016] == pytest.approx(25.22, abs=0.01)


def test_syria_chart_draws_each_host_and_highlights_the_selection(prep, view) -> None:
    fig = go.Figure(charts.syria_chart(prep, replace(view, countries=("LBN",))))
    lines = [t for t in fig.data if t.mode == "lines+markers"]
    assert sorted(t.customdata[0] for t in lines) == ["EGY", "IRQ", "JOR", "LBN", "TUR"]
    assert {t.customdata[0]: t.opacity for t in lines}["TUR"] < 1
    apart = next(t for t in fig.data if t.mode == "markers")  # later counts of other measures, dimmed alike
    assert dict(zip(apart.customdata, apart.marker.opacity)) == {"JOR": 0.3, "LBN": 1.0, "TUR": 0.3}


def test_ukraine_chart_keeps_idps_and_refugees_apart(prep, view) -> None:
    fig = go.Figure(charts.ukraine_chart(prep, view))
    assert len(fig.data) == 2
    idps = next(t for t in fig.data if "displaced" in t.name)
    assert dict(zip(idps.x, idps.y))[2022] == 5_914_000


def test_risk_chart_stacks_contributions_and_counts_inputs(prep, view) -> None:
    fig = go.Figure(charts.risk_chart(prep, replace(view, year=2016)))
    bars = [t for t in fig.data if isinstance(t, go.Bar)]
    assert [b.name for b in bars] == ["Volume", "Lethality", "Governance (TIP tiers)", "Exploitation survey"]
    labels = dict(zip(fig.data[-1].customdata, fig.data[-1].text))
    assert labels["central_med"] == "73 · 4/4 inputs"
    assert labels["syria_neighbours"].startswith("too few inputs")
    governance = next(b for b in bars if b.name.startswith("Governance"))
    assert dict(zip(governance.customdata, governance.hovertext))["central_med"] == "tiers for 4 of 6 countries"
    fig = go.Figure(charts.risk_chart(prep, replace(view, year=2024)))
    missing = dict(zip(fig.data[-1].customdata, fig.data[-1].hovertext))
    assert "Governance (TIP tiers) (not counted: tiers for only 2 of 6 countries" in missing["central_med"]


def test_route_hover_says_what_each_risk_input_rests_on(prep, view) -> None:
    fig = go.Figure(map_figure(prep, replace(view, year=2024), URL))
    route = hover_text(next(t for t in fig.data if t.name == "eastern_land").to_plotly_json())
    assert "Governance (TIP tiers): tiers for 4 of 4 countries" in route
    route = hover_text(next(t for t in fig.data if t.name == "central_med").to_plotly_json())
    assert "Volume: route total" in route
    assert "Governance (TIP tiers): not counted: tiers for only 2 of 6 countries" in route


def test_year_cards_show_sums_of_like_measures_or_no_data(prep, view) -> None:
    cards = {c.id: c for c in build_year_cards(prep, view)}
    assert cards["year-card-syr_refugees_hosted"].children[0].children == "4,556,739"
    early = {c.id: c for c in build_year_cards(prep, replace(view, year=2010))}
    assert early["year-card-idps"].children[0].children == "no data"


def test_every_figure_is_valid_plotly_in_both_languages(prep, view) -> None:
    """Figures are plain dicts for speed; plotly's own validators still have to accept every one of them."""
    for lang in ("en", "ru"):
        for v in (replace(view, lang=lang), replace(view, lang=lang, routes=(), indicator="tip_tier", year=2009)):
            go.Figure(map_figure(prep, v, URL))
            for build in (charts.detections_chart, charts.deaths_chart, charts.risk_chart, charts.syria_chart,
                          charts.ukraine_chart):
                go.Figure(build(prep, v))


def test_year_step_patch_carries_values_not_geometry(prep, view) -> None:
    """What a year step sends for the map: new values and hover texts, never route lines or country codes."""
    before = map_figure(prep, view, URL)
    after = map_figure(prep, replace(view, year=view.year + 1), URL)
    operations = diff(before, after)
    # The choropleth's values and hovers change item by item, the routes' year words in their meta.
    paths = {name for _, path, _ in operations for name in path if isinstance(name, str)}
    assert {"z", "customdata", "meta"} <= paths
    assert "hovertemplate" not in paths  # the routes' hover wording stays in the browser
    assert not paths & {"lon", "lat", "locations", "geojson"}
    assert ("data", 0, "text") not in [path for _, path, _ in operations]  # country names stay in the browser
    assert apply(copy.deepcopy(before), operations) == after
    unchanged = map_figure(prep, replace(view, center=view.center), URL)
    assert figure_update(before, unchanged) is None  # nothing to send when nothing changed


def test_each_chart_depends_only_on_the_view_parts_its_cache_key_names(prep, view) -> None:
    """The chart cache is keyed on the parts of the view listed in DEPENDS; changing any other part must leave the
    chart exactly as it was, or a cached chart could show a stale figure."""
    from answers.figures import CHART_BUILDERS as CHARTS
    from answers.figures import DEPENDS

    changes = {
        "year": dict(year=2016), "routes": dict(routes=("central_med",)), "indicator": dict(indicator="tip_tier"),
        "countries": dict(countries=("LBN", "ITA")), "weights": dict(weights=(9, 1, 0, 4)), "lang": dict(lang="ru"),
        "mode": dict(mode="present"), "scene": dict(scene="alliance_2015"), "center": dict(center=(20.0, 40.0)),
        "zoom": dict(zoom=2.0),
    }
    for graph_id, build in CHARTS.items():
        for field, change in changes.items():
            if field not in DEPENDS[graph_id]:
                assert build(prep, replace(view, **change)) == build(prep, view), (graph_id, field)


def _text(node) -> str:
    if isinstance(node, str):
        return node
    children = getattr(node, "children", None)
    if children is None:
        return ""
    if isinstance(children, list):
        return " ".join(_text(c) for c in children if c is not None)
    return _text(children)


def test_sea_arrivals_card_never_adds_rows_of_different_series(prep, view) -> None:
    # 2015: Italy, Greece and Malta come from UNHCR's monthly file, Spain from the sub-location series.
    card = {c.id: c for c in build_year_cards(prep, view)}["year-card-sea_arrivals"]
    text = _text(card)
    assert card.children[0].children == "no total"
    assert "Italy: 153,842" in text and "Spain: 5,945" in text and "2 different series" in text
    # 2019-2022: all five from the sub-location series, so one total is fine.
    same = {c.id: c for c in build_year_cards(prep, replace(view, year=2020))}["year-card-sea_arrivals"]
    assert same.children[0].children == f"{33965 + 9714 + 40326 + 1674 + 2281:,}"


def test_cards_word_figures_as_their_sources_do(prep, view) -> None:
    from layouts.cards import build_headlines

    cards = {c.id: c for c in build_headlines(prep, "en").children}
    assert cards["headline-syrians_in_neighbours"].children[0].children == "more than 4,013,000"
    assert cards["headline-med_sea_crossings_2015"].children[0].children == "about 103,000"
    latest = _text(cards["headline-displaced_worldwide"])
    assert "Latest, 2025 (mid-2025)" in latest and "about 117,300,000" in latest
    assert "Latest: no data" in _text(cards["headline-med_sea_crossings_2015"])
    ru = {c.id: c for c in build_headlines(prep, "ru").children}
    assert ru["headline-syrians_in_neighbours"].children[0].children == "более 4\u00a0013\u00a0000"
    idps = {c.id: c for c in build_year_cards(prep, replace(view, year=2019))}["year-card-idps"]
    assert idps.children[0].children == "about 734,000"


def test_2025_map_and_route_hover_say_preliminary_and_no_data(prep, view) -> None:
    v = replace(view, year=2025, indicator="syr_returns")
    fig = go.Figure(map_figure(prep, v, URL))
    shown = dict(zip(fig.data[0].locations, [c[0] for c in fig.data[0].customdata]))
    assert shown["TUR"].startswith("more than 440,000") and "8 Dec 2024 - early Jan 2026" in shown["TUR"]
    assert shown["EGY"] == "no data"
    assert "2025 (8 Dec 2024 - early Jan 2026)" in fig.data[0].colorbar.title.text
    central = hover_text(next(t for t in fig.data if t.name == "central_med").to_plotly_json())
    assert "66,328 (preliminary)" in central and "— 2025<br>" in central
    black_sea = hover_text(next(t for t in fig.data if t.name == "black_sea").to_plotly_json())
    assert "Volume: no data" in black_sea


def test_slider_years_come_from_the_data(prep) -> None:
    assert prep.options.years == (2009, 2025)
    assert "where_things_stand_2025" in prep.options.scenes


def test_charts_built_once_for_all_years_equal_the_chart_built_for_each_year(prep, view) -> None:
    """A chart that shows the year only as its year line is built once and the line moved (YEAR_MARKED): for every
    year, selection and language that must be exactly the chart built for that year, or a year step would show
    another year's figures."""
    from answers.figures import CHART_BUILDERS, YEAR_MARKED, FigureAnswers
    from core.added_figures import NONE
    from core.served import serve

    answers = FigureAnswers(serve(prep.bundle, None))
    views = [view, replace(view, routes=("central_med",), lang="ru"), replace(view, countries=("LBN", "TUR")),
             replace(view, routes=()), replace(view, months=("2016-01", "2016-12"))]
    for graph_id in YEAR_MARKED:
        for base in views:
            for year in prep.options.years:
                shown = replace(base, year=year)
                assert answers.chart_for(graph_id, shown, NONE) == CHART_BUILDERS[graph_id](prep, shown), \
                    (graph_id, shown)
