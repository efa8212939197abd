"""A frame the dashboard may not be shown in gets a short page that says so and links to the dashboard, instead of
the browser's broken-page picture.

The browser enforces frame-ancestors (web/security.py) by showing nothing of the page, and the page's own script
never runs, so the app can only act before it answers: when a request is a frame's (`Sec-Fetch-Dest: iframe`) and
names the page that embeds it (`Referer`, which the "Embed" snippet asks for with `referrerpolicy="origin"`), and
that page's origin is not one FRAME_ANCESTORS allows, the answer is that short page, which any site may frame (it
holds nothing but a sentence and a link opening the view in a new tab). A frame whose embedding page sends no
`Referer`, or a page nested deeper, gets the dashboard and the browser's decision.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

from dash import Dash
from flask import Response, g, request

from core.text import t

FRAME_DESTINATIONS = ("iframe", "frame")
_HOST_SOURCE = re.compile(r"(?:(?P<scheme>[a-z][a-z0-9+.-]*)://)?(?P<host>\*|(?:\*\.)?[a-z0-9.-]+)"
                          r"(?::(?P<port>\d{1,5}|\*))?(?:/.*)?", re.IGNORECASE)
DEFAULT_PORTS = {"http": 80, "https": 443}


def origin_of(url: str | None) -> tuple[str, str, int] | None:
    """(scheme, host, port) of an http(s) address, or None."""
    try:
        parts = urlsplit(url or "")
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        return None
    return parts.scheme, parts.hostname.lower(), port or DEFAULT_PORTS[parts.scheme]


def ancestor_allowed(sources: str, embedder: tuple[str, str, int], own: tuple[str, str, int] | None) -> bool:
    """Whether a CSP frame-ancestors source list (already checked by web/security.py) lets a page of origin
    ``embedder`` frame this one (``own``: this server's origin, for 'self'), as CSP matches source expressions."""
    scheme, host, port = embedder
    for source in sources.split():
        word = source.lower()
        if word == "'none'":
            return False
        if word == "'self'":
            if own is not None and embedder == own:
                return True
            continue
        if word == "*":
            return True
        if re.fullmatch(r"[a-z][a-z0-9+.-]*:", word):  # a scheme source, e.g. https:
            if scheme == word[:-1] or (word == "http:" and scheme == "https"):
                return True
            continue
        match = _HOST_SOURCE.fullmatch(word)
        if not match:
            continue
        want_scheme = match["scheme"]
        if want_scheme and not (want_scheme == scheme or (want_scheme == "http" and scheme == "https")):
            continue
        pattern = match["host"]
        if pattern.startswith("*."):
            if not host.endswith(pattern[1:]):
                continue
        elif pattern != host:
            continue
        want_port = match["port"]
        if want_port == "*" or (want_port and int(want_port) == port) or (
                not want_port and port == DEFAULT_PORTS.get(scheme)):
            return True
    return False


def blocked_page(lang: str, full_link: str) -> str:
    """The page a frame the dashboard may not be shown in gets: one sentence and a link, in the link's language."""
    words = {key: html.escape(t(key, lang)) for key in ("title", "embed.blocked", "embed.full")}
    return (f'<!DOCTYPE html><html lang="{html.escape(lang)}"><head><meta charset="utf-8"><title>{words["title"]}'
            '</title><meta name="viewport" content="width=device-width, initial-scale=1"></head>'
            '<body style="font-family: system-ui, sans-serif; margin: 1rem; color: #111; background: #fff;">'
            f'<p style="font-weight: 700;">{words["title"]}</p><p>{words["embed.blocked"]}</p>'
            f'<p><a href="{html.escape(full_link)}" target="_blank" rel="noopener" style="color: #0b5cad;">'
            f'{words["embed.full"]}</a></p></body></html>')


def install(app: Dash, sources: str, lang_of, full_query_of) -> None:
    """Answer a frame of the page from a site ``sources`` does not allow with `blocked_page`. Install it before
    web/security.py, so that its header step runs after that one's and lets any site frame this page alone."""
    index = app.config.routes_pathname_prefix

    @app.server.before_request
    def frame_from_elsewhere() -> Response | None:
        if request.path != index or request.headers.get("Sec-Fetch-Dest") not in FRAME_DESTINATIONS:
            return None
        embedder = origin_of(request.headers.get("Referer"))
        if embedder is None:
            return None
        own = origin_of(request.host_url)
        if ancestor_allowed(sources, embedder, own):
            return None
        query = request.query_string.decode("utf-8", "replace")
        g.frame_message = True
        full = index + "?" + full_query_of(query)
        return Response(blocked_page(lang_of(query), full), mimetype="text/html")

    @app.server.after_request
    def let_any_site_frame_the_message(response: Response) -> Response:
        if g.get("frame_message"):
            policy = response.headers.get("Content-Security-Policy", "")
            response.headers["Content-Security-Policy"] = re.sub(
                r"frame-ancestors [^;]*", "frame-ancestors *", policy)
            response.headers.pop("X-Frame-Options", None)
            response.headers["Cache-Control"] = "no-store"
        return response
