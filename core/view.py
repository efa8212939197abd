"""The view state a link carries: parse a query string into a View (never raising) and write one canonically.

The query string is a stable public format (documented in the README):
`year`, `months`, `routes`, `indicator`, `country`, `weights`, `nationality`, `incidents`, `flows`, `lang`, `mode`,
`scene`, `center`, `zoom`.
Links are read forgivingly (what chat apps do to them is undone, names and ids match whatever their case, a list keeps
its known items); unknown parameters are ignored and invalid values fall back to defaults; each is reported as a
`Problem` that knows the part of the view it is about, so the page can say it in the reader's words and language and
drop it once the reader changes that part. Nothing parsed here is ever rendered as HTML.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from urllib.parse import parse_qsl, urlencode

from core.risk import WEIGHT_NAMES
from core.text import LANGS, t

DEFAULT_WEIGHTS = (3, 3, 2, 2)
MAX_WEIGHT = 10
DEFAULT_YEAR = 2015
DEFAULT_INDICATOR = "sea_arrivals"
MODES = ("explore", "present", "embed")
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
    months: tuple[str, ...] = ()  # every month 'YYYY-MM' with Frontex monthly figures, in order
    nationalities: frozenset[str] = frozenset()  # nationalities in Frontex's monthly figures
    # indicator -> year -> how many countries have a sourced figure (country_year.csv): what a year can be
    # coloured by (see `year_indicator`)
    indicator_years: Mapping[str, Mapping[int, int]] = field(default_factory=dict)
    # Each scene's view, parsed once when the options are made (`with_scene_views`), so that opening, stepping or
    # writing a scene at request time parses nothing more than the request's own link.
    scene_views: Mapping[str, View] = field(default_factory=dict, compare=False)

    def with_scene_views(self) -> Options:
        """These options with every scene's view parsed once."""
        bare = replace(self, scenes=(), scene_views={})
        return replace(self, scene_views={s: parse(self.scene_queries.get(s, ""), bare)[0] for s in self.scenes})


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
    months: tuple[str, str] | None = None  # a month range 'YYYY-MM' (inclusive): the months view; None: years
    incidents: bool = False  # the map's layer of IOM Missing Migrants incidents
    nationality: str | None = None  # a nationality whose crossings are shown route by route
    flows: bool = False  # the map's layer of trafficking flows (UNODC victims by citizenship and country of detection)


def default_view(options: Options) -> View:
    """The view a bare URL shows."""
    return View(year=options.default_year, routes=options.routes, indicator=options.default_indicator)


def has_figures(options: Options, indicator: str, year: int) -> bool:
    """Whether any country has a sourced figure of ``indicator`` for ``year``; an indicator derived rather than
    read from country_year.csv (TIP tiers, detected victims, route risk) is taken to have them."""
    if indicator not in options.indicator_years:
        return True
    return options.indicator_years[indicator].get(year, 0) > 0


def year_indicator(options: Options, year: int) -> str:
    """The indicator a view of ``year`` shows unless the link or the reader chose one: the default indicator where
    it has figures that year; otherwise the sourced indicator with figures for the most countries that year (the
    menu's order breaks ties), so the default map of a year after the sea-arrival series ends is not all grey."""
    default = options.default_indicator
    if has_figures(options, default, year):
        return default
    cover = options.indicator_years
    best = max(cover, key=lambda k: (cover[k].get(year, 0), -options.indicators.index(k)
                                     if k in options.indicators else -len(options.indicators)), default=default)
    return best if best in options.indicators and has_figures(options, best, year) else default


class Problem(str):
    """One thing a link got wrong. The string itself is the English sentence (for logs and tests); `field` is the
    part of the view it is about ('' for none), so the page can drop it once the reader changes that part; `key`
    and `values` say it again in any language (`say`), with ids turned into names by the caller."""

    field: str
    key: str
    values: dict[str, object]

    def __new__(cls, key: str, field: str = "", **values: object) -> Problem:
        self = super().__new__(cls, _say(key, values, "en", str))
        self.field, self.key, self.values = field, key, values
        return self

    def say(self, lang: str, name: Callable[[str], str] = str) -> str:
        """The sentence in ``lang``; ``name`` turns a route, country or indicator id into the reader's word."""
        return _say(self.key, self.values, lang, name)


