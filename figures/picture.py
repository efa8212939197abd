"""A view as one PNG drawn on the server, offline: the map from the GeoDataFrames the app already holds, drawn with
matplotlib (no browser, no tile, no font from elsewhere: DejaVu Sans ships with matplotlib and has Cyrillic).

The picture carries the view's title, its key figure and source, the map with its legends (country classes, route
risk colours, what a line's width means), the source line, the view's public link and the boundary disclaimer, all
in the view's language. It uses the same classes and colours as the interactive map (`figures/map.py`).
"""

from __future__ import annotations

import io
import math
import re
import textwrap
from functools import cached_property

import geopandas as gpd
import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from shapely.geometry import box

from core import describe
from core.prepared import Prepared
from core.risk import composite
from core.text import t
from core.view import View
from figures.map import (
    LAT_RANGE,
    LON_RANGE,
    NO_DATA,
    RISK_BREAKS,
    RISK_COLOURS,
    ROUTE_GREY,
    _risk_colour,
    country_classes,
    line_width,
)

WIDTH_PX, DPI = 1600, 100
MARGIN_PX, MAP_WIDTH_PX, HEADER_PX, FOOTER_PX = 24, 1180, 150, 230
# The interactive map's projection: conic equal area, standard parallels 35 and 60, centred on 15 E.
CRS = "+proj=aea +lat_1=35 +lat_2=60 +lat_0=42 +lon_0=15 +datum=WGS84 +units=m +no_defs"
LAND, SEA = "#f2f2f2", "#e6f0f8"
POINTS_PER_PX = 72 / DPI


