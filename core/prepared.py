"""Everything the figures need that does not depend on the view, derived once from the bundle at start-up.

Callbacks then only slice these tables: route lines are densified (so hover and click work along the whole line,
not only at the few hand-placed vertices), route volumes and risk inputs are precomputed per year.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType

import numpy as np
import pandas as pd
import shapely

from core.bundle import Bundle
from core.cards import like_for_like, sum_confidence
from core.errors import DataError
from core.finer import Finer, OfficialSeries, official_series, prepare_finer
from core.risk import RiskInputs, risk_inputs
from core.text import LANGS, column
from core.victims import Victims, prepare_victims
from core.view import Options, parse


@dataclass(frozen=True)
class RouteLine:
    """A route's densified line as lon/lat lists (None between parts) and a point for its label."""

    route_id: str
    lon: tuple[float | None, ...]
    lat: tuple[float | None, ...]
    label_lon: float
    label_lat: float
    label_position: str = "top center"  # where the name sits beside the marker (routes.csv)


@dataclass(frozen=True)
class IndicatorText:
    """An indicator's label, unit and caveat in one language."""

    label: str
    unit: str
    caveat: str


@dataclass(frozen=True)
class Prepared:
    """View-independent derived data; read-only."""

    bundle: Bundle
    options: Options
    lines: tuple[RouteLine, ...]
    occupied_lon: tuple[float | None, ...]
    occupied_lat: tuple[float | None, ...]
    occupied_iso3: tuple[str | None, ...]  # per vertex: whose dashed outline it belongs to (UKR: Crimea; ESH)
    # index (route_id, year): value, indicator, source_id, period, confidence, parts (';'-joined ISO3 of a sum)
    volumes: pd.DataFrame
    # The same as plain dicts per (route_id, year), and the largest value per indicator (the widest line): a map
    # reads one row per route, and a pandas `.loc` each cost a year step more than drawing the rest of the map.
    volume_rows: Mapping[tuple[str, int], Mapping[str, object]]
    volume_top: Mapping[str, float]
    # route_year split once by indicator and route, each part in year order: what the charts draw per route.
    route_series: Mapping[str, Mapping[str, pd.DataFrame]]
    # (route_id, year, indicator) -> confidence label: what a rate computed from two route figures inherits.
    route_confidence: Mapping[tuple[str, int, str], str]
    risk: RiskInputs
    route_names: Mapping[str, Mapping[str, str]]  # lang -> route_id -> name
    route_shorts: Mapping[str, Mapping[str, str]]  # lang -> route_id -> the short name on the map's label
    indicator_texts: Mapping[str, Mapping[str, IndicatorText]]  # lang -> indicator -> text
    source_labels: Mapping[str, Mapping[str, str]]  # lang -> source_id -> publisher
    source_texts: Mapping[str, pd.DataFrame]  # lang -> sources.csv by source_id, its words in that language
    route_countries: Mapping[str, frozenset[str]]
    # country_year's rows as plain records per (indicator, year), and area_year's per (area, indicator, year): what
    # the year cards read (filtering the frames per card cost a cold year step 12 ms).
    country_rows: Mapping[tuple[str, int], tuple[Mapping[str, object], ...]]
    area_rows: Mapping[tuple[str, str, int], Mapping[str, object]]
    finer: Finer  # months, nationalities and incidents, indexed for slicing (core/finer.py)
    official: OfficialSeries  # the Syria and Ukraine charts' UNHCR lines (core/finer.py)
    victims: Victims  # UNODC's detected trafficking victims, censored cells kept censored (core/victims.py)

    def route_name(self, route_id: str, lang: str) -> str:
        """A route's name in ``lang`` (English for an unknown language)."""
        return self.route_names.get(lang, self.route_names["en"])[route_id]

    def route_short(self, route_id: str, lang: str) -> str:
        """A route's short name (the map's label) in ``lang`` (English for an unknown language)."""
        return self.route_shorts.get(lang, self.route_shorts["en"])[route_id]

    def country_name(self, iso3: str, lang: str) -> str:
        """A country's name in ``lang``; the code itself if the country is not on the map."""
        return self.bundle.country_names.get(lang, self.bundle.country_names["en"]).get(iso3, iso3)

    def sources_in(self, lang: str) -> pd.DataFrame:
        """sources.csv indexed by source_id, each text column (publisher, refers_to, licence, via, caveat) in
        ``lang``; titles stay in their original language (English for an unknown language)."""
        return self.source_texts.get(lang, self.source_texts["en"])

    def indicator(self, indicator: str, lang: str) -> IndicatorText:
        """An indicator's label, unit and caveat in ``lang``."""
        return self.indicator_texts.get(lang, self.indicator_texts["en"])[indicator]


