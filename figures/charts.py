"""The linked charts as pure functions of (prepared data, view): detections, deaths, Syria, Ukraine, risk.

Every point carries its route id or country code in `customdata`, so a click on a chart can select on the map.
A view that leaves a chart without data gets an explicit "No data for ..." figure, never an empty axis. Figures are
plain dicts in plotly.js's schema (the tests check them against plotly's validators): graph objects would validate
every property on every request, and a figure dict can be compared with the one a browser holds to send a Patch.
"""

from __future__ import annotations

import math

import pandas as pd

from core.added_figures import NONE, AddedFigures
from core.prepared import Prepared
from core.risk import WEIGHT_NAMES, composite, coverage
from core.text import SEPARATORS, later_release, later_release_words, period, qualifier_words, t
from core.view import View
from figures.added_figures import select, series_traces

# Okabe-Ito: distinguishable with the common colour-vision deficiencies; repeated with dashes beyond eight.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000")
DASHES = ("solid", "dash", "dot", "dashdot")
INPUT_COLOURS = dict(zip(WEIGHT_NAMES, ("#0072B2", "#D55E00", "#CC79A7", "#009E73")))
FONT = dict(size=15)
UKRAINE_SERIES = ("idps", "refugees_from_ukr")


def detections_chart(prep: Prepared, view: View, added: AddedFigures = NONE) -> dict:
    """Frontex detections per selected route over the years, with the selected year marked; added figures dashed."""
    rows = _route_rows(prep, view, "detections")
    extra = select(added, "route", ["detections"], view.routes)
    if rows.empty and extra.empty:
        return empty_figure(t("no_data_for", view.lang, what=_what(prep, view, "detections")))
    fig = _route_lines(prep, view, rows, t("axis.detections", view.lang))
    fig["data"] += series_traces(prep, view, extra, lambda r, _: prep.route_name(r, view.lang))
    return _finish(fig, view)


def deaths_chart(prep: Prepared, view: View, added: AddedFigures = NONE) -> dict:
    """Dead and missing per selected route, and dead and missing per 1,000 detections, over the years (added
    figures dashed in the upper panel; the rate is computed from publishers' figures only)."""
    rows = _route_rows(prep, view, "dead_missing")
    extra = select(added, "route", ["dead_missing"], view.routes)
    if rows.empty and extra.empty:
        return empty_figure(t("no_data_for", view.lang, what=_what(prep, view, "dead_missing")))
    raw = prep.risk.raw.reset_index()
    rates = raw[raw["route_id"].isin(rows["route_id"].unique()) & raw["deaths_per_1000"].notna()]
    data = []
    for route_id, group in rows.groupby("route_id", sort=False):
        style = _style(prep, route_id)
        name = prep.route_name(route_id, view.lang)
        data += _line_and_apart(prep, view, route_id, group, dict(xaxis="x", yaxis="y", legendgroup=route_id))
        rate = rates[rates["route_id"] == route_id]
        later = [later_release(a) or later_release(b) for a, b in zip(
            [prep.route_confidence.get((route_id, y, "dead_missing")) for y in rate["year"]],
            [prep.route_confidence.get((route_id, y, "detections")) for y in rate["year"]])]
        joined, apart = rate[[not x for x in later]], rate[later]
        data.append(dict(
            type="scatter", x=_list(joined["year"]), y=_list(joined["deaths_per_1000"].round(2)), name=name,
            legendgroup=route_id, showlegend=False, customdata=[route_id] * len(joined), mode="lines+markers",
            line=style, hovertemplate=f"{name}<br>%{{x}}: %{{y:.2f}}<extra></extra>", xaxis="x2", yaxis="y2",
        ))
        if len(apart):  # a rate built from a later release's figures: its own open marker, never joined
            words = t("series.computed_later", view.lang)
            data.append(dict(
                type="scatter", x=_list(apart["year"]), y=_list(apart["deaths_per_1000"].round(2)), name=name,
                legendgroup=route_id, showlegend=False, customdata=[route_id] * len(apart), mode="markers",
                marker=dict(color=style["color"], symbol="circle-open", size=11, line=dict(width=2)),
                hovertemplate=f"{name}<br>%{{x}} ({words}): %{{y:.2f}}<extra></extra>", xaxis="x2", yaxis="y2",
            ))
    data += series_traces(prep, view, extra, lambda r, _: prep.route_name(r, view.lang), xaxis="x", yaxis="y")
    # Two panels sharing the year axis: counts above, the rate below (what make_subplots would lay out).
    title = dict(showarrow=False, xref="paper", yref="paper", x=0.5, xanchor="center", yanchor="bottom",
                 font=dict(size=16))
    layout = dict(
        xaxis=dict(anchor="y", domain=[0.0, 1.0], matches="x2", showticklabels=False),
        yaxis=dict(anchor="x", domain=[0.56, 1.0]),
        xaxis2=dict(anchor="y2", domain=[0.0, 1.0]),
        yaxis2=dict(anchor="x2", domain=[0.0, 0.44]),
        annotations=[dict(title, text=t("axis.people", view.lang), y=1.0),
                     dict(title, text=t("chart.deaths.rate", view.lang), y=0.44)],
    )
    return _finish({"data": data, "layout": layout}, view, axes=("xaxis", "xaxis2"), yaxes=("yaxis", "yaxis2"))


