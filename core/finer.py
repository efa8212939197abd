"""The month, nationality and incident tables made ready once at start-up, so a request only slices arrays.

Detections by route, nationality and month are held as running totals along the months, so the sum over any month
range is one subtraction whatever its length. Incidents keep their month's position and route, so a period and a
set of routes select them with two comparisons.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from core.bundle import Bundle

# More incident points than this in a view are drawn as one point per grid cell (sums of dead and missing).
MAX_INCIDENT_POINTS = 700
GRID_DEGREES = 1.0


@dataclass(frozen=True)
class Period:
    """What a view's figures of months cover: first and last month 'YYYY-MM' and whether it is one whole year."""

    first: str
    last: str
    year: int | None  # the year, when the period is every month of one year with monthly figures


@dataclass(frozen=True)
class Finer:
    """Monthly, nationality and incident figures, indexed for slicing; read-only."""

    months: tuple[str, ...]  # every month with Frontex monthly figures, in order
    routes: tuple[str, ...]  # routes with monthly figures (Frontex routes), in the data's route order
    nationalities: tuple[str, ...]
    route_month: pd.DataFrame  # index month, one column per route (NaN: no figure)
    cumulative: np.ndarray  # [route, nationality, month + 1]: detections up to the month (0 before the first)
    incidents: pd.DataFrame  # the bundle's incidents plus `at` (month position, -1 outside) and `route` ('' if none)
    # UNHCR asylum x origin rows per country, as the country of asylum or of origin: the origin and asylum chart
    # reads one country's rows per request, and filtering the whole table for it cost a year step 25 ms.
    asylum_rows: Mapping[str, pd.DataFrame] = field(default_factory=dict)

    def period(self, year: int, months: tuple[str, str] | None, whole: bool = True) -> Period | None:
        """The months a view covers: its month range, or its year's months. A partial year (2025: January-April)
        is None when ``whole`` (a total for it would read as the year's), else its months, named as months."""
        if months:
            return Period(months[0], months[1], None)
        inside = [m for m in self.months if m.startswith(f"{year}-")]
        if len(inside) == 12:
            return Period(inside[0], inside[-1], year)
        return Period(inside[0], inside[-1], None) if inside and not whole else None

    @property
    def years(self) -> tuple[int, ...]:
        """The years with at least one month of figures, in order (a partial year included)."""
        return tuple(sorted({int(m[:4]) for m in self.months}))

    def by_nationality(self, routes: tuple[str, ...], period: Period) -> pd.Series:
        """Detections per nationality on ``routes`` in ``period``, largest first (nationalities with none left out)."""
        rows = [self.routes.index(r) for r in routes if r in self.routes]
        if not rows:
            return pd.Series(dtype=float)
        i, j = self.months.index(period.first), self.months.index(period.last) + 1
        totals = (self.cumulative[rows, :, j] - self.cumulative[rows, :, i]).sum(axis=0)
        series = pd.Series(totals, index=self.nationalities)
        return series[series > 0].sort_values(ascending=False, kind="stable")

    def by_route(self, nationality: str, period: Period) -> pd.Series:
        """Detections of one nationality on each Frontex route in ``period`` (routes with none left out)."""
        if nationality not in self.nationalities:
            return pd.Series(dtype=float)
        k = self.nationalities.index(nationality)
        i, j = self.months.index(period.first), self.months.index(period.last) + 1
        series = pd.Series(self.cumulative[:, k, j] - self.cumulative[:, k, i], index=self.routes)
        return series[series > 0]

    def incidents_in(self, routes: tuple[str, ...], every_route: bool, period: Period) -> pd.DataFrame:
        """The incidents of ``period`` on ``routes``; with every route selected, also those on no route of ours."""
        frame = self.incidents
        i, j = self.months.index(period.first), self.months.index(period.last)
        on_route = frame["route"].isin(routes) | ((frame["route"] == "") & every_route)
        return frame[(frame["at"] >= i) & (frame["at"] <= j) & on_route]


def incident_points(rows: pd.DataFrame) -> tuple[pd.DataFrame, bool]:
    """The points to draw and whether they are grid cells: each incident while few enough, else one point per
    ``GRID_DEGREES`` cell with the cell's incidents, dead and missing and first and last date."""
    if len(rows) <= MAX_INCIDENT_POINTS:
        return rows, False
    cell = (np.floor(rows[["lon", "lat"]] / GRID_DEGREES) * GRID_DEGREES + GRID_DEGREES / 2).round(2)
    grouped = rows.assign(cell_lon=cell["lon"], cell_lat=cell["lat"]).groupby(["cell_lon", "cell_lat"], sort=True)
    cells = grouped.agg(dead_missing=("dead_missing", "sum"), incidents=("date", "size"),
                        first=("date", "min"), last=("date", "max")).reset_index()
    return cells.rename(columns={"cell_lon": "lon", "cell_lat": "lat"}), True


