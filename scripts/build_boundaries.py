"""Build the country boundaries that the dashboard's maps draw.

This module's single job is to turn Natural Earth admin-0 polygons (shipped in
the pinned npm package world-atlas, public domain) into two small, committed
GeoJSON files: ``data/geo/countries.geojson`` (one feature per country in the
region, keyed by ISO 3166-1 alpha-3) and ``data/geo/occupied.geojson`` (what the
app draws dashed: Crimea, outlined as occupied Ukrainian territory, and the line
between Morocco and Western Sahara, which the UN does not recognise as a
boundary). Boundaries follow the United Nations position: unrecognised entities
are merged into the member state the UN recognises, Crimea belongs to Ukraine
(UNGA resolution 68/262), and Western Sahara, a non-self-governing territory on
the UN list, is a territory of its own up to 27 deg 40 min N (Natural Earth
draws the part west of the berm inside Morocco).
Run it with ``--check`` to verify that the committed files are up to date.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

import geopandas as gpd
import numpy as np
import pycountry
import shapely
from shapely.geometry import Point, box, mapping
from shapely.geometry.base import BaseGeometry

sys.path.insert(0, str(Path(__file__).resolve().parent))
from npm_package import extract_member, fetch_package  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parents[1]
OUT_DIR = REPO_ROOT / "data" / "geo"
COUNTRIES_FILE = "countries.geojson"
OCCUPIED_FILE = "occupied.geojson"

# Pinned source; the integrity string is what `npm view world-atlas@2.0.2
# dist.integrity` reports, so a tampered or re-published tarball is rejected.
PACKAGE = "world-atlas@2.0.2"
INTEGRITY = "sha512-IXfV0qwlKXpckz1FhwXVwKRjiIhOnWttOskm5CtxMsjgE/MXAYRHWJqgXOpM8IkcPBoXnyTU5lFHcYa5ChG0LQ=="
SOURCE_MEMBER = "package/countries-50m.json"
# The 1:10m file only supplies a few places too small for 1:50m (see GRAFTS).
DETAIL_MEMBER = "package/countries-10m.json"
# GDAL exposes the TopoJSON object `countries` as a layer of that name (the
# other layer, `land`, is the dissolved coastline and is not used).
LAYER = "countries"

# Region drawn by the dashboard: Europe, Middle East, North/West Africa,
# Caucasus, and Afghanistan/Pakistan as origin countries.
EXTENT = (-26.0, 0.0, 75.0, 72.0)
# Lambert azimuthal equal-area centred on the region, so that a simplification
# tolerance in metres means about the same everywhere from Iceland to Kenya.
METRIC_CRS = "+proj=laea +lat_0=36 +lon_0=25 +datum=WGS84 +units=m +no_defs"
# Largest tolerance (metres) found to keep Malta, Cyprus and the main Aegean
# islands recognisable while the file stays under the byte budget.
DEFAULT_TOLERANCE_M = 20000.0
# Islands smaller than this (about El Hierro, the smallest Canary island, kept)
# cost bytes but are invisible at the whole-region zoom.
DEFAULT_MIN_ISLAND_KM2 = 250.0
GRID_DEG = 0.001
DECIMALS = 3  # matches GRID_DEG: coordinates are written with at most 3 decimals
MAX_BYTES = 100_000

# Entities without an ISO numeric id in the source, by source name: Kosovo gets
# the user-assigned code XKX; unrecognised entities go to the UN member state.
NAME_TO_ISO3 = {"Kosovo": "XKX", "N. Cyprus": "CYP", "Somaliland": "SOM"}
# Short English names the dashboard shows; anything not listed uses
# pycountry's common_name or name.
NAME_OVERRIDES = {
    "COD": "DR Congo",
    "PSE": "Palestine",
    "RUS": "Russia",
    "VAT": "Vatican City",
    "XKX": "Kosovo",
}

CRIMEA_KEY = "UKR-CRIMEA"
CRIMEA_BOX = (32.4, 44.3, 36.7, 46.3)
# Only used when the source already puts Crimea in Ukraine: land south of this
# line (Perekop isthmus, Syvash, Arabat Spit as Natural Earth draws the
# Crimea/Kherson boundary; open water elsewhere) is Crimea.
CRIMEA_OUTLINE = [
    (32.4, 44.3), (36.7, 44.3), (36.7, 45.6), (35.2, 45.6), (35.001, 45.734),
    (34.947, 45.729), (34.8, 45.791), (34.793, 45.892), (34.688, 45.977),
    (34.523, 45.977), (34.451, 45.967), (34.353, 46.062), (34.224, 46.102),
    (34.127, 46.09), (34.026, 46.107), (33.806, 46.208), (33.659, 46.22),
    (33.655, 46.147), (33.594, 46.097), (33.5, 46.0), (32.4, 45.95), (32.4, 44.3),
]  # fmt: skip
CRIMEA_PROPERTIES = {
    "iso3": "UKR",
    "name": "Autonomous Republic of Crimea and the city of Sevastopol",
    "status": "occupied",
    "note": (
        "Part of Ukraine, temporarily occupied by the Russian Federation since "
        "2014 (UN General Assembly resolution 68/262)"
    ),
}

WESTERN_SAHARA_KEY = "ESH"
# Natural Earth's Morocco runs south to 21.4 N; everything of it south of the
# 27 deg 40 min parallel (the Morocco - Western Sahara line) is Western Sahara.
WESTERN_SAHARA_BOX = (-20.0, 20.0, -8.0, 27.0 + 40 / 60)
WESTERN_SAHARA_PROPERTIES = {
    "iso3": "ESH",
    "name": "Western Sahara: line with Morocco",
    "status": "boundary not recognised",
    "note": (
        "Western Sahara is on the UN list of non-self-governing territories; "
        "its final status is unresolved and this line is not a recognised "
        "international boundary"
    ),
}

# Places that 1:50m lacks (Lampedusa) or draws inside a neighbour (Ceuta and
# Melilla inside Morocco, Gibraltar inside Spain): take the country's 1:10m part whose representative
# point falls in the box, and carve it out of whatever 1:50m polygon it overlaps.
GRAFTS: dict[str, tuple[str, tuple[float, float, float, float]]] = {
    "Lampedusa": ("ITA", (12.50, 35.47, 12.65, 35.54)),
    "Ceuta": ("ESP", (-5.40, 35.84, -5.27, 35.93)),
    "Melilla": ("ESP", (-2.98, 35.26, -2.90, 35.34)),
    "Gibraltar": ("GIB", (-5.37, 36.10, -5.33, 36.16)),
}

# (iso3, lon, lat) points that must lie inside the final geometry of iso3.
REQUIRED_POINTS = {
    "Laayoune": ("ESH", -13.20, 27.15),
    "Smara": ("ESH", -11.66, 26.74),
    "Simferopol": ("UKR", 34.10, 44.95),
    "Sevastopol": ("UKR", 33.52, 44.60),
    "Malta": ("MLT", 14.42, 35.90),
    "Cyprus": ("CYP", 33.0, 35.0),
    "Lesvos": ("GRC", 26.3, 39.2),
    "Chios": ("GRC", 26.0, 38.4),
    "Samos": ("GRC", 26.8, 37.74),
    "Crete": ("GRC", 24.9, 35.2),
    "Gran Canaria": ("ESP", -15.6, 27.95),
    "Tenerife": ("ESP", -16.6, 28.25),
}
# Places so small that simplification turns them into triangles: the country
# must have a part within NEAR_DEG of the point (no other land of that country
# is that close, so this proves the island or enclave itself survived).
REQUIRED_NEAR = {
    "Gozo": ("MLT", 14.25, 36.05),
    "Kos": ("GRC", 27.13, 36.83),
    "Lampedusa": ("ITA", 12.59, 35.505),
    "Ceuta": ("ESP", -5.33, 35.885),
    "Melilla": ("ESP", -2.945, 35.30),
    "El Hierro": ("ESP", -18.0, 27.75),
}
# Dakhla sits on a peninsula a few km wide that the simplification folds into
# the coast: it must be nearer Western Sahara than any other country.
DAKHLA = (-15.94, 23.70)
NEAR_DEG = 0.05
REQUIRED_ISO3 = {
    "CYP", "EGY", "ESH", "ESP", "GRC", "IRQ", "ITA", "JOR", "LBN", "LBY", "MLT",
    "SYR", "TUR", "UKR", "XKX",
}  # fmt: skip


def read_countries(path: Path) -> gpd.GeoDataFrame:
    """Read the TopoJSON countries layer; TopoJSON carries no CRS, it is lon/lat."""
    frame = gpd.read_file(path, layer=LAYER)
    frame = frame.set_crs("EPSG:4326", allow_override=True)
    frame["geometry"] = [polygonal(shapely.make_valid(unwrap_antimeridian(g))) for g in frame.geometry]
    return frame


def unwrap_antimeridian(geom: BaseGeometry) -> BaseGeometry:
    """Shift western-hemisphere vertices of rings that cross 180 degrees by +360.

    TopoJSON made for spherical rendering lets Russia's ring jump from +180 to
    -180 at Chukotka; read as planar it becomes a band across the whole Arctic
    (it covered Scandinavia and Iceland). Shifted, the ring is continuous and the
    far-east part simply falls outside the clip box.
    """
    xmin, _, xmax, _ = geom.bounds
    if xmax - xmin <= 180:
        return geom
    return shapely.transform(geom, lambda xy: np.where(xy[:, :1] < 0, xy + [360.0, 0.0], xy))


def polygonal(geom: BaseGeometry) -> BaseGeometry:
    """Keep only the polygon parts: make_valid/intersection can emit lines or points."""
    parts = [p for p in shapely.get_parts(geom) if p.geom_type in ("Polygon", "MultiPolygon")]
    if not parts:
        return shapely.Polygon()
    return shapely.union_all(parts) if len(parts) > 1 else parts[0]


def iso3_for(numeric: object, name: str) -> str | None:
    """Map an ISO numeric id (string with leading zeros) or a known name to alpha-3."""
    if name in NAME_TO_ISO3:
        return NAME_TO_ISO3[name]
    if isinstance(numeric, str) and numeric:
        country = pycountry.countries.get(numeric=numeric)
        if country is not None:
            return str(country.alpha_3)
    return None


def display_name(iso3: str) -> str:
    """Short English name shown in the app (hover labels, dropdowns)."""
    if iso3 in NAME_OVERRIDES:
        return NAME_OVERRIDES[iso3]
    country = pycountry.countries.get(alpha_3=iso3)
    if country is None:
        raise KeyError(iso3)
    return str(getattr(country, "common_name", None) or country.name)


def assign_codes(frame: gpd.GeoDataFrame, extent: BaseGeometry) -> dict[str, BaseGeometry]:
    """Group source features by alpha-3, merging unrecognised entities into members."""
    groups: dict[str, list[BaseGeometry]] = {}
    for numeric, name, geom in zip(frame["id"], frame["name"], frame.geometry, strict=True):
        code = iso3_for(numeric, name)
        if code is None:
            if geom.intersects(extent):
                raise SystemExit(f"no ISO code for {name!r} inside the extent")
            continue  # outside the region, e.g. Siachen Glacier
        groups.setdefault(code, []).append(geom)
    return {code: shapely.union_all(geoms) for code, geoms in groups.items()}


def split_crimea(countries: dict[str, BaseGeometry]) -> BaseGeometry:
    """Take Crimea out of Russia (or, if the source already has it, out of Ukraine).

    Returns the Crimea polygon(s); the caller adds them back to Ukraine after
    simplification, so the occupied outline and Ukraine share the same edges.
    """
    crimea_box = box(*CRIMEA_BOX)
    russia_parts = shapely.get_parts(countries["RUS"])
    in_crimea = np.array([crimea_box.contains(p.representative_point()) for p in russia_parts])
    if in_crimea.any():
        countries["RUS"] = shapely.union_all(russia_parts[~in_crimea])
        return shapely.union_all(russia_parts[in_crimea])
    # The source already draws Crimea in Ukraine: cut it out along the
    # administrative line so the occupied outline can still be written.
    crimea = polygonal(countries["UKR"].intersection(shapely.Polygon(CRIMEA_OUTLINE)))
    if crimea.is_empty:
        raise SystemExit("Crimea found neither in Russia nor in Ukraine")
    countries["UKR"] = polygonal(countries["UKR"].difference(crimea))
    return crimea


def split_western_sahara(countries: dict[str, BaseGeometry]) -> None:
    """Move the part of Morocco south of 27 deg 40 min N into Western Sahara."""
    piece = polygonal(countries["MAR"].intersection(box(*WESTERN_SAHARA_BOX)))
    if piece.is_empty:
        return  # the source already draws Western Sahara whole
    countries["MAR"] = polygonal(countries["MAR"].difference(piece))
    countries[WESTERN_SAHARA_KEY] = polygonal(shapely.union_all([countries[WESTERN_SAHARA_KEY], piece]))


def unrecognised_line(countries: dict[str, BaseGeometry]) -> BaseGeometry:
    """The Morocco - Western Sahara line: the two final polygons' shared edge."""
    shared = shapely.intersection(countries["MAR"].boundary, countries[WESTERN_SAHARA_KEY].boundary)
    lines = [p for p in shapely.get_parts(shared) if p.geom_type in ("LineString", "MultiLineString")]
    if not lines:
        raise SystemExit("Morocco and Western Sahara share no edge")
    return shapely.line_merge(shapely.union_all(lines))


