"""Wire the view to the map, the charts, the year cards and the scene banner; each delegates to one pure function.

Figures listen to the `content` store, which changes only when something they show changes; the map reads its
centre and zoom from the full view.
"""

from __future__ import annotations

from dash import Dash, Input, Output, State

from core.store import DataStore
from core.view import View, parse
from figures import charts
from figures.map import map_figure
from layouts import ids
from layouts.cards import build_scene_banner, build_year_cards
from layouts.table import figure_table

CHARTS = {
    ids.CHART_DETECTIONS: charts.detections_chart,
    ids.CHART_DEATHS: charts.deaths_chart,
    ids.CHART_RISK: charts.risk_chart,
    ids.CHART_SYRIA: charts.syria_chart,
    ids.CHART_UKRAINE: charts.ukraine_chart,
}


def register(app: Dash, data: DataStore, geojson_url: str) -> None:
    """One callback per output, so each figure is rebuilt and sent on its own."""

    def view_of(stored) -> View:
        query = stored.get("query", "") if isinstance(stored, dict) else ""
        return parse(query if isinstance(query, str) else "", data.prep().options)[0]

    @app.callback(Output(ids.MAP, "figure"), Input(ids.CONTENT, "data"), State(ids.VIEW, "data"))
    def update_map(content, full):
        view = view_of(full)
        return map_figure(data.prep(), view, geojson_url)

    @app.callback(Output(ids.YEAR_CARDS, "children"), Input(ids.CONTENT, "data"))
    def update_year_cards(content):
        return build_year_cards(data.prep(), view_of(content))

    @app.callback(Output(ids.SCENE_BANNER, "children"), Input(ids.VIEW, "data"))
    def update_scene_banner(full):
        return build_scene_banner(data.prep(), view_of(full))

    for graph_id, build in CHARTS.items():
        _register_chart(app, data, graph_id, build, view_of)


def _register_chart(app: Dash, data: DataStore, graph_id: str, build, view_of) -> None:
    @app.callback(Output(graph_id, "figure"), Input(ids.CONTENT, "data"))
    def update_chart(content):
        return build(data.prep(), view_of(content))

    # The table is built only while its toggle is on (an odd number of presses), so closed tables cost nothing.
    @app.callback(Output(ids.TABLE.format(graph_id), "children"), Input(ids.CONTENT, "data"),
                  Input(ids.TABLE_TOGGLE.format(graph_id), "n_clicks"))
    def update_table(content, presses):
        if not (isinstance(presses, int) and presses % 2):
            return None
        view = view_of(content)
        return figure_table(build(data.prep(), view), view.lang)
