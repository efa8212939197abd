"""Application factory: load and validate the data once, build the page, register callbacks, serve.

`python app.py` runs the development server on HOST:PORT (default 127.0.0.1:8050); `gunicorn "app:create_app()"`
serves it in production. Debug mode, dev tools and hot reload only when DASH_DEBUG=1.
"""

from __future__ import annotations

import logging
import os
import re
import sys
import traceback
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from html import escape as html_escape
from pathlib import Path

if __name__ == "__main__":  # the development server starts lean (web/lean_start.py)
    from web.lean_start import hold_collection, skip_test_only_imports

    hold_collection()
    skip_test_only_imports()

from dash import Dash, html, set_props
from dash._utils import to_json
from flask import Flask, Response, request

from answers.figures import FigureAnswers
from answers.pages import warm_csv
from callbacks import register_all
from core.bundle import load_bundle
from core.errors import DataError
from core.served import serve
from core.text import LANGS, t
from core.view import parse, to_query
from layouts import ids
from layouts.page import build_layout
from web import frame_check, map_picture, preview, security, view_urls, work_limits

ROOT = Path(__file__).resolve().parent
GEOJSON_ROUTE = "/geo/countries.geojson"
BASE_MAP = "world_110m.json"  # the plotly base-map topology the map's geo settings ask for (assets/topojson/)
# Files the page cannot work without, and how to get each back. Without the base map plotly draws no map at all
# and says nothing; without the bundle nothing draws.
REQUIRED_ASSETS = {
    f"topojson/{BASE_MAP}": "`make boundaries` rebuilds it (scripts/build_plotly_topojson.py)",
    "plotly-partial.min.js": "`python scripts/build_plotly_bundle.py` rebuilds it",
    "dashboard.js": "it is part of the repository: restore it with git",
    "style.css": "it is part of the repository: restore it with git",
}
log = logging.getLogger("dashboard")


def method_file(lang: str) -> Path:
    """The risk method in ``lang``: docs/risk-method.md in English, docs/risk-method.<lang>.md in the others."""
    return ROOT / "docs" / ("risk-method.md" if lang == "en" else f"risk-method.{lang}.md")


class Dashboard(Dash):
    """Dash with the page's layout serialised once per language: it is the same for every visitor of a language (the
    link's view arrives as the first event), so each visit gets the same bytes instead of a fresh 120 KB JSON
    encoding. The page asks for its link's language's (`_dash-layout?lang=uk`, assets/dashboard.js), so a Ukrainian
    link never shows English words while the view's own answer is on its way."""

    _layout_json: dict[str, str]
    layout_in: Callable[[str], object] | None = None  # the page's layout in a language (set by create_app)
    lang_of: Callable[[str], str] | None = None  # the language of a link's query (set by create_app)

    def serve_layout(self):
        if not hasattr(self, "_layout_json"):
            self._layout_json = {}
        lang = request.args.get("lang", "")
        lang = lang if lang in LANGS and self.layout_in is not None else ""
        if lang not in self._layout_json:
            self._layout_json[lang] = to_json(self.layout_in(lang) if lang else self.get_layout())
        return self.backend.make_response(self._layout_json[lang], mimetype="application/json")

    def interpolate_index(self, **kwargs) -> str:
        """The page with a picture of the link's map in its HTML, so a reader sees the map before any script has
        run (and with scripts off); the page's script hides it once the dashboard has drawn its own. The page's
        language is the link's from the first paint: its title and the words shown while it loads (web/preview.py
        gives the document its `lang` and <title>)."""
        query = request.query_string.decode("utf-8", "replace")
        lang = self.lang_of(query) if self.lang_of is not None else "en"
        kwargs["app_entry"] = first_paint(query, lang) + kwargs["app_entry"].replace(
            "Loading...", html_escape(t("loading", lang)))
        return super().interpolate_index(**kwargs)


def create_app(data_dir: str | Path | None = None, operator_dir: str | Path | None = None) -> Dash:
    """Build the Dash app; raises DataError (with file, line and column) if the shipped data is broken.

    ``operator_dir`` (default: OPERATOR_DATA_DIR, else `operator_data/`) holds the operator's own figure files,
    read once here. PUBLIC_URL, when set, is the address the view's link in exports starts with.
    """
    if operator_dir is None:
        operator_dir = os.environ.get("OPERATOR_DATA_DIR") or ROOT / "operator_data"
    check_assets(ROOT / "assets")
    bundle = load_bundle(data_dir)
    app = Dashboard(
        __name__,
        server=_flask_server(),
        title=t("title"),
        assets_folder=str(ROOT / "assets"),
        serve_locally=True,
        compress=True,
        update_title=None,
        on_error=_show_error,
        health_endpoint="health",
    )
    served = serve(
        bundle, Path(operator_dir),
        public_url=public_url(os.environ.get("PUBLIC_URL", "")),
        method_md={lang: method_file(lang).read_text(encoding="utf-8") for lang in LANGS},
        geojson_url=app.get_relative_path(GEOJSON_ROUTE),
        topojson_url=app.get_asset_url("topojson/"),
    )
    for problem in (p for f in served.operator.files for p in f.problems[:20]):
        log.warning("operator figures: %s", problem)
    _preload_map_geometry(app, served.geojson_url, served.topojson_url + BASE_MAP)
    layout = build_layout(served)  # the same for every visitor: built once (per language, Dashboard.serve_layout)
    app.layout = layout
    app.layout_in = partial(build_layout, served)
    app.lang_of = partial(_lang_of, served)
    _serve_geometry(app, bundle.countries_geojson)
    ancestors = os.environ.get("FRAME_ANCESTORS", security.DEFAULT_FRAME_ANCESTORS)
    # Before the security headers: a frame from a site not allowed to embed the page gets a message, not a broken page.
    frame_check.install(app, security.check_frame_ancestors(ancestors), app.lang_of, partial(_full_view_query, served))
    security.install(app, frame_ancestors=ancestors)
    limits = work_limits.install(app)  # the queue, rate limits and render cache of the expensive URLs
    work_limits.install_figure_check(app, served, limits, ids.VISITOR_FIGURES, ids.FROM_LINK,
                                     ahead={ids.DOWNLOAD_CSV: partial(warm_csv, served)})
    figures = FigureAnswers(served)  # one figure cache for the callbacks and the map picture
    register_all(app, served, figures)
    view_urls.install(app, served, limits)
    preview.install(app, served)
    map_picture.install(app, served, figures, limits)
    return app


