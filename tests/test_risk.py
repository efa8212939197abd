"""The route-risk composite, checked by hand for one route-year, and its rules for missing inputs."""

from __future__ import annotations

import math

import pytest

from core.risk import composite, coverage

# Central Mediterranean 2016, by hand from the shipped rows:
# volume       = log10(1 + 181,376) / log10(1 + 885,386 [Eastern Med 2015, the largest route-year]) = 0.88422
# lethality    = 4,574 / 181,376 x 1,000 = 25.218 per 1,000 detections;
#                log10(1 + 25.218) / log10(1 + 251.863 [Western African 2016: 169 / 671 x 1,000])    = 0.59038
# governance   = mean tier score of DZA, EGY, LBY, NER, SDN, TUN with a 2016 tier (Libya: special case, Sudan:
#                no page found): DZA Tier 3 (1), EGY Tier 2 (1/3), NER Tier 2 WL (2/3), TUN Tier 2 WL (2/3) = 0.66667
# exploitation = 76 % of respondents (IOM DTM, Jun-Aug 2016)                                          = 0.76
# score (3,3,2,2) = (3 x 0.88422 + 3 x 0.59038 + 2 x 0.66667 + 2 x 0.76) / 10 x 100                 = 72.77
HAND = {"volume": 0.88422, "lethality": 0.59038, "governance": 0.66667, "exploitation": 0.76}


def test_inputs_match_the_hand_calculation(prep) -> None:
    inputs = prep.risk.scores.loc[("central_med", 2016)]
    for name, value in HAND.items():
        assert inputs[name] == pytest.approx(value, abs=5e-5), name
    assert prep.risk.raw.loc[("central_med", 2016), "deaths_per_1000"] == pytest.approx(25.2183, abs=1e-4)
    assert prep.risk.raw.loc[("central_med", 2016), "tier_countries"] == "4 of 6"


def test_score_and_contributions_match_the_hand_calculation(prep) -> None:
    row = composite(prep.risk, 2016, (3, 3, 2, 2)).loc["central_med"]
    assert row["score"] == pytest.approx(72.77, abs=0.01)
    assert row["volume"] == pytest.approx(3 * 0.88422 / 10 * 100, abs=0.01)
    assert row[["volume", "lethality", "governance", "exploitation"]].sum() == pytest.approx(row["score"])
    assert row["inputs"] == 4


def test_weights_move_the_score(prep) -> None:
    only_volume_and_deaths = composite(prep.risk, 2016, (1, 1, 0, 0)).loc["central_med", "score"]
    assert only_volume_and_deaths == pytest.approx((0.88422 + 0.59038) / 2 * 100, abs=0.01)


def test_a_missing_input_is_left_out_not_counted_as_zero(prep) -> None:
    # Central Mediterranean 2024: no DTM survey, and counted tiers for only 2 of its 6 countries (Tunisia, Niger and
    # Sudan: no page found; Libya: special case), under the half that governance needs.
    row = composite(prep.risk, 2024, (3, 3, 2, 2)).loc["central_med"]
    assert math.isnan(row["exploitation"]) and math.isnan(row["governance"]) and row["inputs"] == 2
    scores = prep.risk.scores.loc[("central_med", 2024)]
    expected = (3 * scores["volume"] + 3 * scores["lethality"]) / 6 * 100
    assert row["score"] == pytest.approx(expected)
    assert coverage(prep.risk, "central_med", 2024, "governance") == (
        "not counted: tiers for only 2 of 6 countries (needs at least half)")


def test_governance_counts_at_half_of_the_route_countries(prep) -> None:
    # Central Mediterranean 2016: Algeria, Egypt, Niger and Tunisia have tiers, 4 of 6 countries, so it counts.
    assert prep.risk.raw.loc[("central_med", 2016), "tier_status"] == "counted"
    assert coverage(prep.risk, "central_med", 2016, "governance") == "tiers for 4 of 6 countries"
    assert coverage(prep.risk, "central_med", 2016, "governance", "ru") == "уровни для 4 из 6 стран"


def test_a_tier_from_secondary_pages_only_is_shown_but_not_counted(prep) -> None:
    # Albania 2021 rests on news pages only: the Albania-Greece route has no governance input that year.
    tiers = prep.bundle.tip_tiers.set_index(["iso3", "report_year"])
    assert tiers.loc[("ALB", 2021), "confidence"] == "secondary (lower confidence)"
    assert tiers.loc[("ALB", 2021), "tier"] == "2"
    assert math.isnan(prep.risk.scores.loc[("albania_greece", 2021), "governance"])
    assert prep.risk.raw.loc[("albania_greece", 2021), "tier_countries"] == "0 of 1"


def test_an_inferred_tier_counts(prep) -> None:
    # Serbia 2018 is inferred from the 2019 narrative ("Serbia remained on Tier 2"); with the other five Western
    # Balkans countries' 2018 tiers it makes the route's mean: MKD 2, SRB 2, ALB 2, MNE 2WL, BIH 2WL, XKX 2.
    tiers = prep.bundle.tip_tiers.set_index(["iso3", "report_year"])
    assert tiers.loc[("SRB", 2018), "confidence"] == "inferred (adjacent year's State text)"
    assert tiers.loc[("SRB", 2018), "source_id"] == "us_tip_report_2019"
    assert prep.risk.raw.loc[("western_balkans", 2018), "tier_countries"] == "6 of 6"
    assert prep.risk.scores.loc[("western_balkans", 2018), "governance"] == pytest.approx((4 / 3 + 4 / 3) / 6)