def apply_grafts(countries: dict[str, BaseGeometry], detail: gpd.GeoDataFrame) -> None:
    """Add the 1:10m parts listed in GRAFTS, cutting them out of 1:50m neighbours."""
    codes = [iso3_for(n, m) for n, m in zip(detail["id"], detail["name"], strict=True)]
    for label, (code, bounds) in GRAFTS.items():
        area = box(*bounds)
        candidates = detail.geometry[[c == code for c in codes]]
        parts = [p for p in shapely.get_parts(candidates.values) if area.contains(p.representative_point())]
        if len(parts) != 1:
            raise SystemExit(f"expected one 1:10m part for {label}, found {len(parts)}")
        piece = parts[0]
        for other, geom in countries.items():
            if other == code or not geom.intersects(piece):
                continue
            rest = shapely.get_parts(polygonal(geom.difference(piece)))
            # Where the 1:50m coast runs beyond the 1:10m one, the cut leaves
            # slivers of the neighbour on the graft's sea side: they join the graft.
            sliver = (shapely.area(rest) < piece.area) & shapely.dwithin(rest, piece, 1e-6)
            piece = shapely.union_all([piece, *rest[sliver]])
            countries[other] = shapely.union_all(rest[~sliver])
        own = countries.get(code, shapely.Polygon())
        countries[code] = polygonal(shapely.union_all([own.difference(piece), piece]))


