"""The map and the charts: two callbacks per change of what the figures show, each answering with Patches."""

from __future__ import annotations

from dash import Dash, Input, Output, State, ctx

from answers.figures import FigureAnswers
from core.served import Served
from layouts import ids
from layouts.charts import chart_ids


def register(app: Dash, served: Served, answers: FigureAnswers) -> None:
    """The map when the added figures change (the view callback draws it otherwise), and the charts once the map
    has been drawn; a visitor's and a link's figures come with the request."""
    added = {"visitor": Input(ids.VISITOR_FIGURES, "data"), "link": Input(ids.FROM_LINK, "data")}
    charts = chart_ids()  # layouts/charts.py: the charts, in page order

    @app.callback(
        output={"figure": Output(ids.MAP, "figure"), "legend": Output(ids.MAP_LEGEND, "children"),
                "drawn": Output(ids.MAP_DRAWN, "data")},
        inputs={"content": State(ids.CONTENT, "data"), "drawn": State(ids.MAP_DRAWN, "data"), **added},
        prevent_initial_call=True,
    )
    def update_map(content, drawn, visitor, link):
        return answers.map_answer(content, drawn, served.added(visitor, link))

    @app.callback(
        output={
            "figures": {g: Output(g, "figure") for g in charts},
            "tables": {g: Output(ids.TABLE.format(g), "children") for g in charts},
            "cards": Output(ids.YEAR_CARDS, "children"), "drawn": Output(ids.CHARTS_DRAWN, "data"),
        },
        inputs={
            # Map first: the charts wait until the page says the map has drawn, so the browser's one thread draws
            # the map before the charts (the page sets MAP_READY when the first country appears, or after a while).
            "content": Input(ids.CONTENT, "data"), "ready": Input(ids.MAP_READY, "data"),
            "drawn": State(ids.CHARTS_DRAWN, "data"), **added,
            "presses": [Input(ids.TABLE_TOGGLE.format(g), "n_clicks") for g in charts],
        },
    )
    def update_charts(content, ready, drawn, visitor, link, presses):
        return answers.charts_answer(content if ready else None, presses, drawn, served.added(visitor, link),
                                     ctx.triggered_id)
