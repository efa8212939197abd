"""The naive baseline the benchmark compares the dashboard with: the same page and figures, built the simple way.

Same layout, same view logic and the same figure functions as the app, but every figure callback listens to the
whole view and rebuilds its figure from scratch on every request as plotly graph objects (the tutorial way, which
validates every property), and the map re-reads the full country geometry from data/geo/countries.geojson each time
and embeds it in the figure (`geojson=<dict>`) instead of naming a cached URL. No Patch, no memoisation. The data
tables load once at start, as in any Dash app; response compression is on as in the app, so the comparison is about
what the callbacks send, not about gzip. Served by gunicorn with `bench.baseline_app:create_baseline()`.
"""

from __future__ import annotations

import json
from pathlib import Path

import plotly.graph_objects as go
from dash import Dash, Input, Output

from answers.figures import CHART_BUILDERS as CHARTS
from callbacks import client, view
from core.bundle import DATA_DIR, load_bundle
from core.prepared import Prepared
from core.served import serve
from core.text import LANGS, t
from core.view import View, parse
from figures.map import map_figure
from layouts import ids
from layouts.cards import build_year_cards
from layouts.page import build_layout

ROOT = Path(__file__).resolve().parent.parent


def create_baseline() -> Dash:
    """A Dash app with the dashboard's page whose figure callbacks do everything on every request."""
    app = Dash(__name__, title=t("title"), assets_folder=str(ROOT / "assets"), serve_locally=True, compress=True,
               update_title=None, health_endpoint="health")
    method = (ROOT / "docs" / "risk-method.md").read_text(encoding="utf-8")
    served = serve(load_bundle(), None, method_md=dict.fromkeys(LANGS, method),
                   topojson_url=app.get_asset_url("topojson/"))
    app.layout = build_layout(served)
    view.register(app, served, None)  # the view only: its naive callbacks below draw the map and charts
    client.register(app, served)
    _register_figures(app, served.prep)
    return app


def _register_figures(app: Dash, prep: Prepared) -> None:
    def view_of(data) -> View:
        query = data.get("query", "") if isinstance(data, dict) else ""
        return parse(query if isinstance(query, str) else "", prep.options)[0]

    @app.callback(Output(ids.MAP, "figure"), Input(ids.VIEW, "data"))
    def update_map(data):
        # The naive part: full geometry from disk into every map response.
        geometry = json.loads((DATA_DIR / "geo" / "countries.geojson").read_bytes())
        return go.Figure(map_figure(prep, view_of(data), geometry))

    @app.callback(Output(ids.YEAR_CARDS, "children"), Input(ids.VIEW, "data"))
    def update_year_cards(data):
        return build_year_cards(prep, view_of(data))

    for graph_id, build in CHARTS.items():
        _register_chart(app, prep, graph_id, build, view_of)


def _register_chart(app: Dash, prep: Prepared, graph_id: str, build, view_of) -> None:
    @app.callback(Output(graph_id, "figure"), Input(ids.VIEW, "data"))
    def update_chart(data):
        return go.Figure(build(prep, view_of(data)))
