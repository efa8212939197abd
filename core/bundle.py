"""Read, validate and cross-check every shipped data file once, and hand the app one frozen bundle.

Nothing else in the app reads `data/`. A broken file raises DataError naming the file, the line and the column;
the app then refuses to start rather than serve half a dataset.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyogrio.errors import DataLayerError, DataSourceError

from core.errors import DataError
from core.schemas import MONTH_COLUMNS, UNHCR_YEAR_COLUMNS, fail, read_large_table, read_table
from core.text import LANGS
from core.text import column as lang_column

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
# The map's extent: Europe, the Middle East, North and West Africa, the Caucasus (lon_min, lat_min, lon_max, lat_max).
EXTENT = (-26.0, 0.0, 75.0, 72.0)
TABLES = (
    "sources.csv",
    "indicators.csv",
    "routes.csv",
    "route_year.csv",
    "country_year.csv",
    "area_year.csv",
    "tip_tiers.csv",
    "headlines.csv",
    "headline_parts.csv",
    "arrival_points.csv",
    "scenes.csv",
    "country_names.csv",
)
# Finer-grained tables written by scripts/import_gdidata.py (months, nationalities, incidents, asylum x origin).
GDIDATA_TABLES = (
    "route_month.csv",
    "route_nationality_month.csv",
    "incidents.csv",
    "unhcr_asylum_origin.csv",
)
# UNODC's detected trafficking victims, written by scripts/import_unodc.py (by country of detection; by citizenship).
UNODC_TABLES = ("unodc_victims.csv", "unodc_victims_citizenship.csv")
# UNHCR's release of October 2024 gives mid-year figures for its last year.
UNHCR_MID_YEAR = 2024


@dataclass(frozen=True)
class Bundle:
    """Everything the dashboard shows, validated; treat every frame as read-only."""

    sources: pd.DataFrame
    indicators: pd.DataFrame
    routes: gpd.GeoDataFrame
    route_year: pd.DataFrame
    country_year: pd.DataFrame
    tip_tiers: pd.DataFrame
    headlines: pd.DataFrame
    headline_parts: pd.DataFrame
    arrival_points: gpd.GeoDataFrame
    scenes: pd.DataFrame
    countries: gpd.GeoDataFrame
    occupied: gpd.GeoDataFrame
    countries_geojson: bytes = field(repr=False)
    area_year: pd.DataFrame = field(default_factory=pd.DataFrame)  # world, EU or regional totals by year
    country_names: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # lang -> iso3 -> name
    # Frontex detections by route and month 'YYYY-MM' (sea and land, all nationalities); 2025 has Jan-Apr only.
    route_month: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)
    # The same by nationality, one row per route, month and nationality with a count (long form of the file).
    route_nationality: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)
    # IOM Missing Migrants incidents on our routes or in their countries; route_id is empty (NaN) for IOM's
    # other routes. Sum every type (incident, split, cumulative) for a total.
    incidents: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)
    # UNHCR refugees and asylum-seekers by asylum, origin, group and year (long form; `period` says mid-2024).
    asylum_origin: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)
    # UNODC detected trafficking victims by country of detection and year (all sexes and ages); `value` is NaN and
    # `censored` "yes" where the file says "<5". Identified victims, not prevalence.
    victims: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)
    # The same by citizenship: detected_in, year, the file's label, its kind (country, region, own_nationals,
    # unknown, total) and ISO3 citizenship for the kind "country". Never add censored cells, nor rows of other kinds.
    victims_citizenship: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)

    @property
    def years(self) -> tuple[int, int]:
        """First and last year with any route or country figure."""
        years = pd.concat([self.route_year["year"], self.country_year["year"]])
        return int(years.min()), int(years.max())

    @property
    def route_ids(self) -> tuple[str, ...]:
        return tuple(self.routes["route_id"])


def load_bundle(data_dir: str | Path | None = None) -> Bundle:
    """Load and validate all data under ``data_dir`` (default: the shipped `data/`); raise DataError if broken."""
    root = Path(data_dir) if data_dir is not None else DATA_DIR
    tables = {name.removesuffix(".csv"): read_table(root / name, name) for name in TABLES}
    fine = {name.removesuffix(".csv"): read_large_table(root / name, name) for name in GDIDATA_TABLES}
    unodc = {name.removesuffix(".csv"): read_large_table(root / name, name) for name in UNODC_TABLES}
    countries, countries_bytes = _read_countries(root / "geo" / "countries.geojson")
    occupied = _read_geo(root / "geo" / "occupied.geojson", "geo/occupied.geojson", key="iso3")
    route_lines = _read_geo(root / "geo" / "routes.geojson", "geo/routes.geojson", key="route_id")

    known_iso = set(countries["iso3"])
    _cross_check(tables, known_iso, route_lines)
    _cross_check_fine(fine, tables)
    _cross_check_fine(unodc, tables)
    _check_censored(unodc)
    names = tables["country_names"]
    unnamed = sorted(known_iso - set(names["iso3"]))
    if unnamed:
        raise DataError("country_names.csv", [f"no row for {iso} (on the map)" for iso in unnamed])
    routes = gpd.GeoDataFrame(
        tables["routes"].merge(route_lines[["route_id", "geometry"]], on="route_id", how="left"),
        geometry="geometry",
        crs="EPSG:4326",
    )
    points = tables["arrival_points"]
    arrival_points = gpd.GeoDataFrame(points, geometry=gpd.points_from_xy(points["lon"], points["lat"]), crs=4326)
    return Bundle(
        sources=tables["sources"],
        indicators=tables["indicators"],
        routes=routes,
        route_year=tables["route_year"],
        country_year=tables["country_year"],
        tip_tiers=tables["tip_tiers"],
        headlines=tables["headlines"],
        headline_parts=tables["headline_parts"],
        arrival_points=arrival_points,
        scenes=tables["scenes"].sort_values("order", kind="stable").reset_index(drop=True),
        countries=countries,
        occupied=occupied,
        countries_geojson=countries_bytes,
        area_year=tables["area_year"],
        country_names=MappingProxyType({
            lang: MappingProxyType(dict(zip(names["iso3"], names[lang_column("name", lang)]))) for lang in LANGS}),
        route_month=fine["route_month"],
        route_nationality=_months_long(fine["route_nationality_month"]),
        incidents=fine["incidents"],
        asylum_origin=_years_long(fine["unhcr_asylum_origin"]),
        victims=unodc["unodc_victims"],
        victims_citizenship=unodc["unodc_victims_citizenship"],
    )


def _check_censored(unodc: dict[str, pd.DataFrame]) -> None:
    """A censored cell has no value and every other cell has one: a suppressed "<5" never becomes a number."""
    for key, frame in unodc.items():
        censored = frame["censored"] == "yes"
        problems = fail(f"{key}.csv", frame, censored & frame["value"].notna(), "value",
                        "a censored cell (censored = yes) must have no value")
        problems += fail(f"{key}.csv", frame, ~censored & frame["value"].isna(), "value",
                         "empty, but the cell is not censored")
        if key == "unodc_victims_citizenship":
            country = frame["kind"] == "country"
            problems += fail(f"{key}.csv", frame, country != frame["citizenship"].notna(), "citizenship",
                             "an ISO3 citizenship is needed exactly for the kind 'country'")
        if problems:
            raise DataError(f"{key}.csv", problems)


def _months_long(wide: pd.DataFrame) -> pd.DataFrame:
    """route_id, year, nationality, m01..m12 -> route_id, month 'YYYY-MM', nationality, detections (no empty cells)."""
    rows, cols = _filled(wide, MONTH_COLUMNS)
    months = np.array([c[1:] for c in MONTH_COLUMNS], dtype=object)
    return pd.DataFrame({
        "route_id": wide["route_id"].to_numpy()[rows],
        "month": wide["year"].astype(str).to_numpy(dtype=object)[rows] + "-" + months[cols],
        "nationality": wide["nationality"].to_numpy()[rows],
        "detections": wide[list(MONTH_COLUMNS)].to_numpy()[rows, cols],
        "source_id": wide["source_id"].to_numpy()[rows],
    })  # in file order: route, year, nationality, then month


def _years_long(wide: pd.DataFrame) -> pd.DataFrame:
    """asylum, origin, group, y2009..y2024 -> asylum, origin, group, year, value, period (no empty cells)."""
    rows, cols = _filled(wide, UNHCR_YEAR_COLUMNS)
    years = np.array([int(c[1:]) for c in UNHCR_YEAR_COLUMNS])[cols]
    return pd.DataFrame({
        "asylum": wide["asylum"].to_numpy()[rows],
        "origin": wide["origin"].to_numpy()[rows],
        "group": wide["group"].to_numpy()[rows],
        "year": years,
        "value": wide[list(UNHCR_YEAR_COLUMNS)].to_numpy()[rows, cols],
        "period": np.where(years == UNHCR_MID_YEAR, f"mid-{UNHCR_MID_YEAR}", "end of year"),
        "source_id": wide["source_id"].to_numpy()[rows],
    })  # already in file order: asylum, origin, group, then year


def _filled(wide: pd.DataFrame, columns: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
    """Row and column positions of the non-empty cells of ``columns``, row by row."""
    return np.nonzero(~np.isnan(wide[list(columns)].to_numpy(dtype=float)))


def _cross_check_fine(fine: dict[str, pd.DataFrame], tables: dict[str, pd.DataFrame]) -> None:
    """The import's tables name known sources and routes."""
    source_ids = set(tables["sources"]["source_id"])
    route_ids = set(tables["routes"]["route_id"])
    for key, frame in fine.items():
        name = f"{key}.csv"
        problems = fail(name, frame, ~frame["source_id"].isin(source_ids), "source_id",
                        "names a source_id that is not in sources.csv")
        if "route_id" in frame.columns:
            problems += fail(name, frame, frame["route_id"].notna() & ~frame["route_id"].isin(route_ids), "route_id",
                             "names a route_id that is not in routes.csv")
        if problems:
            raise DataError(name, problems)


