"""The anchor for the first-map budget: a vanilla Dash page holding one plotly choropleth, nothing else.

What a tutorial would write: one `dcc.Graph` whose figure (a choropleth of the same countries, coloured by one
indicator, with plotly's built-in country outlines) is in the layout, Dash's own full plotly.js, no callbacks. Its
base map comes from this server like ours (`topojsonURL`), so both pages draw offline. Served by gunicorn with
`bench.vanilla_app:create_vanilla()`, exactly as the dashboard is.
"""

from __future__ import annotations

from pathlib import Path

from dash import Dash, dcc, html

from core.bundle import load_bundle

ROOT = Path(__file__).resolve().parent.parent
GRAPH_ID = "vanilla-map"


def create_vanilla() -> Dash:
    """One choropleth of 2016 sea arrivals by country, in a page of its own."""
    bundle = load_bundle()
    rows = bundle.country_year[(bundle.country_year["indicator"] == "sea_arrivals")
                               & (bundle.country_year["year"] == 2016)]
    # Its own assets folder (none): the dashboard's scripts and styles are not part of a vanilla page.
    app = Dash(__name__, assets_folder=str(ROOT / "bench" / "no-assets"), serve_locally=True, compress=True)
    figure = {
        "data": [{"type": "choropleth", "locations": rows["iso3"].tolist(), "z": rows["value"].tolist(),
                  "locationmode": "ISO-3", "colorscale": "Blues"}],
        "layout": {"geo": {"scope": "world", "projection": {"type": "natural earth"}}, "margin": {"t": 0, "b": 0}},
    }
    app.layout = html.Div([
        html.H1("Sea arrivals, 2016"),
        dcc.Graph(id=GRAPH_ID, figure=figure, style={"height": "70vh"},
                  config={"topojsonURL": "/topojson/"}),
    ])
    topojson = ROOT / "assets" / "topojson"

    @app.server.route("/topojson/<name>")
    def base_map(name: str):
        from flask import send_from_directory

        return send_from_directory(topojson, name)

    return app
