"""The route-risk composite: an analytic "exposure to trafficking risk" score per route and year, from sourced inputs.

Four inputs, each scaled to 0..1 (the method is also written out in docs/risk-method.md and in the app):
- volume: Frontex detections, log-scaled relative to the largest route-year in the data;
- lethality: IOM dead and missing per 1,000 Frontex detections on the same route and year, log-scaled the same way;
- governance: the mean US TIP Report tier of the route's departure and transit countries for that report year
  (Tier 1 = 0, Tier 2 = 1/3, Tier 2 Watch List = 2/3, Tier 3 = 1; "special case" counts as missing), counted only
  where tiers cover at least half of those countries and, in a year whose tiers partly come from a list that holds
  only Tier 1 and Tier 2 countries (such a list silently drops the worse-rated ones), every country of the route has
  a row; tiers from secondary pages only are shown but not counted, tiers inferred from an adjacent year's State
  text are counted;
- exploitation: the IOM DTM survey share of migrants reporting at least one trafficking or exploitation indicator.
The composite is the weighted mean of the inputs that exist, times 100. A missing input is left out, never read as
zero, and a composite needs at least two inputs with data (a weight of 0 means "ignore this input", not "missing":
the score then rests on the other weighted inputs, and a route none of whose weighted inputs exists gets no score).
It is an analytic composite, not an official figure. Each input's coverage (how much of the route it rests on, and
why an input was not counted) is kept next to it for the hover, the risk chart and the CSV.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from core.text import period, t

WEIGHT_NAMES = ("volume", "lethality", "governance", "exploitation")
TIER_SCORE = {"1": 0.0, "2": 1 / 3, "2WL": 2 / 3, "3": 1.0}
MIN_INPUTS = 2
MIN_TIER_SHARE = 0.5  # governance needs tiers for at least half of the route's departure and transit countries
PARTIAL_LIST = "tiers 1 and 2 only"
NOT_COUNTED = "secondary"  # confidence labels of tiers shown but not counted (pages quoting the report, unverified)
MAX_COMPOSITES = 256  # sets of weights, each with every year's composite


@dataclass(frozen=True)
class RiskInputs:
    """Per route-year input scores (0..1, NaN when missing) and their raw values, computed once at start-up."""

    scores: pd.DataFrame  # index (route_id, year); columns WEIGHT_NAMES
    raw: pd.DataFrame  # index (route_id, year); raw values and the countries counted for governance
    coverage: pd.DataFrame  # index (route_id, year); columns WEIGHT_NAMES: what each input rests on (see coverage())
    # The same per route-year as plain dicts: a figure asks for dozens of single cells, and a pandas `.loc` per
    # cell cost more than the rest of a year step (profiled: 60 ms of a 70 ms risk chart).
    rows: dict[tuple[str, int], dict] = field(default_factory=dict, compare=False, repr=False)
    # Per set of weights: every route-year's composite, and the years taken out of it so far.
    _composites: dict[tuple, tuple[pd.DataFrame, dict[int, pd.DataFrame]]] = field(
        default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        if not self.rows and len(self.scores):
            scores = self.scores.add_prefix("score.")
            cover = self.coverage.add_prefix("coverage.")
            joined = pd.concat([self.raw, scores, cover], axis=1)
            self.rows.update(joined.to_dict("index"))

    def score(self, route_id: str, year: int, name: str) -> float:
        """One input's score (0..1) for a route-year, NaN when it is missing."""
        row = self.rows.get((route_id, year))
        return math.nan if row is None else float(row["score." + name])


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
    gov_score, gov_countries, gov_status = _governance(index, tip_tiers, routes)
    periods = route_year[route_year["indicator"] == "exploitation_share"].set_index(["route_id", "year"])["period"]
    raw = pd.DataFrame({
        "detections": detections,
        "dead_missing": dead,
        "deaths_per_1000": rate,
        "tier_mean": gov_score,
        "tier_countries": gov_countries,
        "tier_status": gov_status,
        "exploitation_share": wide.get("exploitation_share", pd.Series(np.nan, index=index)),
        "exploitation_period": periods.reindex(index),
    })
    scores = pd.DataFrame({
        "volume": log_scale(detections),
        "lethality": log_scale(rate),
        "governance": gov_score.where(gov_status == "counted"),
        "exploitation": raw["exploitation_share"] / 100,
    })
    missing = "missing"
    coverage = pd.DataFrame({
        "volume": np.where(detections.notna(), "route total", missing),
        "lethality": np.where(rate.notna(), "same route and year", missing),
        "governance": np.where(gov_status == "none", missing, gov_status),
        "exploitation": raw["exploitation_period"].fillna(missing),
    }, index=index)
    return RiskInputs(scores=scores[list(WEIGHT_NAMES)], raw=raw, coverage=coverage[list(WEIGHT_NAMES)])


def coverage(inputs: RiskInputs, route_id: str, year: int, name: str, lang: str = "en") -> str:
    """What one input of a route-year rests on, in words: e.g. "tiers for 3 of 6 countries", "not counted: tiers
    for 1 of 4 countries (fewer than half)", "not counted: the year's tier list omits Tier 2 WL and Tier 3"."""
    row = inputs.rows.get((route_id, year))
    if row is None:
        return t("coverage.missing", lang)
    status = row["coverage." + name]
    if name == "governance" and status != "missing":
        counted = row["tier_countries"]
        return t(f"coverage.governance.{status}", lang, countries=counted.replace("of", t("coverage.of", lang)))
    if name == "exploitation" and status != "missing":
        return t("coverage.exploitation", lang, period=period(status, lang))
    return t(f"coverage.{status.replace(' ', '_')}", lang)


