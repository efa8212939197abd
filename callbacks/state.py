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
from layouts.cards import build_scene_banner

CLICK_SOURCES = (ids.MAP, ids.CHART_DETECTIONS, ids.CHART_DEATHS, ids.CHART_RISK, ids.CHART_SYRIA, ids.CHART_UKRAINE)
WEIGHTS = tuple(ids.WEIGHT.format(n) for n in WEIGHT_NAMES)
CONTROLS = (ids.YEAR, ids.ROUTES, ids.INDICATOR, ids.COUNTRIES, *WEIGHTS)
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
        Output(ids.SCENE_BANNER, "children"),
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
        lang, stored, shown, shown_lang = rest[-4], rest[-3], rest[-2], rest[-1]
        # A request can name several triggers (Dash merges queued requests) or lose an earlier one (Dash drops a
        # request in flight when a newer one starts). So: the first action that is not a key, any control whose value
        # moved, then the key totals; each step is idempotent, so nothing the user did is applied twice or lost.
        fired = [t for t in ctx.triggered if isinstance(t, dict) and t.get("prop_id") not in (None, ".")]
        action = next((t for t in fired if t["prop_id"] != f"{ids.KEY_EVENT}.data"), None)
        trigger = None if action is None else action["prop_id"].rsplit(".", 1)[0]
        if action is not None and action["prop_id"] == f"{ids.MAP}.relayoutData":
            trigger = MAP_MOVED
        notice = no_update
        presses = stored.get("presses") if isinstance(stored, dict) else None
        if (trigger == ids.URL or not fired) or not isinstance(stored, dict):
            view, problems = parse(search, options)
            notice = _notice(problems, view.lang)
        else:
            view = parse(_query(stored), options)[0] if _query(stored) else default_view(options)
            controls = (year, routes, indicator, countries, weights, layer, scene)
            view = reconcile(view, trigger, options, controls, lang)
            if action is not None:
                view = next_view(view, trigger, options, action.get("value"), controls=controls)
            view, presses = key_view(view, options, ctx.inputs.get(f"{ids.KEY_EVENT}.data"), presses)
        content = {"query": to_query(_content(view), options), "data": data.version}
        return (
            view.year, list(view.routes), view.indicator, list(view.countries), *view.weights,
            interaction.layer_of(view, options), view.scene,
            {"query": to_query(view, options), "mode": view.mode, "lang": view.lang, "presses": presses},
            no_update if content == shown else content,
            notice, no_update if notice is no_update else notice is None,
            t("explore" if view.mode == "present" else "present", view.lang),
            view.lang, no_update if view.lang == shown_lang else view.lang,
            _banner(data, view, stored, options),
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


def reconcile(before: View, trigger, options: Options, controls: tuple, lang) -> View:
    """Apply every control that shows something other than the stored view, except the one that fired.

    A control moved in a request that Dash then dropped for a newer one (a map redraw, a key press) reaches us only
    as the control's value; without this, the answer would write the old value back into the control. Each control
    is compared with what the stored view last set it to, so a change this request makes is never undone.
    """
    year, routes, indicator, countries, weights, layer, scene = controls
    view = before
    if trigger not in CONTROLS:
        view = interaction.leave_scene_if_changed(view, interaction.from_controls(
            view, options, year, routes, indicator, countries, weights))
    if trigger != ids.LAYER and layer and layer != interaction.layer_of(before, options):
        view = interaction.apply_layer(view, layer, options)
    if trigger != ids.SCENE and scene in options.scenes and scene != before.scene:
        view = interaction.go_to_scene(view, options, scene)
    if trigger != ids.LANG and lang != before.lang:
        view = interaction.set_lang(view, lang)
    return view


def key_view(view: View, options: Options, event, seen) -> tuple[View, list[int] | None]:
    """Apply presenter keys. The browser sends running totals of presses (right, left, Escape); stepping by the
    difference from the totals this view last applied keeps every press, even when presses overtake a callback still
    in flight or a newer request replaces one that carried them (Dash then reports only the newer trigger)."""
    if not isinstance(event, dict):
        return view, seen
    totals = [event.get("right"), event.get("left"), event.get("escape", 0)]
    if not all(isinstance(n, int) and not isinstance(n, bool) and 0 <= n < 10**6 for n in totals):
        return view, seen
    before = [0, 0, 0]
    if isinstance(seen, list) and all(isinstance(n, int) and not isinstance(n, bool) for n in seen):
        before = (list(seen) + [0, 0, 0])[:3]
    if totals == before:
        return view, seen
    if totals[2] > before[2]:
        return interaction.set_mode(view, "explore"), totals
    delta = (totals[0] - before[0]) - (totals[1] - before[1])
    return interaction.step(view, options, delta) if delta else view, totals


def _content(view: View) -> View:
    """The part of the view the figures depend on (not the map position, mode or scene)."""
    return View(year=view.year, routes=view.routes, indicator=view.indicator, countries=view.countries,
                weights=view.weights, lang=view.lang)


def _banner(data: DataStore, view: View, stored, options: Options):
    """The scene banner, sent only when what it shows (scene, language, mode) changed: redrawing it on every pan
    would replace its elements under the reader and make screen readers announce it again."""
    if isinstance(stored, dict) and _query(stored):
        before = parse(_query(stored), options)[0]
        if (before.scene, before.lang, before.mode) == (view.scene, view.lang, view.mode):
            return no_update
    return build_scene_banner(data.prep(), view)


def _query(stored) -> str:
    query = stored.get("query") if isinstance(stored, dict) else None
    return query if isinstance(query, str) else ""


def _notice(problems: list[str], lang: str) -> list | None:
    """What the link got wrong, as plain text (never HTML), or None when it was fine."""
    if not problems:
        return None
    return [html.Strong(t("notice.link", lang)), html.Ul([html.Li(p) for p in problems])]
