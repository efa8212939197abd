"""The linked charts as pure functions of (prepared data, view): detections, deaths, Syria, Ukraine, risk.

Every point carries its route id or country code in `customdata`, so a click on a chart can select on the map.
A view that leaves a chart without data gets an explicit "No data for ..." figure, never an empty axis.
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from core.prepared import Prepared
from core.risk import composite
from core.text import SEPARATORS, period, t
from core.view import WEIGHT_NAMES, View

# Okabe-Ito: distinguishable with the common colour-vision deficiencies; repeated with dashes beyond eight.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000")
DASHES = ("solid", "dash", "dot", "dashdot")
INPUT_COLOURS = dict(zip(WEIGHT_NAMES, ("#0072B2", "#D55E00", "#CC79A7", "#009E73")))
FONT = dict(size=15)


def detections_chart(prep: Prepared, view: View) -> go.Figure:
    """Frontex detections per selected route over the years, with the selected year marked."""
    rows = _route_rows(prep, view, "detections")
    if rows.empty:
        return empty_figure(t("no_data_for", view.lang, what=_what(prep, view, "detections")))
    fig = _route_lines(prep, view, rows, t("axis.detections", view.lang))
    return _finish(fig, view)


def deaths_chart(prep: Prepared, view: View) -> go.Figure:
    """Dead and missing per selected route, and dead and missing per 1,000 detections, over the years."""
    rows = _route_rows(prep, view, "dead_missing")
    if rows.empty:
        return empty_figure(t("no_data_for", view.lang, what=_what(prep, view, "dead_missing")))
    raw = prep.risk.raw.reset_index()
    rates = raw[raw["route_id"].isin(rows["route_id"].unique()) & raw["deaths_per_1000"].notna()]
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.12,
                        subplot_titles=(t("axis.people", view.lang), t("chart.deaths.rate", view.lang)))
    for route_id, group in rows.groupby("route_id", sort=False):
        style = _style(prep, route_id)
        name = prep.route_name(route_id, view.lang)
        fig.add_trace(go.Scatter(
            x=group["year"], y=group["value"], name=name, legendgroup=route_id, customdata=[route_id] * len(group),
            mode="lines+markers", line=style, hovertemplate=f"{name}<br>%{{x}}: %{{y:,}}<extra></extra>",
        ), row=1, col=1)
        rate = rates[rates["route_id"] == route_id]
        fig.add_trace(go.Scatter(
            x=rate["year"], y=rate["deaths_per_1000"].round(2), name=name, legendgroup=route_id, showlegend=False,
            customdata=[route_id] * len(rate), mode="lines+markers", line=style,
            hovertemplate=f"{name}<br>%{{x}}: %{{y:.2f}}<extra></extra>",
        ), row=2, col=1)
    return _finish(fig, view)


def syria_chart(prep: Prepared, view: View) -> go.Figure:
    """Registered Syrian refugees by host country over the years; selected countries drawn bold."""
    return _country_chart(prep, view, "syr_refugees_hosted")


def ukraine_chart(prep: Prepared, view: View) -> go.Figure:
    """Ukraine's internally displaced and refugees from Ukraine abroad: two measures, two lines, never summed."""
    cy = prep.bundle.country_year
    rows = cy[(cy["iso3"] == "UKR") & cy["indicator"].isin(["idps", "refugees_from_ukr"])]
    if rows.empty:
        return empty_figure(t("no_data_for", view.lang, what=t("chart.ukraine", view.lang)))
    fig = go.Figure()
    for i, (indicator, group) in enumerate(rows.groupby("indicator", sort=True)):
        label = t(f"series.{indicator}", view.lang)
        fig.add_trace(go.Scatter(
            x=group["year"], y=group["value"], name=label, mode="lines+markers",
            line=dict(color=PALETTE[i * 3], dash=DASHES[i], width=3), customdata=["UKR"] * len(group),
            text=[period(p, view.lang) for p in group["period"]],
            hovertemplate=f"{label}<br>%{{x}} (%{{text}}): %{{y:,}}<extra></extra>",
        ))
    fig.update_yaxes(title_text=t("axis.people", view.lang))
    return _finish(fig, view)


def risk_chart(prep: Prepared, view: View) -> go.Figure:
    """Each selected route's risk score for the year as stacked contributions of its inputs; missing inputs named."""
    risk = composite(prep.risk, view.year, view.weights)
    routes = [r for r in view.routes if r in risk.index]
    if not routes:
        return empty_figure(t("no_data_for", view.lang, what=t("chart.risk", view.lang)))
    risk = risk.loc[routes].sort_values("score", na_position="first")
    names = [prep.route_name(r, view.lang) for r in risk.index]
    fig = go.Figure()
    for name in WEIGHT_NAMES:
        values = risk[name]
        fig.add_trace(go.Bar(
            y=names, x=values.round(1), orientation="h", name=t(f"weight.{name}", view.lang),
            marker=dict(color=INPUT_COLOURS[name], pattern=dict(shape="")),
            customdata=list(risk.index),
            hovertemplate="%{y}: %{x:.1f} " + f"({t(f'weight.{name}', view.lang)})<extra></extra>",
        ))
    labels, missing_text = [], []
    for route_id, row in risk.iterrows():
        missing = [t(f"weight.{n}", view.lang) for n in WEIGHT_NAMES
                   if math.isnan(prep_input(prep, route_id, view.year, n))]
        score = t("risk.no_score", view.lang) if math.isnan(row["score"]) else f"{row['score']:.0f}"
        labels.append(f"{score} · {len(WEIGHT_NAMES) - len(missing)}/{len(WEIGHT_NAMES)} {t('risk.inputs', view.lang)}")
        missing_text.append(", ".join(missing) or "—")
    fig.add_trace(go.Scatter(
        y=names, x=risk["score"].fillna(0).round(1), mode="text", text=labels, textposition="middle right",
        textfont=dict(size=13), showlegend=False, customdata=list(risk.index), hovertext=missing_text,
        hovertemplate="%{y}: " + t("risk.missing", view.lang) + ": %{hovertext}<extra></extra>",
    ))
    fig.update_layout(barmode="stack")
    fig.update_xaxes(title_text=t("axis.score", view.lang), range=[0, 135])
    return _finish(fig, view, year_line=False)