def prepare(bundle: Bundle) -> Prepared:
    """Derive view-independent data from a validated bundle."""
    lines = tuple(replace(_route_line(r.route_id, r.geometry), label_position=r.label_position)
                  for r in bundle.routes.itertuples())
    occ_lon, occ_lat, occ_iso3 = _outline(bundle.occupied.geometry, bundle.occupied["iso3"])
    finer = prepare_finer(bundle)
    options = Options(
        months=finer.months,
        nationalities=frozenset(finer.nationalities),
        years=bundle.years,
        routes=bundle.route_ids,
        indicators=map_indicators(bundle.indicators),
        countries=frozenset(bundle.countries["iso3"]),
        scenes=tuple(bundle.scenes["scene_id"]),
        scene_queries=MappingProxyType(dict(zip(bundle.scenes["scene_id"], bundle.scenes["query"]))),
        indicator_years=_indicator_years(bundle.country_year, map_indicators(bundle.indicators)),
    ).with_scene_views()
    _check_scenes(bundle.scenes, options)
    route_countries = {
        r.route_id: frozenset(c for part in (r.origin, r.transit, r.arrival) if isinstance(part, str)
                              for c in part.split(";") if c)
        for r in bundle.routes.itertuples()
    }
    volumes = _volumes(bundle)
    source_texts = {lang: _source_texts(bundle, lang) for lang in LANGS}
    return Prepared(
        bundle=bundle,
        options=options,
        lines=lines,
        occupied_lon=occ_lon,
        occupied_lat=occ_lat,
        occupied_iso3=occ_iso3,
        volumes=volumes,
        volume_rows=MappingProxyType(volumes.to_dict("index")),
        volume_top=MappingProxyType(volumes.groupby("indicator")["value"].max().to_dict()),
        route_series=MappingProxyType({
            indicator: MappingProxyType({route: part.sort_values("year", kind="stable")
                                         for route, part in rows.groupby("route_id", sort=False)})
            for indicator, rows in bundle.route_year.groupby("indicator", sort=False)
        }),
        route_confidence=MappingProxyType(dict(zip(zip(bundle.route_year["route_id"], bundle.route_year["year"],
                                                       bundle.route_year["indicator"]),
                                                   bundle.route_year["confidence"]))),
        risk=risk_inputs(bundle.route_year, bundle.tip_tiers, bundle.routes),
        route_names=MappingProxyType({
            lang: MappingProxyType(dict(zip(bundle.routes["route_id"], bundle.routes[column("name", lang)])))
            for lang in LANGS}),
        route_shorts=MappingProxyType({
            lang: MappingProxyType(dict(zip(bundle.routes["route_id"], bundle.routes[column("short", lang)])))
            for lang in LANGS}),
        indicator_texts=MappingProxyType({lang: MappingProxyType(_indicator_texts(bundle, lang)) for lang in LANGS}),
        source_labels=MappingProxyType({lang: MappingProxyType(texts["publisher"].to_dict())
                                        for lang, texts in source_texts.items()}),
        source_texts=MappingProxyType(source_texts),
        route_countries=MappingProxyType(route_countries),
        country_rows=_records_by(bundle.country_year, ["indicator", "year"]),
        area_rows=MappingProxyType({key: rows[0] for key, rows in
                                    _records_by(bundle.area_year, ["area", "indicator", "year"]).items()}),
        finer=finer,
        official=official_series(bundle),
        victims=prepare_victims(bundle),
    )


def _indicator_years(country_year: pd.DataFrame, shown_on_map: tuple[str, ...]) -> Mapping[str, Mapping[int, int]]:
    """How many countries have a figure of each map indicator in each year (what `year_indicator` chooses by)."""
    shown = country_year[country_year["indicator"].isin(shown_on_map)]
    counts = shown.groupby(["indicator", "year"])["iso3"].nunique()
    return MappingProxyType({k: MappingProxyType({int(y): int(n) for (_, y), n in part.items()})
                             for k, part in counts.groupby(level=0)})


SOURCE_WORDS = ("publisher", "refers_to", "licence", "via", "caveat")


def _records_by(frame: pd.DataFrame, keys: list[str]) -> Mapping[tuple, tuple[Mapping[str, object], ...]]:
    """A frame's rows as read-only records, grouped by ``keys`` (in row order within a group)."""
    groups: dict[tuple, list[Mapping[str, object]]] = {}
    for record in frame.to_dict("records"):
        groups.setdefault(tuple(record[k] for k in keys), []).append(MappingProxyType(record))
    return MappingProxyType({key: tuple(rows) for key, rows in groups.items()})


def _source_texts(bundle: Bundle, lang: str) -> pd.DataFrame:
    """sources.csv with its translated columns (``publisher_ru``...) under the English names, by source_id."""
    frame = bundle.sources.set_index("source_id").fillna("")
    words = {name: frame[column(name, lang)] if column(name, lang) in frame else frame[name] for name in SOURCE_WORDS}
    return frame[["title", "url", "published"]].assign(**words)


