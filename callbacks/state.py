"""Wire every user action (link, controls, clicks, keys, timer, map moves) to one View, kept in the URL.

Two stores come out: `view` (the whole canonical link, for the address bar and presenter mode) and `content`
(only what the figures depend on), which stays untouched when only the map moved, so nothing is redrawn for a pan.
"""

from __future__ import annotations

from dash import Dash, Input, Output, State, ctx, html, no_update

from core import interaction
from core.store import DataStore
from core.text import t
from core.view import WEIGHT_NAMES, Options, View, default_view, parse, to_query
from layouts import ids

CLICK_SOURCES = (ids.MAP, ids.CHART_DETECTIONS, ids.CHART_DEATHS, ids.CHART_RISK, ids.CHART_SYRIA, ids.CHART_UKRAINE)
WEIGHTS = tuple(ids.WEIGHT.format(n) for n in WEIGHT_NAMES)
MAP_MOVED = "map-moved"  # the map's relayoutData, told apart from its clickData


def register(app: Dash, data: DataStore) -> None:
    """The single callback that owns the view: it may write the controls it reads (Dash allows that cycle)."""

    @app.callback(
        Output(ids.YEAR, "value"),
        Output(ids.ROUTES, "value"),
        Output(ids.INDICATOR, "value"),
        Output(ids.COUNTRIES, "value"),
        *[Output(w, "value") for w in WEIGHTS],
        Output(ids.LAYER, "value"),
        Output(ids.SCENE, "value"),
        Output(ids.VIEW, "data"),
        Output(ids.CONTENT, "data"),
        Output(ids.NOTICE, "children"),
        Output(ids.NOTICE, "hidden"),
        Output(ids.PRESENT, "children"),
        Output(ids.LANG, "value"),
        Output(ids.LANG_STORE, "data"),
        Input(ids.URL, "search"),
        Input(ids.YEAR, "value"),
        Input(ids.ROUTES, "value"),
        Input(ids.INDICATOR, "value"),
        Input(ids.COUNTRIES, "value"),
        *[Input(w, "value") for w in WEIGHTS],
        Input(ids.LAYER, "value"),
        Input(ids.SCENE, "value"),
        *[Input(c, "clickData") for c in CLICK_SOURCES],
        Input(ids.MAP, "relayoutData"),
        Input(ids.CLEAR, "n_clicks"),
        Input(ids.PLAY_TIMER, "n_intervals"),
        Input(ids.KEY_EVENT, "data"),
        Input(ids.PRESENT, "n_clicks"),
        Input(ids.LANG, "value"),
        State(ids.VIEW, "data"),
        State(ids.CONTENT, "data"),
        State(ids.LANG_STORE, "data"),
    )
    def sync(search, year, routes, indicator, countries, *rest):
        options = data.prep().options
        weights = list(rest[: len(WEIGHTS)])
        layer, scene = rest[len(WEIGHTS)], rest[len(WEIGHTS) + 1]
        stored, shown, shown_lang = rest[-3], rest[-2], rest[-1]
        trigger = ctx.triggered_id
        if ctx.triggered and ctx.triggered[0].get("prop_id") == f"{ids.MAP}.relayoutData":
            trigger = MAP_MOVED
        notice = no_update
        presses = stored.get("presses") if isinstance(stored, dict) else None
        if trigger in (None, ids.URL) or not isinstance(stored, dict):
            view, problems = parse(search, options)
            notice = _notice(problems, view.lang)
        else:
            current = parse(_query(stored), options)[0] if _query(stored) else default_view(options)
            value = ctx.triggered[0].get("value")
            if trigger == ids.KEY_EVENT:
                view, presses = key_view(current, options, value, stored.get("presses"))
            else:
                view = next_view(current, trigger, options, value,
                                 controls=(year, routes, indicator, countries, weights, layer, scene))
        content = {"query": to_query(_content(view), options), "data": data.version}
        return (
            view.year, list(view.routes), view.indicator, list(view.countries), *view.weights,
            interaction.layer_of(view, options), view.scene,
            {"query": to_query(view, options), "mode": view.mode, "lang": view.lang, "presses": presses},
            no_update if content == shown else content,
            notice, no_update if notice is no_update else notice is None,
            t("explore" if view.mode == "present" else "present", view.lang),
            view.lang, no_update if view.lang == shown_lang else view.lang,
        )


def next_view(view: View, trigger, options: Options, value, controls: tuple) -> View:
    """The view after one action; anything that changes what a scene shows leaves the scene."""
    year, routes, indicator, countries, weights, layer, scene = controls
    if trigger == ids.SCENE:
        return interaction.go_to_scene(view, options, scene)
    if trigger == ids.LANG:
        return interaction.set_lang(view, value)
    if trigger == ids.PRESENT:
        return interaction.set_mode(view, "explore" if view.mode == "present" else "present")
    if trigger == MAP_MOVED:
        return interaction.map_moved(view, value)
    if trigger in CLICK_SOURCES:
        after = interaction.click(view, options, value)
    elif trigger == ids.CLEAR:
        after = interaction.clear_selection(view, options)
    elif trigger == ids.LAYER and layer:
        after = interaction.apply_layer(view, layer, options)
    elif trigger == ids.PLAY_TIMER:
        after = interaction.step_year(view, options, 1, wrap=True)
    else:
        after = interaction.from_controls(view, options, year, routes, indicator, countries, weights)
    return interaction.leave_scene_if_changed(view, after)


def key_view(view: View, options: Options, event, seen) -> tuple[View, list[int] | None]:
    """A presenter key. Arrows carry running totals of presses; stepping by the difference from the totals this
    view last applied keeps every press, even when presses overtake a callback still in flight."""
    if not isinstance(event, dict):
        return view, seen
    if event.get("key") == "Escape":
        return interaction.set_mode(view, "explore"), seen
    right, left = event.get("right"), event.get("left")
    if not all(isinstance(n, int) and not isinstance(n, bool) and 0 <= n < 10**6 for n in (right, left)):
        return view, seen
    before = seen if isinstance(seen, list) and len(seen) == 2 and all(isinstance(n, int) for n in seen) else [0, 0]
    delta = (right - before[0]) - (left - before[1])
    return interaction.step(view, options, delta) if delta else view, [right, left]


def _content(view: View) -> View:
    """The part of the view the figures depend on (not the map position, mode or scene)."""
    return View(year=view.year, routes=view.routes, indicator=view.indicator, countries=view.countries,
                weights=view.weights, lang=view.lang)


def _query(stored) -> str:
    query = stored.get("query") if isinstance(stored, dict) else None
    return query if isinstance(query, str) else ""


def _notice(problems: list[str], lang: str) -> list | None:
    """What the link got wrong, as plain text (never HTML), or None when it was fine."""
    if not problems:
        return None
    return [html.Strong(t("notice.link", lang)), html.Ul([html.Li(p) for p in problems])]