def test_a_tier_1_and_2_list_year_counts_only_where_every_country_has_a_row(bundle) -> None:
    # 2020: eight tiers come from a list of Tier 1 and Tier 2 countries only. Every Central Mediterranean country has
    # a 2020 row (Libya's is "special case"), so nothing on that route can be missing because it is worse-rated, and
    # the input counts. Take Algeria's row away and a worse-rated Algeria could hide behind the list: not counted.
    from core.risk import risk_inputs

    full = risk_inputs(bundle.route_year, bundle.tip_tiers, bundle.routes)
    assert full.raw.loc[("central_med", 2020), "tier_status"] == "counted"
    tiers = bundle.tip_tiers
    without = tiers[~((tiers["iso3"] == "DZA") & (tiers["report_year"] == 2020))]
    cut = risk_inputs(bundle.route_year, without, bundle.routes)
    assert cut.raw.loc[("central_med", 2020), "tier_status"] == "partial_list"
    assert math.isnan(cut.scores.loc[("central_med", 2020), "governance"])
    assert cut.raw.loc[("central_med", 2021), "tier_status"] == "counted"  # 2021 has no such list


def test_the_partial_list_years_come_from_the_data_not_the_code(prep) -> None:
    tiers = prep.bundle.tip_tiers
    assert set(tiers.loc[tiers["list_covers"] == "tiers 1 and 2 only", "report_year"]) == {2020, 2023}


def test_governance_share_of_route_years_2009_2025(prep) -> None:
    # The figure the tier import is measured by (scripts/governance_coverage.py): before the 2014-2025 tier table
    # was merged, 74 of 170 route-years had a counted governance input (none in 2020-2024).
    from core.risk import governance_share

    assert governance_share(prep.risk, 2009, 2025) == (154, 170)
    counted = prep.risk.raw["tier_status"] == "counted"
    assert counted.xs(2021, level="year").sum() == 9 and counted.xs(2022, level="year").sum() == 10


def test_fewer_than_two_inputs_gives_no_score(prep) -> None:
    corridors = composite(prep.risk, 2016, (3, 3, 2, 2)).loc[["syria_neighbours", "ukraine_displacement"]]
    assert corridors["score"].isna().all()
    # Only governance weighted: the corridors (governance alone) still get none; a route with two inputs with data
    # ranks on its governance alone (weights of 0 leave the other inputs out, they do not make them missing).
    only_governance = composite(prep.risk, 2016, (0, 0, 1, 0))
    assert only_governance.loc[["syria_neighbours", "ukraine_displacement"], "score"].isna().all()
    assert only_governance.loc["central_med", "score"] == pytest.approx(HAND["governance"] * 100, abs=0.01)


def test_year_without_data_gives_an_empty_table(prep) -> None:
    assert composite(prep.risk, 1999, (3, 3, 2, 2)).empty


def test_csv_risk_rows_carry_each_input_coverage(prep) -> None:
    from dataclasses import replace

    from core.export import view_rows
    from core.view import default_view

    view = replace(default_view(prep.options), year=2016)
    rows = view_rows(prep, view)
    risk = rows[rows["table"] == "route_risk"].set_index("route_id")
    assert "Governance (TIP tiers): tiers for 4 of 6 countries" in risk.loc["central_med", "coverage"]
    assert "Exploitation survey: survey 24 Jun - 3 Aug 2016" in risk.loc["central_med", "coverage"]
    assert "Governance (TIP tiers): tiers for 5 of 6 countries" in risk.loc["western_balkans", "coverage"]


def test_a_zero_weight_ignores_its_input_and_the_route_still_ranks(prep) -> None:
    """Weights volume 0, lethality 10: a 0 weight means "ignore this input", not "missing". Central Mediterranean
    2024 has volume and lethality only (no survey, governance not counted): it ranks on lethality alone."""
    frame = composite(prep.risk, 2024, (0, 10, 2, 2))
    row = frame.loc["central_med"]
    assert row["inputs"] == 2 and math.isnan(row["volume"])
    assert row["score"] == pytest.approx(prep.risk.scores.loc[("central_med", 2024), "lethality"] * 100)
    # Every route with two inputs with data and lethality among them gets a score: the ranking is not empty.
    ranked = frame.dropna(subset=["score"])
    assert "central_med" in ranked.index and len(ranked) >= 3
    assert (ranked["inputs"] >= 2).all()


def test_no_score_without_two_inputs_with_data_or_without_a_weighted_one(prep) -> None:
    # Syria's neighbours: governance only, so no composite whatever the weights.
    assert math.isnan(composite(prep.risk, 2016, (0, 0, 10, 0)).loc["syria_neighbours", "score"])
    # Every weight 0: nothing to rank on, so no route has a score (rather than a division by zero).
    assert composite(prep.risk, 2016, (0, 0, 0, 0))["score"].isna().all()
    # A route whose only weighted input is missing gets no score: Central Mediterranean 2024 has no survey.
    assert math.isnan(composite(prep.risk, 2024, (0, 0, 0, 10)).loc["central_med", "score"])


def test_the_risk_chart_ranks_routes_with_a_zero_weight(prep) -> None:
    """The tester's weights (volume 0, lethality 10) in 2011, a year before the TIP tiers and surveys count: the risk
    chart's labels gave "too few inputs" on all 7 routes with detections and deaths; now each has its score, carried
    by the lethality bars alone."""
    from dataclasses import replace

    from core.view import default_view
    from figures.charts import risk_chart

    view = replace(default_view(prep.options), year=2011, weights=(0, 10, 2, 2))
    fig = risk_chart(prep, view)
    labels = next(tr for tr in fig["data"] if tr.get("mode") == "text")["text"]
    scored = [label for label in labels if not label.startswith("too few inputs")]
    assert len(scored) == 7, labels
    volume = next(tr for tr in fig["data"] if tr.get("name") == "Volume")
    assert all(v is None or math.isnan(v) for v in volume["x"])