def _indicator_texts(bundle: Bundle, lang: str) -> dict[str, IndicatorText]:
    label, unit, caveat = column("label", lang), column("unit", lang), column("caveat", lang)
    texts = {
        row["indicator"]: IndicatorText(row[label], row[unit], row[caveat] if isinstance(row[caveat], str) else "")
        for _, row in bundle.indicators.iterrows()
    }
    return texts


def map_indicators(indicators: pd.DataFrame) -> tuple[str, ...]:
    """The indicators the map can colour countries by, in menu order (indicators.csv's `map_order`);
    `victims_detected` (UNODC's tables), `tip_tier` and `route_risk` are derived in figures/map.py."""
    shown = indicators[indicators["map_order"].notna()]
    return tuple(shown.sort_values("map_order", key=lambda s: s.astype(int))["indicator"])


def _check_scenes(scenes: pd.DataFrame, options: Options) -> None:
    """Every scene's view must be one a link could show, or the data is broken."""
    problems = []
    for pos, query in enumerate(scenes["query"]):
        _, issues = parse(query, options)
        problems += [f"line {pos + 2}, column 'query': {issue}" for issue in issues]
    if problems:
        raise DataError("scenes.csv", problems)


def _volumes(bundle: Bundle) -> pd.DataFrame:
    """Per route and year: the figure behind the line width (routes.csv's `volume`), its indicator, source and
    period: the route's own figure of a route indicator, or the like-for-like total of a country indicator over
    every country that has it (a displacement corridor's stock)."""
    columns = ["route_id", "year", "indicator", "value", "source_id", "period", "confidence", "parts"]
    ry, cy = bundle.route_year, bundle.country_year
    route_scope = set(bundle.indicators.loc[bundle.indicators["scope"] == "route", "indicator"])
    frames = [ry.iloc[:0].assign(parts="")[columns]]
    for route_id, indicator in zip(bundle.routes["route_id"], bundle.routes["volume"]):
        if indicator in route_scope:
            own = ry[(ry["route_id"] == route_id) & (ry["indicator"] == indicator)]
            frames.append(own.assign(parts="")[columns])
            continue
        rows = cy[cy["indicator"] == indicator]
        # A like-for-like total only (core/cards.py's rule: one source and one period for every host country that
        # year); years whose rows come from different series or dates (2025's government and UNHCR counts) get no
        # volume at all. The total is a computed sum: its confidence is its weakest part's, its parts named.
        summed = []
        for year, part in rows.groupby("year", sort=True):
            records = part.to_dict("records")
            if not like_for_like(records):
                continue
            summed.append(dict(year=year, value=float(part["value"].sum()), source_id=records[0]["source_id"],
                               period=records[0]["period"], confidence=sum_confidence(records),
                               parts=";".join(part["iso3"])))
        if summed:
            frames.append(pd.DataFrame(summed).assign(route_id=route_id, indicator=indicator)[columns])
    return pd.concat(frames, ignore_index=True).set_index(["route_id", "year"]).sort_index()


def _route_line(route_id: str, geometry: shapely.Geometry) -> RouteLine:
    # Densify to ~0.5 degree steps so that hover and click catch the line anywhere along it.
    dense = shapely.segmentize(geometry, 0.5)
    parts = list(getattr(dense, "geoms", [dense]))
    lon: list[float | None] = []
    lat: list[float | None] = []
    for part in parts:
        xy = np.asarray(part.coords)
        lon.extend(np.round(xy[:, 0], 2).tolist() + [None])
        lat.extend(np.round(xy[:, 1], 2).tolist() + [None])
    longest = max(parts, key=lambda p: p.length)
    label = longest.interpolate(0.6, normalized=True)
    return RouteLine(route_id, tuple(lon[:-1]), tuple(lat[:-1]), round(label.x, 2), round(label.y, 2))


def _outline(geoms: pd.Series, keys: pd.Series) -> tuple[tuple[float | None, ...], tuple[float | None, ...],
                                                        tuple[str | None, ...]]:
    """Polygon exteriors and lines as one dashed trace's lon/lat (None between parts), with each vertex's key."""
    lon: list[float | None] = []
    lat: list[float | None] = []
    key: list[str | None] = []
    for geom, iso3 in zip(geoms, keys):
        for part in getattr(geom, "geoms", [geom]):
            xy = np.asarray(getattr(part, "exterior", part).coords)
            lon.extend(np.round(xy[:, 0], 3).tolist() + [None])
            lat.extend(np.round(xy[:, 1], 3).tolist() + [None])
            key.extend([iso3] * len(xy) + [None])
    return tuple(lon[:-1]), tuple(lat[:-1]), tuple(key[:-1])