def _say(key: str, values: dict[str, object], lang: str, name: Callable[[str], str]) -> str:
    # Tuples hold ids (shown as names); strings are what the link said (shown quoted, made printable).
    shown = {k: ", ".join(name(i) for i in v) if isinstance(v, tuple) else v for k, v in values.items()}
    return t(key, lang, **shown)


def clean_query(query: str | None) -> str:
    """What a chat or mail app did to a link, undone: `&amp;` back to `&`, and the punctuation or brackets glued
    to its end (`...&year=2016).`) removed. A canonical query is left as it is."""
    text = (query or "").strip().lstrip("?")
    for _ in range(3):  # `&amp;amp;` (encoded twice) is seen too
        text = _AMP.sub("&", text)
    return _TRAILING.sub("", text)


def parse(query: str | None, options: Options) -> tuple[View, list[Problem]]:
    """Parse a query string (with or without '?') into a View and the problems of the link, never raising.

    Forgiving: names and ids match whatever their case; `&amp;` and trailing punctuation are undone
    (`clean_query`); a list keeps its known items and names the others (a link cut inside its last item says so).
    """
    view = default_view(options)
    problems: list[Problem] = []
    text = clean_query(query)
    try:
        pairs = parse_qsl(text, keep_blank_values=True, errors="strict", max_num_fields=50)
    except (ValueError, UnicodeDecodeError):
        return view, [Problem("link.undecodable")]
    seen: set[str] = set()
    changes: dict[str, object] = {}
    for position, (key, value) in enumerate(pairs):
        name = key.strip().lower()
        if name not in _PARSERS:
            if name or value:
                problems.append(Problem("link.unknown", value=_quote(key or value)))
            continue
        field_name = _FIELD.get(name, name)
        if name in seen:
            problems.append(Problem("link.repeated", field_name, name=name))
            continue
        seen.add(name)
        if len(value) > MAX_PARAM_CHARS:
            problems.append(Problem("link.too_long", field_name, name=name))
            continue
        try:
            parsed = _PARSERS[name](value.strip(), options)
        except Rejected as exc:
            problems.append(Problem(exc.key, field_name, value=_quote(value), **exc.values))
            continue
        if isinstance(parsed, Partial):
            last = position == len(pairs) - 1 and value.rstrip() == value
            problems.append(parsed.problem(field_name, cut=last))
            parsed = parsed.kept
        changes[name] = parsed
    if changes.get("months") and "year" not in changes:
        changes["year"] = min(max(int(changes["months"][0][:4]), options.years[0]), options.years[1])
    scene = changes.get("scene")
    if "indicator" not in changes and not isinstance(scene, str):
        # No indicator named: the one the link's year has figures for (the default one where it has).
        changes["indicator"] = year_indicator(options, changes.get("year", view.year))
    if isinstance(scene, str):
        # A scene sets the view; parameters given next to it (as in a canonical link) refine it.
        view = replace(scene_base(scene, options), scene=scene)
    return replace(view, **_rename(changes)), problems


def scene_base(scene: str, options: Options) -> View:
    """The view a scene sets, before any parameter beside it in a link refines it (parsed once, see Options)."""
    known = options.scene_views.get(scene)
    if known is not None:
        return known
    return parse(options.scene_queries.get(scene, ""), replace(options, scenes=(), scene_views={}))[0]


def to_query(view: View, options: Options) -> str:
    """The canonical query string for a view (no leading '?'): fixed order, defaults left out where stable."""
    return join_query(query_parts(view, options))


def join_query(parts: Mapping[str, str], **changes: str | None) -> str:
    """A query from a view's serialised parts, with some parameters set or (None) left out: the same view in another
    mode, or the part of it a figure shows, without serialising the view again."""
    kept = {**parts, **changes}
    return urlencode([(k, kept[k]) for k in QUERY_ORDER if kept.get(k) is not None], safe=",")


# The canonical order of a query's parameters.
QUERY_ORDER = ("year", "months", "routes", "indicator", "country", "weights", "nationality", "incidents", "flows",
               "lang", "mode", "scene", "center", "zoom")


