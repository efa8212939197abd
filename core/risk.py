"""The route-risk composite: an analytic "exposure to trafficking risk" score per route and year, from sourced inputs.

Four inputs, each scaled to 0..1 (the method is also written out in docs/risk-method.md and in the app):
- volume: Frontex detections, log-scaled relative to the largest route-year in the data;
- lethality: IOM dead and missing per 1,000 Frontex detections on the same route and year, log-scaled the same way;
- governance: the mean US TIP Report tier of the route's departure and transit countries for that report year
  (Tier 1 = 0, Tier 2 = 1/3, Tier 2 Watch List = 2/3, Tier 3 = 1; "special case" counts as missing);
- exploitation: the IOM DTM survey share of migrants reporting at least one trafficking or exploitation indicator.
The composite is the weighted mean of the inputs that exist, times 100. A missing input is left out, never read as
zero, and a composite needs at least two inputs. It is an analytic composite, not an official figure.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

WEIGHT_NAMES = ("volume", "lethality", "governance", "exploitation")
TIER_SCORE = {"1": 0.0, "2": 1 / 3, "2WL": 2 / 3, "3": 1.0}
MIN_INPUTS = 2


@dataclass(frozen=True)
class RiskInputs:
    """Per route-year input scores (0..1, NaN when missing) and their raw values, computed once at start-up."""

    scores: pd.DataFrame  # index (route_id, year); columns WEIGHT_NAMES
    raw: pd.DataFrame  # index (route_id, year); raw values and the countries counted for governance


def risk_inputs(route_year: pd.DataFrame, tip_tiers: pd.DataFrame, routes: pd.DataFrame) -> RiskInputs:
    """Scale every sourced input to 0..1 for every route and year in the data."""
    wide = route_year.pivot_table(index=["route_id", "year"], columns="indicator", values="value", aggfunc="first")
    years = range(int(route_year["year"].min()), int(route_year["year"].max()) + 1)
    index = pd.MultiIndex.from_product([routes["route_id"], years], names=["route_id", "year"])
    wide = wide.reindex(index)
    detections = wide.get("detections", pd.Series(np.nan, index=index))
    dead = wide.get("dead_missing", pd.Series(np.nan, index=index))
    # A rate needs both counts for the same route-year, and detections above zero.
    rate = (dead / detections * 1000).where(detections > 0)
    gov_score, gov_countries = _governance(index, tip_tiers, routes)
    raw = pd.DataFrame({
        "detections": detections,
        "dead_missing": dead,
        "deaths_per_1000": rate,
        "tier_mean": gov_score,
        "tier_countries": gov_countries,
        "exploitation_share": wide.get("exploitation_share", pd.Series(np.nan, index=index)),
    })
    scores = pd.DataFrame({
        "volume": log_scale(detections),
        "lethality": log_scale(rate),
        "governance": gov_score,
        "exploitation": raw["exploitation_share"] / 100,
    })
    return RiskInputs(scores=scores[list(WEIGHT_NAMES)], raw=raw)


def log_scale(values: pd.Series) -> pd.Series:
    """log10(1 + v) / log10(1 + max v): 0 for none, 1 for the largest value in the data; NaN stays NaN."""
    top = values.max(skipna=True)
    if not (isinstance(top, float | int) and math.isfinite(top)) or top <= 0:
        return values * np.nan
    return np.log10(1 + values) / math.log10(1 + top)


def composite(inputs: RiskInputs, year: int, weights: tuple[int, ...]) -> pd.DataFrame:
    """Per route for one year: each input's contribution (points of 0..100), the score, and how many inputs it used.

    Contributions are weight x input / (sum of the weights of the inputs present) x 100, so they add up to the score.
    Routes with fewer than MIN_INPUTS inputs get no score (NaN) and no contributions.
    """
    scores = inputs.scores.xs(year, level="year") if year in inputs.scores.index.get_level_values("year") else None
    if scores is None:
        return pd.DataFrame(columns=[*WEIGHT_NAMES, "score", "inputs"])
    w = pd.Series(weights, index=list(WEIGHT_NAMES), dtype=float)
    present = scores.notna() & (w > 0)
    weight_sum = present.mul(w, axis=1).sum(axis=1)
    contrib = scores.mul(w, axis=1).div(weight_sum.replace(0, np.nan), axis=0) * 100
    contrib = contrib.where(present)
    enough = present.sum(axis=1) >= MIN_INPUTS
    out = contrib.where(enough, np.nan)
    out["score"] = contrib.sum(axis=1, min_count=1).where(enough)
    out["inputs"] = present.sum(axis=1)
    return out


def _governance(index: pd.MultiIndex, tip_tiers: pd.DataFrame, routes: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Mean tier score of each route's departure and transit countries, per report year, and how many counted."""
    tiers = tip_tiers.assign(score=tip_tiers["tier"].map(TIER_SCORE)).dropna(subset=["score"])
    lookup = tiers.set_index(["iso3", "report_year"])["score"].to_dict()
    members = {
        r.route_id: sorted({c for part in (r.origin, r.transit) if isinstance(part, str) for c in part.split(";") if c})
        for r in routes.itertuples()
    }
    means, counted = [], []
    for route_id, year in index:
        found = [lookup[(c, year)] for c in members[route_id] if (c, year) in lookup]
        means.append(float(np.mean(found)) if found else np.nan)
        counted.append(f"{len(found)} of {len(members[route_id])}")
    return pd.Series(means, index=index), pd.Series(counted, index=index)
