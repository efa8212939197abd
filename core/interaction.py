"""How each user action turns one View into the next: a link, a control, a click on the map or a chart, a key.

Pure functions, so that the callback that wires them stays a few lines and every rule is unit-tested.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

from core.view import LANGS, MAX_WEIGHT, WEIGHT_NAMES, Options, View, parse

# Layer presets from the design card: the routes and the country indicator each layer shows.
LAYER_PRESETS: dict[str, tuple[tuple[str, ...], str]] = {
    "med": (("central_med", "eastern_med", "western_med", "western_african"), "sea_arrivals"),
    "syria": (("syria_neighbours", "eastern_med", "western_balkans"), "syr_refugees_hosted"),
    "ukraine": (("ukraine_displacement", "eastern_land"), "ukr_refugees_hosted"),
    "risk": ((), "tip_tier"),  # () = every route
}


def apply_layer(view: View, layer: str, options: Options) -> View:
    """Switch to a layer preset, keeping year, weights, language and mode; an unknown layer changes nothing."""
    if layer not in LAYER_PRESETS:
        return view
    routes, indicator = LAYER_PRESETS[layer]
    chosen = tuple(r for r in options.routes if r in routes) if routes else options.routes
    return replace(view, routes=chosen, indicator=indicator, countries=())


def layer_of(view: View, options: Options) -> str | None:
    """The preset the view matches exactly, if any (so the layer control shows it)."""
    for name in LAYER_PRESETS:
        preset = apply_layer(view, name, options)
        if preset.routes == view.routes and preset.indicator == view.indicator:
            return name
    return None


def from_controls(view: View, options: Options, year: Any, routes: Any, indicator: Any, countries: Any,
                  weights: list[Any]) -> View:
    """A view from the controls' values; anything malformed keeps the current value."""
    year_ok = isinstance(year, int | float) and options.years[0] <= int(year) <= options.years[1]
    routes_ok = isinstance(routes, list) and all(isinstance(r, str) for r in routes)
    countries_ok = isinstance(countries, list) and all(isinstance(c, str) for c in countries)
    weights_ok = (
        len(weights) == len(WEIGHT_NAMES)
        and all(isinstance(w, int | float) and 0 <= w <= MAX_WEIGHT for w in weights)
        and sum(weights) > 0
    )
    return replace(
        view,
        year=int(year) if year_ok else view.year,
        routes=tuple(r for r in options.routes if r in routes) if routes_ok else view.routes,
        indicator=indicator if indicator in options.indicators else view.indicator,
        countries=tuple(sorted({c for c in countries if c in options.countries})) if countries_ok else view.countries,
        weights=tuple(int(w) for w in weights) if weights_ok else view.weights,  # type: ignore[arg-type]
    )


def click(view: View, options: Options, click_data: Any) -> View:
    """A click on the map or a chart: a route selects that route alone (again: all routes); a country toggles."""
    point = _first_point(click_data)
    if point is None:
        return view
    location = point.get("location")
    if isinstance(location, str) and location in options.countries:
        chosen = set(view.countries) ^ {location}
        return replace(view, countries=tuple(sorted(chosen)))
    target = point.get("customdata")
    if isinstance(target, list) and target:
        target = target[0]
    if isinstance(target, str) and target in options.routes:
        alone = (target,)
        return replace(view, routes=options.routes if view.routes == alone else alone)
    if isinstance(target, str) and target in options.countries:
        return replace(view, countries=tuple(sorted(set(view.countries) ^ {target})))
    return view


def clear_selection(view: View, options: Options) -> View:
    """Every route, no country."""
    return replace(view, routes=options.routes, countries=())


def step_year(view: View, options: Options, step: int, wrap: bool = False) -> View:
    """Move the year by ``step``; at either end stop, or (playing, one step at a time) wrap round."""
    first, last = options.years
    year = view.year + step
    if wrap and year > last:
        year = first
    return replace(view, year=min(max(year, first), last))


def _first_point(click_data: Any) -> dict | None:
    if not isinstance(click_data, dict):
        return None
    points = click_data.get("points")
    if not isinstance(points, list) or not points or not isinstance(points[0], dict):
        return None
    return points[0]


def set_mode(view: View, mode: str) -> View:
    """Enter or leave presenter mode."""
    return replace(view, mode=mode if mode in ("explore", "present") else view.mode)


def go_to_scene(view: View, options: Options, scene: str | None) -> View:
    """Show a named scene; the viewer's language, mode and map position stay as they are."""
    if scene not in options.scenes:
        return replace(view, scene=None)
    base, _ = parse(f"scene={scene}", options)
    return replace(base, lang=view.lang, mode=view.mode, center=view.center, zoom=view.zoom)


def step(view: View, options: Options, step: int) -> View:
    """A presenter's arrow key: the next or previous scene inside a scene, otherwise the next or previous year."""
    if view.scene in options.scenes:
        i = options.scenes.index(view.scene) + step
        return go_to_scene(view, options, options.scenes[min(max(i, 0), len(options.scenes) - 1)])
    return step_year(view, options, step)


def leave_scene_if_changed(before: View, after: View) -> View:
    """Changing what a scene shows (year, routes, indicator, countries, weights) leaves the scene."""
    same = (before.year, before.routes, before.indicator, before.countries, before.weights) == (
        after.year, after.routes, after.indicator, after.countries, after.weights)
    return after if same else replace(after, scene=None)


def map_moved(view: View, relayout: Any) -> View:
    """Keep the map's centre and zoom from plotly's relayout event, so a link restores the same map view."""
    if not isinstance(relayout, dict):
        return view
    lon, lat = relayout.get("geo.center.lon"), relayout.get("geo.center.lat")
    scale = relayout.get("geo.projection.scale")
    center, zoom = view.center, view.zoom
    if _finite(lon) and _finite(lat) and -180 <= lon <= 180 and -90 <= lat <= 90:
        center = (round(float(lon), 2), round(float(lat), 2))
    if _finite(scale) and 0.5 <= scale <= 20:
        zoom = round(float(scale), 2)
    return replace(view, center=center, zoom=zoom)


def _finite(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def set_lang(view: View, lang: Any) -> View:
    """Switch the interface language; anything but a known language keeps the current one."""
    return replace(view, lang=lang) if lang in LANGS else view