class Picture:
    """The view pictures of one prepared bundle; the geometry is projected once, on first use."""

    def __init__(self, prep: Prepared) -> None:
        self.prep = prep

    @cached_property
    def frame(self) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame, gpd.GeoDataFrame, tuple[float, ...]]:
        b = self.prep.bundle
        extent = gpd.GeoSeries([box(LON_RANGE[0], LAT_RANGE[0], LON_RANGE[1], LAT_RANGE[1])], crs="EPSG:4326")
        bounds = tuple(extent.to_crs(CRS).total_bounds)
        return b.countries.to_crs(CRS), b.routes.to_crs(CRS), b.occupied.to_crs(CRS), bounds

    def png(self, view: View, link: str) -> bytes:
        """The PNG of a view, ``link`` printed as its address."""
        prep, lang = self.prep, view.lang
        countries, routes, occupied, bounds = self.frame
        # Pixel layout: a header, the map at its own aspect ratio, the legends to its right, the footer below.
        map_w = MAP_WIDTH_PX
        map_h = map_w * (bounds[3] - bounds[1]) / (bounds[2] - bounds[0])
        height = HEADER_PX + map_h + FOOTER_PX
        fig = Figure(figsize=(WIDTH_PX / DPI, height / DPI), dpi=DPI, facecolor="white")
        x0, y = MARGIN_PX / WIDTH_PX, lambda px: 1 - px / height  # noqa: E731
        fig.text(x0, y(24), t("title", lang), fontsize=24, fontweight="bold", va="top")
        fig.text(x0, y(68), describe.title(prep, view), fontsize=17, va="top")
        fig.text(x0, y(102), _wrap(describe.description(prep, view), 165), fontsize=12.5, va="top", color="#333333")
        ax = fig.add_axes((x0, (FOOTER_PX) / height, map_w / WIDTH_PX, map_h / height))
        ax.set_facecolor(SEA)
        ax.set_xlim(bounds[0], bounds[2])
        ax.set_ylim(bounds[1], bounds[3])
        ax.set_xticks([])
        ax.set_yticks([])
        risk = composite(prep.risk, view.year, view.weights)
        classes = country_classes(prep, view, risk)
        palette = [_rgb(c) for c in (NO_DATA, *classes["colours"].iloc[0])]
        labels = [t("no_data", lang), *classes["labels"].iloc[0]]
        drawn = countries.join(classes["cls"], on="iso3")
        colours = [palette[int(c)] if isinstance(c, int | np.integer) else LAND for c in drawn["cls"].fillna(0)]
        drawn.plot(ax=ax, color=colours, edgecolor="white", linewidth=0.5)
        chosen = drawn[drawn["iso3"].isin(view.countries)]
        if len(chosen):
            chosen.boundary.plot(ax=ax, color="#000000", linewidth=2.2)
        occupied.boundary.where(occupied.geom_type == "Polygon", occupied.geometry).plot(
            ax=ax, color="#333333", linewidth=1.2, linestyle=(0, (4, 3)))
        self._routes(ax, view, routes, risk)
        self._flows(ax, view)
        handles = [Patch(facecolor=c, edgecolor="#888888", label=lab) for c, lab in zip(palette, labels)]
        legend = ax.legend(handles=handles, title=_wrap(describe_indicator(prep, view), 34), loc="upper left",
                           bbox_to_anchor=(1.01, 1.0), fontsize=12, title_fontsize=12.5, frameon=False)
        legend._legend_box.align = "left"
        ax.add_artist(legend)
        risk_labels = [f"{a}–{b}" for a, b in zip((0, *RISK_BREAKS), (*RISK_BREAKS, 100))]
        risk_handles = [Line2D([], [], color=_rgb(c), linewidth=5, label=lab)
                        for c, lab in zip(RISK_COLOURS, risk_labels)]
        risk_handles.append(Line2D([], [], color=ROUTE_GREY, linewidth=3, linestyle=":",
                                   label=t("risk.no_score", lang)))
        ax.legend(handles=risk_handles, title=t("legend.risk", lang), loc="upper left", bbox_to_anchor=(1.01, 0.5),
                  fontsize=12, title_fontsize=12.5, frameon=False)
        ax.set_xlabel("")
        ax.set_ylabel("")
        fig.text((MARGIN_PX + map_w + 14) / WIDTH_PX, (FOOTER_PX + 4) / height,
                 _wrap(t("legend.width", lang, year=view.year), 40), fontsize=11, va="bottom", color="#333333")
        publishers = ", ".join(dict.fromkeys(s["publisher"] for s in describe.sources(prep, view)))
        foot = [(f"{t('describe.sources', lang)}: {publishers}", 11), (f"{t('describe.link', lang)}: {link}", 12),
                (t("disclaimer", lang), 10.5)]
        top = HEADER_PX + map_h + 18
        for words, size in foot:
            text = _wrap(words, 180 if size < 11 else 165)
            fig.text(x0, y(top), text, fontsize=size, va="top", color="#222222")
            top += (text.count("\n") + 1) * size / POINTS_PER_PX * 1.25 + 8
        out = io.BytesIO()
        fig.savefig(out, format="png", dpi=DPI, facecolor="white")
        return out.getvalue()

    def _routes(self, ax, view: View, routes: gpd.GeoDataFrame, risk) -> None:
        """Route lines as on the interactive map: width by volume that year, colour by risk (dotted grey without a
        score), the routes not selected faded."""
        prep = self.prep
        for route in routes.itertuples():
            rid = route.route_id
            width = line_width(prep, rid, view.year)
            score = risk.loc[rid, "score"] if rid in risk.index else math.nan
            colour = _rgb(_risk_colour(score))
            style = "-" if not math.isnan(score) else (0, (1, 1.5))
            alpha = 1.0 if rid in view.routes else 0.25
            gpd.GeoSeries([route.geometry]).plot(ax=ax, color=colour, linewidth=width * POINTS_PER_PX,
                                                 linestyle=style, alpha=alpha)


    def _flows(self, ax, view: View) -> None:
        """The flows layer as on the interactive map: straight lines from citizenship to country of detection,
        widths by the victim classes, censored flows dotted grey, and the year shown with the counts in a note."""
        if not view.flows:
            return
        from shapely.geometry import LineString

        from core.selections import drawn_on_map, flow_rows
        from figures import flows

        prep = self.prep
        _, rows = flow_rows(prep, view)
        rows = rows[drawn_on_map(prep, rows)]
        points = prep.victims.points
        lines = gpd.GeoSeries([LineString([points[c], points[d]]) for c, d in zip(rows["citizenship"],
                                                                                 rows["detected_in"])],
                              crs="EPSG:4326").to_crs(CRS)
        for line, value, censored in zip(lines, rows["value"], rows["censored"] == "yes"):
            k = flows.flow_class(value, censored)
            xs, ys = line.xy
            ax.plot(xs, ys, color=flows.CENSORED_COLOUR if censored else flows.COLOUR,
                    linewidth=(1.2 if censored else flows.WIDTHS[k - 1]) * POINTS_PER_PX,
                    linestyle=":" if censored else "-", alpha=0.55 if censored else 0.8)
        caption = " · ".join(flows.flows_caption(prep, view))
        ax.text(0.01, 0.01, _wrap(f"{t('flows', view.lang)}: {caption}", 90), transform=ax.transAxes, fontsize=11,
                va="bottom", ha="left", bbox=dict(facecolor="white", alpha=0.85, edgecolor="none"))


def describe_indicator(prep: Prepared, view: View) -> str:
    """The country legend's title: the indicator and the year (the interactive map's colour bar says the same)."""
    return f"{prep.indicator(view.indicator, view.lang).label}, {view.year}"


def _rgb(colour: str) -> str | tuple[float, float, float]:
    """plotly's "rgb(r, g, b)" as matplotlib's 0..1 triple; hex colours pass through."""
    found = re.fullmatch(r"rgb\(([\d.]+), ?([\d.]+), ?([\d.]+)\)", colour)
    return tuple(float(v) / 255 for v in found.groups()) if found else colour  # type: ignore[return-value]


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width)) or text