def prepare_finer(bundle: Bundle) -> Finer:
    """Index the bundle's month, nationality and incident tables (once, at start-up)."""
    months = tuple(sorted(bundle.route_month["month"].unique()))
    routes = tuple(r for r in bundle.route_ids if r in set(bundle.route_month["route_id"]))
    wide = bundle.route_month.pivot(index="month", columns="route_id", values="detections").reindex(months)
    long = bundle.route_nationality
    nationalities = tuple(sorted(long["nationality"].unique()))
    counts = np.zeros((len(routes), len(nationalities), len(months) + 1))
    r = long["route_id"].map({x: i for i, x in enumerate(routes)}).to_numpy()
    k = long["nationality"].map({x: i for i, x in enumerate(nationalities)}).to_numpy()
    m = long["month"].map({x: i for i, x in enumerate(months)}).to_numpy()
    np.add.at(counts, (r, k, m + 1), long["detections"].to_numpy(dtype=float))
    incidents = bundle.incidents.assign(
        at=bundle.incidents["month"].map({x: i for i, x in enumerate(months)}).fillna(-1).astype(int),
        route=bundle.incidents["route_id"].fillna(""),
    )
    return Finer(months, routes, nationalities, wide[list(routes)], np.cumsum(counts, axis=2), incidents,
                 RowsByCountry(bundle.asylum_origin))


class RowsByCountry(Mapping[str, pd.DataFrame]):
    """A table's rows per country, as the country of asylum or of origin, in table order: the positions are found
    once, and a country's rows taken the first time they are asked for (taking all 200 at start-up cost 0.2 s)."""

    def __init__(self, table: pd.DataFrame) -> None:
        self._table = table
        self._asylum = table.groupby("asylum", sort=False).indices
        self._origin = table.groupby("origin", sort=False).indices
        self._countries = tuple(self._asylum | self._origin)
        self._rows: dict[str, pd.DataFrame] = {}

    def __getitem__(self, country: str) -> pd.DataFrame:
        rows = self._rows.get(country)
        if rows is None:
            if country not in self._asylum and country not in self._origin:
                raise KeyError(country)
            empty = np.array([], dtype=np.intp)
            positions = np.union1d(self._asylum.get(country, empty), self._origin.get(country, empty))
            rows = self._rows[country] = self._table.take(positions)
        return rows

    def __iter__(self) -> Iterator[str]:
        return iter(self._countries)

    def __len__(self) -> int:
        return len(self._countries)


@dataclass(frozen=True)
class OfficialSeries:
    """The Syria and Ukraine charts' lines from UNHCR's asylum × origin table (one official table, one measure:
    refugees, end of year, mid-year for 2024), and the hand-checked rows for dates that table does not cover.

    Each frame has country_year's columns (iso3, year, indicator, value, period, confidence, source_id) plus
    `coverage`, which says which cells of the table a point is."""

    syria: pd.DataFrame  # Syrian refugees per host country: one table cell each
    ukraine: pd.DataFrame  # refugees from Ukraine: the sum over countries of asylum (one measure, one date)
    apart: pd.DataFrame  # hand-checked rows of those indicators for dates the table lacks (other measures or dates)


def official_series(bundle: Bundle) -> OfficialSeries:
    """Build the charts' UNHCR series once: the hosts are those the hand-checked references name, so the chart
    shows the same countries as the map; where a reference and the table share a date they are equal (a test)."""
    table = bundle.asylum_origin
    refugees = table[table["group"] == "refugee"]
    cy = bundle.country_year
    hosts = set(cy.loc[cy["indicator"] == "syr_refugees_hosted", "iso3"])
    syria = refugees[(refugees["origin"] == "SYR") & refugees["asylum"].isin(hosts)]
    syria = pd.DataFrame({
        "iso3": syria["asylum"], "year": syria["year"], "indicator": "syr_refugees_hosted", "value": syria["value"],
        "period": syria["period"], "confidence": "exact", "source_id": syria["source_id"],
        "coverage": "asylum: " + syria["asylum"] + "; origin: SYR; group: refugee",
    }).sort_values(["iso3", "year"], kind="stable").reset_index(drop=True)
    # Refugees from Ukraine in every country of asylum: UNHCR's own total is this sum of one measure at one date.
    grouped = refugees[refugees["origin"] == "UKR"].groupby("year", sort=True)
    ukraine = grouped.agg(value=("value", "sum"), period=("period", "first"), source_id=("source_id", "first"),
                          countries=("asylum", "size")).reset_index()
    ukraine = pd.DataFrame({
        "iso3": "UKR", "year": ukraine["year"], "indicator": "refugees_from_ukr", "value": ukraine["value"],
        "period": ukraine["period"], "confidence": "exact", "source_id": ukraine["source_id"],
        "coverage": [f"origin: UKR; group: refugee; sum over {n} countries of asylum" for n in ukraine["countries"]],
    })
    # The references for dates the table lacks (2025: registrations, a government count) stay apart: never
    # joined to the table's line, since they measure something else or at another date.
    drawn = pd.concat([syria, ukraine])
    covered = set(zip(drawn["iso3"], drawn["year"], drawn["indicator"]))
    rows = cy[(cy["indicator"] == "syr_refugees_hosted") | ((cy["iso3"] == "UKR")
                                                              & (cy["indicator"] == "refugees_from_ukr"))]
    apart = rows[[k not in covered for k in zip(rows["iso3"], rows["year"], rows["indicator"])]]
    return OfficialSeries(syria, ukraine, apart.sort_values(["indicator", "iso3", "year"]).reset_index(drop=True))
