"""Which page shows (the dashboard or "Sources and method"), and the CSV download of the current view."""

from __future__ import annotations

from dash import Dash, Input, Output, State, dcc
from flask import request

from core.export import filename, link_for, to_csv
from core.store import DataStore
from core.view import parse
from layouts import ids

SOURCES_PATH = "/sources"


def register(app: Dash, data: DataStore) -> None:
    """Page switching by path, and the CSV export."""

    @app.callback(Output("dashboard", "hidden"), Output(ids.SOURCES_PAGE, "hidden"), Input(ids.URL, "pathname"))
    def show_page(pathname):
        on_sources = isinstance(pathname, str) and pathname.rstrip("/").endswith(SOURCES_PATH)
        return on_sources, not on_sources

    @app.callback(Output(ids.DOWNLOAD_CSV, "data"), Input(ids.DOWNLOAD_CSV_BUTTON, "n_clicks"),
                  State(ids.VIEW, "data"), prevent_initial_call=True)
    def download_csv(n_clicks, stored):
        query = stored.get("query") if isinstance(stored, dict) else ""
        prep = data.prep()
        view = parse(query if isinstance(query, str) else "", prep.options)[0]
        link = link_for(request.host_url, prep, view)
        return dcc.send_string(to_csv(prep, view, link), filename(prep, view), type="text/csv")
