"""How each user action turns one View into the next: `advance(view, event, options)`, a pure function.

Every action in the page (a link, a control, a click on the map or a chart, a key, the play timer, a map move, the
language, a scene) reaches the server as an `Event` with a sequence number, queued in the browser until the server
has applied it (see `replay`). So a request that Dash drops in flight loses nothing: the next one carries the same
events again, and those already applied are skipped by their number.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any

from core.risk import WEIGHT_NAMES
from core.text import LANGS, N_
from core.view import MAX_WEIGHT, Options, Problem, View, has_figures, parse, scene_base, year_indicator

NATIONALITY_PREFIX = "nationality:"  # a chart point's customdata naming a nationality, not a country to select


@dataclass(frozen=True)
class Layer:
    """A layer preset of the "Layers" control: the routes and the country indicator it shows, the countries it
    selects and whether it turns the flows layer on."""

    label: str  # its message key, `layer.<name>`; the name is the control's value
    routes: tuple[str, ...]  # route ids of routes.csv; () = every route
    indicator: str  # an indicator of indicators.csv with a map_order
    countries: tuple[str, ...] = ()  # ISO3 codes selected with it
    flows: bool = False

    @property
    def name(self) -> str:
        return self.label.removeprefix("layer.")


# Layer presets from the design card, in menu order (N_() marks each label's key for `pybabel extract`).
LAYERS: tuple[Layer, ...] = (
    Layer(N_("layer.med"), ("central_med", "eastern_med", "western_med", "western_african"), "sea_arrivals"),
    Layer(N_("layer.syria"), ("syria_neighbours", "eastern_med", "western_balkans"), "syr_refugees_hosted"),
    Layer(N_("layer.ukraine"), ("ukraine_displacement", "eastern_land"), "ukr_refugees_hosted"),
    Layer(N_("layer.risk"), (), "tip_tier"),
    # Ukraine, Moldova, Belarus, Russia, the South Caucasus and Central Asia: victims detected in and from them, with
    # the flows layer on and the countries selected (so that the flows touching them are drawn).
    Layer(N_("layer.post_soviet"), ("eastern_land", "ukraine_displacement"), "victims_detected",
          countries=("ARM", "AZE", "BLR", "GEO", "KAZ", "KGZ", "MDA", "RUS", "TJK", "TKM", "UKR", "UZB"), flows=True),
)
LAYER_PRESETS: dict[str, Layer] = {layer.name: layer for layer in LAYERS}


def apply_layer(view: View, layer: str, options: Options) -> View:
    """Switch to a layer preset, keeping year, weights, language and mode; an unknown layer changes nothing."""
    preset = LAYER_PRESETS.get(layer) if isinstance(layer, str) else None
    if preset is None:
        return view
    chosen = tuple(r for r in options.routes if r in preset.routes) if preset.routes else options.routes
    countries = tuple(c for c in preset.countries if c in options.countries)
    return replace(view, routes=chosen, indicator=preset.indicator, countries=countries,
                   flows=preset.flows or view.flows)


def layer_of(view: View, options: Options) -> str | None:
    """The preset the view matches exactly, if any (so the layer control shows it)."""
    for name in LAYER_PRESETS:
        preset = apply_layer(view, name, options)
        if preset.routes == view.routes and preset.indicator == view.indicator:
            return name
    return None


def set_control(view: View, options: Options, name: str, value: Any) -> View:
    """One control's new value; anything malformed or unknown keeps the current view."""
    if name == "year" and _number(value) and options.years[0] <= value <= options.years[1]:
        return replace(view, year=int(value), months=months_of_year(options, int(value)) if view.months else None,
                       indicator=indicator_for_year(view, options, int(value)))
    if name in MONTH_CONTROLS:
        return set_months(view, options, name, value)
    if name == "incidents" and _strings(value):
        return replace(view, incidents="on" in value)
    if name == "flows" and _strings(value):
        return replace(view, flows="on" in value)
    if name == "nationality" and (value is None or (isinstance(value, str) and value in options.nationalities)):
        return replace(view, nationality=value)
    if name == "routes" and _strings(value):
        return replace(view, routes=tuple(r for r in options.routes if r in set(value)))
    if name == "indicator" and value in options.indicators:
        return replace(view, indicator=value)
    if name == "countries" and _strings(value):
        return replace(view, countries=tuple(sorted({c for c in value if c in options.countries})))
    if name.startswith("weight.") and name[7:] in WEIGHT_NAMES and _number(value) and 0 <= value <= MAX_WEIGHT:
        weights = list(view.weights)
        weights[WEIGHT_NAMES.index(name[7:])] = int(value)
        return replace(view, weights=tuple(weights)) if sum(weights) > 0 else view  # type: ignore[arg-type]
    return view