def log_scale(values: pd.Series) -> pd.Series:
    """log10(1 + v) / log10(1 + max v): 0 for none, 1 for the largest value in the data; NaN stays NaN."""
    top = values.max(skipna=True)
    if not (isinstance(top, float | int) and math.isfinite(top)) or top <= 0:
        return values * np.nan
    return np.log10(1 + values) / math.log10(1 + top)


def composite(inputs: RiskInputs, year: int, weights: tuple[int, ...]) -> pd.DataFrame:
    """Per route for one year: each input's contribution (points of 0..100), the score, and how many inputs it used.

    Contributions are weight x input / (sum of the weights of the inputs present) x 100, so they add up to the score.
    Routes with fewer than MIN_INPUTS inputs with data get no score (NaN) and no contributions, and so do routes none
    of whose weighted inputs has data; "inputs" counts the inputs with data, whatever their weight. Computed for
    every year at once (as quick as for one) the first time a set of weights is asked for: a year step then only
    takes its year out.
    """
    key = tuple(weights)
    if key not in inputs._composites:
        if len(inputs._composites) >= MAX_COMPOSITES:  # weights come from links: bound what they can make us keep
            inputs._composites.clear()
        inputs._composites[key] = (_every_year(inputs, key), {})
    every_year, by_year = inputs._composites[key]
    if year not in by_year:
        years = every_year.index.get_level_values("year")
        by_year[year] = (every_year.xs(year, level="year") if year in years
                         else pd.DataFrame(columns=[*WEIGHT_NAMES, "score", "inputs"]))
    return by_year[year].copy()


def _every_year(inputs: RiskInputs, weights: tuple[int, ...]) -> pd.DataFrame:
    """composite() for every route and year in the data, indexed by (route_id, year); in numpy, since pandas' index
    alignment made this 12 ms for a frame of 160 rows."""
    scores = inputs.scores
    values, w = scores.to_numpy(dtype=float), np.asarray(weights, dtype=float)
    sourced = ~np.isnan(values)
    # A weight of 0 leaves its input out of the mean; it does not make the route short of inputs.
    present = sourced & (w > 0)
    weight_sum = (present * w).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        contrib = values * w / np.where(weight_sum == 0, np.nan, weight_sum)[:, None] * 100
    contrib = np.where(present, contrib, np.nan)
    used = sourced.sum(axis=1)
    enough = (used >= MIN_INPUTS) & (weight_sum > 0)
    out = pd.DataFrame(np.where(enough[:, None], contrib, np.nan), index=scores.index, columns=scores.columns)
    with np.errstate(invalid="ignore"):
        out["score"] = np.where(enough & ~np.isnan(contrib).all(axis=1), np.nansum(contrib, axis=1), np.nan)
    out["inputs"] = used
    return out


def _governance(index: pd.MultiIndex, tip_tiers: pd.DataFrame,
                routes: pd.DataFrame) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Mean tier score of each route's departure and transit countries, per report year; how many had a tier; and
    whether the mean counts: "counted", "too_few" (under half the countries), "partial_list" (some of the year's
    tiers come from a list without Tier 2 WL and Tier 3 and a country of the route has no row, so it may be missing
    because it is worse-rated) or "none". Tiers labelled "secondary …" (news or NGO pages only) are not counted;
    tiers inferred from an adjacent year's State text are."""
    partial_years = set(tip_tiers.loc[tip_tiers["list_covers"] == PARTIAL_LIST, "report_year"])
    placed = set(zip(tip_tiers["iso3"], tip_tiers["report_year"]))  # any row, "special case" and secondary included
    # A tier resting on secondary pages only (news, NGO) is shown on the map but never enters the mean.
    usable = tip_tiers[~tip_tiers["confidence"].str.startswith(NOT_COUNTED)]
    tiers = usable.assign(score=usable["tier"].map(TIER_SCORE)).dropna(subset=["score"])
    lookup = tiers.set_index(["iso3", "report_year"])["score"].to_dict()
    members = {
        r.route_id: sorted({c for part in (r.origin, r.transit) if isinstance(part, str) for c in part.split(";") if c})
        for r in routes.itertuples()
    }
    means, counted, status = [], [], []
    for route_id, year in index:
        found = [lookup[(c, year)] for c in members[route_id] if (c, year) in lookup]
        means.append(float(np.mean(found)) if found else np.nan)
        counted.append(f"{len(found)} of {len(members[route_id])}")
        if not found:
            status.append("none")
        elif year in partial_years and any((c, year) not in placed for c in members[route_id]):
            # A country absent from a Tier 1 / Tier 2 list may be absent because it is on the Watch List or Tier 3:
            # in such a year the mean counts only when every country of the route has a row of its own.
            status.append("partial_list")
        elif len(found) < MIN_TIER_SHARE * len(members[route_id]):
            status.append("too_few")
        else:
            status.append("counted")
    return pd.Series(means, index=index), pd.Series(counted, index=index), pd.Series(status, index=index)


def governance_share(inputs: RiskInputs, first: int = 2009, last: int = 2025) -> tuple[int, int]:
    """How many route-years from ``first`` to ``last`` (every route, corridors included) have a counted governance
    input, and of how many: the figure the tier import is measured by (scripts/governance_coverage.py)."""
    status = inputs.raw["tier_status"]
    years = status.index.get_level_values("year")
    inside = status[(years >= first) & (years <= last)]
    return int((inside == "counted").sum()), len(inside)
