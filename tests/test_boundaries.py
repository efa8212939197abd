"""Check the committed map geometry that the dashboard serves to browsers.

This module's single job is to guard ``data/geo/countries.geojson``,
``data/geo/occupied.geojson`` and ``assets/topojson/world_110m.json`` (built by
the scripts in ``scripts/``) against regressions: the things plotly's geo
renderer, the byte budget and the UN boundary position rely on. It only reads
committed files, so it is fast and needs no network.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from shapely.geometry import Point

REPO_ROOT = Path(__file__).resolve().parents[1]
COUNTRIES = REPO_ROOT / "data" / "geo" / "countries.geojson"
OCCUPIED = REPO_ROOT / "data" / "geo" / "occupied.geojson"
WORLD_110M = REPO_ROOT / "assets" / "topojson" / "world_110m.json"

EXTENT = (-26.0, 0.0, 75.0, 72.0)
SIMFEROPOL = Point(34.10, 44.95)
SEVASTOPOL = Point(33.52, 44.60)
LESVOS = Point(26.3, 39.2)
LAAYOUNE = Point(-13.20, 27.15)
DAKHLA = Point(-15.94, 23.70)
REQUIRED = ("ESH", "MLT", "CYP", "XKX", "GRC", "ITA", "LBY", "SYR", "TUR", "UKR", "LBN", "JOR", "IRQ", "EGY")


@pytest.fixture(scope="module")
def countries() -> gpd.GeoDataFrame:
    return gpd.read_file(COUNTRIES, engine="pyogrio")


@pytest.fixture(scope="module")
def occupied() -> gpd.GeoDataFrame:
    return gpd.read_file(OCCUPIED, engine="pyogrio")


def geometry_of(frame: gpd.GeoDataFrame, iso3: str) -> shapely.Geometry:
    rows = frame.loc[frame["iso3"] == iso3, "geometry"]
    assert len(rows) == 1, f"{iso3} present {len(rows)} times"
    return rows.iloc[0]


def test_crs_is_wgs84(countries: gpd.GeoDataFrame, occupied: gpd.GeoDataFrame) -> None:
    assert countries.crs is not None and countries.crs.to_epsg() == 4326
    assert occupied.crs is not None and occupied.crs.to_epsg() == 4326


def test_geometries_valid_and_non_empty(countries: gpd.GeoDataFrame, occupied: gpd.GeoDataFrame) -> None:
    for frame in (countries, occupied):
        assert frame.is_valid.all()
        assert not frame.is_empty.any()
    assert set(countries.geom_type) <= {"Polygon", "MultiPolygon"}
    assert set(occupied.geom_type) <= {"Polygon", "MultiPolygon", "LineString", "MultiLineString"}


def test_properties_and_codes(countries: gpd.GeoDataFrame) -> None:
    assert set(countries.columns) == {"iso3", "name", "geometry"}
    assert countries["iso3"].is_unique
    assert all(re.fullmatch(r"[A-Z]{3}", code) for code in countries["iso3"])
    # Sorted output is part of what makes rebuilds byte-identical.
    assert list(countries["iso3"]) == sorted(countries["iso3"])
    assert countries["name"].str.len().gt(0).all()


@pytest.mark.parametrize("path", [COUNTRIES, OCCUPIED])
def test_rings_clockwise_for_plotly(path: Path) -> None:
    # plotly's geo (d3-geo, spherical) fills a counter-clockwise exterior as
    # "the globe minus the country"; holes must wind the other way.
    parts = shapely.get_parts(gpd.read_file(path, engine="pyogrio").geometry.values)
    parts = parts[shapely.get_type_id(parts) == 3]  # polygons only: the Western Sahara line has no rings
    assert not shapely.is_ccw(shapely.get_exterior_ring(parts)).any()
    for part in parts:
        holes = [part.interiors[i] for i in range(len(part.interiors))]
        assert all(shapely.is_ccw(hole) for hole in holes)


def test_size_and_precision_budget() -> None:
    text = COUNTRIES.read_text(encoding="utf-8")
    assert COUNTRIES.stat().st_size < 100_000
    assert "\n " not in text, "file must be compact (no indentation)"
    assert not re.search(r"\d\.\d{4,}", text), "coordinates must have at most 3 decimals"


def test_crimea_is_ukraine(countries: gpd.GeoDataFrame) -> None:
    ukraine = geometry_of(countries, "UKR")
    russia = geometry_of(countries, "RUS")
    for point in (SIMFEROPOL, SEVASTOPOL):
        assert ukraine.contains(point)
        assert not russia.intersects(point)


def test_required_countries_present(countries: gpd.GeoDataFrame) -> None:
    missing = set(REQUIRED) - set(countries["iso3"])
    assert not missing
    names = dict(zip(countries["iso3"], countries["name"], strict=True))
    assert names["TUR"] == "Türkiye"
    assert names["XKX"] == "Kosovo"


def test_greece_includes_lesvos(countries: gpd.GeoDataFrame) -> None:
    parts = shapely.get_parts(geometry_of(countries, "GRC"))
    assert any(part.contains(LESVOS) for part in parts)


def test_bounds_inside_extent(countries: gpd.GeoDataFrame, occupied: gpd.GeoDataFrame) -> None:
    lon_min, lat_min, lon_max, lat_max = EXTENT
    for frame in (countries, occupied):
        xmin, ymin, xmax, ymax = frame.total_bounds
        assert lon_min <= xmin and xmax <= lon_max
        assert lat_min <= ymin and ymax <= lat_max


def test_western_sahara_is_its_own_territory(countries: gpd.GeoDataFrame) -> None:
    morocco = geometry_of(countries, "MAR")
    western_sahara = geometry_of(countries, "ESH")
    for point in (LAAYOUNE, DAKHLA):
        assert not morocco.intersects(point)
    assert western_sahara.contains(LAAYOUNE)
    # Dakhla's peninsula is narrower than the simplification: the point is just off the coast, nearest to ESH.
    nearest = min(countries.itertuples(), key=lambda row: row.geometry.distance(DAKHLA))
    assert nearest.iso3 == "ESH" and morocco.distance(DAKHLA) > 1.0


def test_morocco_western_sahara_line_is_drawn_dashed(countries: gpd.GeoDataFrame, occupied: gpd.GeoDataFrame) -> None:
    row = occupied.set_index("iso3").loc["ESH"]
    assert row["status"] == "boundary not recognised"
    assert "non-self-governing" in row["note"]
    line = row.geometry
    assert line.geom_type in ("LineString", "MultiLineString")
    shared = geometry_of(countries, "MAR").boundary.intersection(geometry_of(countries, "ESH").boundary)
    assert line.difference(shared.buffer(1e-6)).length < 1e-6
    assert abs(line.bounds[1] - (27 + 40 / 60)) < 0.01  # along 27 deg 40 min N


def test_occupied_crimea_within_ukraine(countries: gpd.GeoDataFrame, occupied: gpd.GeoDataFrame) -> None:
    assert len(occupied) == 2
    row = occupied.set_index("iso3").loc["UKR"]
    assert row["status"] == "occupied"
    assert "68/262" in row["note"]
    crimea = row.geometry
    ukraine = geometry_of(countries, "UKR")
    # Separately rounded to the 0.001 degree grid, so allow a hair of slack.
    assert crimea.difference(ukraine).area < 1e-6
    assert crimea.within(ukraine.buffer(1e-3))
    assert crimea.contains(SIMFEROPOL) and crimea.contains(SEVASTOPOL)


def test_plotly_world_topojson_is_a_topology() -> None:
    topology = json.loads(WORLD_110M.read_text(encoding="utf-8"))
    assert topology["type"] == "Topology"
    assert "countries" in topology["objects"]
