"""The "your own figures" panel: add a CSV (kept in this browser only), remove your figures, put them in a link;
and the operator's files, if the server has any."""

from __future__ import annotations

from dash import dcc, html

from core.added_figures import MAX_BYTES
from core.served import Served
from core.text import t
from layouts import ids
from layouts.text import text

SHOWN_PROBLEMS = 50  # of one file's problems, the rest counted
FORMAT = "route_id,year,indicator,value,period,note\niso3,year,indicator,value,period,note"


def build_added_panel(served: Served, lang: str) -> html.Details:
    """Upload control, format help, the visitor's actions and the report on the last file added."""
    return html.Details(className="added-panel", children=[
        text("added.title", lang, html.Summary),
        text("added.help", lang, html.P, className="hint"),
        html.Pre(FORMAT, className="format"),
        html.Div(className="added-actions", children=[
            dcc.Upload(id=ids.UPLOAD, accept=".csv,text/csv", max_size=MAX_BYTES, multiple=False,
                       # A plain string the language callback replaces (layouts/page.py control_texts): a text
                       # span nested in the upload control was not always redrawn when only the span changed.
                       className="button upload", children=t("added.upload", lang)),
            html.Button(text("added.remove", lang), id=ids.REMOVE_VISITOR_FIGURES, className="button", n_clicks=0),
            html.Button(text("added.link_button", lang), id=ids.LINK_WITH_FIGURES, className="button", n_clicks=0),
        ]),
        html.Div(className="copy figures-link", children=[
            text("added.link_button", lang, html.Label, at="label", htmlFor=ids.FIGURES_LINK,
                 className="visually-hidden"),
            dcc.Input(id=ids.FIGURES_LINK, type="text", readOnly=True, className="share-url", value=""),
            dcc.Clipboard(target_id=ids.FIGURES_LINK, id=ids.COPY_FIGURES_LINK, className="button clipboard"),
        ]),
        html.Div(id=ids.UPLOAD_REPORT, role="status"),
        html.Div(operator_summary(served, lang), className="operator-files"),
    ])


def operator_summary(served: Served, lang: str) -> list:
    """The operator's files, each with the rows in use and its problems, for the figures panel."""
    if not served.operator.files:
        return []
    return [html.H3(t("added.operator_files", lang)), *[html.Div(className="added-file", children=[
        html.Strong(f.name), " — ", t("added.rows", lang, n=f.accepted),
        html.Ul([html.Li(p.say(lang)) for p in f.problems[:SHOWN_PROBLEMS]]) if f.problems else None,
    ]) for f in served.operator.files]]
