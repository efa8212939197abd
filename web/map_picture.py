"""`GET /preview/map.svg?<the view's query>`: the map of a view as a static SVG picture, for the first paint.

Drawn from the map figure the interactive map would draw for that view (memoised with it), so it never disagrees
with it; any query works (parsed like a link: what is invalid falls back to the default), and the answer is cached
by the browser for an hour (the data changes only with a new deployment, which changes the page anyway).
"""

from __future__ import annotations

from dash import Dash
from flask import Response, request

from answers.figures import FigureAnswers, map_part
from core.added_figures import NONE
from core.served import Served
from core.view import View, parse
from figures.map import LAT_RANGE, LON_RANGE
from figures.preview import Canvas, map_svg
from layouts import ids
from web.work_limits import DRAWN, Limits, same_for_everyone


def install(app: Dash, served: Served, figures: FigureAnswers, limits: Limits) -> None:
    """Serve the map picture; the countries are projected once, here."""
    canvas = Canvas.of(served.prep.bundle.countries, LON_RANGE, LAT_RANGE)

    def draw(view: View) -> bytes:
        title = f"{served.prep.indicator(view.indicator, view.lang).label}, {view.year}"
        return map_svg(canvas, figures.map_for(view, served.operator or NONE), title).encode()

    @app.server.route(ids.MAP_PICTURE_PATH)
    def map_preview() -> Response:
        view = map_part(parse(request.query_string.decode("utf-8", "replace")[:4000], served.prep.options)[0])
        # a new view costs a figure and a drawing (through the queue, counted per client), a known one a lookup
        body, drawn = limits.drawn("svg", (served.version, view), lambda: draw(view))
        response = Response(body, mimetype="image/svg+xml")
        if drawn:
            response.headers[DRAWN] = "1"
        return same_for_everyone(response, 3600)
