"""The region map as a pure function of (prepared data, view): one choropleth, route lines, labels, arrival points.

The country geometry is not in the figure: the choropleth names a URL the app serves once, so a year step sends
values, not polygons. Countries are coloured by class (with an explicit "no data" class), so the legend reads from
the back of a room and a missing figure is never shown as a low one.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Mapping

import numpy as np
import pandas as pd
from plotly.colors import (
    colorscale_to_colors,
    colorscale_to_scale,
    find_intermediate_color,
    get_colorscale,
    sample_colorscale,
    validate_colors,
)

from core.added_figures import NONE, AddedFigures
from core.prepared import Prepared
from core.risk import WEIGHT_NAMES, composite, coverage
from core.text import (
    SEPARATORS,
    column,
    confidence_words,
    fmt_figure,
    fmt_number,
    later_release_words,
    period,
    t,
    when,
)
from core.victims import INDICATOR as VICTIMS
from core.victims import count_words, release_words
from core.view import View
from figures.added_figures import hover_lines, select
from figures.flows import flow_traces
from figures.incidents import incident_traces

NO_DATA = "#d9d9d9"
# ColorBrewer YlGnBu (colour-blind safe) for counts of people; YlOrBr for tiers.
COUNT_COLOURS = ("#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494")
COUNT_BREAKS = (1_000, 10_000, 100_000, 1_000_000)
TIER_CLASSES = ("1", "2", "2WL", "3", "special")
TIER_COLOURS = ("#fff7bc", "#fec44f", "#ec7014", "#8c2d04", "#54278f")
# Plasma reversed (perceptually ordered, readable with the common colour-vision deficiencies), expanded here into
# [position, colour] pairs: plotly.js knows no "_r" names, and a name it does not know silently becomes its default.
# The route lines, their labels' markers, the page's legend (layouts/legend.py) and the PNG export's colour bar all
# read this one list.
# Detected victims: ColorBrewer Purples for counts, a pale sand of its own for UNODC's suppressed cells ("fewer than
# 5"), so a censored country reads neither as "no data" nor as a low count.
VICTIM_BREAKS = (50, 200, 1_000)
VICTIM_COLOURS = ("#f6e8c3", "#dadaeb", "#9e9ac8", "#6a51a3", "#3f007d")
RISK_COLORSCALE: tuple[tuple[float, str], ...] = tuple((round(p, 4), c) for p, c in get_colorscale("Plasma_r"))
RISK_BREAKS = (20, 40, 60, 80)
RISK_COLOURS = tuple(sample_colorscale([list(x) for x in RISK_COLORSCALE], [0.1, 0.3, 0.5, 0.7, 0.9]))
ROUTE_GREY = "#7f7f7f"
BASE_WIDTH, MAX_EXTRA_WIDTH = 1.5, 12.0
CASING = "#222222"  # a thin dark edge under each scored route, so light colours read on light land and sea
# The frame holds every route whole (Senegal to Finland, the Canaries to Iraq), with room for the labels; its
# width-to-height ratio (about 1.3) leaves space beside the map for the legend on wide screens and fills a phone.
LON_RANGE, LAT_RANGE = (-21.0, 47.0), (12.0, 62.5)
DEFAULT_CENTER = (13.0, 38.5)
DEFAULT_SCALE = 1.0


def map_figure(prep: Prepared, view: View, geojson_url: str, added: AddedFigures = NONE,
               incidents: list[dict] | None = None, flows: list[dict] | None = None) -> dict:
    """The map for a view: countries coloured by the view's indicator, routes sized by volume and coloured by risk,
    and the incident layer's traces (``incidents``, when a caller has them built already; see incident_traces).

    A plain figure dict (plotly.js's own schema, checked against plotly's validators in the tests): building it
    through graph objects would validate every property on every request, which costs more than the whole rest.
    """
    lang = view.lang
    risk = composite(prep.risk, view.year, view.weights)
    classes = country_classes(prep, view, risk)
    extra = select(added, "country", [view.indicator], year=view.year)
    classes["added"] = [hover_lines(extra[extra["key"] == c], lang) for c in classes.index] if len(extra) else ""
    data = [_choropleth(prep, view, classes, geojson_url), _occupied(prep, lang),
            *_route_traces(prep, view, risk, select(added, "route", sorted(prep.indicator_texts["en"]),
                                                    year=view.year)),
            # The incident circles over the route lines and under the routes' names, which stay readable.
            *(incident_traces(prep, view) if incidents is None else incidents),
            # Trafficking flows over the routes, under the routes' names.
            *(flow_traces(prep, view) if flows is None else flows),
            _route_labels(prep, view, risk), _arrival_points(prep, view), _risk_legend(view)]
    center = view.center or DEFAULT_CENTER
    layout = dict(
        margin=dict(l=0, r=0, t=0, b=0),
        separators=SEPARATORS[view.lang],
        showlegend=False,
        dragmode="pan",
        uirevision="map",
        font=dict(size=15),
        hoverlabel=dict(font_size=15),
        paper_bgcolor="rgba(0,0,0,0)",
        geo=dict(
            projection=dict(type="conic equal area", parallels=[35, 60], rotation=dict(lon=15),
                            scale=view.zoom or DEFAULT_SCALE),
            center=dict(lon=center[0], lat=center[1]),
            # The ranges set the map's frame (and so its width-to-height ratio); zoom scales within it.
            lonaxis=dict(range=[LON_RANGE[0], LON_RANGE[1]]),
            lataxis=dict(range=[LAT_RANGE[0], LAT_RANGE[1]]),
            fitbounds=False,
            showland=True,
            landcolor="#f2f2f2",
            showocean=True,
            oceancolor="#e6f0f8",
            showlakes=False,
            showcountries=False,
            showcoastlines=False,
            showframe=False,
            bgcolor="rgba(0,0,0,0)",
        ),
        # The legend on screen is the page's own (layouts/legend.py, beside or under the map, never over it); this
        # note and the colour bars below are drawn only in the PNG export (assets/dashboard.js turns them on).
        annotations=[dict(
            text=t("legend.width", lang, year=view.year), visible=False,
            x=0.01, y=0.01, xref="paper", yref="paper", xanchor="left", yanchor="bottom",
            showarrow=False, font=dict(size=14), bgcolor="rgba(255,255,255,0.85)",
        )],
    )
    return {"data": data, "layout": layout}


def country_classes(prep: Prepared, view: View, risk: pd.DataFrame) -> pd.DataFrame:
    """Per country on the map: class index (0 = no data), display value, source, and the class labels."""
    lang, ind = view.lang, view.indicator
    countries = prep.bundle.countries["iso3"].tolist()
    # Filled in plain dicts and made a frame once: a `.loc` assignment per column cost a cold year step 5 ms.
    # "source" is empty where there is no figure: the hover then says "no data" and names no source at all.
    value: dict[str, float] = dict.fromkeys(countries, math.nan)
    shown: dict[str, str] = dict.fromkeys(countries, t("no_data", lang))
    source: dict[str, str] = dict.fromkeys(countries, "")
    sources = prep.source_labels[lang]
    if ind == "tip_tier":
        tiers = prep.bundle.tip_tiers
        rows = tiers[tiers["report_year"] == view.year]
        class_of = {k: i + 1 for i, k in enumerate(TIER_CLASSES)}
        refers_to = prep.sources_in(lang)["refers_to"]
        for iso, tier, source_id, label in zip(rows["iso3"], rows["tier"], rows["source_id"], rows["confidence"]):
            value[iso] = class_of.get(tier, math.nan)
            # A tier inferred from another year's narrative, or resting on secondary pages only, says so; the source
            # names the report year whose text was read (for an inferred tier, the adjacent year's).
            shown[iso] = t(f"tier.{tier}", lang) + (f" ({confidence_words(label, lang)})"
                                                    if label.startswith(("inferred", "secondary")) else "")
            source[iso] = sources.get(source_id, source_id) + (f" ({refers_to.get(source_id, '')})"
                                                               if label.startswith("inferred") else "")
        labels, colours = [t(f"tier.{k}", lang) for k in TIER_CLASSES], TIER_COLOURS
        classes = {iso: 0 if math.isnan(v) else int(v) for iso, v in value.items()}
    elif ind == VICTIMS:
        victims, unit = prep.victims, prep.indicator(ind, lang).unit
        label = f"{sources.get(victims.source_id, '')}, {release_words(victims.release, lang)}"
        caveat = prep.indicator(ind, lang).caveat
        classes = dict.fromkeys(countries, 0)
        for iso in countries:
            cell = victims.total(iso, view.year)
            if cell is None:
                continue
            value[iso] = cell.value
            shown[iso] = f"{count_words(cell.value, cell.censored, lang)} {unit} ({period('calendar year', lang)})"
            source[iso] = f"{label}<br><i>{caveat}</i>"
            classes[iso] = 1 if cell.censored else 2 + int(np.searchsorted(VICTIM_BREAKS, cell.value, side="right"))
        labels, colours = victim_class_labels(lang), VICTIM_COLOURS
    else:
        if ind == "route_risk":
            selected = [r for r in view.routes if r in risk.index and not math.isnan(risk.loc[r, "score"])]
            best: dict[str, float] = {}
            for route_id in selected:
                for iso in prep.route_countries[route_id]:
                    best[iso] = max(best.get(iso, 0.0), float(risk.loc[route_id, "score"]))
            for iso in (k for k in best if k in value):
                value[iso], shown[iso], source[iso] = best[iso], f"{best[iso]:.0f} / 100", t("hover.risk", lang)
            breaks, labels, colours = RISK_BREAKS, _class_labels((20, 40, 60, 80), lang), RISK_COLOURS
        else:
            unit = prep.indicator(ind, lang).unit
            for r in prep.country_rows.get((ind, view.year), ()):
                if r["iso3"] in value:
                    value[r["iso3"]] = r["value"]
                    shown[r["iso3"]] = (f"{fmt_figure(r['value'], r['confidence'], lang)} {unit} "
                                        f"({period(r['period'], lang)})")
                    source[r["iso3"]] = sources.get(r["source_id"], math.nan)
            breaks, labels, colours = COUNT_BREAKS, _class_labels(COUNT_BREAKS, lang), COUNT_COLOURS
        classes = {iso: 0 if math.isnan(v) else 1 + int(np.searchsorted(breaks, v, side="right"))
                   for iso, v in value.items()}
    return pd.DataFrame({
        "value": list(value.values()), "shown": list(shown.values()), "source": list(source.values()),
        "cls": list(classes.values()), "labels": [labels] * len(countries), "colours": [colours] * len(countries),
    }, index=pd.Index(countries, name="iso3"))


def _choropleth(prep: Prepared, view: View, classes: pd.DataFrame, geojson_url: str) -> dict:
    labels = [t("no_data", view.lang), *classes["labels"].iloc[0]]
    colours = [NO_DATA, *classes["colours"].iloc[0]]
    n = len(colours)
    # A stepped colour scale: class k fills the band [k, k+1) of 0..n, so each class has one flat colour.
    scale = []
    for k, colour in enumerate(colours):
        scale += [[k / n, colour], [(k + 1) / n, colour]]
    selected = set(view.countries)
    iso = classes.index.tolist()
    source = t("hover.source", view.lang)
    sources = [f"<br>{source}: {s}" if s else "" for s in classes["source"]]
    return dict(
        type="choropleth",
        geojson=geojson_url,
        featureidkey="properties.iso3",
        locations=iso,
        z=classes["cls"].tolist(),
        zmin=0,
        zmax=n,
        colorscale=scale,
        showscale=False,
        customdata=np.column_stack([classes["shown"], sources, classes["added"]]).tolist(),
        text=[prep.country_name(c, view.lang) for c in iso],
        hovertemplate="<b>%{text}</b><br>%{customdata[0]}%{customdata[1]}%{customdata[2]}<extra></extra>",
        marker=dict(
            line=dict(
                width=[3 if c in selected else 0.6 for c in iso],
                color=["#000000" if c in selected else "#ffffff" for c in iso],
            )
        ),
        colorbar=dict(
            title=dict(text=_indicator_label(prep, view), side="top", font=dict(size=14)),
            tickvals=[k + 0.5 for k in range(n)],
            ticktext=labels,
            tickfont=dict(size=14),
            x=0.01, xanchor="left", y=0.98, yanchor="top", len=0.45, thickness=18,
            bgcolor="rgba(255,255,255,0.85)",
        ),
        name="countries",
    )


def _occupied(prep: Prepared, lang: str) -> dict:
    """Dashed lines where the map departs from an agreed boundary: occupied Crimea, the Western Sahara line."""
    texts = {"UKR": t("hover.occupied", lang), "ESH": t("hover.western_sahara", lang)}
    return dict(
        type="scattergeo",
        lon=list(prep.occupied_lon), lat=list(prep.occupied_lat), mode="lines",
        line=dict(color="#333333", width=1.5, dash="dash"),
        hoverinfo="text", text=[texts.get(k, "") if k else "" for k in prep.occupied_iso3], name="occupied",
    )


def _route_traces(prep: Prepared, view: View, risk: pd.DataFrame, extra: pd.DataFrame) -> list[dict]:
    scores = risk["score"].to_dict()
    added_lines = {key: hover_lines(rows, view.lang) for key, rows in extra.groupby("key")} if len(extra) else {}
    traces = []
    for line in prep.lines:
        rid = line.route_id
        volume = prep.volume_rows.get((rid, view.year))
        score = scores.get(rid, math.nan)
        selected = rid in view.routes
        width = line_width(prep, rid, view.year)
        colour = _risk_colour(score)
        scored = not math.isnan(score)
        # Always one casing per route (of no width under a dotted one), so the figure keeps its shape, every trace
        # is drawn in order, and a year step stays a small Patch.
        traces.append(dict(
            type="scattergeo", lon=list(line.lon), lat=list(line.lat), mode="lines",
            line=dict(width=round(width + 2, 1) if scored else 0, color=CASING), opacity=1.0 if selected else 0.25,
            hoverinfo="skip", name=f"{rid}:casing",
        ))
        template, meta = _route_hover(prep, view, rid, volume, score)
        traces.append(dict(
            type="scattergeo",
            lon=list(line.lon), lat=list(line.lat), mode="lines",
            line=dict(width=round(width, 1), color=colour, dash="solid" if scored else "dot"),
            opacity=1.0 if selected else 0.25,
            customdata=[[rid, added_lines.get(rid, "")]] * len(line.lon),
            hovertemplate=template,
            meta=meta,
            name=rid,
        ))
    return traces


def hover_text(trace: dict) -> str:
    """A trace's hover template with its `meta` filled in: the words a reader sees on hover (as the tests read them)."""
    text = trace.get("hovertemplate", "")
    for i, value in enumerate(trace.get("meta") or []):
        text = text.replace(f"%{{meta[{i}]}}", str(value))
    return text