def syria_chart(prep: Prepared, view: View, added: AddedFigures = NONE) -> dict:
    """Syrian refugees by host country over the years from UNHCR's asylum × origin table; selected countries drawn
    bold; later counts from other sources (registrations, a government count) as separate unjoined markers."""
    lines = prep.official.syria
    apart = prep.official.apart[prep.official.apart["indicator"] == "syr_refugees_hosted"]
    extra = select(added, "country", ["syr_refugees_hosted"])
    if lines.empty and apart.empty and extra.empty:
        return empty_figure(t("no_data_for", view.lang, what=prep.indicator("syr_refugees_hosted", view.lang).label))
    data = []
    selected = set(view.countries)
    hosts = sorted(set(lines["iso3"]) | set(apart["iso3"]))
    colour = {iso: PALETTE[i % 8] for i, iso in enumerate(hosts)}
    for i, iso in enumerate(hosts):
        group = lines[lines["iso3"] == iso]
        if group.empty:
            continue
        name = prep.country_name(iso, view.lang)
        data.append(dict(
            type="scatter", x=_list(group["year"]), y=_list(group["value"]), name=name, mode="lines+markers",
            line=dict(color=colour[iso], dash=DASHES[i // 8 % 4], width=4 if iso in selected else 2.5),
            opacity=1.0 if not selected or iso in selected else 0.3, customdata=[iso] * len(group),
            text=_periods(group, view.lang),
            hovertemplate=f"{name}<br>%{{x}} (%{{text}}): %{{y:,}}<extra></extra>",
        ))
    if not apart.empty:
        trace = _apart_markers(prep, view, apart, [colour[c] for c in apart["iso3"]],
                               [prep.country_name(c, view.lang) for c in apart["iso3"]])
        trace["marker"]["opacity"] = [1.0 if not selected or c in selected else 0.3 for c in apart["iso3"]]
        data.append(trace)
    data += series_traces(prep, view, extra, lambda c, _: prep.country_name(c, view.lang))
    return _finish({"data": data, "layout": {"yaxis": {"title": {"text": t("axis.people", view.lang)}}}}, view)


def ukraine_chart(prep: Prepared, view: View, added: AddedFigures = NONE) -> dict:
    """Ukraine's internally displaced (their sourced rows) and refugees from Ukraine abroad (UNHCR's asylum × origin
    table): two measures, two lines, never summed."""
    cy = prep.bundle.country_year
    idps = cy[(cy["iso3"] == "UKR") & (cy["indicator"] == "idps")]
    series = {"idps": idps, "refugees_from_ukr": prep.official.ukraine}
    apart = prep.official.apart[prep.official.apart["indicator"] == "refugees_from_ukr"]
    extra = select(added, "country", UKRAINE_SERIES, ["UKR"])
    if idps.empty and prep.official.ukraine.empty and apart.empty and extra.empty:
        return empty_figure(t("no_data_for", view.lang, what=t("chart.ukraine", view.lang)))
    data = []
    for i, indicator in enumerate(UKRAINE_SERIES):
        group = series[indicator]
        if group.empty:
            continue
        label = t(f"series.{indicator}", view.lang)
        data.append(dict(
            type="scatter", x=_list(group["year"]), y=_list(group["value"]), name=label, mode="lines+markers",
            line=dict(color=PALETTE[i * 3], dash=DASHES[i], width=3), customdata=["UKR"] * len(group),
            text=_periods(group, view.lang),
            hovertemplate=f"{label}<br>%{{x}} (%{{text}}): %{{y:,}}<extra></extra>",
        ))
    if not apart.empty:
        data.append(_apart_markers(prep, view, apart, PALETTE[3], t("series.refugees_from_ukr", view.lang)))
    data += series_traces(prep, view, extra, lambda _, ind: t(f"series.{ind}", view.lang))
    return _finish({"data": data, "layout": {"yaxis": {"title": {"text": t("axis.people", view.lang)}}}}, view)


def _apart_markers(prep: Prepared, view: View, rows: pd.DataFrame, colour: str | list[str],
                   names: str | list[str]) -> dict:
    """Hand-checked counts of another measure or date than the table's line: open markers, never joined to it."""
    label = t("series.apart", view.lang)
    names = names if isinstance(names, list) else [names] * len(rows)
    sources = [prep.source_labels[view.lang].get(s, s) for s in rows["source_id"]]
    return dict(
        type="scatter", x=_list(rows["year"]), y=_list(rows["value"]), name=label, mode="markers",
        marker=dict(color=colour, symbol="diamond-open", size=11, line=dict(width=2)),
        customdata=list(rows["iso3"]),
        text=[f"{n}<br>{p}" for n, p in zip(names, _periods(rows, view.lang))],
        hovertext=sources,
        hovertemplate=f"%{{text}}: %{{y:,}}<br>{label}: %{{hovertext}}<extra></extra>",
    )


def risk_chart(prep: Prepared, view: View, added: AddedFigures = NONE) -> dict:
    """Each selected route's risk score for the year as stacked contributions of its inputs; missing inputs named.
    Added figures never enter it (``added`` is accepted and ignored, so every chart has one signature)."""
    risk = composite(prep.risk, view.year, view.weights)
    routes = [r for r in view.routes if r in risk.index]
    if not routes:
        return empty_figure(t("no_data_for", view.lang, what=t("chart.risk", view.lang)))
    risk = risk.loc[routes].sort_values("score", na_position="first")
    names = [prep.route_name(r, view.lang) for r in risk.index]
    data = []
    for name in WEIGHT_NAMES:
        values = risk[name]
        label = t(f"weight.{name}", view.lang)
        data.append(dict(
            type="bar", y=names, x=_list(values.round(1)), orientation="h", name=label,
            marker=dict(color=INPUT_COLOURS[name], pattern=dict(shape="")),
            customdata=list(risk.index),
            # Each input says what it rests on (e.g. "tiers for 3 of 6 countries"), not just its points.
            hovertext=[coverage(prep.risk, r, view.year, name, view.lang) for r in risk.index],
            hovertemplate="%{y}: %{x:.1f} " + f"({label}; " + "%{hovertext})<extra></extra>",
        ))
    labels, missing_text = [], []
    for route_id, row in risk.iterrows():
        missing = [f"{t(f'weight.{n}', view.lang)} ({coverage(prep.risk, route_id, view.year, n, view.lang)})"
                   for n in WEIGHT_NAMES if math.isnan(prep_input(prep, route_id, view.year, n))]
        score = t("risk.no_score", view.lang) if math.isnan(row["score"]) else f"{row['score']:.0f}"
        labels.append(f"{score} · {len(WEIGHT_NAMES) - len(missing)}/{len(WEIGHT_NAMES)} {t('risk.inputs', view.lang)}")
        missing_text.append("<br>".join(missing) or "—")
    data.append(dict(
        type="scatter", y=names, x=_list(risk["score"].fillna(0).round(1)), mode="text", text=labels,
        textposition="middle right",
        textfont=dict(size=13), showlegend=False, customdata=list(risk.index), hovertext=missing_text,
        hovertemplate="%{y}: " + t("risk.missing", view.lang) + ":<br>%{hovertext}<extra></extra>",
    ))
    layout = dict(barmode="stack", xaxis=dict(title=dict(text=t("axis.score", view.lang)), range=[0, 135]))
    fig = _finish({"data": data, "layout": layout}, view, year_line=False)
    # The inputs' key above the bars, clear of the score axis's title.
    fig["layout"]["legend"] = dict(orientation="h", x=0, y=1.0, yanchor="bottom", font=dict(size=13))
    return fig


def mark_year(fig: dict, year: int) -> dict:
    """The figure with its year line moved to ``year``: a new dict sharing everything else (the data stay the same
    objects), so a chart whose figure depends on the year only through that line is built once for all years."""
    shapes = fig.get("layout", {}).get("shapes")
    if not shapes:
        return fig
    return {**fig, "layout": {**fig["layout"], "shapes": [{**s, "x0": year, "x1": year} for s in shapes]}}


def prep_input(prep: Prepared, route_id: str, year: int, name: str) -> float:
    """One input score (0..1) for a route-year, NaN when it is missing."""
    return prep.risk.score(route_id, year, name)


def empty_figure(message: str) -> dict:
    """A figure that says why it is empty instead of showing a bare axis."""
    return {"data": [], "layout": dict(
        xaxis=dict(visible=False), yaxis=dict(visible=False), margin=dict(l=10, r=10, t=10, b=10),
        annotations=[dict(text=message, showarrow=False, font=dict(size=18), xref="paper", yref="paper",
                          x=0.5, y=0.5)],
        paper_bgcolor="rgba(0,0,0,0)", plot_bgcolor="rgba(0,0,0,0)",
    )}


def _route_rows(prep: Prepared, view: View, indicator: str) -> pd.DataFrame:
    """The selected routes' rows of one indicator, routes in the data's order and each in year order."""
    series = prep.route_series.get(indicator, {})
    parts = [series[r] for r in prep.options.routes if r in view.routes and r in series]
    return pd.concat(parts) if parts else prep.bundle.route_year.iloc[:0]


def _route_lines(prep: Prepared, view: View, rows: pd.DataFrame, axis: str) -> dict:
    data = []
    for route_id, group in rows.groupby("route_id", sort=False):
        data += _line_and_apart(prep, view, route_id, group, {})
    return {"data": data, "layout": {"yaxis": {"title": {"text": axis}}}}


def _line_and_apart(prep: Prepared, view: View, route_id: str, group: pd.DataFrame, extra: dict) -> list[dict]:
    """A route's line of one series (one release of one publisher), and the figures of a later or secondary
    release as open markers of their own, never joined to it, their status in the hover."""
    name = prep.route_name(route_id, view.lang)
    later = group["confidence"].map(later_release).astype(bool)
    line, apart = group[~later], group[later]
    traces = [dict(
        type="scatter", x=_list(line["year"]), y=_list(line["value"]), name=name, mode="lines+markers",
        line=_style(prep, route_id), customdata=[route_id] * len(line), text=_periods(line, view.lang),
        hovertemplate=f"{name}<br>%{{x}} (%{{text}}): %{{y:,}}<extra></extra>", **extra,
    )]
    if len(apart):
        traces.append(dict(
            type="scatter", x=_list(apart["year"]), y=_list(apart["value"]), name=name, mode="markers",
            showlegend=False, legendgroup=route_id,
            marker=dict(color=_style(prep, route_id)["color"], symbol="circle-open", size=11, line=dict(width=2)),
            customdata=[route_id] * len(apart),
            text=[f"{p}, {later_release_words(c, view.lang)}" for p, c in zip(_periods(apart, view.lang),
                                                                         apart["confidence"])],
            hovertemplate=f"{name}<br>%{{x}} (%{{text}}): %{{y:,}}<extra></extra>",
            **{k: v for k, v in extra.items() if k != "legendgroup"},
        ))
    return traces


def _periods(rows: pd.DataFrame, lang: str) -> list[str]:
    """Each point's period, with "about", "more than" or "preliminary" where its source words it so."""
    return [", ".join(x for x in (period(p, lang), qualifier_words(c, lang)) if x)
            for p, c in zip(rows["period"], rows["confidence"])]


def _style(prep: Prepared, route_id: str) -> dict:
    i = prep.options.routes.index(route_id)
    return dict(color=PALETTE[i % 8], dash=DASHES[i // 8 % 4], width=3)


def _finish(fig: dict, view: View, year_line: bool = True, axes: tuple[str, ...] = ("xaxis",),
            yaxes: tuple[str, ...] = ("yaxis",)) -> dict:
    layout = fig["layout"]
    layout.update(
        margin=dict(l=60, r=20, t=30, b=40), font=FONT, hovermode="closest", separators=SEPARATORS[view.lang],
        legend=dict(orientation="h", y=-0.18, font=dict(size=13)),
        paper_bgcolor="rgba(0,0,0,0)", plot_bgcolor="#ffffff", uirevision="chart",
    )
    # automargin: room for long route names and the legend (plotly.py's default template set it; we send none).
    for axis in axes:
        layout.setdefault(axis, {}).update(gridcolor="#e5e5e5", automargin=True,
                                           **({"dtick": 2} if year_line else {}))
    for axis in yaxes:
        # Full numbers grouped by the language's separators ("200 000"), never d3's SI "200k" or "0,5M".
        layout.setdefault(axis, {}).update(gridcolor="#e5e5e5", rangemode="tozero", automargin=True, tickformat=",")
    if year_line:
        # The selected year, drawn across every panel (what add_vline draws).
        layout["shapes"] = [dict(type="line", x0=view.year, x1=view.year, xref=axis[0] + axis[5:], y0=0, y1=1,
                                 yref=f"{y[0] + y[5:]} domain", line=dict(color="#444444", width=2, dash="dot"))
                            for axis, y in zip(axes, yaxes)]
    return fig


def _list(values: pd.Series) -> list:
    """A column as plain Python numbers (NaN as None), so figures compare and serialise as plain JSON."""
    return [None if isinstance(v, float) and math.isnan(v) else v for v in values.tolist()]


def _what(prep: Prepared, view: View, indicator: str) -> str:
    names = ", ".join(prep.route_name(r, view.lang) for r in view.routes) or t("selection.none", view.lang)
    return f"{prep.indicator(indicator, view.lang).label} — {names}"