def _read_countries(path: Path) -> tuple[gpd.GeoDataFrame, bytes]:
    frame = _read_geo(path, "geo/countries.geojson", key="iso3")
    problems = fail("geo/countries.geojson", frame, ~frame["iso3"].astype(str).str.fullmatch(r"[A-Z]{3}"), "iso3",
                    "not an ISO 3166-1 alpha-3 code")
    if problems:
        raise DataError("geo/countries.geojson", problems)
    return frame, path.read_bytes()


def _read_geo(path: Path, name: str, key: str) -> gpd.GeoDataFrame:
    """Read a GeoJSON layer with pyogrio and check CRS, validity, extent and a unique key property."""
    try:
        frame = gpd.read_file(path, engine="pyogrio")
    except (DataSourceError, DataLayerError, OSError, ValueError) as exc:
        reason = "the file is missing" if not path.exists() else f"the file is not readable GeoJSON ({exc})"
        raise DataError(name, [reason]) from None
    if key not in frame.columns:
        raise DataError(name, [f"features lack the property '{key}'"])
    if frame.crs is None or frame.crs.to_epsg() != 4326:
        raise DataError(name, [f"the coordinate reference system must be EPSG:4326, not {frame.crs}"])
    geoms = frame.geometry
    problems = fail(name, frame, geoms.isna() | geoms.is_empty, key, "geometry is empty")
    problems += fail(name, frame, ~geoms.is_valid.fillna(False) & ~geoms.is_empty, key,
                     "geometry is invalid: " + "; ".join(sorted(set(shapely.is_valid_reason(geoms[~geoms.is_valid])))))
    lon0, lat0, lon1, lat1 = EXTENT
    bounds = geoms.bounds
    outside = (bounds["minx"] < lon0) | (bounds["miny"] < lat0) | (bounds["maxx"] > lon1) | (bounds["maxy"] > lat1)
    problems += fail(name, frame, outside.fillna(False), key, f"geometry lies outside the map extent {EXTENT}")
    problems += fail(name, frame, frame[key].duplicated(keep=False), key, "duplicate key")
    if problems:
        raise DataError(name, [p.replace("line ", "feature ", 1) for p in problems])
    return frame


