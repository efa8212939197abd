"""What a reader sees of the finer grain: months in the link and the detections chart, who crosses, where people
died (the incident layer's hover), origin and asylum, and the CSV export carrying all of it."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from core.advance import Event, advance
from core.bundle import load_bundle
from core.export import view_rows
from core.prepared import prepare
from core.text import t
from core.view import default_view, parse, to_query
from figures import charts
from figures.finer import asylum_chart, crossings_chart, detections_chart, nationalities_chart
from figures.map import map_figure


@pytest.fixture(scope="module")
def prep():
    return prepare(load_bundle())


def view_of(prep, query: str):
    view, problems = parse(query, prep.options)
    assert problems == []
    return view


def test_a_month_range_link_round_trips(prep) -> None:
    view = view_of(prep, "months=2016-01..2016-12&routes=central_med&incidents=on&nationality=eri")
    assert (view.year, view.months, view.incidents, view.nationality) == (2016, ("2016-01", "2016-12"), True, "ERI")
    query = to_query(view, prep.options)
    assert "months=2016-01..2016-12" in query and "incidents=on" in query and "nationality=ERI" in query
    assert parse(query, prep.options) == (view, [])
    # What chat apps write is read too: a comma, a reversed range, one month alone.
    assert view_of(prep, "months=2016-12,2016-01").months == ("2016-01", "2016-12")
    assert view_of(prep, "months=2016-10").months == ("2016-10", "2016-10")


def test_a_month_outside_the_figures_says_so_and_shows_years(prep) -> None:
    view, problems = parse("months=2030-01..2030-02", prep.options)
    assert view.months is None
    assert problems == ["The link asks for months ('2030-01..2030-02') outside the monthly figures, which run from "
                        "2009-01 to 2025-04: showing years."]
    assert parse("months=soon", prep.options)[1][0].field == "months"
    assert "не удалось" in parse("months=soon&lang=ru", prep.options)[1][0].say("ru")


def test_a_scene_with_months(prep) -> None:
    view = view_of(prep, "scene=central_med_months_2016")
    assert view.months == ("2016-01", "2016-12") and view.incidents
    back_to_years = advance(view, Event(1, "control", "grain", "years"), prep.options)
    assert back_to_years.months is None and back_to_years.scene is None
    assert parse(to_query(back_to_years, prep.options), prep.options) == (back_to_years, [])


def test_months_follow_the_year_and_2025_stays_months(prep) -> None:
    view = advance(view_of(prep, "year=2024"), Event(1, "control", "grain", "months"), prep.options)
    assert view.months == ("2024-01", "2024-12")
    view = advance(view, Event(2, "control", "year", 2025), prep.options)
    assert view.months == ("2025-01", "2025-04")  # January-April, never the year 2025
    fig = detections_chart(prep, view)
    central = next(tr for tr in fig["data"] if tr["customdata"][0] == "central_med")
    assert central["x"] == ["2025-01", "2025-02", "2025-03", "2025-04"]
    # In the years view a partial year is named by its months, never totalled as the year.
    fig = nationalities_chart(prep, view_of(prep, "year=2025&routes=central_med"))
    assert fig["data"] == []
    assert fig["layout"]["annotations"][0]["text"] == ("2025: monthly figures for Jan 2025 – Apr 2025 only; choose "
                                                       "months to see them")


def test_october_2016_on_the_central_mediterranean_by_month(prep) -> None:
    fig = detections_chart(prep, view_of(prep, "months=2016-01..2016-12&routes=central_med"))
    (trace,) = fig["data"]
    assert trace["x"][9] == "2016-10" and trace["y"][9] == max(trace["y"])
    annual = prep.bundle.route_year.query("route_id == 'central_med' and year == 2016 and indicator == 'detections'")
    assert sum(trace["y"]) == annual["value"].item()


def test_the_nationality_chart_for_a_route_year(prep) -> None:
    fig = nationalities_chart(prep, view_of(prep, "year=2016&routes=central_med"))
    bars, found = fig["data"]  # Frontex's detections, and beside them UNODC's victims of those citizenships
    assert found["xaxis"] == "x2" and found["y"] == bars["y"]
    assert bars["y"][-1] == "Nigeria" and bars["customdata"][-1] == "nationality:NGA"  # the largest, on top
    assert len(bars["y"]) == 10
    assert "2016" in fig["layout"]["title"]["text"]
    rows = prep.bundle.route_nationality
    nga = rows[(rows["route_id"] == "central_med") & (rows["nationality"] == "NGA") & rows["month"].str[:4].eq("2016")]
    assert bars["x"][-1] == nga["detections"].sum()
    # A click on a bar shows where that nationality crosses; again, it stops.
    view = view_of(prep, "year=2016&routes=central_med")
    click = {"points": [{"customdata": "nationality:NGA"}]}
    chosen = advance(view, Event(1, "click", "chart-nationalities", click), prep.options)
    assert chosen.nationality == "NGA"
    assert advance(chosen, Event(2, "click", "chart-nationalities", click), prep.options).nationality is None
    where = crossings_chart(prep, chosen)
    assert dict(zip(where["data"][0]["customdata"], where["data"][0]["x"]))["central_med"] == bars["x"][-1]


def test_the_incident_layer_hover_for_the_zuwara_shipwreck(prep) -> None:
    view = view_of(prep, "months=2016-05..2016-05&routes=central_med&incidents=on")
    trace = next(tr for tr in map_figure(prep, view, "/x.geojson")["data"] if tr.get("name") == "incidents")
    hover = next(h for h in trace["text"] if "Zuwara" in h)
    assert hover.split("<br>") == [
        "<b>2016-05-26</b>, 35 nautical miles north of Zuwara, Libya", "Dead and missing: 550", "Survivors: 87",
        "Cause: Drowning", "Nationalities: Côte d'Ivoire, Eritrea, Gambia, Nigeria, Somalia, South Sudan",
    ]
    ru = view_of(prep, "months=2016-05..2016-05&routes=central_med&incidents=on&lang=ru")
    trace = next(tr for tr in map_figure(prep, ru, "/x.geojson")["data"] if tr.get("name") == "incidents")
    assert any("Погибшие и пропавшие: 550" in h for h in trace["text"])


def test_the_incident_layer_is_off_by_default_and_small_when_on(prep) -> None:
    default = map_figure(prep, default_view(prep.options), "/x.geojson")
    (empty,) = [tr for tr in default["data"] if tr.get("name") == "incidents"]
    assert empty["lon"] == []
    # Every incident of every year: thinned to grid cells, with the dead and missing summed (none lost but those
    # whose place IOM does not give precisely, which the legend lists apart).
    view = view_of(prep, "months=2014-01..2025-04&incidents=on")
    trace = next(tr for tr in map_figure(prep, view, "/x.geojson")["data"] if tr.get("name") == "incidents")
    assert len(trace["lon"]) <= 700
    every = prep.bundle.incidents
    assert sum(trace["marker"]["size"]) == every.loc[every["placement"] == "as given", "dead_missing"].sum()


def test_origin_and_asylum_for_syria_and_ukraine(prep) -> None:
    fig = asylum_chart(prep, view_of(prep, "year=2016"))  # Syria while no country is selected
    hosts_label, abroad_label = (a["text"] for a in fig["layout"]["annotations"])
    assert abroad_label.startswith("Syria's nationals, by country of asylum (2016")
    abroad = {tr["name"]: dict(zip(tr["customdata"], tr["x"])) for tr in fig["data"] if tr["xaxis"] == "x2"}
    assert abroad["Refugees"]["TUR"] == 2823987  # the hand-checked figure for Türkiye, end of 2016
    assert abroad["Asylum-seekers"]["DEU"] > 0 and abroad["Refugees"]["DEU"] > 0  # two bars, never one sum
    fig = asylum_chart(prep, view_of(prep, "year=2022&country=UKR"))
    abroad = {tr["name"]: dict(zip(tr["customdata"], tr["x"])) for tr in fig["data"] if tr["xaxis"] == "x2"}
    checked = prep.bundle.country_year.query("indicator == 'ukr_refugees_hosted' and year == 2022")
    for iso3, value in zip(checked["iso3"], checked["value"]):
        assert abroad["Refugees"][iso3] == value
    hosts = {tr["name"]: tr["customdata"] for tr in fig["data"] if tr["xaxis"] == "x"}
    assert hosts["Refugees"]  # whom Ukraine hosts, by origin


def test_the_hand_checked_references_equal_the_unhcr_table_wherever_they_overlap(prep) -> None:
    table = prep.bundle.asylum_origin
    refugees = table[table["group"] == "refugee"].set_index(["asylum", "origin", "year"])["value"]
    cy = prep.bundle.country_year
    overlaps = 0
    # Per host: Syrians hosted, and refugees from Ukraine hosted; then Ukraine's refugees in all countries.
    for indicator, origin in (("syr_refugees_hosted", "SYR"), ("ukr_refugees_hosted", "UKR")):
        for row in cy[cy["indicator"] == indicator].itertuples():
            if (row.iso3, origin, row.year) in refugees.index:
                assert refugees[(row.iso3, origin, row.year)] == row.value, (indicator, row.iso3, row.year)
                overlaps += 1
            else:  # only dates the table does not cover (the 2025 counts of other measures)
                assert row.year > table["year"].max(), (indicator, row.iso3, row.year)
    totals = refugees.xs("UKR", level="origin").groupby(level="year").sum()
    for row in cy[(cy["iso3"] == "UKR") & (cy["indicator"] == "refugees_from_ukr")].itertuples():
        assert totals[row.year] == row.value, row.year
        overlaps += 1
    assert overlaps >= 65 + 11


def test_the_syria_and_ukraine_charts_draw_the_unhcr_table_and_keep_other_measures_apart(prep) -> None:
    view = view_of(prep, "year=2016")
    fig = charts.syria_chart(prep, view)
    lines = [tr for tr in fig["data"] if tr["mode"] == "lines+markers"]
    assert {tr["customdata"][0] for tr in lines} == {"EGY", "IRQ", "JOR", "LBN", "TUR"}
    turkey = next(tr for tr in lines if tr["customdata"][0] == "TUR")
    assert dict(zip(turkey["x"], turkey["y"]))[2016] == 2823987 and max(turkey["x"]) == 2024
    # The 2025 counts (registrations, a government count) are markers of their own, never on a table's line.
    (apart,) = [tr for tr in fig["data"] if tr["mode"] == "markers"]
    assert apart["x"] == [2025, 2025, 2025] and sorted(apart["customdata"]) == ["JOR", "LBN", "TUR"]
    assert "Turkish Ministry of the Interior" in apart["hovertext"]
    fig = charts.ukraine_chart(prep, view)
    refugees = next(tr for tr in fig["data"] if tr["name"] == "Refugees from Ukraine, all host countries")
    assert dict(zip(refugees["x"], refugees["y"]))[2022] == 5684177
    idps = next(tr for tr in fig["data"] if tr["name"] == "Internally displaced in Ukraine")
    assert dict(zip(idps["x"], idps["y"]))[2022] == 5914000  # from its own sourced rows
    rows = view_rows(prep, view)
    ukraine = rows[(rows["indicator"] == "refugees_from_ukr") & (rows["table"] == "unhcr_asylum_origin")]
    assert (ukraine["source_id"] == "unhcr_rdf_2024_10_gdidata").all()
    assert "sum over" in ukraine["coverage"].iloc[-1] and ukraine["period"].iloc[-1] == "mid-2024"


def test_the_csv_export_carries_months_nationalities_incidents_and_asylum(prep) -> None:
    view = view_of(prep, "months=2016-05..2016-06&routes=central_med&incidents=on&nationality=ERI")
    rows = view_rows(prep, view)
    months = rows[rows["table"] == "route_month"]
    assert months["period"].tolist() == ["2016-05", "2016-06"] and months["year"].tolist() == [2016, 2016]
    assert (months["source_id"] == "frontex_ibc_2025_06_gdidata").all()
    assert "detections, not people" in months["caveat"].iloc[0]
    assert set(rows.loc[rows["table"] == "nationality_route", "iso3"]) == {"ERI"}
    incidents = rows[rows["table"] == "incidents"]
    zuwara = incidents[incidents["name"].str.contains("Zuwara") & (incidents["period"] == "2016-05-26")]
    assert zuwara[["period", "value"]].values.tolist() == [["2016-05-26", 550]]
    assert "survivors: 87" in zuwara["coverage"].item()
    asylum = rows[(rows["table"] == "unhcr_asylum_origin") & (rows["shown_in"] == "chart: origin and asylum")]
    assert set(asylum["indicator"]) == {"refugee", "asylum_seeker"}
    # The same table backs the Syria and Ukraine charts' lines.
    lines = rows[(rows["table"] == "unhcr_asylum_origin") & (rows["shown_in"] != "chart: origin and asylum")]
    assert set(lines["indicator"]) == {"syr_refugees_hosted", "refugees_from_ukr"}
    csv = pd.read_csv(io.StringIO(rows.to_csv(index=False)))
    assert len(csv) == len(rows)


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_sources_page_names_the_finer_tables_sources_and_their_caveats(prep, lang) -> None:
    from layouts.sources import build_sources_page

    page = {a.id: a.children[1].children for a in build_sources_page(prep, lang, "")
            if str(getattr(a, "id", "")).startswith("source-")}
    for source_id, table in (("iom_mmp_2025_06_gdidata", "incidents"), ("frontex_ibc_2025_06_gdidata",
                             "route_nationality"), ("unhcr_rdf_2024_10_gdidata", "asylum_origin")):
        shown, name = page[f"source-{source_id}"], t(f"table.{table}", lang)
        assert f"{name}: " in shown and f"({name})" in shown  # rows it backs, and the table's caveat


def test_a_year_step_with_the_incident_layer_on_only_switches_which_year_is_shown(prep) -> None:
    """In the years view every year's and route's circles are drawn once: a presenter's year step sends two
    `visible` flags for the layer, never a year's circles and hovers again; what shows is that year's incidents."""
    from answers.figures import FigureAnswers
    from core.added_figures import NONE
    from core.selections import incident_rows
    from core.served import serve
    from figures.diff import diff
    from figures.incidents import drawn

    answers = FigureAnswers(serve(prep.bundle, None))
    before = answers.map_for(view_of(prep, "year=2016&routes=central_med&incidents=on"), NONE)
    after = answers.map_for(view_of(prep, "year=2017&routes=central_med&incidents=on"), NONE)
    layer = [i for i, tr in enumerate(after["data"]) if tr["name"].startswith("incidents:")]
    changed = {(path[1], path[2]) for _, path, _ in diff(before, after) if path[0] == "data" and path[1] in layer}
    index = {after["data"][i]["name"]: i for i in layer}
    assert changed == {(index[f"incidents:{year}:central_med"], "visible") for year in (2016, 2017)}
    shown = [tr for tr in after["data"] if tr.get("visible") is True and tr["name"].startswith("incidents:")]
    assert [tr["name"] for tr in shown] == ["incidents:2017:central_med"]
    # A route click shows or hides that route's circles, nothing else; every route adds those on no route of ours.
    more = answers.map_for(view_of(prep, "year=2017&routes=central_med,eastern_med&incidents=on"), NONE)
    assert {(path[1], path[2]) for _, path, _ in diff(after, more) if path[0] == "data" and path[1] in layer} == {
        (index["incidents:2017:eastern_med"], "visible")}
    every = answers.map_for(view_of(prep, "year=2017&routes=all&incidents=on"), NONE)
    assert sum(sum(tr.get("marker", {}).get("size", [])) for tr in every["data"] if tr.get("visible") is True
               and tr["name"].startswith("incidents:")) == drawn(incident_rows(
        prep, view_of(prep, "year=2017&routes=all&incidents=on")))["dead_missing"].sum()
    expected = drawn(incident_rows(prep, view_of(prep, "year=2017&routes=central_med&incidents=on")))
    assert sum(shown[0]["marker"]["size"]) == expected["dead_missing"].sum() > 0


def test_every_nationality_and_country_of_asylum_or_origin_has_a_name_in_every_language(prep) -> None:
    """The nationality chart, the origin and asylum chart and the incident hovers name countries, never codes:
    every code those tables use has a name (made by scripts/build_country_names.py) in every language."""
    from core.text import LANGS

    b = prep.bundle
    codes = set(prep.finer.nationalities) | set(b.asylum_origin["asylum"]) | set(b.asylum_origin["origin"])
    codes |= {c for v in b.incidents["nationalities"].dropna() for c in v.split(";") if c}
    for lang in LANGS:
        unnamed = sorted(c for c in codes if prep.country_name(c, lang) == c)
        assert not unnamed, (lang, unnamed)
    assert prep.country_name("BGD", "ru") == "Бангладеш" and prep.country_name("STL", "uk") == "Особи без громадянства"


def test_the_crossings_chart_table_has_its_bars(prep) -> None:
    """The table under "where a nationality crosses" holds the bars' figures (its trace had no name: no column)."""
    from figures.finer import crossings_chart
    from layouts.table import figure_table

    view = parse("year=2016&nationality=ERI", prep.options)[0]
    fig = crossings_chart(prep, view)
    table = figure_table(fig, "en").to_plotly_json()["props"]["children"]
    rows = table[1].children
    assert len(rows) == len(fig["data"][0]["x"]) >= 2
    assert [r.children[1].children for r in rows] == [f"{v:,.0f}" for v in fig["data"][0]["x"]]
