"""Wire the view store to the map, the charts and the year cards; each output delegates to one pure function."""

from __future__ import annotations

from dash import Dash, Input, Output

from core.prepared import Prepared
from core.view import View, parse
from figures import charts
from figures.map import map_figure
from layouts import ids
from layouts.cards import build_year_cards

CHARTS = {
    ids.CHART_DETECTIONS: charts.detections_chart,
    ids.CHART_DEATHS: charts.deaths_chart,
    ids.CHART_RISK: charts.risk_chart,
    ids.CHART_SYRIA: charts.syria_chart,
    ids.CHART_UKRAINE: charts.ukraine_chart,
}


def register(app: Dash, prep: Prepared, geojson_url: str) -> None:
    """One callback per output, so each figure is rebuilt and sent on its own."""

    def view_of(data) -> View:
        query = data.get("query", "") if isinstance(data, dict) else ""
        return parse(query if isinstance(query, str) else "", prep.options)[0]

    @app.callback(Output(ids.MAP, "figure"), Input(ids.VIEW, "data"))
    def update_map(data):
        return map_figure(prep, view_of(data), geojson_url)

    @app.callback(Output(ids.YEAR_CARDS, "children"), Input(ids.VIEW, "data"))
    def update_year_cards(data):
        return build_year_cards(prep, view_of(data))

    for graph_id, build in CHARTS.items():
        _register_chart(app, prep, graph_id, build, view_of)


def _register_chart(app: Dash, prep: Prepared, graph_id: str, build, view_of) -> None:
    @app.callback(Output(graph_id, "figure"), Input(ids.VIEW, "data"))
    def update_chart(data):
        return build(prep, view_of(data))