def check_assets(folder: Path) -> None:
    """Raise DataError naming each required asset that is missing or empty under ``folder``."""
    problems = [f"assets/{name} is missing or empty: {remedy}" for name, remedy in REQUIRED_ASSETS.items()
                if not (folder / name).is_file() or (folder / name).stat().st_size == 0]
    if problems:
        raise DataError("assets/", problems)


def first_paint(query: str, lang: str = "en") -> str:
    """The page's title and the picture of the map for ``query``, in its language (escaped; an over-long query is
    left out rather than cut)."""
    source = ids.MAP_PICTURE_PATH + ("?" + query if query and len(query) <= 2000 else "")
    return (f'<div class="first-paint" aria-hidden="true"><p class="first-paint-title">'
            f'{html_escape(t("title", lang))}</p><img class="map-preview" alt="" '
            f'src="{html_escape(source)}"></div>')


def _lang_of(served, query: str) -> str:
    """The language a link asks for, read as forgivingly as the link itself (state/view.py)."""
    return parse(query, served.prep.options)[0].lang


def _full_view_query(served, query: str) -> str:
    """The query of a link's full view (an embedded view's, out of embed mode)."""
    view = parse(query, served.prep.options)[0]
    return to_query(replace(view, mode="explore"), served.prep.options)


def _preload_map_geometry(app: Dash, *urls: str) -> None:
    """Ask the browser for the map's geometry with the page itself: plotly.js only requests it once it draws the
    map, seconds later on a first visit, and then waits for it."""
    links = "".join(f'<link rel="preload" href="{url}" as="fetch" crossorigin="anonymous">' for url in urls)
    app.index_string = app.index_string.replace("{%css%}", "{%css%}\n        " + links, 1)


def public_url(value: str) -> str:
    """The PUBLIC_URL setting: an http(s) address without query or fragment, or '' (links then stay relative)."""
    value = value.strip().rstrip("/")
    if value and not re.fullmatch(r"https?://[A-Za-z0-9.-]+(:\d{1,5})?(/[A-Za-z0-9._~/-]*)?", value):
        raise ValueError(f"PUBLIC_URL must be an http or https address with no query or fragment, not {value[:60]!r}")
    return value


# What Flask-Compress compresses: the usual text types plus our GeoJSON; and gzip also for streamed files (assets),
# which it leaves out by default, so that a client that only speaks gzip still gets compressed scripts and styles.
COMPRESS_MIMETYPES = ["text/html", "text/css", "text/plain", "text/javascript", "application/javascript",
                      "application/json", "application/geo+json", "image/svg+xml", "image/x-icon"]
COMPRESS_STREAMING = ["zstd", "br", "gzip", "deflate"]


def _flask_server() -> Flask:
    """The Flask app under Dash, configured before Dash switches compression on (it reads the config then)."""
    server = Flask(__name__)
    server.config.update(COMPRESS_MIMETYPES=COMPRESS_MIMETYPES, COMPRESS_ALGORITHM_STREAMING=COMPRESS_STREAMING,
                         # assets: the same for everyone, and their page URLs change with each file (?m=...)
                         SEND_FILE_MAX_AGE_DEFAULT=3600)
    return server


def _serve_geometry(app: Dash, geojson: bytes) -> None:
    """Serve the country polygons once, cacheable, so no figure ever carries them."""

    @app.server.route(GEOJSON_ROUTE)
    def countries_geojson() -> Response:
        return work_limits.same_for_everyone(Response(geojson, mimetype="application/geo+json"), 86400)


def _show_error(error: Exception) -> None:
    """A failing callback keeps the last good view and says so. The log gets the exception's type and where it
    was raised, not its message: a message may quote request values of any size."""
    frame = traceback.extract_tb(error.__traceback__)[-1] if error.__traceback__ else None
    where = f"{Path(frame.filename).name}:{frame.lineno}" if frame else "?"
    log.error("callback failed: %s at %s", type(error).__name__, where)
    set_props(ids.NOTICE_TEXT, {"children": [html.Strong(t("notice.error"))]})
    set_props(ids.NOTICE, {"hidden": False})


def main() -> None:
    """Run the development server on HOST:PORT."""
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    try:
        app = create_app(os.environ.get("DATA_DIR") or None)
    except DataError as exc:
        print(f"The dashboard cannot start.\n{exc}", file=sys.stderr)
        raise SystemExit(2) from None
    from web.lean_start import settle_collection

    settle_collection()
    debug = os.environ.get("DASH_DEBUG") == "1"
    app.run(host=os.environ.get("HOST", "127.0.0.1"), port=int(os.environ.get("PORT", "8050")), debug=debug,
            dev_tools_hot_reload=debug)


if __name__ == "__main__":
    main()