def line_width(prep: Prepared, route_id: str, year: int) -> float:
    """A route's line width in pixels: the base width, plus up to MAX_EXTRA_WIDTH by the square root of its volume
    that year relative to the largest of the same indicator (no volume: the base width)."""
    volume = prep.volume_rows.get((route_id, year))
    top = prep.volume_top.get(volume["indicator"], 0) if volume is not None else 0
    return BASE_WIDTH + (MAX_EXTRA_WIDTH * math.sqrt(volume["value"] / top) if top > 0 else 0.0)


def _period_and_release(volume: Mapping[str, object], lang: str) -> str:
    """"calendar year", or "calendar year, later release, secondary source" for a figure of another release."""
    return ", ".join(w for w in (period(volume["period"], lang), later_release_words(volume["confidence"], lang)) if w)


def _route_hover(prep: Prepared, view: View, rid: str, volume: Mapping[str, object] | None,
                 score: float) -> tuple[str, list[str]]:
    """A route's hover as a template that changes only with the language, and the year's words in `meta`
    (plotly's trace-level `%{meta[i]}`): a year step sends the route's new figures, not its whole hover again."""
    lang = view.lang
    meta = [str(view.year)]
    if volume is None:
        meta += [f"{t('hover.volume', lang)}: {t('no_data', lang)}", "", ""]
    else:
        text = prep.indicator(volume["indicator"], lang)
        parts = volume.get("parts") or ""
        summed = f" ({t('computed_sum', lang, n=len(parts.split(';')))})" if parts else ""  # e.g. Syria's hosts
        meta += [f"{text.label}: {fmt_figure(volume['value'], volume['confidence'], lang)} {text.unit}{summed}",
                 f"<br>{t('hover.source', lang)}: {prep.source_labels[lang][volume['source_id']]} "
                 f"({_period_and_release(volume, lang)})",
                 f"<br><i>{text.caveat}</i>" if text.caveat else ""]
    raw = prep.risk.rows.get((rid, view.year))
    if raw is not None and not math.isnan(raw["dead_missing"]):
        deaths = prep.indicator("dead_missing", lang)
        meta.append(f"<br>{deaths.label}: {fmt_number(raw['dead_missing'], lang)} ({deaths.caveat})")
    else:
        meta.append("")
    meta.append(t("risk.no_score", lang) if math.isnan(score) else f"{score:.0f} / 100")
    # What each input rests on in this year, so a score built on thin coverage says so.
    meta += [coverage(prep.risk, rid, view.year, name, lang) for name in WEIGHT_NAMES]
    inputs = "".join(f"<br>· {t(f'weight.{name}', lang)}: %{{meta[{6 + i}]}}" for i, name in enumerate(WEIGHT_NAMES))
    template = (f"<b>{prep.route_name(rid, lang)}</b> — %{{meta[0]}}<br>%{{meta[1]}}%{{meta[2]}}%{{meta[3]}}"
                f"%{{meta[4]}}<br>{t('hover.risk', lang)}: %{{meta[5]}}{inputs}%{{customdata[1]}}<extra></extra>")
    return template, meta