def _cross_check(tables: dict[str, pd.DataFrame], known_iso: set[str], route_lines: gpd.GeoDataFrame) -> None:
    """Foreign keys between tables: sources, indicators, routes and countries must all resolve."""
    source_ids = set(tables["sources"]["source_id"])
    route_ids = set(tables["routes"]["route_id"])
    scope = dict(zip(tables["indicators"]["indicator"], tables["indicators"]["scope"]))

    def check(name: str, column: str, allowed: set[str], reason: str, split: str | None = None) -> None:
        frame = tables[name.removesuffix(".csv")]
        values = frame[column].fillna("").astype(str)
        if split:
            bad = values.map(lambda v: any(x not in allowed for x in v.split(split) if x))
        else:
            bad = ~values.isin(allowed)
        problems = fail(name, frame, bad, column, reason)
        if problems:
            raise DataError(name, problems)

    for name in ("routes.csv", "route_year.csv", "country_year.csv", "area_year.csv", "tip_tiers.csv",
                 "headlines.csv", "headline_parts.csv"):
        check(name, "source_id", source_ids, "names a source_id that is not in sources.csv")
    check("route_year.csv", "route_id", route_ids, "names a route_id that is not in routes.csv")
    check("arrival_points.csv", "route_id", route_ids, "names a route_id that is not in routes.csv")
    check("routes.csv", "volume", {k for k, v in scope.items() if v in ("route", "country")},
          "not a route or country indicator in indicators.csv")
    check("route_year.csv", "indicator", {k for k, v in scope.items() if v == "route"},
          "not a route indicator in indicators.csv")
    check("country_year.csv", "indicator", {k for k, v in scope.items() if v == "country"},
          "not a country indicator in indicators.csv")
    check("area_year.csv", "indicator", {k for k, v in scope.items() if v == "area"},
          "not an area indicator in indicators.csv")
    indicators = tables["indicators"]
    problems = fail("indicators.csv", indicators,
                    indicators["map_order"].notna() & ~indicators["scope"].isin(["country", "derived"]), "map_order",
                    "only a country or derived indicator can colour the map")
    problems += fail("indicators.csv", indicators, indicators["map_order"].notna()
                     & indicators["map_order"].duplicated(keep=False), "map_order", "two indicators share this place")
    if problems:
        raise DataError("indicators.csv", problems)
    series = {f"{a}:{i}" for a, i in zip(tables["area_year"]["area"], tables["area_year"]["indicator"])}
    series |= {f"{c}:{i}" for c, i in zip(tables["country_year"]["iso3"], tables["country_year"]["indicator"])}
    headlines = tables["headlines"]
    problems = fail("headlines.csv", headlines, headlines["latest"].notna() & ~headlines["latest"].isin(series),
                    "latest", "names no series in area_year.csv or country_year.csv")
    if problems:
        raise DataError("headlines.csv", problems)
    # country_names.csv also names codes off the map (nationalities, countries of asylum and origin).
    for name in ("country_year.csv", "tip_tiers.csv", "arrival_points.csv"):
        check(name, "iso3", known_iso, "not a country on the map (geo/countries.geojson)")
    parts = tables["headline_parts"]
    problems = fail("headline_parts.csv", parts, parts["iso3"].notna() & ~parts["iso3"].isin(known_iso), "iso3",
                    "not a country on the map (geo/countries.geojson)")
    problems += fail("headline_parts.csv", parts, ~parts["headline_id"].isin(set(tables["headlines"]["headline_id"])),
                     "headline_id", "names a headline_id that is not in headlines.csv")
    if problems:
        raise DataError("headline_parts.csv", problems)
    for column in ("origin", "transit", "arrival"):
        check("routes.csv", column, known_iso, "names a country that is not on the map", split=";")
    lines = set(route_lines["route_id"])
    if lines != route_ids:
        raise DataError("geo/routes.geojson", [
            *(f"route '{r}' in routes.csv has no line" for r in sorted(route_ids - lines)),
            *(f"line '{r}' has no row in routes.csv" for r in sorted(lines - route_ids)),
        ])
