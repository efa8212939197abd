"""Which page shows (the dashboard or "Sources and method", built only while it shows), the risk method's text (only
while it is open), and the CSV download of the current view."""

from __future__ import annotations

from dash import Dash, Input, Output, State

from answers.pages import csv_download, method_answer, page_answer
from core.served import Served
from layouts import ids


def register(app: Dash, served: Served) -> None:
    """Page switching by path, and the CSV export (with the visitor's and the link's figures, marked)."""

    @app.callback(Output(ids.DASHBOARD, "hidden"), Output(ids.SOURCES_PAGE, "hidden"),
                  Output(ids.SOURCES_CONTENT, "children"), Input(ids.URL, "pathname"), Input(ids.LANG_STORE, "data"))
    def show_page(pathname, lang):
        return page_answer(served, pathname, lang)

    @app.callback(Output(ids.METHOD_TEXT, "children"), Input(ids.METHOD_SUMMARY, "n_clicks"),
                  Input(ids.LANG_STORE, "data"), prevent_initial_call=True)
    def show_method(clicks, lang):
        return method_answer(served, clicks, lang)

    @app.callback(Output(ids.DOWNLOAD_CSV, "data"), Input(ids.DOWNLOAD_CSV_BUTTON, "n_clicks"),
                  State(ids.VIEW, "data"), State(ids.VISITOR_FIGURES, "data"), State(ids.FROM_LINK, "data"),
                  prevent_initial_call=True)
    def download_csv(n_clicks, stored, visitor, link):
        return csv_download(served, stored, served.added(visitor, link))