def _route_labels(prep: Prepared, view: View, risk: pd.DataFrame) -> dict:
    ids = [line.route_id for line in prep.lines]
    scores = [risk.loc[r, "score"] if r in risk.index else math.nan for r in ids]
    return dict(
        type="scattergeo",
        lon=[line.label_lon for line in prep.lines], lat=[line.label_lat for line in prep.lines],
        mode="markers+text",
        # Short names on the map, so ten labels fit a phone's map without overprinting; hovers give the full name.
        text=[prep.route_short(r, view.lang) for r in ids],
        hovertext=[prep.route_name(r, view.lang) for r in ids],
        # Each route's own position (routes.csv), so that no two labels overprint and none runs off the map at any
        # screen size (the browser tests check the labels' boxes on a phone, a tablet and both projector sizes).
        textposition=[line.label_position for line in prep.lines],
        textfont=dict(size=14, color="#111111"),
        customdata=ids,
        marker=dict(
            size=14, symbol=["circle" if not math.isnan(s) else "circle-open" for s in scores],
            line=dict(width=1.5, color="#111111"),
            color=[_risk_colour(s) for s in scores],
            opacity=[1.0 if r in view.routes else 0.35 for r in ids],
        ),
        hovertemplate="%{hovertext}<extra></extra>",
        name="route-labels",
    )