def months_of_year(options: Options, year: int) -> tuple[str, str] | None:
    """A year's months that have figures (January-April for a partial year); None for a year without any."""
    inside = [m for m in options.months if m.startswith(f"{year}-")]
    return (inside[0], inside[-1]) if inside else None


def set_months(view: View, options: Options, name: str, value: Any) -> View:
    """The detections' grain ("years" or "months") or one end of the month range. Switching to months shows the
    selected year's months; moving one end past the other moves both; clearing an end goes back to years."""
    if name == "grain":
        if value == "years":
            return replace(view, months=None)
        if value == "months":
            return view if view.months else replace(view, months=months_of_year(options, view.year))
        return view
    if value is None:
        return replace(view, months=None)
    if not isinstance(value, str) or value not in options.months:
        return view
    first, last = view.months or months_of_year(options, int(value[:4])) or (value, value)
    months = (value, max(value, last)) if name == "months-from" else (min(first, value), value)
    return replace(view, months=months)


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _strings(value: Any) -> bool:
    return isinstance(value, list) and len(value) <= 1000 and all(isinstance(v, str) for v in value)


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
    if isinstance(target, str) and target.startswith(NATIONALITY_PREFIX):
        # A nationality's bar: show where that nationality crosses (again: stop showing it).
        chosen = target[len(NATIONALITY_PREFIX):]
        if chosen in options.nationalities:
            return replace(view, nationality=None if view.nationality == chosen else chosen)
        return view
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
    year = min(max(year, first), last)
    # In the months view the months follow the year, so playing steps through each year's months.
    return replace(view, year=year, months=months_of_year(options, year) if view.months else None,
                   indicator=indicator_for_year(view, options, year))


def indicator_for_year(view: View, options: Options, year: int) -> str:
    """The indicator after a year step: a view showing its year's default indicator shows the new year's (the
    default one where it has figures, else the fallback `year_indicator` names), so stepping past the end of a
    series never greys the map; any other indicator, the reader's or a scene's choice, stays, figures or not (a
    scene's, once the step has left the scene, only where it has figures: `leave_scene_if_changed`)."""
    on_default = view.scene is None and view.indicator == year_indicator(options, view.year)
    return year_indicator(options, year) if on_default else view.indicator


def with_figures(view: View, options: Options) -> View:
    """A view that has just left its scene: its indicator kept if it has figures for the year, else the year's
    default, so leaving a scene never leaves a map with every country grey."""
    if has_figures(options, view.indicator, view.year):
        return view
    return replace(view, indicator=year_indicator(options, view.year))


def _first_point(click_data: Any) -> dict | None:
    if not isinstance(click_data, dict):
        return None
    points = click_data.get("points")
    if not isinstance(points, list) or not points or not isinstance(points[0], dict):
        return None
    return points[0]


def set_mode(view: View, mode: str) -> View:
    """Enter or leave presenter mode (the embed mode is entered by a link only)."""
    return replace(view, mode=mode if mode in ("explore", "present") else view.mode)


def go_to_scene(view: View, options: Options, scene: str | None) -> View:
    """Show a named scene; the viewer's language, mode and map position stay as they are."""
    if scene not in options.scenes:
        return replace(view, scene=None)
    return replace(scene_base(scene, options), scene=scene, lang=view.lang, mode=view.mode, center=view.center,
                   zoom=view.zoom)


def step(view: View, options: Options, step: int) -> View:
    """A presenter's arrow key: the next or previous scene inside a scene, otherwise the next or previous year."""
    if view.scene in options.scenes:
        i = options.scenes.index(view.scene) + step
        return go_to_scene(view, options, options.scenes[min(max(i, 0), len(options.scenes) - 1)])
    return step_year(view, options, step)


