"""Page switching and the CSV download, as functions of the callbacks' inputs."""

from __future__ import annotations

from dash import dcc

from answers.view import stored_view
from core.added_figures import AddedFigures
from core.export import filename, link_for, to_csv
from core.served import Served

SOURCES_PATH = "/sources"


def page_visibility(pathname: object) -> tuple[bool, bool]:
    """(dashboard hidden, sources page hidden) for a path."""
    on_sources = isinstance(pathname, str) and pathname.rstrip("/").endswith(SOURCES_PATH)
    return on_sources, not on_sources


def csv_download(served: Served, stored: object, added: AddedFigures) -> dict:
    """The view's rows as a CSV download; the link in it uses the configured public address (never the Host
    header a request names)."""
    prep = served.prep
    view = stored_view(stored, prep.options)[0]
    text = to_csv(prep, view, link_for(served.public_url, prep, view), added=added, base=served.public_url)
    return dcc.send_string(text, filename(prep, view), type="text/csv")