def _risk_legend(view: View) -> dict:
    """An invisible point that carries the route-risk colour bar for the PNG export (hidden on screen, where the
    page's legend shows the same scale)."""
    return dict(
        type="scattergeo",
        lon=[DEFAULT_CENTER[0]], lat=[DEFAULT_CENTER[1]], mode="markers", hoverinfo="skip",
        marker=dict(
            size=1, opacity=0, color=[0], cmin=0, cmax=100, colorscale=[list(x) for x in RISK_COLORSCALE],
            showscale=False,
            colorbar=dict(title=dict(text=t("legend.risk", view.lang), side="top", font=dict(size=14)),
                          x=0.99, xanchor="right", y=0.98, yanchor="top", len=0.35, thickness=14,
                          tickfont=dict(size=13), bgcolor="rgba(255,255,255,0.85)"),
        ),
        name="risk-legend",
    )


_RISK_SCALE = [list(x) for x in RISK_COLORSCALE]
_RISK_AT = colorscale_to_scale(_RISK_SCALE)
_RISK_UNIT = validate_colors(colorscale_to_colors(_RISK_SCALE), colortype="tuple")


def _risk_colour(score: float) -> str:
    """The risk scale's colour at score/100, exactly as `sample_colorscale` gives it, without looking the named
    scale up again on every call (that lookup was most of the map's build time)."""
    if math.isnan(score):
        return ROUTE_GREY
    x = min(max(score / 100, 0.0), 1.0)
    high = max(bisect_left(_RISK_AT, x), 1)
    colour = find_intermediate_color(_RISK_UNIT[high - 1], _RISK_UNIT[high],
                                     (x - _RISK_AT[high - 1]) / (_RISK_AT[high] - _RISK_AT[high - 1]))
    return validate_colors([colour], colortype="rgb")[0]


