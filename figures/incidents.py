"""The map's layer of IOM Missing Migrants incidents, as a pure function of (prepared data, view).

Off unless the view asks for it, so the default map carries one empty trace. Circles' areas follow dead and
missing on one fixed scale (a circle means the same in every year); past `MAX_INCIDENT_POINTS` the incidents are
summed per grid cell, so a long month range stays a small figure.
"""

from __future__ import annotations

import pandas as pd

from core.finer import incident_points
from core.placement import AS_GIVEN
from core.prepared import Prepared
from core.selections import incident_period, incident_rows
from core.text import fmt_number, months_label, t
from core.view import View

COLOUR = "#B2182B"
SIZEREF = 0.7  # area mode: a circle of 500 dead and missing is about 27 px across (small enough for a phone)
YEAR_TRACE = "incidents:"  # a year's and route's trace in the years view: "incidents:2016:central_med"
EMPTY = dict(type="scattergeo", lon=[], lat=[], mode="markers", name="incidents", hoverinfo="skip")


def incident_trace(prep: Prepared, view: View, rows: pd.DataFrame | None = None) -> dict:
    """Circles sized by dead and missing, with date, place, dead and missing, survivors, cause and nationalities
    in the hover (or, for a grid cell, its number of incidents and their dates): the view's incidents, or ``rows``."""
    rows = incident_rows(prep, view) if rows is None else rows
    rows = drawn(rows)
    if rows.empty:
        return dict(EMPTY)
    points, cells = incident_points(rows)
    lang = view.lang
    if cells:
        text = [f"{t('incident.cell', lang, n=n, first=a, last=b)}<br>{t('incident.dead_missing', lang)}: "
                f"{fmt_number(d, lang)}" for n, a, b, d in zip(points["incidents"], points["first"], points["last"],
                                                                points["dead_missing"])]
    else:
        text = hover_texts(prep, points, lang)
    return dict(
        type="scattergeo", lon=points["lon"].round(3).tolist(), lat=points["lat"].round(3).tolist(),
        mode="markers", name="incidents", text=text, hovertemplate="%{text}<extra></extra>",
        marker=dict(size=points["dead_missing"].tolist(), sizemode="area", sizeref=SIZEREF, sizemin=4,
                    color=COLOUR, opacity=0.6, line=dict(width=0.5, color="#ffffff")),
    )


def drawn(rows: pd.DataFrame) -> pd.DataFrame:
    """The incidents drawn where IOM placed them: a point outside its route's area and every country its text names
    is not drawn at a false place (core/placement.py); it is listed apart and counted in every total."""
    return rows[rows["placement"] == AS_GIVEN]


def apart(rows: pd.DataFrame) -> pd.DataFrame:
    """The incidents whose place IOM does not give precisely (not drawn)."""
    return rows[rows["placement"] != AS_GIVEN]


def incident_traces(prep: Prepared, view: View) -> list[dict]:
    """The layer's traces. Off: one empty trace. A month range: one trace of the range's incidents on the view's
    routes. Years: one trace per year and route (and per year for incidents on no route of ours), built once per
    language, with only the view's year and routes visible: a year step or a route click then flips `visible`
    flags instead of sending circles and hovers again (what a presenter stepping through years would wait for)."""
    if not view.incidents:
        return [dict(EMPTY)]
    if view.months:
        return [incident_trace(prep, view)]
    frame = prep.finer.incidents
    frame = frame[frame["at"] >= 0]  # inside the months the data covers
    groups = {key: rows for key, rows in frame.groupby([frame["month"].str[:4].astype(int), "route"], sort=False)}
    empty = frame.iloc[0:0]
    return show([{**incident_trace(prep, view, groups.get((year, route), empty)), "name": f"{YEAR_TRACE}{year}:{route}"}
                 for year in prep.finer.years for route in (*prep.options.routes, "")], view)


def hover_texts(prep: Prepared, rows: pd.DataFrame, lang: str) -> list[str]:
    """Each incident's hover: date and place, dead and missing, survivors, cause, nationalities ("not recorded"
    where IOM has nothing), as lines."""
    unknown = t("incident.unknown", lang)
    labels = [t(f"incident.{key}", lang) for key in ("dead_missing", "survivors", "cause", "nationalities")]
    names: dict[object, str] = {}

    def nationalities(codes: object) -> str:
        if codes not in names:
            parts = codes.split(";") if isinstance(codes, str) and codes else []
            names[codes] = ", ".join(unknown if c == "UNK" else prep.country_name(c, lang) for c in parts) or unknown
        return names[codes]

    def said(value: object) -> str:
        return value if isinstance(value, str) and value else unknown

    return [f"<b>{date}</b>, {said(place)}<br>{labels[0]}: {fmt_number(dead, lang)}<br>{labels[1]}: "
            f"{fmt_number(saved, lang) if saved == saved else unknown}<br>{labels[2]}: {said(cause)}<br>"
            f"{labels[3]}: {nationalities(codes)}"
            for date, place, dead, saved, cause, codes in zip(rows["date"], rows["location"], rows["dead_missing"],
                                                              rows["survivors"], rows["cause"], rows["nationalities"])]


def show(traces: list[dict], view: View) -> list[dict]:
    """The layer's traces with only the view's year and routes visible (incidents on no route of ours only with
    every route selected); the traces of a month range, or of the layer off, as they are."""
    every = set(view.routes) >= set(r for r in _routes(traces) if r)
    visible = {f"{YEAR_TRACE}{view.year}:{route}" for route in view.routes} | (
        {f"{YEAR_TRACE}{view.year}:"} if every else set())
    return [{**trace, "visible": trace["name"] in visible} if trace["name"].startswith(YEAR_TRACE) else trace
            for trace in traces]


def _routes(traces: list[dict]) -> set[str]:
    return {trace["name"].rsplit(":", 1)[1] for trace in traces if trace["name"].startswith(YEAR_TRACE)}


def incidents_caption(prep: Prepared, view: View) -> str | None:
    """The legend's line for the layer: what the circles are, for which months (None when the layer is off)."""
    found = incident_period(prep, view)
    if not view.incidents or found is None:
        return None
    words = str(found.year) if found.year else months_label(found.first, found.last, view.lang)
    return t("legend.incidents", view.lang, period=words)


def apart_caption(prep: Prepared, view: View) -> str | None:
    """The legend's line for the view's incidents that are not drawn: "n incidents, m dead and missing, place not
    given precisely" (None when there are none or the layer is off)."""
    rows = apart(incident_rows(prep, view))
    if rows.empty:
        return None
    return t("legend.incidents.apart", view.lang, n=fmt_number(len(rows), view.lang),
             dead=fmt_number(int(rows["dead_missing"].sum()), view.lang))