def query_parts(view: View, options: Options) -> dict[str, str]:
    """A view serialised: each parameter of its canonical query and its value, in canonical order."""
    params: list[tuple[str, str]] = [("year", str(view.year))]
    # Inside a scene a part left at its default is written when the scene sets it, so the scene's value stays away.
    base = scene_base(view.scene, options) if view.scene else None
    if view.months or (base and base.months):
        params.append(("months", "..".join(view.months) if view.months else "none"))
    routes = "all" if set(view.routes) == set(options.routes) else ",".join(view.routes)
    params.append(("routes", routes or "none"))
    params.append(("indicator", view.indicator))
    if view.countries or view.scene:
        # Written even when empty inside a scene, so that the scene's own countries do not come back.
        params.append(("country", ",".join(view.countries)))
    params.append(("weights", ",".join(str(w) for w in view.weights)))
    if view.nationality or (base and base.nationality):
        params.append(("nationality", view.nationality or "none"))
    if view.incidents or (base and base.incidents):
        params.append(("incidents", "on" if view.incidents else "off"))
    if view.flows or (base and base.flows):
        params.append(("flows", "on" if view.flows else "off"))
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
    return dict(params)


class Rejected(ValueError):
    """A parameter's value that cannot be used at all: the text key saying why, and what the view shows instead."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key, self.values = key, values


@dataclass(frozen=True)
class Partial:
    """A list parameter of which only some items are known: the items kept and the ones left out."""

    kept: tuple[str, ...]
    dropped: tuple[str, ...]
    kind: str  # "routes" or "countries"
    known: tuple[str, ...]  # every id the list may hold (to tell a cut item from an unknown one)

    def problem(self, field_name: str, cut: bool) -> Problem:
        last = self.dropped[-1]
        shown = _quote(", ".join(self.dropped[:3]) + (", …" if len(self.dropped) > 3 else ""))
        if cut and len(self.dropped) == 1 and any(k.lower().startswith(last.lower()) for k in self.known):
            return Problem(f"link.cut.{self.kind}", field_name, shown=self.kept)
        return Problem(f"link.unknown.{self.kind}", field_name, dropped=shown, shown=self.kept)


def _year(value: str, options: Options) -> int:
    first, last = options.years
    if not re.fullmatch(r"\d{4}", value):
        raise Rejected("link.year.unreadable", year=str(options.default_year))
    year = int(value)
    if not first <= year <= last:
        raise Rejected("link.year.range", first=str(first), last=str(last), year=str(options.default_year))
    return year


def _months(value: str, options: Options) -> tuple[str, str] | None:
    """`2016-01..2016-12` (also with `,`, `/`, `_`, `-` or a space between), one month alone, or `none`."""
    if value.lower() in ("", "none", "years"):
        return None
    found = _MONTHS.fullmatch(value)
    if not found:
        raise Rejected("link.months.unreadable")
    y1, m1, y2, m2 = found.groups()
    first = f"{y1}-{int(m1):02d}"
    last = f"{y2}-{int(m2):02d}" if y2 else first
    if first > last:
        first, last = last, first
    if not options.months or first not in options.months or last not in options.months:
        raise Rejected("link.months.range", first=options.months[0] if options.months else "",
                       last=options.months[-1] if options.months else "")
    return first, last


def _switch(key: str):
    """A layer's on/off parameter (`on`, `yes`, `1`, `true`; `off`, `no`, `0`, `false` or empty)."""
    def parse_switch(value: str, options: Options) -> bool:
        if value.lower() in ("on", "yes", "1", "true"):
            return True
        if value.lower() in ("off", "no", "0", "false", ""):
            return False
        raise Rejected(key)
    return parse_switch


_incidents = _switch("link.incidents")


def _nationality(value: str, options: Options) -> str | None:
    if value.lower() in ("", "none"):
        return None
    if value.upper() not in options.nationalities:
        raise Rejected("link.nationality")
    return value.upper()


def _routes(value: str, options: Options) -> tuple[str, ...] | Partial:
    if value.lower() == "all":
        return options.routes
    if value.lower() == "none":
        return ()
    return _items(value, options.routes, str.lower, "routes")


def _countries(value: str, options: Options) -> tuple[str, ...] | Partial:
    return _items(value, tuple(sorted(options.countries)), str.upper, "countries")


