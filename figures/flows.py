"""The map's layer of trafficking flows, as a pure function of (prepared data, view): UNODC's detected victims by
citizenship, drawn as lines from the country of citizenship to the country of detection.

Off unless the view asks for it (one empty trace). For the view's year, or the latest year with citizenship figures
up to it, the layer draws every flow that starts or ends in a country of the selected routes or in a selected
country (only the view's nationality's, when one is chosen). A line's width follows its victims in classes (the
map's victim classes), with an arrow at the country of detection; censored flows ("fewer than 5") are drawn apart:
thin, dotted and grey, never as a width. Flows to or from a country beyond the map's frame are not drawn, and the
legend says how many there are (they are in the CSV). Own nationals detected at home are no flow and not drawn.
"""

from __future__ import annotations

from core.prepared import Prepared
from core.selections import drawn_on_map, flow_rows, selected_flows
from core.text import fmt_number, t
from core.victims import count_words, release_words
from core.view import View

EMPTY = dict(type="scattergeo", lon=[], lat=[], mode="lines", name="flows", hoverinfo="skip")
# ColorBrewer BrBG's dark teal: apart from the victims' purples, the risk scale's yellows to purples and the grey routes
COLOUR = "#01665e"
CENSORED_COLOUR = "#8c8c8c"
BREAKS = (50, 200, 1_000)  # as the map's victim classes
WIDTHS = (1.5, 3.0, 5.0, 8.0)
MAX_ALL_YEARS = 5_000  # flows over every year one figure may hold (every route: 3,947; 55 KB gzip, built in 0.13 s)


def flow_class(value: float, censored: bool) -> int:
    """0 for a censored flow, else 1 + the victim class (5-49, 50-199, 200-999, 1,000 and more)."""
    if censored:
        return 0
    return 1 + sum(value >= b for b in BREAKS)


def flow_traces(prep: Prepared, view: View) -> list[dict]:
    """The layer's traces for the view (see `all_years` for a figure that holds every year and shows one)."""
    if not view.flows:
        return [dict(EMPTY)]
    year, rows = flow_rows(prep, view)
    return year_traces(prep, view, year, list(zip(rows["citizenship"], rows["detected_in"], rows["value"],
                                                  rows["censored"])))


def all_years(prep: Prepared, view: View) -> list[dict]:
    """Every year's traces of the view's routes, countries and nationality, named `flows:<year>:...`, when they are
    few enough (at most MAX_ALL_YEARS flows in all): a year step then only flips `visible` flags (see `show`), the
    way the incident layer does. More than that, and only the view's year is drawn."""
    if not view.flows:
        return [dict(EMPTY)]
    rows = selected_flows(prep, view)
    if len(rows) > MAX_ALL_YEARS:
        return []  # too many: the caller draws the view's year alone (flow_traces)
    by_year: dict[int, list[tuple]] = {year: [] for year in prep.victims.flow_years}
    for record in zip(rows["year"], rows["citizenship"], rows["detected_in"], rows["value"], rows["censored"]):
        by_year[int(record[0])].append(record[1:])
    return [{**trace, "name": trace["name"].replace("flows:", f"flows:{year}:", 1)}
            for year, records in by_year.items() for trace in year_traces(prep, view, year, records)
            if trace["name"] != "flows"]


def show(traces: list[dict], view: View) -> list[dict]:
    """The traces of `all_years` with only the view's flow year visible (other traces as they are)."""
    shown = str(_shown_year(traces, view))
    return [{**trace, "visible": trace["name"].split(":")[1] == shown} if trace["name"].count(":") == 2 else trace
            for trace in traces]


def _shown_year(traces: list[dict], view: View) -> int | None:
    years = sorted({int(tr["name"].split(":")[1]) for tr in traces if tr["name"].count(":") == 2})
    earlier = [y for y in years if y <= view.year]
    return earlier[-1] if earlier else -1


