"""The map's layer of IOM Missing Migrants incidents, as a pure function of (prepared data, view).

Off unless the view asks for it, so the default map carries one empty trace. Circles' areas follow dead and
missing on one fixed scale (a circle means the same in every year); past `MAX_INCIDENT_POINTS` the incidents are
summed per grid cell, so a long month range stays a small figure.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from core.finer import incident_points
from core.prepared import Prepared
from core.text import fmt_number, months_label, t
from state.view import View

COLOUR = "#B2182B"
SIZEREF = 0.4  # area mode: a circle of 500 dead and missing is about 35 px across
YEAR_TRACE = "incidents:"  # a year's trace in the years view: "incidents:2016"
EMPTY = dict(type="scattergeo", lon=[], lat=[], mode="markers", name="incidents", hoverinfo="skip")


def incident_period(prep: Prepared, view: View):
    """The months the layer shows: the view's months, else its year's (a partial year named by its months)."""
    return prep.finer.period(view.year, view.months, whole=False)


def incident_rows(prep: Prepared, view: View) -> pd.DataFrame:
    """The incidents the view's layer shows (none when the layer is off)."""
    found = incident_period(prep, view)
    if not view.incidents or found is None:
        return prep.finer.incidents.iloc[0:0]
    every = set(view.routes) == set(prep.options.routes)
    return prep.finer.incidents_in(view.routes, every, found)


def incident_trace(prep: Prepared, view: View) -> dict:
    """Circles sized by dead and missing, with date, place, dead and missing, survivors, cause and nationalities
    in the hover (or, for a grid cell, its number of incidents and their dates)."""
    rows = incident_rows(prep, view)
    if rows.empty:
        return dict(EMPTY)
    points, cells = incident_points(rows)
    lang = view.lang
    if cells:
        text = [f"{t('incident.cell', lang, n=n, first=a, last=b)}<br>{t('incident.dead_missing', lang)}: "
                f"{fmt_number(d, lang)}" for n, a, b, d in zip(points["incidents"], points["first"], points["last"],
                                                                points["dead_missing"])]
    else:
        def name(code: str) -> str:
            return t("incident.unknown", lang) if code == "UNK" else prep.country_name(code, lang)

        text = [_hover(row, lang, name) for row in points.itertuples()]
    return dict(
        type="scattergeo", lon=points["lon"].round(3).tolist(), lat=points["lat"].round(3).tolist(),
        mode="markers", name="incidents", text=text, hovertemplate="%{text}<extra></extra>",
        marker=dict(size=points["dead_missing"].tolist(), sizemode="area", sizeref=SIZEREF, sizemin=4,
                    color=COLOUR, opacity=0.6, line=dict(width=0.5, color="#ffffff")),
    )


def incident_traces(prep: Prepared, view: View) -> list[dict]:
    """The layer's traces. Off: one empty trace. A month range: one trace. Years: one trace per year that has
    monthly figures, only the view's year visible, so a year step flips two `visible` flags instead of sending a
    year's circles and hovers again (what a presenter stepping through years would otherwise wait for)."""
    if not view.incidents:
        return [dict(EMPTY)]
    if view.months:
        return [incident_trace(prep, view)]
    return show_year([{**incident_trace(prep, replace(view, year=year)), "name": f"{YEAR_TRACE}{year}"}
                      for year in prep.finer.years], view.year)


def show_year(traces: list[dict], year: int) -> list[dict]:
    """The layer's traces with only ``year``'s visible (traces of a month range, or of the layer off, as they are)."""
    return [{**trace, "visible": trace["name"] == f"{YEAR_TRACE}{year}"}
            if trace["name"].startswith(YEAR_TRACE) else trace for trace in traces]


def incidents_caption(prep: Prepared, view: View) -> str | None:
    """The legend's line for the layer: what the circles are, for which months (None when the layer is off)."""
    found = incident_period(prep, view)
    if not view.incidents or found is None:
        return None
    words = str(found.year) if found.year else months_label(found.first, found.last, view.lang)
    return t("legend.incidents", view.lang, period=words)


def _hover(row, lang: str, name) -> str:
    def said(value: object) -> str:
        return value if isinstance(value, str) and value else t("incident.unknown", lang)

    codes = row.nationalities.split(";") if isinstance(row.nationalities, str) and row.nationalities else []
    nationalities = ", ".join(name(c) for c in codes) or said(None)
    survivors = row.survivors if row.survivors == row.survivors else None  # NaN: not recorded
    return "<br>".join([
        f"<b>{row.date}</b>, {said(row.location)}",
        f"{t('incident.dead_missing', lang)}: {fmt_number(row.dead_missing, lang)}",
        f"{t('incident.survivors', lang)}: {fmt_number(survivors, lang) if survivors is not None else said(None)}",
        f"{t('incident.cause', lang)}: {said(row.cause)}",
        f"{t('incident.nationalities', lang)}: {nationalities}",
    ])
