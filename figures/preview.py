"""A static picture of the map (SVG), drawn from the very figure the interactive map draws, for the first paint.

A reader sees the map before plotly.js has loaded: the page shows this picture where the map will be and hides it
once the interactive map has drawn. It is drawn from the map figure's own choropleth classes and colours and route
traces (widths, colours, dashes, opacity), so the two cannot disagree; only the projection is approximated (the
same Albers conic equal-area projection, framed on the same longitudes and latitudes).
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import shapely
from pyproj import Transformer

# plotly's "conic equal area" with the map's parallels and rotation (figures/map.py).
PROJECTION = "+proj=aea +lat_1=35 +lat_2=60 +lon_0=15 +datum=WGS84 +units=km +no_defs"
WIDTH = 1000.0
SIMPLIFY_KM = 4.0  # finer than a pixel at this width
DASHES = {"dash": "8 6", "dot": "2 4", "dashdot": "8 4 2 4"}


@dataclass(frozen=True)
class Canvas:
    """Country outlines as SVG path data in a fixed frame, projected once at start-up."""

    paths: dict[str, str]
    width: float
    height: float
    transformer: Transformer
    origin: tuple[float, float]
    scale: float

    @classmethod
    def of(cls, countries: gpd.GeoDataFrame, lon_range: tuple[float, float],
           lat_range: tuple[float, float]) -> Canvas:
        transformer = Transformer.from_crs("EPSG:4326", PROJECTION, always_xy=True)
        lons = np.linspace(*lon_range, 60)
        lats = np.linspace(*lat_range, 60)
        edge_lon = np.concatenate([lons, np.full(60, lon_range[1]), lons[::-1], np.full(60, lon_range[0])])
        edge_lat = np.concatenate([np.full(60, lat_range[0]), lats, np.full(60, lat_range[1]), lats[::-1]])
        x, y = transformer.transform(edge_lon, edge_lat)
        (x0, x1), (y0, y1) = (min(x), max(x)), (min(y), max(y))
        scale = WIDTH / (x1 - x0)
        projected = countries.to_crs(PROJECTION).set_index("iso3").geometry.simplify(SIMPLIFY_KM)
        frame = shapely.box(x0, y0, x1, y1)
        canvas = cls({}, WIDTH, round((y1 - y0) * scale, 1), transformer, (x0, y1), scale)
        for iso3, geometry in projected.items():
            clipped = geometry.intersection(frame)
            if not clipped.is_empty:
                canvas.paths[iso3] = canvas._path(clipped)
        return canvas

    def point(self, x: float, y: float) -> str:
        return f"{(x - self.origin[0]) * self.scale:.1f},{(self.origin[1] - y) * self.scale:.1f}"

    def _path(self, geometry) -> str:
        rings = []
        for polygon in getattr(geometry, "geoms", [geometry]):
            for ring in (polygon.exterior, *polygon.interiors) if hasattr(polygon, "exterior") else ():
                rings.append("M" + "L".join(self.point(x, y) for x, y in ring.coords) + "Z")
        return "".join(rings)

    def line(self, lon: list, lat: list) -> str:
        """SVG path data of a line given as lon/lat lists with None between its parts."""
        parts, current = [], []
        for a, b in zip(lon, lat):
            if a is None or b is None:
                parts.append(current)
                current = []
            else:
                current.append((a, b))
        parts.append(current)
        data = []
        for part in (p for p in parts if len(p) > 1):
            x, y = self.transformer.transform(*zip(*part))
            data.append("M" + "L".join(self.point(px, py) for px, py in zip(x, y)))
        return "".join(data)


def map_svg(canvas: Canvas, figure: dict, title: str) -> str:
    """The map figure as an SVG picture: countries in their class colours, then the route lines."""
    traces = figure["data"]
    choropleth = next(t for t in traces if t.get("type") == "choropleth")
    scale = choropleth["colorscale"]
    body = [f'<rect width="{canvas.width}" height="{canvas.height}" fill="#e6f0f8"/>']
    for iso3, z in zip(choropleth["locations"], choropleth["z"]):
        if iso3 in canvas.paths:
            colour = scale[min(2 * int(z), len(scale) - 1)][1]
            body.append(f'<path d="{canvas.paths[iso3]}" fill="{colour}" stroke="#ffffff" stroke-width="0.6"/>')
    for trace in traces:
        if trace.get("type") == "scattergeo" and trace.get("mode") == "lines" and trace.get("lon"):
            line = trace.get("line", {})
            dash = DASHES.get(line.get("dash", "solid"))
            body.append(
                f'<path d="{canvas.line(trace["lon"], trace["lat"])}" fill="none" '
                f'stroke="{line.get("color", "#333333")}" stroke-width="{line.get("width", 1.5)}" '
                f'stroke-linecap="round" stroke-linejoin="round" opacity="{trace.get("opacity", 1)}"'
                + (f' stroke-dasharray="{dash}"' if dash else "") + "/>")
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {canvas.width} {canvas.height}" '
            f'width="{canvas.width}" height="{canvas.height}" role="img"><title>{html.escape(title)}</title>'
            + "".join(body) + "</svg>")
