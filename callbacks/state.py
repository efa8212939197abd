"""Wire every user action (link, controls, clicks, keys, timer) to one View, kept in a store and in the URL."""

from __future__ import annotations

from dash import Dash, Input, Output, State, ctx, html, no_update

from core import interaction
from core.prepared import Prepared
from core.text import t
from core.view import WEIGHT_NAMES, View, default_view, parse, to_query
from layouts import ids

CLICK_SOURCES = (ids.MAP, ids.CHART_DETECTIONS, ids.CHART_DEATHS, ids.CHART_RISK, ids.CHART_SYRIA, ids.CHART_UKRAINE)
KEY_STEPS = {"ArrowRight": 1, "ArrowLeft": -1}


def register(app: Dash, prep: Prepared) -> None:
    """The single callback that owns the view: it may write the controls it reads (Dash allows that cycle)."""
    options = prep.options
    weights = [ids.WEIGHT.format(n) for n in WEIGHT_NAMES]

    @app.callback(
        Output(ids.YEAR, "value"),
        Output(ids.ROUTES, "value"),
        Output(ids.INDICATOR, "value"),
        Output(ids.COUNTRIES, "value"),
        *[Output(w, "value") for w in weights],
        Output(ids.LAYER, "value"),
        Output(ids.VIEW, "data"),
        Output(ids.NOTICE, "children"),
        Output(ids.NOTICE, "hidden"),
        Input(ids.URL, "search"),
        Input(ids.YEAR, "value"),
        Input(ids.ROUTES, "value"),
        Input(ids.INDICATOR, "value"),
        Input(ids.COUNTRIES, "value"),
        *[Input(w, "value") for w in weights],
        Input(ids.LAYER, "value"),
        *[Input(c, "clickData") for c in CLICK_SOURCES],
        Input(ids.CLEAR, "n_clicks"),
        Input(ids.PLAY_TIMER, "n_intervals"),
        Input(ids.KEY_EVENT, "data"),
        Input(ids.PRESENT, "n_clicks"),
        State(ids.VIEW, "data"),
    )
    def sync(search, year, routes, indicator, countries, *rest):
        weight_values = list(rest[: len(weights)])
        layer = rest[len(weights)]
        stored = rest[-1]
        trigger = ctx.triggered_id
        notice = no_update
        if trigger in (None, ids.URL) or not isinstance(stored, dict):
            view, problems = parse(search, options)
            notice = _notice(problems, view.lang)
        else:
            current, _ = parse(stored.get("query", ""), options) if isinstance(stored.get("query"), str) else (
                default_view(options), [])
            view = _next(current, trigger, options, year, routes, indicator, countries, weight_values, layer,
                         ctx.triggered[0].get("value"))
        return (
            view.year, list(view.routes), view.indicator, list(view.countries), *view.weights,
            interaction.layer_of(view, options),
            {"query": to_query(view, options), "mode": view.mode},
            notice, notice is None if notice is not no_update else no_update,
        )


def _next(view: View, trigger, options, year, routes, indicator, countries, weights, layer, value) -> View:
    if trigger in CLICK_SOURCES:
        return interaction.click(view, options, value)
    if trigger == ids.CLEAR:
        return interaction.clear_selection(view, options)
    if trigger == ids.LAYER and layer:
        return interaction.apply_layer(view, layer, options)
    if trigger == ids.PLAY_TIMER:
        return interaction.step_year(view, options, 1, wrap=True)
    if trigger == ids.KEY_EVENT and isinstance(value, dict):
        key = value.get("key")
        if key in KEY_STEPS:
            return interaction.step_year(view, options, KEY_STEPS[key])
        if key == "Escape":
            return interaction.set_mode(view, "explore")
        return view
    if trigger == ids.PRESENT:
        return interaction.set_mode(view, "explore" if view.mode == "present" else "present")
    return interaction.from_controls(view, options, year, routes, indicator, countries, weights)


def _notice(problems: list[str], lang: str) -> list | None:
    """What the link got wrong, as plain text (never HTML), or None when it was fine."""
    if not problems:
        return None
    return [html.Strong(t("notice.link", lang)), html.Ul([html.Li(p) for p in problems])]