def drop_small_islands(metric: np.ndarray, min_area_m2: float) -> np.ndarray:
    """Drop island parts smaller than min_area_m2 (metric CRS) to fit the byte budget.

    Kept regardless: each country's largest part (so microstates survive), parts
    touching another country (enclaves, land borders), and parts holding one of
    REQUIRED_POINTS or REQUIRED_NEAR (Lampedusa, the Aegean hotspot islands, ...).
    """
    tree = shapely.STRtree(metric)
    places = [*REQUIRED_POINTS.values(), *REQUIRED_NEAR.values()]
    lon, lat = zip(*((x, y) for _, x, y in places), strict=True)
    landmarks = gpd.GeoSeries(gpd.points_from_xy(lon, lat), crs="EPSG:4326").to_crs(METRIC_CRS).values
    out = []
    for index, geom in enumerate(metric):
        parts = shapely.get_parts(geom)
        areas = shapely.area(parts)
        keep = (areas >= min_area_m2) | (areas == areas.max())
        for j in np.flatnonzero(~keep):
            touching = tree.query(parts[j], predicate="intersects")
            keep[j] = bool((touching != index).any() or shapely.intersects(parts[j], landmarks).any())
        out.append(shapely.union_all(parts[keep]) if keep.sum() > 1 else parts[keep][0])
    return np.array(out, dtype=object)


