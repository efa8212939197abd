"""The shipped data: the seed's headline figures carry their exact official values and sources, every figure row
names a source that exists, and a sample of figures equals the checked reference values."""

from __future__ import annotations

import pandas as pd
import pytest

HEADLINES = {
    # headline_id: (official value, date it refers to, source_id, words of the seed speech)
    "displaced_worldwide": (59_500_000, "2014-12-31", "unhcr_global_trends_2015", "almost 60 million"),
    "syrians_in_neighbours": (4_013_000, "2015-07-09", "unhcr_syria_4m_2015_07_09", "almost 4 million Syrians"),
    "ukraine_idps": (1_381_953, "2015-07-10", "reliefweb_ukr_idps_2015_07_10", "well over 1.3 million IDPs"),
    "ukrainians_abroad": (900_300, "2015-06-26", "unhcr_ukr_abroad_2015_06", "around 900,000 Ukrainians"),
    "med_sea_crossings_2015": (103_000, "2015-06-08", "unhcr_briefing_2015_06_09", "more than 100,000 refugees"),
}


@pytest.mark.parametrize("headline_id", HEADLINES)
def test_headline_figures_equal_their_sourced_values(bundle, headline_id: str) -> None:
    value, as_of, source, seed = HEADLINES[headline_id]
    row = bundle.headlines.set_index("headline_id").loc[headline_id]
    assert (row["value"], row["as_of"], row["source_id"]) == (value, as_of, source)
    assert seed in row["seed_wording"]


def test_boat_crossing_headline_says_it_runs_to_8_june(bundle) -> None:
    row = bundle.headlines.set_index("headline_id").loc["med_sea_crossings_2015"]
    assert row["period"] == "1 Jan - 8 Jun 2015"
    assert "8 June" in row["note"]


def test_syrian_breakdown_adds_up_to_the_published_total(bundle) -> None:
    parts = bundle.headline_parts[bundle.headline_parts["headline_id"] == "syrians_in_neighbours"]
    assert parts["value"].sum() == 4_013_292  # UNHCR: "more than 4,013,000"


def test_every_figure_row_names_a_source_with_publisher_title_url_and_date(bundle) -> None:
    sources = bundle.sources.set_index("source_id")
    for frame in (bundle.route_year, bundle.country_year, bundle.tip_tiers, bundle.headlines,
                  bundle.headline_parts, bundle.routes):
        assert frame["source_id"].isin(sources.index).all()
    for column in ("publisher", "title", "url", "refers_to", "published", "licence"):
        assert sources[column].notna().all() and (sources[column].str.len() > 0).all(), column


def test_no_unverified_or_secondary_only_figures_are_shipped(bundle) -> None:
    for frame in (bundle.route_year, bundle.country_year, bundle.tip_tiers, bundle.headlines):
        assert not frame["confidence"].str.contains("unverified").any()
        assert not (frame["confidence"] == "secondary").any()


def test_partial_years_are_not_stored_as_years(bundle) -> None:
    assert bundle.route_year["year"].max() == 2024  # Frontex and IOM 2025 cover January-April only
    assert "mid-2024" in set(bundle.country_year.loc[bundle.country_year["year"] == 2024, "period"])


@pytest.mark.parametrize(
    ("table", "key", "value"),
    [
        ("route_year", ("eastern_med", 2015, "detections"), 885_386),
        ("route_year", ("central_med", 2016, "detections"), 181_376),
        ("route_year", ("western_balkans", 2015, "detections"), 764_033),
        ("route_year", ("central_med", 2023, "dead_missing"), 2_526),
        ("route_year", ("western_african", 2024, "dead_missing"), 1_215),
        ("country_year", ("TUR", 2015, "syr_refugees_hosted"), 2_503_549),
        ("country_year", ("LBN", 2014, "syr_refugees_hosted"), 1_147_494),
        ("country_year", ("UKR", 2022, "idps"), 5_914_000),
        ("country_year", ("UKR", 2023, "refugees_from_ukr"), 5_960_362),
        ("country_year", ("GRC", 2015, "sea_arrivals"), 856_723),
        ("country_year", ("ITA", 2016, "sea_arrivals"), 181_436),
    ],
)
def test_sample_figures_equal_the_checked_reference(bundle, table: str, key: tuple, value: int) -> None:
    frame: pd.DataFrame = getattr(bundle, table)
    index = ["route_id", "year", "indicator"] if table == "route_year" else ["iso3", "year", "indicator"]
    assert frame.set_index(index).loc[key, "value"] == value


def test_tip_tiers_of_2015_match_the_report(bundle) -> None:
    tiers = bundle.tip_tiers[bundle.tip_tiers["report_year"] == 2015].set_index("iso3")["tier"]
    assert tiers[["LBY", "TUR", "ITA", "BLR", "BGR", "UKR", "RUS"]].tolist() == ["3", "2", "1", "3", "2WL", "2WL", "3"]


def test_crimea_is_drawn_inside_ukraine_and_marked_occupied(bundle) -> None:
    from shapely.geometry import Point

    countries = bundle.countries.set_index("iso3").geometry
    simferopol = Point(34.10, 44.95)
    assert countries["UKR"].contains(simferopol) and not countries["RUS"].contains(simferopol)
    assert bundle.occupied.set_index("iso3").geometry["UKR"].contains(simferopol)
    assert "MLT" in countries.index and "CYP" in countries.index


def test_the_shipped_data_has_no_user_rows(bundle) -> None:
    for frame in (bundle.route_year, bundle.country_year):
        assert not (frame["confidence"] == "user data").any()
        assert not frame["source_id"].str.startswith("user_").any()


def test_every_marker_lies_inside_its_country(bundle) -> None:
    countries = bundle.countries.set_index("iso3").geometry
    outside = [row.name for row in bundle.arrival_points.itertuples()
               if not countries[row.iso3].contains(row.geometry)]
    assert outside == []


def test_every_marker_is_in_a_country_of_its_route(prep, bundle) -> None:
    for row in bundle.arrival_points.itertuples():
        assert row.iso3 in prep.route_countries[row.route_id], row.name


@pytest.mark.parametrize(("route_id", "iso3"), [("central_med", "MLT"), ("eastern_med", "CYP"),
                                                 ("eastern_med", "BGR"), ("eastern_med", "GRC")])
def test_routes_reach_every_named_arrival_country(bundle, route_id: str, iso3: str) -> None:
    line = bundle.routes.set_index("route_id").geometry[route_id]
    country = bundle.countries.set_index("iso3").geometry[iso3]
    assert line.intersects(country)
    assert iso3 in bundle.routes.set_index("route_id").loc[route_id, "arrival"].split(";")
