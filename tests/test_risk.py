"""The route-risk composite, checked by hand for one route-year, and its rules for missing inputs."""

from __future__ import annotations

import math

import pytest

from core.risk import composite

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
    # Western Balkans 2016: no IOM dead-and-missing series for this land route.
    row = composite(prep.risk, 2016, (3, 3, 2, 2)).loc["western_balkans"]
    assert math.isnan(row["lethality"]) and row["inputs"] == 3
    scores = prep.risk.scores.loc[("western_balkans", 2016)]
    expected = (3 * scores["volume"] + 2 * scores["governance"] + 2 * scores["exploitation"]) / 7 * 100
    assert row["score"] == pytest.approx(expected)


def test_fewer_than_two_inputs_gives_no_score(prep) -> None:
    corridors = composite(prep.risk, 2016, (3, 3, 2, 2)).loc[["syria_neighbours", "ukraine_displacement"]]
    assert corridors["score"].isna().all()
    only_governance = composite(prep.risk, 2016, (0, 0, 1, 0))
    assert only_governance["score"].isna().all()


def test_year_without_data_gives_an_empty_table(prep) -> None:
    assert composite(prep.risk, 1999, (3, 3, 2, 2)).empty
