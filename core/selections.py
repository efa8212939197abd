"""What a view selects from the data, shared by the charts and layers that draw it and the CSV that lists it: the
nationality totals' period, UNODC's "who is found" cells, a country's origin and asylum rows, the incidents and the
trafficking flows a view shows. Below both figures/ and the export, so each row a chart draws is the row the CSV lists.
"""

from __future__ import annotations

import pandas as pd

from core.finer import Period
from core.prepared import Prepared
from core.text import months_label
from core.view import View

TOP_NATIONALITIES = 10
TOP_COUNTRIES = 8
DEFAULT_ORIGIN = "SYR"  # the origin and asylum chart's country while none is selected


def period_words(prep: Prepared, view: View, found: Period) -> str:
    """A period as the reader says it: the year when it is one whole year, else its months."""
    return str(found.year) if found.year else months_label(found.first, found.last, view.lang)


def found_rows(prep: Prepared, view: View, citizenships: list[str]) -> tuple[int | None, pd.DataFrame]:
    """UNODC's cells of victims of these citizenships detected in the selected routes' arrival and transit countries,
    in the latest year with citizenship figures up to the view's (and that year). Own nationals found at home are
    not among them (they crossed no border)."""
    year = prep.victims.flow_year(view.year)
    flows = prep.victims.flows
    if year is None:
        return None, flows.iloc[0:0]
    routes = prep.bundle.routes.set_index("route_id")
    places = {c for r in view.routes if r in routes.index
              for part in (routes.loc[r, "arrival"], routes.loc[r, "transit"])
              if isinstance(part, str) for c in part.split(";") if c}
    rows = flows[(flows["year"] == year) & flows["detected_in"].isin(places) & flows["citizenship"].isin(citizenships)]
    return year, rows


def origin_asylum(prep: Prepared, country: str, year: int) -> tuple[pd.DataFrame, pd.DataFrame, int | None]:
    """UNHCR's refugees and asylum-seekers a country hosts (by origin) and its nationals hosted abroad (by asylum
    country) for ``year``, or the table's last year before it; with the year used (None: no figures)."""
    mine = prep.finer.asylum_rows.get(country, prep.bundle.asylum_origin.iloc[0:0])
    years = mine.loc[mine["year"] <= year, "year"]
    if years.empty:
        return mine.iloc[0:0], mine.iloc[0:0], None
    used = int(years.max())
    mine = mine[mine["year"] == used]
    return mine[mine["asylum"] == country], mine[mine["origin"] == country], used


def top_countries(frame: pd.DataFrame, key: str) -> list[str]:
    """The countries a panel of the origin and asylum chart shows (and the CSV lists): the largest first."""
    largest: dict[str, float] = {}
    for country, value in zip(frame[key], frame["value"]):  # plain Python: a panel is a few hundred rows
        largest[country] = max(largest.get(country, value), value)
    return sorted(largest, key=lambda c: (-largest[c], c))[:TOP_COUNTRIES]


def incident_period(prep: Prepared, view: View):
    """The months the layer shows: the view's months, else its year's (a partial year named by its months)."""
    return prep.finer.period(view.year, view.months, whole=False)


def incident_rows(prep: Prepared, view: View) -> pd.DataFrame:
    """The incidents the view's layer shows (none when the layer is off)."""
    found = incident_period(prep, view)
    if not view.incidents or found is None:
        return prep.finer.incidents.iloc[0:0]
    every = set(view.routes) == set(prep.options.routes)
    return prep.finer.incidents_in(view.routes, every, found)


def flow_rows(prep: Prepared, view: View) -> tuple[int | None, pd.DataFrame]:
    """The year shown (the latest with citizenship figures up to the view's) and the flows the layer shows then,
    largest first, censored last."""
    year = prep.victims.flow_year(view.year)
    if not view.flows or year is None:
        return year, prep.victims.flows.iloc[0:0]
    rows = selected_flows(prep, view)
    return year, rows[rows["year"] == year]


def selected_flows(prep: Prepared, view: View) -> pd.DataFrame:
    """Every year's flows touching the view's routes' countries or its countries (of its nationality, if any),
    largest first, censored last."""
    flows = prep.victims.flows
    countries = set(view.countries).union(*(prep.route_countries[r] for r in view.routes))
    keep = flows["detected_in"].isin(countries) | flows["citizenship"].isin(countries)
    if view.nationality:
        keep &= flows["citizenship"] == view.nationality
    return flows[keep].sort_values(["censored", "value", "detected_in", "citizenship"],
                                   ascending=[True, False, True, True], kind="stable")


def drawn_on_map(prep: Prepared, rows: pd.DataFrame) -> pd.Series:
    """Which flows have both ends inside the map's frame."""
    points = prep.victims.points
    return rows["detected_in"].isin(points.keys()) & rows["citizenship"].isin(points.keys())
