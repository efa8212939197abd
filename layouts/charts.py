"""The charts under the map, declared once: the page (layouts/page.py), the charts' callbacks (callbacks/figures.py,
callbacks/client.py, callbacks/language.py) and their answers (answers/figures.py, answers/language.py) all read
`CHARTS`, so adding a chart is a figure function, an id and a row here (CONTRIBUTING.md, "Add a chart").

Readers look the table up when they build (`charts.CHARTS`, never a copy taken at import), so an app built after a
test extends the table draws the test's chart too (tests/test_adding.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from core.added_figures import AddedFigures
from core.prepared import Prepared
from core.text import N_
from core.view import View
from figures import charts, finer
from layouts import ids

ChartBuilder = Callable[[Prepared, View, AddedFigures], dict]


@dataclass(frozen=True)
class Chart:
    """One chart: its graph id, the figure function, the parts of the view it shows, its caption's message keys."""

    graph_id: str  # a constant of layouts/ids.py
    build: ChartBuilder  # (prepared data, view, added figures) -> figure dict, a pure function of figures/
    # The View fields the figure depends on: any other change answers "no update" (tests/test_figures.py checks
    # that nothing else changes the figure).
    depends: tuple[str, ...]
    title: str  # message key of the caption
    note: str | None = None  # message key of the caption's second line (what the figure counts, its caveat)
    tall: bool = False  # two panels, or many rows: a taller graph
    # Shows the year only as its year line: built once per other part, then the line moved (charts.mark_year).
    year_marked: bool = False


# In page order. N_() marks the keys for `pybabel extract`.
CHARTS: tuple[Chart, ...] = (
    Chart(ids.CHART_DETECTIONS, finer.detections_chart, ("year", "months", "routes", "lang"),
          N_("chart.detections"), N_("chart.detections.note"), year_marked=True),
    Chart(ids.CHART_NATIONALITIES, finer.nationalities_chart, ("year", "months", "routes", "nationality", "lang"),
          N_("chart.nationalities"), N_("chart.nationalities.note")),
    Chart(ids.CHART_CROSSINGS, finer.crossings_chart, ("year", "months", "nationality", "lang"),
          N_("chart.crossings"), N_("chart.crossings.note")),
    Chart(ids.CHART_DEATHS, charts.deaths_chart, ("year", "routes", "lang"),
          N_("chart.deaths"), N_("chart.deaths.note"), tall=True, year_marked=True),
    Chart(ids.CHART_RISK, charts.risk_chart, ("year", "routes", "weights", "lang"),
          N_("chart.risk"), N_("chart.risk.note")),
    Chart(ids.CHART_SYRIA, charts.syria_chart, ("year", "countries", "lang"),
          N_("chart.syria"), N_("chart.syria.note"), year_marked=True),
    Chart(ids.CHART_UKRAINE, charts.ukraine_chart, ("year", "lang"),
          N_("chart.ukraine"), N_("chart.ukraine.note"), year_marked=True),
    Chart(ids.CHART_ASYLUM, finer.asylum_chart, ("year", "countries", "lang"),
          N_("chart.asylum"), N_("chart.asylum.note"), tall=True),
)


def chart_ids() -> tuple[str, ...]:
    """The charts' graph ids, in page order."""
    return tuple(c.graph_id for c in CHARTS)


def graph_ids() -> tuple[str, ...]:
    """Every plotly graph of the page, the map first: a click on any of them selects."""
    return (ids.MAP, *chart_ids())