def simplify(geoms: dict[str, BaseGeometry], tolerance_m: float, min_island_m2: float) -> dict[str, BaseGeometry]:
    """Clean, thin and coverage-simplify in metres so neighbours keep one shared border."""
    metric = gpd.GeoSeries(list(geoms.values()), crs="EPSG:4326").to_crs(METRIC_CRS).values
    # Carving the 1:10m grafts leaves float-level mismatches along shared edges;
    # the coverage must be exact for coverage_simplify to keep borders shared.
    metric = shapely.coverage_clean(metric)
    if not shapely.coverage_is_valid(metric):
        raise SystemExit("source polygons do not form a valid coverage")
    simplified = shapely.coverage_simplify(drop_small_islands(metric, min_island_m2), tolerance_m)
    back = gpd.GeoSeries(simplified, crs=METRIC_CRS).to_crs("EPSG:4326").values
    return dict(zip(geoms, back, strict=True))


def finish(geom: BaseGeometry) -> BaseGeometry:
    """Snap to the output grid, repair, and orient exteriors clockwise (plotly geo)."""
    geom = shapely.set_precision(geom, GRID_DEG)
    geom = polygonal(shapely.make_valid(geom))
    return shapely.orient_polygons(geom, exterior_cw=True)


def build_geometries(
    source: gpd.GeoDataFrame, detail: gpd.GeoDataFrame, tolerance_m: float, min_island_m2: float
) -> tuple[dict[str, BaseGeometry], BaseGeometry]:
    """Run the pipeline; return final geometries by iso3 and the Crimea outline."""
    extent = box(*EXTENT)
    countries = assign_codes(source, extent)
    countries[CRIMEA_KEY] = split_crimea(countries)
    split_western_sahara(countries)
    apply_grafts(countries, detail)

    clipped = {code: polygonal(g.intersection(extent)) for code, g in countries.items()}
    clipped = {code: g for code, g in sorted(clipped.items()) if not g.is_empty}
    simplified = simplify(clipped, tolerance_m, min_island_m2)

    crimea_out = simplified.pop(CRIMEA_KEY)
    # Crimea and mainland Ukraine share simplified edges, so the union is clean.
    simplified["UKR"] = shapely.coverage_union(simplified["UKR"], crimea_out)
    final = {code: finish(g) for code, g in simplified.items()}
    return final, finish(crimea_out)


