"""What each year card shows, as data: the one rule for like-for-like totals and their qualifiers.

This module's single job is to decide, for the selected year, which figure each year card shows: no data, one row,
a total of rows that are one series (same source, same period: so the same measure and date), or the parts when
they are not; and which qualifier a total takes. The page (layouts/cards.py) draws these figures and the CSV export
(core/export.py) writes the same ones, so the two cannot disagree.

A total is "more than" only when every part is exact or a lower bound (and one is a lower bound); "about" when any
part is rounded; exact only when every part is. When the publisher's own total for the same measure is shipped
(an area row, `OFFICIAL_TOTALS`), the card shows it beside our sum.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from core.text import qualifier

if TYPE_CHECKING:
    import pandas as pd

    from core.prepared import Prepared

# Measures shown for the selected year, each summed only over rows of one series (same source, same period).
YEAR_MEASURES = (
    ("syr_refugees_hosted", ("TUR", "LBN", "JOR", "IRQ", "EGY")),
    ("idps", ("UKR",)),
    ("refugees_from_ukr", ("UKR",)),
    ("sea_arrivals", ("ITA", "GRC", "ESP", "CYP", "MLT")),
    ("sea_arrivals_national", ("ITA", "GRC", "ESP", "CYP", "MLT")),
    ("syr_returns", ("TUR", "LBN", "JOR", "IRQ", "EGY")),
)
# World and regional totals (area_year.csv), one row each, never added to anything. The first is shown every year
# ("no data" when missing); the others only in a year that has them.
AREA_MEASURES = (
    ("world", "forcibly_displaced"),
    ("syria_neighbours", "syr_returns_total"),
    ("syria_neighbours", "syr_refugees_in_neighbours"),
    ("eu", "detections_total"),
    ("mediterranean", "dead_missing_total"),
    ("world", "dead_missing_total"),
    ("eu", "ukr_temporary_protection_total"),
    ("world", "refugees_from_ukr_recorded"),
)
ALWAYS_SHOWN = {("world", "forcibly_displaced")}
# A country measure whose publisher's own total is an area row: the card shows that total beside our sum.
OFFICIAL_TOTALS = {"syr_returns": ("syria_neighbours", "syr_returns_total")}


@dataclass(frozen=True)
class CardFigure:
    """One year card's figure: `kind` is "none", "one", "sum", "parts" or "area"."""

    card_id: str
    indicator: str
    kind: str
    rows: tuple  # the rows shown or summed (records with iso3/area, value, period, confidence, source_id)
    value: float | None = None  # the row's value or our sum
    confidence: str = ""  # how the value is worded: the row's label, or the sum's ("lower bound", "rounded", "")
    expected: int = 0  # how many countries the measure covers
    official: object = None  # the publisher's own total (an area row) shown beside our sum

    @property
    def sources(self) -> list[str]:
        return sorted({r["source_id"] for r in self.rows})

    @property
    def periods(self) -> set[str]:
        return {r["period"] for r in self.rows}


def like_for_like(rows: list) -> bool:
    """Rows may be added up (or called comparable) only when they are one series: one source and one period."""
    return len({r["source_id"] for r in rows}) == 1 and len({r["period"] for r in rows}) == 1


# A total's confidence label (catalogue messages `confidence.*`); core/text.qualifier words it "about", "more than".
SUM_ROUNDED = "approximate (computed sum with rounded parts)"
SUM_LOWER = "lower bound (computed sum; more than)"
SUM_EXACT = "computed (sum of exact figures)"


def comparable_latest(measure: object, latest_indicator: object) -> bool:
    """A headline's "Latest" figure is called comparable only when it is the same measure: its indicator is the
    headline's `measure` (registered IDPs are not UNHCR's IDP estimate; people seeking stay in neighbouring
    countries are not refugees recorded globally). Otherwise it is shown as another measure, for context."""
    return isinstance(measure, str) and measure == latest_indicator


def sum_confidence(rows: list) -> str:
    """The confidence a total of ``rows`` inherits from its weakest part: about (SUM_ROUNDED) when any part is
    rounded; more than (SUM_LOWER) when every part is exact or a lower bound and one is a lower bound; else exact
    (SUM_EXACT). A preliminary part makes the total preliminary."""
    kinds = {qualifier(r["confidence"]) for r in rows}
    label = SUM_ROUNDED if kinds & {"about", "almost"} else SUM_LOWER if kinds & {"more_than", "at_least"} \
        else SUM_EXACT
    if any("preliminary" in str(r["confidence"]) for r in rows):
        label += "; preliminary"
    return label


def year_card_figures(prep: Prepared, year: int) -> list[CardFigure]:
    """Every year card's figure for ``year``, in the page's order."""
    figures = []
    for indicator, countries in YEAR_MEASURES:
        found = {r["iso3"]: r for r in prep.country_rows.get((indicator, year), ()) if r["iso3"] in countries}
        rows = tuple(found[c] for c in countries if c in found)
        card_id = f"year-card-{indicator}"
        if not rows:
            figures.append(CardFigure(card_id, indicator, "none", rows, expected=len(countries)))
        elif len(rows) == 1:
            figures.append(CardFigure(card_id, indicator, "one", rows, float(rows[0]["value"]),
                                      rows[0]["confidence"], len(countries)))
        elif like_for_like(list(rows)):
            official = OFFICIAL_TOTALS.get(indicator)
            figures.append(CardFigure(card_id, indicator, "sum", rows, float(sum(r["value"] for r in rows)),
                                      sum_confidence(list(rows)), len(countries),
                                      prep.area_rows.get((*official, year)) if official else None))
        else:
            figures.append(CardFigure(card_id, indicator, "parts", rows, expected=len(countries)))
    for area, indicator in AREA_MEASURES:
        row = prep.area_rows.get((area, indicator, year))
        card_id = "year-card-forcibly_displaced" if indicator == "forcibly_displaced" else \
            f"year-card-{area}-{indicator}"
        if row is None:
            if (area, indicator) in ALWAYS_SHOWN:
                figures.append(CardFigure(card_id, indicator, "none", ()))
            continue
        figures.append(CardFigure(card_id, indicator, "area", (row,), float(row["value"]), row["confidence"]))
    return figures


def latest_row(prep: Prepared, series: object) -> pd.Series | None:
    """The newest row of a series named "<area>:<indicator>" (area_year) or "<ISO3>:<indicator>" (country_year)."""
    if not isinstance(series, str) or ":" not in series:
        return None
    key, indicator = series.split(":", 1)
    if key.isupper():
        frame = prep.bundle.country_year
        rows = frame[(frame["iso3"] == key) & (frame["indicator"] == indicator)]
    else:
        frame = prep.bundle.area_year
        rows = frame[(frame["area"] == key) & (frame["indicator"] == indicator)]
    return None if rows.empty else rows.sort_values("year").iloc[-1]
