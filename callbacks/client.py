"""Pure-UI wiring that runs in the browser: the URL bar, the share box, presenter mode and the play timer."""

from __future__ import annotations

from dash import ClientsideFunction, Dash, Input, Output, State

from layouts import ids


def register(app: Dash) -> None:
    """Clientside callbacks; their JavaScript lives in assets/dashboard.js."""
    # replaceState, not pushState: a slider drag must not leave a trail of history entries.
    app.clientside_callback(
        ClientsideFunction("dashboard", "syncUrl"),
        Output(ids.SHARE_URL, "value"),
        Input(ids.VIEW, "data"),
    )
    # Links between the two pages carry the view, so moving between them loses nothing.
    app.clientside_callback(
        ClientsideFunction("dashboard", "pageLinks"),
        Output(ids.SOURCES_LINK, "href"),
        Output(ids.BACK_LINK, "href"),
        Input(ids.VIEW, "data"),
    )
    # The whole view as one PNG, drawn in the browser from plotly's own renderings: no server, no network.
    app.clientside_callback(
        ClientsideFunction("dashboard", "saveImage"),
        Output(ids.DOWNLOAD_PNG_BUTTON, "title"),
        Input(ids.DOWNLOAD_PNG_BUTTON, "n_clicks"),
        State(ids.VIEW, "data"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction("dashboard", "togglePlay"),
        Output(ids.PLAY_TIMER, "disabled"),
        Output(ids.PLAY, "children"),
        Input(ids.PLAY, "n_clicks"),
        State(ids.PLAY_TIMER, "disabled"),
        State(ids.PLAY, "children"),
        prevent_initial_call=True,
    )
