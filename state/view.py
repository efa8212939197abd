"""The view state a link carries: parse a query string into a View (never raising) and write one canonically.

The query string is a stable public format (documented in the README):
`year`, `routes`, `indicator`, `country`, `weights`, `lang`, `mode`, `scene`, `center`, `zoom`.
Unknown parameters are ignored and invalid values fall back to defaults; each is reported as a problem so the page
can say what it ignored. Nothing parsed here is ever rendered as HTML.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from urllib.parse import parse_qsl, urlencode

from core.risk import WEIGHT_NAMES
from core.text import LANGS

DEFAULT_WEIGHTS = (3, 3, 2, 2)
MAX_WEIGHT = 10
DEFAULT_YEAR = 2015
DEFAULT_INDICATOR = "sea_arrivals"
MODES = ("explore", "present")
MAX_PARAM_CHARS = 500  # longer values are ignored whole: no legitimate parameter comes near this
_ZOOM = (0.5, 20.0)
_SHOWN = 60  # characters of a rejected value quoted back to the user


@dataclass(frozen=True)
class Options:
    """What a link may name: derived once from the data bundle."""

    years: tuple[int, int]
    routes: tuple[str, ...]
    indicators: tuple[str, ...]
    countries: frozenset[str]
    scenes: tuple[str, ...] = ()
    scene_queries: Mapping[str, str] = field(default_factory=dict)
    default_year: int = DEFAULT_YEAR
    default_indicator: str = DEFAULT_INDICATOR


@dataclass(frozen=True)
class View:
    """Everything that decides what the dashboard shows."""

    year: int
    routes: tuple[str, ...]
    indicator: str
    countries: tuple[str, ...] = ()
    weights: tuple[int, int, int, int] = DEFAULT_WEIGHTS
    lang: str = "en"
    mode: str = "explore"
    scene: str | None = None
    center: tuple[float, float] | None = None
    zoom: float | None = None


def default_view(options: Options) -> View:
    """The view a bare URL shows."""
    return View(year=options.default_year, routes=options.routes, indicator=options.default_indicator)


def parse(query: str | None, options: Options) -> tuple[View, list[str]]:
    """Parse a query string (with or without '?') into a View and a list of human-readable problems."""
    view = default_view(options)
    problems: list[str] = []
    text = (query or "").lstrip("?")
    try:
        pairs = parse_qsl(text, keep_blank_values=True, errors="strict", max_num_fields=50)
    except (ValueError, UnicodeDecodeError):
        return view, ["the link's parameters could not be decoded and were ignored"]
    seen: set[str] = set()
    changes: dict[str, object] = {}
    for key, value in pairs:
        name = key.strip().lower()
        if name not in _PARSERS:
            problems.append(f"unknown parameter {_quote(key)} was ignored")
            continue
        if name in seen:
            problems.append(f"parameter {name!r} was given more than once; the first value was used")
            continue
        seen.add(name)
        if len(value) > MAX_PARAM_CHARS:
            problems.append(f"parameter {name!r} was too long and was ignored")
            continue
        try:
            changes[name] = _PARSERS[name](value.strip(), options)
        except ValueError as exc:
            problems.append(f"{name}={_quote(value)} was ignored: {exc}")
    scene = changes.get("scene")
    if isinstance(scene, str):
        # A scene sets the view; parameters given next to it (as in a canonical link) refine it.
        base, _ = parse(options.scene_queries.get(scene, ""), replace(options, scenes=()))
        view = replace(base, scene=scene)
    return replace(view, **_rename(changes)), problems


def to_query(view: View, options: Options) -> str:
    """The canonical query string for a view (no leading '?'): fixed order, defaults left out where stable."""
    params: list[tuple[str, str]] = [("year", str(view.year))]
    routes = "all" if set(view.routes) == set(options.routes) else ",".join(view.routes)
    params.append(("routes", routes or "none"))
    params.append(("indicator", view.indicator))
    if view.countries or view.scene:
        # Written even when empty inside a scene, so that the scene's own countries do not come back.
        params.append(("country", ",".join(view.countries)))
    params.append(("weights", ",".join(str(w) for w in view.weights)))
    if view.lang != "en":
        params.append(("lang", view.lang))
    if view.mode != "explore":
        params.append(("mode", view.mode))
    if view.scene:
        params.append(("scene", view.scene))
    if view.center is not None:
        params.append(("center", f"{view.center[0]:g},{view.center[1]:g}"))
    if view.zoom is not None:
        params.append(("zoom", f"{view.zoom:g}"))
    return urlencode(params, safe=",")


def _year(value: str, options: Options) -> int:
    if not re.fullmatch(r"\d{4}", value):
        raise ValueError("the year must be four digits")
    year = int(value)
    first, last = options.years
    if not first <= year <= last:
        raise ValueError(f"the year must be between {first} and {last}")
    return year


def _routes(value: str, options: Options) -> tuple[str, ...]:
    if value == "all":
        return options.routes
    if value == "none":
        return ()
    names = [v.strip() for v in value.split(",") if v.strip()]
    unknown = [n for n in names if n not in options.routes]
    if unknown:
        raise ValueError(f"unknown route {_quote(unknown[0])}")
    # Keep the data's order so that equal selections give equal links.
    return tuple(r for r in options.routes if r in names)


def _indicator(value: str, options: Options) -> str:
    if value not in options.indicators:
        raise ValueError("not an indicator the map can show")
    return value


def _countries(value: str, options: Options) -> tuple[str, ...]:
    codes = [v.strip().upper() for v in value.split(",") if v.strip()]
    unknown = [c for c in codes if c not in options.countries]
    if unknown:
        raise ValueError(f"unknown country code {_quote(unknown[0])}")
    return tuple(sorted(set(codes)))


def _weights(value: str, options: Options) -> tuple[int, int, int, int]:
    parts = value.split(",")
    if len(parts) != len(WEIGHT_NAMES) or not all(re.fullmatch(r"\d{1,2}", p.strip()) for p in parts):
        raise ValueError(f"weights must be {len(WEIGHT_NAMES)} whole numbers from 0 to {MAX_WEIGHT}")
    weights = tuple(int(p) for p in parts)
    if any(w > MAX_WEIGHT for w in weights):
        raise ValueError(f"each weight must be between 0 and {MAX_WEIGHT}")
    if sum(weights) == 0:
        raise ValueError("at least one weight must be above 0")
    return weights  # type: ignore[return-value]


def _choice(allowed: tuple[str, ...]):
    def parse_choice(value: str, options: Options) -> str:
        if value not in allowed:
            raise ValueError(f"must be one of {', '.join(allowed)}")
        return value

    return parse_choice


def _scene(value: str, options: Options) -> str:
    if value not in options.scenes:
        raise ValueError("no such scene")
    return value


def _center(value: str, options: Options) -> tuple[float, float]:
    parts = value.split(",")
    try:
        lon, lat = (float(p) for p in parts)
    except ValueError:
        raise ValueError("the centre must be 'longitude,latitude'") from None
    if not (math.isfinite(lon) and math.isfinite(lat) and -180 <= lon <= 180 and -90 <= lat <= 90):
        raise ValueError("the centre must be a longitude from -180 to 180 and a latitude from -90 to 90")
    return round(lon, 2), round(lat, 2)


def _zoom(value: str, options: Options) -> float:
    try:
        zoom = float(value)
    except ValueError:
        raise ValueError("the zoom must be a number") from None
    if not (math.isfinite(zoom) and _ZOOM[0] <= zoom <= _ZOOM[1]):
        raise ValueError(f"the zoom must be between {_ZOOM[0]:g} and {_ZOOM[1]:g}")
    return round(zoom, 2)


_PARSERS = {
    "year": _year,
    "routes": _routes,
    "indicator": _indicator,
    "country": _countries,
    "weights": _weights,
    "lang": _choice(LANGS),
    "mode": _choice(MODES),
    "scene": _scene,
    "center": _center,
    "zoom": _zoom,
}
_FIELD = {"country": "countries"}


def _quote(value: str) -> str:
    """A rejected value, shortened and made printable, for a plain-text notice."""
    shown = "".join(ch if ch.isprintable() else "?" for ch in value[:_SHOWN])
    return repr(shown + ("…" if len(value) > _SHOWN else ""))


def _rename(changes: dict[str, object]) -> dict[str, object]:
    return {_FIELD.get(k, k): v for k, v in changes.items()}