def year_traces(prep: Prepared, view: View, year: int | None, records: list[tuple]) -> list[dict]:
    """One trace per class (censored first, drawn under the others), each flow a line with an arrow at its end, and
    the trace of their hover points; ``records`` are (citizenship, detected_in, value, censored "yes"/"no")."""
    points = prep.victims.points
    records = [r for r in records if r[0] in points and r[1] in points]  # both ends inside the map's frame
    if not records:
        return [dict(EMPTY)]
    lang = view.lang
    unit = prep.indicator("victims_detected", lang).unit
    source = f"{prep.source_labels[lang].get(prep.victims.source_id, '')}, {release_words(prep.victims.release, lang)}"
    # The words that change from flow to flow travel in customdata; the rest is the trace's template, sent once.
    heading = t("flows.hover", lang, origin="%{customdata[0]}", detected="%{customdata[1]}")
    template = (f"<b>{heading}</b><br>{year}: %{{customdata[2]}} {unit}<br>{t('hover.source', lang)}: {source}"
                f"<br><i>{t('flows.caveat', lang)}</i><extra></extra>")
    traces = []
    classes = [flow_class(v, x == "yes") for _, _, v, x in records]
    ends = [(points[c], points[d]) for c, d, _, _ in records]
    for k in range(len(WIDTHS) + 1):
        lon: list[float | None] = []
        lat: list[float | None] = []
        size: list[float] = []
        for ((x0, y0), (x1, y1)), cls in zip(ends, classes):
            if cls == k:
                lon += [x0, x1, None]
                lat += [y0, y1, None]
                size += [0, 7 + 2 * k, 0]
        if not lon:
            continue
        censored = k == 0
        traces.append(dict(
            type="scattergeo", lon=lon[:-1], lat=lat[:-1], mode="lines+markers", name=f"flows:{k}",
            line=dict(width=1.2 if censored else WIDTHS[k - 1], color=CENSORED_COLOUR if censored else COLOUR,
                      dash="dot" if censored else "solid"),
            marker=dict(symbol="arrow", angleref="previous", size=size[:-1], line=dict(width=0),
                        color=CENSORED_COLOUR if censored else COLOUR),
            opacity=0.55 if censored else 0.8, hoverinfo="skip",
        ))
    # One invisible point in the middle of each line carries its hover: the words once per flow, not per vertex
    # (a year step with the layer on then sends about half the bytes).
    traces.append(dict(
        type="scattergeo", mode="markers", name="flows:hover",
        lon=[round((x0 + x1) / 2, 2) for (x0, _), (x1, _) in ends],
        lat=[round((y0 + y1) / 2, 2) for (_, y0), (_, y1) in ends],
        marker=dict(size=12, color="rgba(0,0,0,0)"),
        customdata=[[prep.country_name(c, lang), prep.country_name(d, lang), count_words(v, x == "yes", lang)]
                    for c, d, v, x in records],
        hovertemplate=template,
    ))
    return traces or [dict(EMPTY)]


def flows_caption(prep: Prepared, view: View) -> list[str]:
    """The legend's lines for the layer (none when it is off): the year shown and why, the censored flows, and how
    many flows end beyond the map."""
    if not view.flows:
        return []
    lang = view.lang
    year, rows = flow_rows(prep, view)
    if year is None:
        return [t("flows.none", lang, year=view.year)]
    lines = [t("flows.year", lang, year=year) if year == view.year else t("flows.latest", lang, year=year,
                                                                              asked=view.year)]
    shown = rows[drawn_on_map(prep, rows)]
    lines.append(t("flows.counts", lang, n=fmt_number(len(shown), lang),
                   censored=fmt_number(int((shown["censored"] == "yes").sum()), lang)))
    beyond = len(rows) - len(shown)
    if beyond:
        lines.append(t("flows.beyond", lang, n=fmt_number(beyond, lang)))
    return lines
