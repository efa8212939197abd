"""Where an IOM incident may be drawn: each route's area, defined once as geometry, and the check of every point.

This module's single job is to decide, for each incident of ``incidents.csv``, whether IOM's coordinates can be drawn
as given. A route's area is built from the route's own definition: its line in ``geo/routes.geojson`` widened by
``ROUTE_KM`` (the sea or land corridor) and every country ``routes.csv`` names for it (origin, transit, arrival)
widened by ``COAST_KM`` (its coast and territorial waters, and places given only roughly). An incident with no route
of ours is held to its IOM country of incident, widened the same way. A point also passes when it lies within
``NAMED_KM`` of a country its own text names ("off the coast of Zuwara, Libya"). A point that passes neither test
is "not given precisely": it is not drawn (IOM files many records at one placeholder point, or with latitude and
longitude swapped), it is listed apart, and it is still counted in every total. The import
(``scripts/import_gdidata.py``) writes the result into ``incidents.csv`` and reports how many of each kind there are;
a test runs the same check over the whole table.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pandas as pd
import shapely
from pyproj import Transformer
from shapely.geometry import shape

# Distances are measured in an equal-area projection centred on the Mediterranean (km); within the 3,000 km the
# routes span its distance errors are a few per cent, far below the margins below.
METRIC = "+proj=laea +lat_0=38 +lon_0=10 +units=km"
ROUTE_KM = 400  # the route's corridor either side of its line (the Central Mediterranean is 300-500 km wide)
# The Atlantic crossing is open ocean: boats drift far off the line (IOM records deaths 800 km south-west of
# Tenerife and off Cabo Verde).
ROUTE_KM_OF = {"western_african": 900}
COAST_KM = 100  # around each country the route names (or an unrouted incident's country): coast and nearby waters
NAMED_KM = 250  # around a country the incident's own text names: "off the coast of Libya" can be 200 km out

AS_GIVEN = "as given"
NOT_PRECISE = "not given precisely"

# Names of places a text may give instead of its country (islands and enclaves), and other spellings.
ALIASES = {
    "Turkey": "TUR", "Türkiye": "TUR", "Turkiye": "TUR", "Cape Verde": "CPV", "USA": "USA",
    "Crete": "GRC", "Lesvos": "GRC", "Lesbos": "GRC", "Rhodes": "GRC", "Kos": "GRC", "Chios": "GRC",
    "Samos": "GRC", "Gavdos": "GRC", "Evros": "GRC", "Lampedusa": "ITA", "Sicily": "ITA", "Sardinia": "ITA",
    "Calabria": "ITA", "Canary Islands": "ESP", "Canaries": "ESP", "Ceuta": "ESP", "Melilla": "ESP",
    "Balearic": "ESP", "Mallorca": "ESP", "Ibiza": "ESP", "Almeria": "ESP", "Almería": "ESP",
    "Libyan": "LBY", "Sudanese": "SDN", "Tunisian": "TUN", "Algerian": "DZA", "Moroccan": "MAR", "Egyptian": "EGY",
    "Turkish": "TUR", "Greek": "GRC", "Italian": "ITA", "Spanish": "ESP", "Maltese": "MLT",
}


@dataclass(frozen=True)
class Placement:
    """The areas every incident is checked against, in the metric projection."""

    data_dir: Path

    @cached_property
    def _to_metric(self) -> Transformer:
        return Transformer.from_crs("EPSG:4326", METRIC, always_xy=True)

    def _metric(self, geometry):
        return shapely.transform(geometry, lambda xy: _stack(self._to_metric.transform(xy[:, 0], xy[:, 1])))

    @cached_property
    def countries(self) -> dict[str, object]:
        features = json.loads((self.data_dir / "geo" / "countries.geojson").read_text(encoding="utf-8"))["features"]
        return {f["properties"]["iso3"]: self._metric(shape(f["geometry"])) for f in features}

    @cached_property
    def routes(self) -> pd.DataFrame:
        return pd.read_csv(self.data_dir / "routes.csv", dtype=str, keep_default_na=False).set_index("route_id")

    @cached_property
    def areas(self) -> dict[str, object]:
        """Each route's area: its line widened by ROUTE_KM, and its countries widened by COAST_KM."""
        features = json.loads((self.data_dir / "geo" / "routes.geojson").read_text(encoding="utf-8"))["features"]
        lines = {f["properties"]["route_id"]: self._metric(shape(f["geometry"])) for f in features}
        areas = {}
        for route_id, row in self.routes.iterrows():
            named = {c for c in ";".join((row["origin"], row["transit"], row["arrival"])).split(";") if c}
            parts = [lines[route_id].buffer(ROUTE_KM_OF.get(route_id, ROUTE_KM))] + [self.countries[c].buffer(COAST_KM)
                                                          for c in sorted(named) if c in self.countries]
            areas[route_id] = shapely.union_all(parts)
            shapely.prepare(areas[route_id])
        return areas

    @cached_property
    def _names(self) -> tuple[re.Pattern, dict[str, str]]:
        names = pd.read_csv(self.data_dir / "country_names.csv", dtype=str, keep_default_na=False)
        pairs = {k.casefold(): v for k, v in (dict(zip(names["name"], names["iso3"], strict=True)) | ALIASES).items()}
        # Longest first, whole words: "Niger" must not match inside "Nigeria", nor "Sudan" inside "South Sudan".
        words = "|".join(re.escape(name) for name in sorted(pairs, key=len, reverse=True))
        return re.compile(rf"(?<![\w-])({words})(?![\w-])", re.IGNORECASE), pairs

    def named(self, text: str) -> list[str]:
        """The countries a location text names (ISO3), in the order it names them; places count as their
        country ("Lesvos" is Greece)."""
        pattern, pairs = self._names
        return list(dict.fromkeys(pairs[m.group(1).casefold()] for m in pattern.finditer(text or "")))

    def check(self, route_id: str, country: str, location: str, lon: float, lat: float) -> tuple[str, str]:
        """(placement, why): AS_GIVEN when the point lies in the route's area (or, with no route of ours, near
        IOM's country of incident) or near a country its text names; else NOT_PRECISE and the reason."""
        point = self._metric(shapely.Point(lon, lat))
        named = [c for c in self.named(location) if c in self.countries]
        if any(self.countries[c].distance(point) <= NAMED_KM for c in named):
            return AS_GIVEN, ""
        if route_id:
            if self.areas[route_id].contains(point):
                return AS_GIVEN, ""
            where = f"the {self.routes.loc[route_id, 'name']} route"
        else:
            if country in self.countries and self.countries[country].distance(point) <= COAST_KM:
                return AS_GIVEN, ""
            where = country
        if named:
            where += " and " + ", ".join(named)
        return NOT_PRECISE, f"IOM's point ({lon:.3f}, {lat:.3f}) lies outside {where}"

    def check_frame(self, frame: pd.DataFrame) -> tuple[list[str], list[str]]:
        """Placement and reason for every row of an incident table (columns route_id, country, location, lon,
        lat)."""
        results = [self.check(r if isinstance(r, str) else "", c, loc, x, y) for r, c, loc, x, y in zip(
            frame["route_id"], frame["country"], frame["location"], frame["lon"], frame["lat"])]
        return [p for p, _ in results], [w for _, w in results]


def _stack(xy):
    import numpy as np

    return np.column_stack(xy)
