"""Wire the view to the map, the charts, the year cards and the chart tables; each figure comes from a pure function.

Two callbacks per interaction, not one per output: the map (which also follows the map's centre and zoom) and
everything else. Each remembers, in a store beside its outputs, the view the browser's figures were drawn for, so it
can rebuild those figures (memoised, so for free) and send a `Patch` of the differences: a year step sends the new
values, never the route geometry or the country names again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache

from dash import Dash, Input, Output, State, ctx, no_update

from core.store import DataStore
from core.view import Options, View, default_view, parse, to_query
from figures import charts
from figures.map import map_figure
from figures.patch import figure_update
from layouts import ids
from layouts.cards import build_year_cards
from layouts.table import figure_table

CHARTS: dict[str, Callable] = {
    ids.CHART_DETECTIONS: charts.detections_chart,
    ids.CHART_DEATHS: charts.deaths_chart,
    ids.CHART_RISK: charts.risk_chart,
    ids.CHART_SYRIA: charts.syria_chart,
    ids.CHART_UKRAINE: charts.ukraine_chart,
}
# The parts of the view each chart shows (tests check that nothing else changes it), so that, say, a weight change
# rebuilds the risk chart only and the other charts come from the cache and need no update.
DEPENDS: dict[str, tuple[str, ...]] = {
    ids.CHART_DETECTIONS: ("year", "routes", "lang"),
    ids.CHART_DEATHS: ("year", "routes", "lang"),
    ids.CHART_RISK: ("year", "routes", "weights", "lang"),
    ids.CHART_SYRIA: ("year", "countries", "lang"),
    ids.CHART_UKRAINE: ("year", "lang"),
}
CACHE_SIZE = 512  # figures per process; a figure dict is a few KB


def register(app: Dash, data: DataStore, geojson_url: str) -> None:
    """The map callback and the charts callback, both answering with Patches where the browser has a figure."""

    def view_of(query) -> View:
        return parse(query if isinstance(query, str) else "", data.prep().options)[0]

    @lru_cache(maxsize=CACHE_SIZE)
    def map_for(version: str, query: str) -> dict:
        return map_figure(data.prep(), view_of(query), geojson_url)

    @lru_cache(maxsize=CACHE_SIZE)
    def chart_for(graph_id: str, version: str, query: str) -> dict:
        return CHARTS[graph_id](data.prep(), view_of(query))

    @app.callback(
        Output(ids.MAP, "figure"), Output(ids.MAP_DRAWN, "data"),
        Input(ids.CONTENT, "data"), State(ids.VIEW, "data"), State(ids.MAP_DRAWN, "data"),
    )
    def update_map(content, full, drawn):
        data.prep()
        version = data.version
        query = map_query(view_of(_query(full)), data)
        before = _drawn(drawn, version)
        before = None if before is None else map_query(view_of(before), data)
        old = map_for(version, before) if before is not None else None
        update = figure_update(old, map_for(version, query))
        return (no_update if update is None else update), {"query": query, "data": version}

    toggles = [ids.TABLE_TOGGLE.format(g) for g in CHARTS]

    @app.callback(
        *[Output(g, "figure") for g in CHARTS],
        *[Output(ids.TABLE.format(g), "children") for g in CHARTS],
        Output(ids.YEAR_CARDS, "children"),
        Output(ids.CHARTS_DRAWN, "data"),
        Input(ids.CONTENT, "data"),
        *[Input(t, "n_clicks") for t in toggles],
        State(ids.CHARTS_DRAWN, "data"),
    )
    def update_charts(content, *rest):
        presses, drawn = rest[:-1], rest[-1]
        options = data.prep().options
        version = data.version
        view = view_of(_query(content))
        query = to_query(view, options)
        drawn_query = _drawn(drawn, version)
        before = None if drawn_query is None else view_of(drawn_query)
        moved = before is None or to_query(before, options) != query
        figures, tables = [], []
        for graph_id, pressed, toggle in zip(CHARTS, presses, toggles):
            new = chart_for(graph_id, version, chart_query(graph_id, view, options))
            old = None if before is None else chart_for(graph_id, version, chart_query(graph_id, before, options))
            update = figure_update(old, new)
            figures.append(no_update if update is None else update)
            # A table is built only while its toggle is on (an odd number of presses), so closed ones cost nothing.
            is_open = isinstance(pressed, int) and pressed % 2 == 1
            if ctx.triggered_id == toggle or (is_open and update is not None):
                tables.append(figure_table(new, view.lang) if is_open else None)
            else:
                tables.append(no_update)
        cards = build_year_cards(data.prep(), view) if moved else no_update
        return (*figures, *tables, cards, {"query": query, "data": version})


def chart_query(graph_id: str, view: View, options: Options) -> str:
    """The part of the view a chart shows, as a canonical query (the rest set to the defaults)."""
    return to_query(replace(default_view(options), **{f: getattr(view, f) for f in DEPENDS[graph_id]}), options)


def map_query(view: View, data: DataStore) -> str:
    """The part of the view the map shows (what the figures show, plus centre and zoom) as a canonical query."""
    return to_query(replace(view, mode="explore", scene=None), data.prep().options)


def _query(stored) -> str:
    query = stored.get("query") if isinstance(stored, dict) else None
    return query if isinstance(query, str) else ""


def _drawn(drawn, version: str) -> str | None:
    """The query the browser's figures were drawn for, if they were drawn from the data this process holds now."""
    if isinstance(drawn, dict) and drawn.get("data") == version and isinstance(drawn.get("query"), str):
        return drawn["query"]
    return None
