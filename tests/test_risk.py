"""The route-risk composite, checked by hand for one route-year, and its rules for missing inputs."""

from __future__ import annotations

import math

import pytest

from core.risk import composite, coverage

# Central Mediterranean 2016, by hand from the shipped rows:
# volume       = log10(1 + 181,376) / log10(1 + 885,386 [Eastern Med 2015, the largest route-year]) = 0.88422
# lethality    = 4,574 / 181,376 x 1,000 = 25.218 per 1,000 detections;
#                log10(1 + 25.218) / log10(1 + 251.863 [Western African 2016: 169 / 671 x 1,000])    = 0.59038
# governance   = mean tier score of DZA, EGY, LBY, NER, SDN, TUN with a 2016 tier:
#                EGY Tier 2 (1/3), NER Tier 2 WL (2/3), TUN Tier 2 WL (2/3)                          = 0.55556
# exploitation = 76 % of respondents (IOM DTM, Jun-Aug 2016)                                          = 0.76
# score (3,3,2,2) = (3 x 0.88422 + 3 x 0.59038 + 2 x 0.55556 + 2 x 0.76) / 10 x 100                 = 70.55
HAND = {"volume": 0.88422, "lethality": 0.59038, "governance": 0.55556, "exploitation": 0.76}


def test_inputs_match_the_hand_calculation(prep) -> None:
    inputs = prep.risk.scores.loc[("central_med", 2016)]
    for name, value in HAND.items():
        assert inputs[name] == pytest.approx(value, abs=5e-5), name
    assert prep.risk.raw.loc[("central_med", 2016), "deaths_per_1000"] == pytest.approx(25.2183, abs=1e-4)
    assert prep.risk.raw.loc[("central_med", 2016), "tier_countries"] == "3 of 6"


def test_score_and_contributions_match_the_hand_calculation(prep) -> None:
    row = composite(prep.risk, 2016, (3, 3, 2, 2)).loc["central_med"]
    assert row["score"] == pytest.approx(70.55, abs=0.01)
    assert row["volume"] == pytest.approx(3 * 0.88422 / 10 * 100, abs=0.01)
    assert row[["volume", "lethality", "governance", "exploitation"]].sum() == pytest.approx(row["score"])
    assert row["inputs"] == 4


def test_weights_move_the_score(prep) -> None:
    only_volume_and_deaths = composite(prep.risk, 2016, (1, 1, 0, 0)).loc["central_med", "score"]
    assert only_volume_and_deaths == pytest.approx((0.88422 + 0.59038) / 2 * 100, abs=0.01)


def test_a_missing_input_is_left_out_not_counted_as_zero(prep) -> None:
    # Western Balkans 2016: no IOM dead-and-missing series for this land route, and tiers for only 2 of its 6
    # countries (Serbia, Kosovo), under the half that governance needs.
    row = composite(prep.risk, 2016, (3, 3, 2, 2)).loc["western_balkans"]
    assert math.isnan(row["lethality"]) and math.isnan(row["governance"]) and row["inputs"] == 2
    scores = prep.risk.scores.loc[("western_balkans", 2016)]
    expected = (3 * scores["volume"] + 2 * scores["exploitation"]) / 5 * 100
    assert row["score"] == pytest.approx(expected)
    assert coverage(prep.risk, "western_balkans", 2016, "governance").startswith("not counted: tiers for only 2 of 6")


def test_governance_counts_at_half_of_the_route_countries(prep) -> None:
    # Central Mediterranean 2016: Egypt, Niger and Tunisia have tiers, 3 of 6 countries: exactly half, so it counts.
    assert prep.risk.raw.loc[("central_med", 2016), "tier_status"] == "counted"
    assert coverage(prep.risk, "central_med", 2016, "governance") == "tiers for 3 of 6 countries"
    assert coverage(prep.risk, "central_med", 2016, "governance", "ru") == "уровни для 3 из 6 стран"


@pytest.mark.parametrize("year", [2020, 2023])
def test_tier_lists_without_watch_list_and_tier_3_never_count(prep, year: int) -> None:
    # The 2020 and 2023 rows come from lists of Tier 1 and Tier 2 countries only: every route's mean would be about
    # 0.33 because the worse-rated countries are missing by construction. No route may use them.
    raw = prep.risk.raw.xs(year, level="year")
    assert set(raw.loc[raw["tier_mean"].notna(), "tier_status"]) == {"partial_list"}
    assert prep.risk.scores.xs(year, level="year")["governance"].isna().all()
    assert composite(prep.risk, year, (3, 3, 2, 2))["governance"].isna().all()
    assert "holds only Tier 1 and Tier 2" in coverage(prep.risk, "central_med", year, "governance")


def test_the_partial_list_years_come_from_the_data_not_the_code(prep) -> None:
    tiers = prep.bundle.tip_tiers
    assert set(tiers.loc[tiers["list_covers"] == "tiers 1 and 2 only", "report_year"]) == {2020, 2023}


def test_one_country_of_four_does_not_make_a_governance_input(prep) -> None:
    # 2024: Russia (Tier 3) is the only Eastern land borders country with a tier; alone it gave governance 1.0 and
    # that year's top score (82.7). Now the input is not counted and the route has too few inputs for a score.
    assert prep.risk.raw.loc[("eastern_land", 2024), "tier_countries"] == "1 of 4"
    assert math.isnan(prep.risk.scores.loc[("eastern_land", 2024), "governance"])
    scores = composite(prep.risk, 2024, (3, 3, 2, 2))
    assert math.isnan(scores.loc["eastern_land", "score"])
    assert scores["score"].max() < 82.7
    assert coverage(prep.risk, "eastern_land", 2024, "governance") == (
        "not counted: tiers for only 1 of 4 countries (needs at least half)")


def test_fewer_than_two_inputs_gives_no_score(prep) -> None:
    corridors = composite(prep.risk, 2016, (3, 3, 2, 2)).loc[["syria_neighbours", "ukraine_displacement"]]
    assert corridors["score"].isna().all()
    only_governance = composite(prep.risk, 2016, (0, 0, 1, 0))
    assert only_governance["score"].isna().all()


def test_year_without_data_gives_an_empty_table(prep) -> None:
    assert composite(prep.risk, 1999, (3, 3, 2, 2)).empty


def test_csv_risk_rows_carry_each_input_coverage(prep) -> None:
    from dataclasses import replace

    from core.export import view_rows
    from state.view import default_view

    view = replace(default_view(prep.options), year=2016)
    rows = view_rows(prep, view)
    risk = rows[rows["table"] == "route_risk"].set_index("route_id")
    assert "Governance (TIP tiers): tiers for 3 of 6 countries" in risk.loc["central_med", "coverage"]
    assert "Exploitation survey: survey 24 Jun - 3 Aug 2016" in risk.loc["central_med", "coverage"]
    assert "Governance (TIP tiers): not counted" in risk.loc["western_balkans", "coverage"]
