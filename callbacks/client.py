"""Wiring that runs in the browser (assets/dashboard.js): the event recorders, the URL bar, the share boxes,
the page links, the image export and the play button."""

from __future__ import annotations

from dash import ClientsideFunction, Dash, Input, Output, State

from answers.view import CONTROL_IDS
from core.served import Served
from layouts import ids
from layouts.charts import graph_ids


def _js(name: str) -> ClientsideFunction:
    return ClientsideFunction("dashboard", name)


def register(app: Dash, served: Served) -> None:
    """Clientside callbacks. One recorder turns every user action the components report into the event queue
    (assets/dashboard.js); the keyboard, which no component reports, adds its key presses with
    `set_props`, so the queue is the one place every action goes through, in order."""
    app.clientside_callback(
        _js("record"), Output(ids.EVENTS, "data"),
        Input(ids.URL, "search"), *[Input(g, "clickData") for g in graph_ids()], Input(ids.MAP, "relayoutData"),
        Input(ids.CLEAR, "n_clicks"), Input(ids.PLAY_TIMER, "n_intervals"), Input(ids.PRESENT, "n_clicks"),
        *[Input(cid, "value") for cid in CONTROL_IDS.values()], State(ids.VIEW, "data"),
    )
    # The static picture of the link's map, until the interactive map has drawn.
    app.clientside_callback(_js("previewSource"), Output(ids.MAP_PREVIEW, "src"), Input(ids.URL, "search"))
    # replaceState, not pushState: a slider drag must not leave a trail of history entries.
    app.clientside_callback(_js("syncUrl"), Output(ids.SHARE_URL, "value"), Input(ids.VIEW, "data"))
    app.clientside_callback(_js("linkFigures"), Output(ids.FROM_LINK, "data"), Input(ids.URL, "hash"))
    app.clientside_callback(_js("figuresLink"), Output(ids.FIGURES_LINK, "value"),
                            Input(ids.FIGURES_FRAGMENT, "data"))
    # Links between the two pages carry the view, so moving between them loses nothing.
    app.clientside_callback(_js("pageLinks"), Output(ids.SOURCES_LINK, "href"), Output(ids.BACK_LINK, "href"),
                            Input(ids.VIEW, "data"))
    # The whole view as one PNG, drawn in the browser from plotly's own renderings: no server, no network.
    app.clientside_callback(_js("saveImage"), Output(ids.DOWNLOAD_PNG_BUTTON, "title"),
                            Input(ids.DOWNLOAD_PNG_BUTTON, "n_clicks"), State(ids.VIEW, "data"),
                            State(ids.PUBLIC_URL, "data"), prevent_initial_call=True)
    # The close button hides the notice at once, in the browser; the view callback is the notice's other writer, as
    # it shows the notice when a link is opened with problems (a round trip to close it would feel broken).
    app.clientside_callback(_js("closeNotice"), Output(ids.NOTICE, "hidden", allow_duplicate=True),
                            Input(ids.NOTICE_CLOSE, "n_clicks"), prevent_initial_call=True)
    # The embed snippet and, in embed mode, the link to the full view: under PUBLIC_URL when it is set.
    app.clientside_callback(_js("embedLinks"), Output(ids.EMBED_CODE, "value"), Output(ids.FULL_VIEW, "href"),
                            Input(ids.VIEW, "data"), State(ids.PUBLIC_URL, "data"))
    # dcc.Graph does not redraw when only its config changes: the browser redraws each graph whose language (and so
    # its toolbar's tooltips) is not the page's.
    app.clientside_callback(_js("applyLocale"), Output(ids.LOCALE_APPLIED, "data"),
                            *[Input(g, "config") for g in graph_ids()], prevent_initial_call=True)
    app.clientside_callback(_js("togglePlay"), Output(ids.PLAY_TIMER, "disabled"), Output(ids.PLAY, "children"),
                            Input(ids.PLAY, "n_clicks"), State(ids.PLAY_TIMER, "disabled"),
                            prevent_initial_call=True)