def check_geometries(countries: dict[str, BaseGeometry], crimea: BaseGeometry) -> None:
    """Fail loudly when the result breaks what the dashboard relies on."""
    missing = REQUIRED_ISO3 - set(countries)
    if missing:
        raise SystemExit(f"missing countries: {sorted(missing)}")
    for label, (code, lon, lat) in REQUIRED_POINTS.items():
        point = Point(lon, lat)
        if not countries[code].contains(point):
            raise SystemExit(f"{label} ({lon}, {lat}) is not inside {code}")
    for label, (code, lon, lat) in REQUIRED_NEAR.items():
        if countries[code].distance(Point(lon, lat)) > NEAR_DEG:
            raise SystemExit(f"{label} ({lon}, {lat}) has no {code} polygon nearby")
    for label in ("Laayoune", "Smara"):
        _, lon, lat = REQUIRED_POINTS[label]
        if countries["MAR"].intersects(Point(lon, lat)):
            raise SystemExit(f"{label} is inside MAR")
    dakhla = Point(*DAKHLA)
    nearest = min(countries, key=lambda code: countries[code].distance(dakhla))
    if nearest != WESTERN_SAHARA_KEY or countries["MAR"].distance(dakhla) < 1.0:
        raise SystemExit(f"Dakhla is nearest to {nearest}, not ESH")
    for label in ("Simferopol", "Sevastopol"):
        _, lon, lat = REQUIRED_POINTS[label]
        if countries["RUS"].intersects(Point(lon, lat)):
            raise SystemExit(f"{label} is inside RUS")
    if crimea.is_empty or not crimea.within(countries["UKR"].buffer(1e-6)):
        raise SystemExit("Crimea outline missing or not within Ukraine")
    extent = box(*EXTENT)
    for code, geom in [*countries.items(), ("occupied", crimea)]:
        if not extent.covers(geom):
            raise SystemExit(f"{code}: outside the extent {EXTENT}")
        if geom.is_empty or not geom.is_valid:
            raise SystemExit(f"{code}: empty or invalid geometry after processing")
        exteriors = shapely.get_exterior_ring(shapely.get_parts(geom))
        if shapely.is_ccw(exteriors).any():
            raise SystemExit(f"{code}: counter-clockwise exterior ring")