def _arrival_points(prep: Prepared, view: View) -> dict:
    pts = prep.bundle.arrival_points
    shown = pts[pts["route_id"].isin(view.routes)]
    return dict(
        type="scattergeo",
        lon=shown["lon"].tolist(), lat=shown["lat"].tolist(), mode="markers",
        marker=dict(size=6, symbol="diamond", color="#111111", line=dict(width=1, color="#ffffff")),
        text=shown[column("name", view.lang)].tolist(), customdata=shown["route_id"].tolist(),
        hovertemplate="%{text}<extra></extra>", name="arrival-points",
    )


def _class_labels(breaks: tuple[int, ...], lang: str) -> list[str]:
    f = lambda v: fmt_number(v, lang)  # noqa: E731
    labels = [t("class.lt", lang, b=f(breaks[0]))]
    labels += [t("class.range", lang, a=f(a), b=f(b)) for a, b in zip(breaks, breaks[1:])]
    labels.append(t("class.ge", lang, a=f(breaks[-1])))
    return labels


def victim_class_labels(lang: str) -> list[str]:
    """The censored class first ("fewer than 5", UNODC's suppressed cells), then the counts from 5 up."""
    f = lambda v: fmt_number(v, lang)  # noqa: E731
    bounds = (5, *VICTIM_BREAKS)
    return [t("victims.censored", lang), *[t("class.range", lang, a=f(a), b=f(b)) for a, b in zip(bounds, bounds[1:])],
            t("class.ge", lang, a=f(bounds[-1]))]