def prep_input(prep: Prepared, route_id: str, year: int, name: str) -> float:
    """One input score (0..1) for a route-year, NaN when it is missing."""
    key = (route_id, year)
    return float(prep.risk.scores.loc[key, name]) if key in prep.risk.scores.index else math.nan


def empty_figure(message: str) -> go.Figure:
    """A figure that says why it is empty instead of showing a bare axis."""
    fig = go.Figure()
    fig.update_layout(
        xaxis=dict(visible=False), yaxis=dict(visible=False), margin=dict(l=10, r=10, t=10, b=10),
        annotations=[dict(text=message, showarrow=False, font=dict(size=18), xref="paper", yref="paper",
                          x=0.5, y=0.5)],
        paper_bgcolor="rgba(0,0,0,0)", plot_bgcolor="rgba(0,0,0,0)",
    )
    return fig


def _route_rows(prep: Prepared, view: View, indicator: str) -> pd.DataFrame:
    ry = prep.bundle.route_year
    rows = ry[(ry["indicator"] == indicator) & ry["route_id"].isin(view.routes)]
    order = {r: i for i, r in enumerate(prep.options.routes)}
    return rows.sort_values(["route_id", "year"], key=lambda s: s.map(order) if s.name == "route_id" else s)


def _route_lines(prep: Prepared, view: View, rows: pd.DataFrame, axis: str) -> go.Figure:
    fig = go.Figure()
    for route_id, group in rows.groupby("route_id", sort=False):
        name = prep.route_name(route_id, view.lang)
        fig.add_trace(go.Scatter(
            x=group["year"], y=group["value"], name=name, mode="lines+markers", line=_style(prep, route_id),
            customdata=[route_id] * len(group), hovertemplate=f"{name}<br>%{{x}}: %{{y:,}}<extra></extra>",
        ))
    fig.update_yaxes(title_text=axis)
    return fig


def _country_chart(prep: Prepared, view: View, indicator: str) -> go.Figure:
    cy = prep.bundle.country_year
    rows = cy[cy["indicator"] == indicator]
    if rows.empty:
        return empty_figure(t("no_data_for", view.lang, what=prep.indicator(indicator, view.lang).label))
    fig = go.Figure()
    selected = set(view.countries)
    for i, (iso, group) in enumerate(rows.groupby("iso3", sort=True)):
        bold = not selected or iso in selected
        fig.add_trace(go.Scatter(
            x=group["year"], y=group["value"], name=prep.country_name(iso, view.lang), mode="lines+markers",
            line=dict(color=PALETTE[i % 8], dash=DASHES[i // 8 % 4], width=4 if iso in selected else 2.5),
            opacity=1.0 if bold else 0.3, customdata=[iso] * len(group),
            text=[period(p, view.lang) for p in group["period"]],
            hovertemplate=f"{prep.country_name(iso, view.lang)}<br>%{{x}} (%{{text}}): %{{y:,}}<extra></extra>",
        ))
    fig.update_yaxes(title_text=t("axis.people", view.lang))
    return _finish(fig, view)


def _style(prep: Prepared, route_id: str) -> dict:
    i = prep.options.routes.index(route_id)
    return dict(color=PALETTE[i % 8], dash=DASHES[i // 8 % 4], width=3)


def _finish(fig: go.Figure, view: View, year_line: bool = True) -> go.Figure:
    fig.update_layout(
        margin=dict(l=60, r=20, t=30, b=40), font=FONT, hovermode="closest", separators=SEPARATORS[view.lang],
        legend=dict(orientation="h", y=-0.18, font=dict(size=13)),
        paper_bgcolor="rgba(0,0,0,0)", plot_bgcolor="#ffffff", uirevision="chart",
    )
    fig.update_xaxes(gridcolor="#e5e5e5", dtick=2 if year_line else None)
    fig.update_yaxes(gridcolor="#e5e5e5", rangemode="tozero")
    if year_line:
        fig.add_vline(x=view.year, line=dict(color="#444444", width=2, dash="dot"))
    return fig


def _what(prep: Prepared, view: View, indicator: str) -> str:
    names = ", ".join(prep.route_name(r, view.lang) for r in view.routes) or t("selection.none", view.lang)
    return f"{prep.indicator(indicator, view.lang).label} — {names}"
