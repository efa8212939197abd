"""The per-view machine URLs, a stable public format (see the README): `/view.csv?<query>` (the rows behind the
view), `/view.png?<query>` (a picture of the view drawn on the server) and `/view.json?<query>` (title, period,
sources, citation). The query is any link's query string, read as forgivingly as a link (`core.view.parse`): a bad
query gives the view it can still make out, never an error. Answers are cached per canonical view (and per day,
since the CSV and the citation carry the date), so a view asked for again costs a dictionary lookup; pictures
are drawn through the process's queue, rate-limited per client, and kept in the shared render cache
(web/work_limits.py). Every answer carries Cache-Control and an ETag, so a reverse proxy serves repeats.

They carry the shipped figures and the operator's only: a visitor's figures live in that visitor's browser and
reach the server only with the page's own requests.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from functools import lru_cache

from dash import Dash
from flask import Response, request

from core import describe
from core.export import filename, link_for, to_csv
from core.served import Served
from core.view import View, parse, to_query
from web.work_limits import DRAWN, Limits, same_for_everyone

TEXT_CACHE = 256
MAX_AGE = 3600


def machine_view(served: Served, query: str) -> tuple[View, list[str]]:
    """The view a machine URL's query names (as a link would show it, outside embed or presenter mode)."""
    view, problems = parse(query, served.prep.options)
    return replace(view, mode="explore"), problems


def view_json(served: Served, view: View, problems: list[str], today: str) -> dict:
    """What `/view.json` says about a view."""
    prep = served.prep
    link = link_for(served.public_url, prep, view)
    figure = describe.key_figure(prep, view)
    return {
        "title": describe.title(prep, view),
        "lang": view.lang,
        "query": to_query(view, prep.options),
        "link": link,
        "period": {"year": view.year, "charts": f"{prep.options.years[0]}-{prep.options.years[1]}"},
        "key_figure": figure.sentence(view.lang) if figure else None,
        "sources": describe.sources(prep, view),
        "citation": describe.citation(prep, view, link, today),
        "csv": f"{served.public_url}/view.csv?{to_query(view, prep.options)}",
        "png": f"{served.public_url}/view.png?{to_query(view, prep.options)}",
        "problems": [p.say(view.lang, describe.namer(prep, view.lang)) if hasattr(p, "say") else str(p)
                     for p in problems],
    }


def install(app: Dash, served: Served, limits: Limits) -> None:
    """Add the three routes to ``app``'s server, each with its own per-view cache."""
    prep = served.prep

    @lru_cache(maxsize=1)
    def picture():
        # matplotlib takes over half a second to import: only when a picture is first asked for, not at start-up.
        from figures.picture import Picture

        return Picture(prep)

    def png_of(view: View) -> tuple[bytes, bool]:
        # drawn once per view and data version for every instance (Redis) or this process; through the queue
        return limits.drawn("png", (served.version, to_query(view, prep.options)),
                            lambda: picture().png(view, link_for(served.public_url, prep, view)))

    @lru_cache(maxsize=TEXT_CACHE)
    def csv_of(view: View, today: str) -> str:
        return to_csv(prep, view, link_for(served.public_url, prep, view), date.fromisoformat(today),
                      added=served.operator, base=served.public_url)

    @lru_cache(maxsize=TEXT_CACHE)
    def json_of(view: View, today: str) -> str:
        return json.dumps(view_json(served, view, [], today), ensure_ascii=False, indent=1)

    def query() -> str:
        return request.query_string.decode("utf-8", "replace")

    def answer(body: bytes | str, mimetype: str, view: View, **headers: str) -> Response:
        response = Response(body, mimetype=mimetype)
        response.headers["Link"] = f'<{link_for(served.public_url, prep, view)}>; rel="canonical"'
        response.headers.update(headers)
        return same_for_everyone(response, MAX_AGE)

    @app.server.route("/view.png")
    def view_png() -> Response:
        view = machine_view(served, query())[0]
        body, drawn = png_of(view)
        return answer(body, "image/png", view, **({DRAWN: "1"} if drawn else {}))

    @app.server.route("/view.csv")
    def view_csv() -> Response:
        view = machine_view(served, query())[0]
        return answer(csv_of(view, date.today().isoformat()), "text/csv", view,
                      **{"Content-Disposition": f'attachment; filename="{filename(prep, view)}"'})

    @app.server.route("/view.json")
    def view_json_route() -> Response:
        view, problems = machine_view(served, query())
        body = json.loads(json_of(view, date.today().isoformat()))
        name = describe.namer(prep, view.lang)
        body["problems"] = [p.say(view.lang, name) if hasattr(p, "say") else str(p) for p in problems]
        return answer(json.dumps(body, ensure_ascii=False, indent=1), "application/json", view)

    app.server.extensions["view_caches"] = {"png": png_of, "csv": csv_of, "json": json_of}