def _indicator_label(prep: Prepared, view: View) -> str:
    """The colour bar's title: the indicator and the year, with the period where the figures are not whole years."""
    periods = {r["period"] for r in prep.country_rows.get((view.indicator, view.year), ())}
    return f"{prep.indicator(view.indicator, view.lang).label}, {when(view.year, periods, view.lang)}"


def legend_key(prep: Prepared, view: View) -> dict:
    """Everything the page's map legend shows, from the same constants the figure draws with: the country classes
    (label and colour, "no data" first), the risk scale's [position, colour] pairs, and the line-width samples."""
    lang = view.lang
    if view.indicator == "tip_tier":
        labels, colours = [t(f"tier.{k}", lang) for k in TIER_CLASSES], TIER_COLOURS
    elif view.indicator == "route_risk":
        labels, colours = _class_labels(RISK_BREAKS, lang), RISK_COLOURS
    elif view.indicator == VICTIMS:
        labels, colours = victim_class_labels(lang), VICTIM_COLOURS
    else:
        labels, colours = _class_labels(COUNT_BREAKS, lang), COUNT_COLOURS
    return {
        "countries_title": _indicator_label(prep, view),
        # The caveat that must stand beside a measure that is not what it may seem (detected victims: not prevalence).
        "note": prep.indicator(view.indicator, lang).caveat if view.indicator == VICTIMS else "",
        "classes": [(t("no_data", lang), NO_DATA), *zip(labels, colours)],
        "risk_scale": [list(x) for x in RISK_COLORSCALE],
        "route_grey": ROUTE_GREY,
        "casing": CASING,
        # Widths of a route with none, a quarter and all of the largest volume (the scale is a square root).
        "widths": [BASE_WIDTH, round(BASE_WIDTH + MAX_EXTRA_WIDTH * 0.5, 1), BASE_WIDTH + MAX_EXTRA_WIDTH],
    }
