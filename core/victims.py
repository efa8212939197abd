"""UNODC's detected trafficking victims, indexed once for the map, the flows layer and the charts.

Its single job is to answer "how many victims were detected in this country (of this citizenship) in this year?"
from the two imported tables, keeping UNODC's suppressed cells ("<5") censored: a censored cell has no number, reads
"fewer than 5" in every language, and is never added into a total. A figure that adds cells says how many censored
cells it left out ("at least N, and k cells of fewer than 5").
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import pandas as pd

from core.bundle import Bundle
from core.text import fmt_date, fmt_number, t

INDICATOR = "victims_detected"


@dataclass(frozen=True)
class Cell:
    """One UNODC figure: its value (NaN when censored) and whether UNODC suppressed it."""

    value: float
    censored: bool


@dataclass(frozen=True)
class Victims:
    """Detected victims by country of detection and year, and by citizenship; read-only."""

    totals: Mapping[tuple[str, int], Cell]  # (iso3 of detection, year)
    # Citizenship rows of the kind "country" whose citizenship differs from the country of detection (cross-border
    # flows), one record per row: detected_in, year, citizenship, label, value (NaN when censored), censored.
    flows: pd.DataFrame
    # Every citizenship row (own nationals, regions, unknown included), for the CSV and the counts of what is left out.
    citizenship: pd.DataFrame
    flow_years: tuple[int, ...]
    release: str
    source_id: str
    # Where a flow line starts or ends: a point inside each country on the map (its largest part's representative
    # point, so an arrow never lands on an overseas territory or in the sea).
    points: Mapping[str, tuple[float, float]]

    def total(self, iso3: str, year: int) -> Cell | None:
        return self.totals.get((iso3, year))

    def flow_year(self, year: int) -> int | None:
        """The latest year up to ``year`` with any citizenship figure (None before the first)."""
        earlier = [y for y in self.flow_years if y <= year]
        return earlier[-1] if earlier else None


def prepare_victims(bundle: Bundle) -> Victims:
    totals = bundle.victims
    cells = {(iso, int(year)): Cell(float(value), censored == "yes")
             for iso, year, value, censored in zip(totals["iso3"], totals["year"], totals["value"], totals["censored"])}
    cit = bundle.victims_citizenship
    flows = cit[(cit["kind"] == "country") & (cit["citizenship"] != cit["detected_in"])]
    flows = flows[["detected_in", "year", "citizenship", "label", "value", "censored"]].reset_index(drop=True)
    releases = set(totals["release"]) | set(cit["release"])
    sources = set(totals["source_id"]) | set(cit["source_id"])
    points = {}
    for iso, geom in zip(bundle.countries["iso3"], bundle.countries.geometry):
        largest = max(getattr(geom, "geoms", [geom]), key=lambda part: part.area)
        point = largest.representative_point()
        points[iso] = (round(point.x, 2), round(point.y, 2))
    return Victims(
        points=MappingProxyType(points),
        totals=MappingProxyType(cells),
        flows=flows,
        citizenship=cit,
        flow_years=tuple(sorted(set(flows["year"].astype(int)))),
        release=min(releases) if releases else "",
        source_id=min(sources) if sources else "",
    )


def count_words(value: float, censored: bool, lang: str) -> str:
    """A cell as a reader sees it: "fewer than 5" for a censored cell (never 0, never 5), else the number."""
    if censored:
        return t("victims.censored", lang)
    return fmt_number(value, lang)


def sum_words(values: list[float], censored: list[bool], lang: str) -> str:
    """Several cells of one measure added up: the censored ones are never added, and the words say how many there
    are ("40, plus 2 × fewer than 5 (not added)"); only censored cells: "2 × fewer than 5"."""
    known = [v for v, c in zip(values, censored) if not c and not math.isnan(v)]
    hidden = sum(1 for c in censored if c)
    if not known and hidden:
        return t("victims.censored_only", lang, n=hidden) if hidden > 1 else t("victims.censored", lang)
    text = fmt_number(sum(known), lang)
    return t("victims.sum_with_censored", lang, value=text, n=hidden) if hidden else text


def release_words(release: str, lang: str) -> str:
    """"release of 14 April 2025" in the reader's language."""
    return t("victims.release", lang, date=fmt_date(release, lang))