def fmt(value: float) -> float | int:
    """Stable short number: at most DECIMALS decimals, no -0, integers without '.0'."""
    rounded = round(value, DECIMALS) + 0.0  # + 0.0 turns -0.0 into 0.0
    return int(rounded) if rounded.is_integer() else rounded


def round_coords(coords: Iterable) -> list:
    """Apply fmt to every number of a (nested) GeoJSON coordinates sequence."""
    if coords and isinstance(next(iter(coords)), float | int):
        return [fmt(c) for c in coords]
    return [round_coords(c) for c in coords]


def feature_collection(features: list[tuple[dict[str, str], BaseGeometry]]) -> str:
    """Compact GeoJSON text; no top-level crs member, RFC 7946 means WGS 84."""
    out = []
    for properties, geom in features:
        geo = mapping(geom)
        out.append(
            {
                "type": "Feature",
                "properties": properties,
                "geometry": {"type": geo["type"], "coordinates": round_coords(geo["coordinates"])},
            }
        )
    payload = {"type": "FeatureCollection", "features": out}
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")) + "\n"


def write_outputs(out_dir: Path, tolerance_m: float, min_island_km2: float) -> dict[str, int]:
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        tarball = fetch_package(PACKAGE, INTEGRITY, workdir)
        source = read_countries(extract_member(tarball, SOURCE_MEMBER, workdir))
        detail = read_countries(extract_member(tarball, DETAIL_MEMBER, workdir))
    countries, crimea = build_geometries(source, detail, tolerance_m, min_island_km2 * 1e6)
    check_geometries(countries, crimea)

    features = [({"iso3": code, "name": display_name(code)}, geom) for code, geom in sorted(countries.items())]
    out_dir.mkdir(parents=True, exist_ok=True)
    text = feature_collection(features)
    size = len(text.encode("utf-8"))
    if size >= MAX_BYTES:
        raise SystemExit(f"{COUNTRIES_FILE} is {size} bytes, budget is {MAX_BYTES}")
    (out_dir / COUNTRIES_FILE).write_text(text, encoding="utf-8")
    occupied = feature_collection([(CRIMEA_PROPERTIES, crimea),
                                   (WESTERN_SAHARA_PROPERTIES, unrecognised_line(countries))])
    (out_dir / OCCUPIED_FILE).write_text(occupied, encoding="utf-8")
    vertices = sum(shapely.get_num_coordinates(g) for g in countries.values())
    return {"countries": len(countries), "bytes": size, "vertices": int(vertices)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="rebuild in a temp dir and diff with the committed files")
    parser.add_argument("--tolerance", type=float, default=DEFAULT_TOLERANCE_M, help="simplify tolerance in metres")
    parser.add_argument("--min-island", type=float, default=DEFAULT_MIN_ISLAND_KM2, help="drop smaller islands (km2)")
    args = parser.parse_args(argv)

    if not args.check:
        stats = write_outputs(OUT_DIR, args.tolerance, args.min_island)
        print(f"wrote {COUNTRIES_FILE}: {stats} (tolerance {args.tolerance:g} m)")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        write_outputs(Path(tmp), args.tolerance, args.min_island)
        stale = [
            name
            for name in (COUNTRIES_FILE, OCCUPIED_FILE)
            if not (OUT_DIR / name).exists() or not filecmp.cmp(Path(tmp) / name, OUT_DIR / name, shallow=False)
        ]
    if stale:
        print(f"out of date: {', '.join(stale)}; run scripts/build_boundaries.py", file=sys.stderr)
        return 1
    print("boundaries up to date")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
