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
    # 2025 route rows are the publishers' full-year figures (Frontex Jan 2026, IOM Feb 2026), never Jan-Apr sums.
    ry = bundle.route_year
    assert ry["year"].max() == 2025
    assert set(ry.loc[ry["year"] == 2025, "period"]) == {"calendar year"}
    assert "mid-2024" in set(bundle.country_year.loc[bundle.country_year["year"] == 2024, "period"])
    assert bundle.years == (2009, 2025)


def _days(text: str) -> dict[int, int]:
    """Fieldwork days per calendar year of a period written like "7 Dec 2015 - 31 May 2016"."""
    from datetime import date, datetime, timedelta

    start, end = (datetime.strptime(part.strip(), "%d %b %Y").date() for part in text.split(" - "))
    days: dict[int, int] = {}
    day = start
    while day <= end:
        days[day.year] = days.get(day.year, 0) + 1
        day += timedelta(days=1)
    assert isinstance(start, date)
    return days


def test_a_survey_spanning_two_years_is_filed_under_the_year_holding_most_of_its_days(bundle) -> None:
    rows = bundle.route_year[bundle.route_year["indicator"] == "exploitation_share"]
    spanning = rows[rows["period"].str.contains(r"\d{4} - \d", regex=True)]
    assert len(spanning) == 2  # 7 Dec 2015 - 31 May 2016, Eastern Mediterranean and Western Balkans
    for row in spanning.itertuples():
        days = _days(row.period)
        assert len(days) == 2 and row.year == max(days, key=days.get)
        assert days == {2015: 25, 2016: 152}


def test_labels_say_what_the_source_says(bundle) -> None:
    headlines = bundle.headlines.set_index("headline_id")["confidence"]
    assert headlines["syrians_in_neighbours"] == "lower bound"  # UNHCR: "more than 4,013,000"
    assert "rounded" in headlines["med_sea_crossings_2015"] and "secondary" in headlines["med_sea_crossings_2015"]
    idps = bundle.country_year[(bundle.country_year["indicator"] == "idps")].set_index("year")["confidence"]
    assert all("rounded" in idps[y] for y in (2015, 2016, 2017, 2019, 2020))
    tiers = bundle.tip_tiers[bundle.tip_tiers["report_year"] == 2015].set_index("iso3")
    for iso in ("ERI", "IRQ", "SYR"):  # 2015 narratives not seen: the secondary dataset's rows stay
        assert tiers.loc[iso, "source_id"] == "heiss_tip_tiers" and "secondary" in tiers.loc[iso, "confidence"]
    for iso in ("DZA", "RUS"):  # now read from copies of the 2015 narratives, each naming its page
        assert tiers.loc[iso, "source_id"] == "us_tip_report_2015" and tiers.loc[iso, "confidence"] == "exact"
        assert tiers.loc[iso, "source_url"].startswith("http")
    later = bundle.tip_tiers[bundle.tip_tiers["source_id"].isin(["us_tip_2016", "us_tip_2017", "us_tip_2018",
                                                                  "us_tip_2019"])]
    plain = later[later["confidence"] == "exact"]
    assert set(zip(plain["iso3"], plain["report_year"])) == {("SRB", 2016)}
    assert (later.drop(plain.index)["confidence"] == "exact (copy not recorded)").all()
    stocks = bundle.country_year[bundle.country_year["indicator"] == "ukr_asylum_or_stay"]
    assert stocks["period"].str.startswith("stock as reported").all()


FIGURES_2025 = [
    ("route_year", ("central_med", 2025, "detections"), 66_328, "preliminary"),
    ("route_year", ("eastern_med", 2025, "detections"), 51_399, "preliminary"),
    ("route_year", ("western_med", 2025, "detections"), 19_403, "preliminary"),
    ("route_year", ("western_african", 2025, "detections"), 17_280, "preliminary"),
    ("route_year", ("western_balkans", 2025, "detections"), 12_525, "preliminary"),
    ("route_year", ("western_african", 2025, "dead_missing"), 1_214, "secondary"),
    ("country_year", ("ITA", 2025, "sea_arrivals_national"), 66_296, "secondary"),
    ("country_year", ("ESP", 2025, "sea_arrivals_national"), 32_925, "secondary"),
    ("country_year", ("LBN", 2025, "syr_returns"), 437_586, "secondary"),
    ("country_year", ("TUR", 2025, "syr_returns"), 440_000, "lower bound"),
    ("country_year", ("JOR", 2025, "syr_refugees_hosted"), 421_511, "secondary"),
    ("country_year", ("DEU", 2025, "ukr_temporary_protection"), 1_250_620, "secondary"),
    ("country_year", ("POL", 2025, "ukr_temporary_protection"), 969_240, "secondary"),
    ("area_year", ("world", 2025, "forcibly_displaced"), 117_300_000, "rounded"),
    ("area_year", ("world", 2024, "forcibly_displaced"), 123_200_000, "rounded"),
    ("area_year", ("world", 2015, "forcibly_displaced"), 65_300_000, "rounded"),
    ("area_year", ("eu", 2025, "detections_total"), 178_000, "preliminary"),
    ("area_year", ("mediterranean", 2025, "dead_missing_total"), 2_185, "at least"),
    ("area_year", ("syria_neighbours", 2025, "syr_returns_total"), 1_346_485, "secondary"),
]


@pytest.mark.parametrize(("table", "key", "value", "label"), FIGURES_2025)
def test_2025_figures_equal_the_reference_and_say_their_status(bundle, table: str, key: tuple, value: int,
                                                               label: str) -> None:
    frame: pd.DataFrame = getattr(bundle, table)
    first = {"route_year": "route_id", "country_year": "iso3", "area_year": "area"}[table]
    row = frame.set_index([first, "year", "indicator"]).loc[key]
    assert row["value"] == value
    assert label in row["confidence"]


def test_no_2025_row_where_the_reference_found_none(bundle) -> None:
    ry = bundle.route_year[bundle.route_year["year"] == 2025]
    assert not ry["route_id"].isin(["eastern_land", "black_sea", "albania_greece"]).any()
    assert set(ry.loc[ry["indicator"] == "dead_missing", "route_id"]) == {"western_african"}
    cy = bundle.country_year[bundle.country_year["year"] == 2025]
    assert not cy["indicator"].isin(["sea_arrivals", "idps", "refugees_from_ukr", "ukr_refugees_hosted"]).any()
    assert not cy["iso3"].isin(["MLT", "CYP", "GRC"]).any()  # Malta and Cyprus 2025 not found; Greece not sea-only
    tiers = bundle.tip_tiers[bundle.tip_tiers["report_year"] == 2025]
    # 24 from the compiled table (every page found for the September 2025 report), Malta and Cyprus from earlier
    # rows; Algeria (2WL only in an unverified page) and Libya (no 2025 narrative found) have none.
    assert len(tiers) == 26 and {"MLT", "TUN", "UKR", "MDA", "RUS", "CYP"} <= set(tiers["iso3"])
    assert not {"DZA", "LBY", "TUR", "ITA", "GRC"} & set(tiers["iso3"])


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
