"""The map's layer of IOM Missing Migrants incidents, as a pure function of (prepared data, view).

Off unless the view asks for it, so the default map carries one empty trace. Circles' areas follow dead and
missing on one fixed scale (a circle means the same in every year); past `MAX_INCIDENT_POINTS` the incidents are
summed per grid cell, so a long month range stays a small figure.
"""

from __future__ import annotations

import pandas as pd

from core.finer import incident_points
from core.prepared import Prepared
from core.text import fmt_number, months_label, t
from state.view import View

COLOUR = "#B2182B"
SIZEREF = 0.4  # area mode: a circle of 500 dead and missing is about 35 px across
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