def leave_scene_if_changed(before: View, after: View, options: Options | None = None) -> View:
    """Changing what a scene shows (year, months, routes, indicator, countries, weights, nationality, incidents,
    flows) leaves the scene."""
    same = all(getattr(before, f) == getattr(after, f) for f in SCENE_PARTS)
    if same or before.scene is None:
        return after if same else replace(after, scene=None)
    left = replace(after, scene=None)
    # The scene's indicator stays only where it has figures, unless the reader has just chosen it.
    return left if options is None or after.indicator != before.indicator else with_figures(left, options)


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


# --- events ------------------------------------------------------------------------------------------------------

SCENE_PARTS = ("year", "months", "routes", "indicator", "countries", "weights", "nationality", "incidents", "flows")
MONTH_CONTROLS = ("grain", "months-from", "months-to")
CONTROLS = ("year", "routes", "indicator", "countries", *(f"weight.{n}" for n in WEIGHT_NAMES), *MONTH_CONTROLS,
            "incidents", "nationality", "flows")
KINDS = ("link", "control", "layer", "scene", "lang", "click", "map_moved", "clear", "tick", "present", "key")
KEYS = ("right", "left", "escape")
MAX_EVENTS = 200  # a browser holds at most this many unapplied events; more is not a real page
MAX_SEQ = 2**53  # JavaScript's largest safe integer


@dataclass(frozen=True)
class Event:
    """One user action: its number in the page's queue, what kind it is, and its value (checked by `advance`)."""

    seq: int
    kind: str
    name: str = ""
    value: Any = None


def decode_events(raw: Any) -> list[Event]:
    """The events a browser sent, in order; anything malformed is dropped, never raised."""
    items = raw.get("events") if isinstance(raw, dict) else None
    if not isinstance(items, list):
        return []
    events = []
    for item in items[-MAX_EVENTS:]:
        if not isinstance(item, dict):
            continue
        seq, kind, name = item.get("seq"), item.get("kind"), item.get("name", "")
        if _number(seq) and isinstance(seq, int) and 0 < seq < MAX_SEQ and kind in KINDS and isinstance(name, str):
            events.append(Event(seq, kind, name[:40], item.get("value")))
    return sorted(events, key=lambda e: e.seq)


def open_link(search: Any, options: Options) -> tuple[View, list[Problem]]:
    """The view a link shows, and what in it was ignored."""
    return parse(search if isinstance(search, str) else "", options)


def advance(view: View, event: Event, options: Options) -> View:
    """The view after one event. Anything that changes what a scene shows leaves the scene."""
    kind, value = event.kind, event.value
    if kind == "link":
        return open_link(value, options)[0]
    if kind == "scene":
        if value in options.scenes:
            return go_to_scene(view, options, value)
        return with_figures(replace(view, scene=None), options) if view.scene else view
    if kind == "lang":
        return set_lang(view, value)
    if kind == "present":
        return set_mode(view, "explore" if view.mode == "present" else "present")
    if kind == "map_moved":
        return map_moved(view, value)
    if kind == "key":
        if event.name == "escape":
            return set_mode(view, "explore")
        return step(view, options, {"right": 1, "left": -1}.get(event.name, 0))
    if kind == "control":
        after = set_control(view, options, event.name, value)
    elif kind == "click":
        after = click(view, options, value)
    elif kind == "layer":
        after = apply_layer(view, value, options) if isinstance(value, str) else view
    elif kind == "clear":
        after = clear_selection(view, options)
    else:  # the play timer
        after = step_year(view, options, 1, wrap=True)
    return leave_scene_if_changed(view, after, options)


@dataclass(frozen=True)
class Outcome:
    """The view after the events not yet applied, the last event number applied, and a link's problems (None when
    no link was opened) with the link itself (so the page can say them again later, in another language or fewer)."""

    view: View
    seq: int
    problems: list[Problem] | None = None
    link: str = ""


def replay(view: View, applied: int, events: list[Event], options: Options) -> Outcome:
    """Apply, in order, every event numbered after ``applied``; the rest were applied by an earlier answer."""
    problems, link = None, ""
    for event in events:
        if event.seq <= applied:
            continue
        if event.kind == "link":
            view, problems = open_link(event.value, options)
            link = event.value if isinstance(event.value, str) else ""
        else:
            view = advance(view, event, options)
        applied = event.seq
    return Outcome(view, applied, problems, link)