def _items(value: str, known: tuple[str, ...], case: Callable[[str], str], kind: str) -> tuple[str, ...] | Partial:
    """The known items of a comma-separated list in the data's order (equal selections give equal links); unknown
    items are named, and a list with none known is refused whole (the view keeps its default)."""
    names = [v.strip() for v in value.split(",") if v.strip()]
    wanted = {case(n) for n in names}
    kept = tuple(k for k in known if k in wanted)
    dropped = tuple(n for n in names if case(n) not in set(known))
    if dropped and not kept:
        cut = len(dropped) == 1 and any(k.startswith(case(dropped[0])) for k in known)
        raise Rejected(f"link.{'cut' if cut else 'unknown'}.{kind}.all",
                       dropped=_quote(", ".join(dropped[:3]) + (", …" if len(dropped) > 3 else "")))
    return Partial(kept, dropped, kind, known) if dropped else kept


def _indicator(value: str, options: Options) -> str:
    if value.lower() not in options.indicators:
        raise Rejected("link.indicator", shown=(options.default_indicator,))
    return value.lower()


def _weights(value: str, options: Options) -> tuple[int, int, int, int]:
    parts = value.split(",")
    default = ",".join(str(w) for w in DEFAULT_WEIGHTS)
    if len(parts) != len(WEIGHT_NAMES) or not all(re.fullmatch(r"\d{1,2}", p.strip()) for p in parts):
        raise Rejected("link.weights", weights=default)
    weights = tuple(int(p) for p in parts)
    if any(w > MAX_WEIGHT for w in weights) or sum(weights) == 0:
        raise Rejected("link.weights", weights=default)
    return weights  # type: ignore[return-value]


def _choice(allowed: tuple[str, ...], key: str):
    def parse_choice(value: str, options: Options) -> str:
        if value.lower() not in allowed:
            raise Rejected(key)
        return value.lower()

    return parse_choice


def _scene(value: str, options: Options) -> str:
    scenes = {s.lower(): s for s in options.scenes}
    if value.lower() not in scenes:
        raise Rejected("link.scene")
    return scenes[value.lower()]


def _center(value: str, options: Options) -> tuple[float, float]:
    parts = value.split(",")
    try:
        lon, lat = (float(p) for p in parts)
    except ValueError:
        raise Rejected("link.center") from None
    if not (math.isfinite(lon) and math.isfinite(lat) and -180 <= lon <= 180 and -90 <= lat <= 90):
        raise Rejected("link.center")
    return round(lon, 2), round(lat, 2)


def _zoom(value: str, options: Options) -> float:
    try:
        zoom = float(value)
    except ValueError:
        raise Rejected("link.zoom") from None
    if not (math.isfinite(zoom) and _ZOOM[0] <= zoom <= _ZOOM[1]):
        raise Rejected("link.zoom")
    return round(zoom, 2)


_PARSERS = {
    "year": _year,
    "months": _months,
    "routes": _routes,
    "indicator": _indicator,
    "country": _countries,
    "weights": _weights,
    "nationality": _nationality,
    "incidents": _incidents,
    "flows": _switch("link.flows"),
    "lang": _choice(LANGS, "link.lang"),
    "mode": _choice(MODES, "link.mode"),
    "scene": _scene,
    "center": _center,
    "zoom": _zoom,
}
_FIELD = {"country": "countries"}
_MONTHS = re.compile(r"(\d{4})-(\d{1,2})(?:\s*(?:\.\.+|[,/_~\s\u2013\u2014-]|to)\s*(\d{4})-(\d{1,2}))?",
                     re.IGNORECASE)
# `&amp;` as a chat app or a mail program writes `&` (also numeric: `&#38;`, `&#x26;`).
_AMP = re.compile(r"&(?:amp|#0*38|#x0*26);", re.IGNORECASE)
# What gets glued to a link's end: sentence punctuation, closing brackets and quotes, raw or percent-encoded.
_TRAILING = re.compile(r"(?:[\s.,;:!?)\]}>'\"*_]|%(?:2[129CcEe]|3[BbEeFf]|5[Dd]|7[Dd]|22|27|20))+$")


def _quote(value: str) -> str:
    """A rejected value, shortened and made printable, for a plain-text notice."""
    shown = "".join(ch if ch.isprintable() else "?" for ch in value[:_SHOWN])
    return repr(shown + ("…" if len(value) > _SHOWN else ""))


def _rename(changes: dict[str, object]) -> dict[str, object]:
    return {_FIELD.get(k, k): v for k, v in changes.items()}
