"""The charts of the publishers' finer grain, as pure functions of (prepared data, view): detections by month, who
crosses (nationalities), where a nationality crosses, and a country's refugees and asylum-seekers by origin and by
country of asylum. Plain figure dicts, like figures/charts.py."""

from __future__ import annotations

import pandas as pd

from core.added_figures import NONE, AddedFigures
from core.advance import NATIONALITY_PREFIX
from core.prepared import Prepared
from core.selections import (
    DEFAULT_ORIGIN,
    TOP_NATIONALITIES,
    found_rows,
    origin_asylum,
    period_words,
    top_countries,
)
from core.text import fmt_number, month_label, months_label, period, t
from core.victims import count_words, release_words, sum_words
from core.view import View
from figures.charts import PALETTE, _finish, _list, _style, empty_figure

GROUPS = ("refugee", "asylum_seeker")
GROUP_COLOURS = {"refugee": PALETTE[0], "asylum_seeker": PALETTE[1]}
COUNT_TICKS = ","  # counts as full grouped numbers in the language's separators, never d3's SI "200k" or "0,5M"


def detections_by_month(prep: Prepared, view: View) -> dict:
    """Frontex detections per selected route, month by month over the view's month range."""
    finer = prep.finer
    routes = [r for r in view.routes if r in finer.routes]
    first, last = view.months or (finer.months[0], finer.months[-1])
    shown = finer.route_month.loc[first:last, routes]
    if not routes or shown.isna().all().all():
        names = ", ".join(prep.route_name(r, view.lang) for r in view.routes) or t("selection.none", view.lang)
        return empty_figure(t("no_data_for", view.lang, what=f"{t('axis.detections', view.lang)} — {names}"))
    data = []
    for route_id in routes:
        name = prep.route_name(route_id, view.lang)
        data.append(dict(
            type="scatter", x=list(shown.index), y=_list(shown[route_id]), name=name,
            customdata=[route_id] * len(shown),
            mode="lines+markers" if len(shown) <= 36 else "lines", line=_style(prep, route_id),
            hovertemplate=f"{name}<br>%{{x|%b %Y}}: %{{y:,}}<extra></extra>",
        ))
    layout = {"yaxis": {"title": {"text": t("axis.detections", view.lang)}},
              "xaxis": {"type": "date", "title": {"text": t("axis.month", view.lang)}}}
    fig = _finish({"data": data, "layout": layout}, view, year_line=False)
    fig["layout"]["xaxis"].pop("dtick", None)
    fig["layout"]["annotations"] = peak_note(shown, view.lang)
    return fig


def peak_note(shown: pd.DataFrame, lang: str) -> list[dict]:
    """The month with the most detections on the routes shown, marked on the chart with its month and figure, so a
    presenter's months scene shows its peak at once (a single month has none)."""
    if len(shown) < 2:
        return []
    peaks = shown.max()
    route = peaks.idxmax()
    month = shown[route].idxmax()
    words = t("chart.peak", lang, month=month_label(month, lang), value=fmt_number(float(peaks[route]), lang))
    # Beside the point, towards the middle of the chart, so the box never runs off its top or sides.
    late = list(shown.index).index(month) >= len(shown) / 2
    return [dict(x=month, y=float(peaks[route]), xref="x", yref="y", text=words, showarrow=True, arrowhead=2,
                 ax=-60 if late else 60, ay=12, xanchor="right" if late else "left", bgcolor="#ffffff",
                 bordercolor="#444444", font=dict(size=14, color="#111111"))]


def nationalities_chart(prep: Prepared, view: View, added: AddedFigures = NONE) -> dict:
    """The nationalities most often detected on the selected Frontex routes in the view's year or months (bars,
    largest on top); a bar's click shows where that nationality crosses."""
    found = prep.finer.period(view.year, view.months)
    if found is None:
        return _partial(prep, view)
    totals = prep.finer.by_nationality(view.routes, found).head(TOP_NATIONALITIES)
    words = period_words(prep, view, found)
    if totals.empty:
        return empty_figure(t("no_data_for", view.lang, what=f"{t('chart.nationalities', view.lang)}, {words}"))
    totals = totals.iloc[::-1]
    lang = view.lang
    names = [prep.country_name(c, lang) for c in totals.index]
    colours = [PALETTE[3] if c == view.nationality else PALETTE[0] for c in totals.index]
    data = [dict(type="bar", orientation="h", y=names, x=_list(totals.round()), marker=dict(color=colours),
                 customdata=[NATIONALITY_PREFIX + c for c in totals.index], showlegend=False,
                 name=t("axis.detections", lang), hovertemplate=f"%{{y}}, {words}: %{{x:,}}<extra></extra>")]
    found_year, found = who_is_found(prep, view, list(totals.index))
    victims_title = (t("chart.found.axis", lang, year=found_year) if found_year is not None
                     else t("chart.found.none", lang))
    shown = [found.get(c) for c in totals.index]
    words_found = [sum_words(cells[0], cells[1], lang) if cells else t("no_data", lang) for cells in shown]
    data.append(dict(
        type="bar", orientation="h", y=names, xaxis="x2", name=victims_title,
        # A censored cell is never added: the bar is the sum of the known cells, its label says what was left out.
        x=[sum(v for v, c in zip(cells[0], cells[1]) if not c) if cells else None for cells in shown],
        text=words_found, textposition="auto", marker=dict(color=FOUND_COLOUR), showlegend=False,
        customdata=[NATIONALITY_PREFIX + c for c in totals.index],
        hovertext=[_found_hover(prep, view, found_year, found.get(c, ()), c) for c in totals.index],
        hovertemplate="%{hovertext}<extra></extra>",
        # The table under the chart says what the bars cannot: "fewer than 5" for suppressed cells.
        meta={"table": words_found},
    ))
    layout = {"xaxis": {"title": {"text": t("axis.detections", lang)}, "tickformat": COUNT_TICKS,
                        "domain": [0, 0.46]},
              "xaxis2": {"title": {"text": victims_title}, "tickformat": COUNT_TICKS, "domain": [0.54, 1],
                         "anchor": "y", "rangemode": "tozero"},
              "title": {"text": t("chart.nationalities.title", lang, n=len(totals), period=words),
                        "font": {"size": 15}, "x": 0, "xanchor": "left"},
              "annotations": [dict(text=t("chart.found.caveat", lang), x=0, xanchor="left", y=-0.32,
                                   yanchor="top", xref="paper", yref="paper", showarrow=False,
                                   font=dict(size=12, color="#444444"))]}
    fig = _finish({"data": data, "layout": layout}, view, year_line=False, axes=("xaxis", "xaxis2"))
    fig["layout"]["margin"].update(t=40, b=90)
    return fig


FOUND_COLOUR = "#01665e"  # the flows layer's teal: UNODC's victims, never Frontex's blue


def who_is_found(prep: Prepared, view: View, citizenships: list[str]) -> tuple[int | None, dict]:
    """Per citizenship: (values, censored flags, countries of detection) of `found_rows`."""
    year, rows = found_rows(prep, view, citizenships)
    found = {}
    for citizenship, part in rows.groupby("citizenship", sort=False):
        found[citizenship] = (part["value"].tolist(), (part["censored"] == "yes").tolist(),
                              part["detected_in"].tolist())
    return year, found


def _found_hover(prep: Prepared, view: View, year: int | None, cells: tuple, citizenship: str) -> str:
    """The victims bar's hover: each country's cell ("fewer than 5" where suppressed), the release and the caveat."""
    lang = view.lang
    head = f"<b>{prep.country_name(citizenship, lang)}</b>"
    if not cells:
        return f"{head}<br>{t('no_data', lang)}"
    values, censored, places = cells
    lines = [f"{prep.country_name(p, lang)}: {count_words(v, c, lang)}" for v, c, p in zip(values, censored, places)]
    source = prep.source_labels[lang].get(prep.victims.source_id, "")
    return (f"{head}, {year}<br>{'<br>'.join(lines)}<br>{t('hover.source', lang)}: {source}, "
            f"{release_words(prep.victims.release, lang)}")


def crossings_chart(prep: Prepared, view: View, added: AddedFigures = NONE) -> dict:
    """Where the view's nationality is detected, route by route, in its year or months."""
    if not view.nationality:
        return empty_figure(t("chart.crossings.none", view.lang))
    found = prep.finer.period(view.year, view.months)
    if found is None:
        return _partial(prep, view)
    totals = prep.finer.by_route(view.nationality, found).sort_values()
    name, words = prep.country_name(view.nationality, view.lang), period_words(prep, view, found)
    if totals.empty:
        return empty_figure(t("no_data_for", view.lang, what=f"{name}, {words}"))
    routes = [prep.route_name(r, view.lang) for r in totals.index]
    # Named, so that the table under the chart (layouts/table.py) has a column for it: unnamed, it was empty.
    data = [dict(type="bar", orientation="h", y=routes, x=_list(totals.round()), showlegend=False,
                 name=t("axis.detections", view.lang),
                 marker=dict(color=[_style(prep, r)["color"] for r in totals.index]), customdata=list(totals.index),
                 hovertemplate=f"{name}: %{{y}}, {words}: %{{x:,}}<extra></extra>")]
    layout = {"xaxis": {"title": {"text": t("axis.detections", view.lang)}, "tickformat": COUNT_TICKS},
              "title": {"text": t("chart.crossings.title", view.lang, nationality=name, period=words),
                        "font": {"size": 15}, "x": 0, "xanchor": "left"}}
    fig = _finish({"data": data, "layout": layout}, view, year_line=False)
    fig["layout"]["margin"]["t"] = 40
    return fig


def asylum_chart(prep: Prepared, view: View, added: AddedFigures = NONE) -> dict:
    """For the one selected country (Syria while none is): whom it hosts by origin and where its nationals are
    hosted, refugees and asylum-seekers as separate bars (never added together), from one UNHCR table."""
    country = view.countries[0] if len(view.countries) == 1 else DEFAULT_ORIGIN
    hosts, abroad, used = origin_asylum(prep, country, view.year)
    name = prep.country_name(country, view.lang)
    if used is None:
        return empty_figure(t("no_data_for", view.lang, what=f"{t('chart.asylum', view.lang)}: {name}"))
    when = f"{used}, {period(str(hosts['period'].iloc[0] if len(hosts) else abroad['period'].iloc[0]), view.lang)}"
    data = []
    panels = (("hosts", hosts, "origin", "x", "y"), ("abroad", abroad, "asylum", "x2", "y2"))
    for _, frame, key, xaxis, yaxis in panels:
        order = top_countries(frame, key)[::-1]
        values = {(g, c): v for g, c, v in zip(frame["group"], frame[key], frame["value"])}
        for group in GROUPS:
            label = t(f"group.{group}", view.lang)
            data.append(dict(
                type="bar", orientation="h", y=[prep.country_name(c, view.lang) for c in order],
                x=[values.get((group, c)) for c in order],
                name=label, legendgroup=group, showlegend=xaxis == "x", customdata=order,
                marker=dict(color=GROUP_COLOURS[group]), xaxis=xaxis, yaxis=yaxis,
                hovertemplate=f"%{{y}}: %{{x:,}} ({label}, {when})<extra></extra>",
            ))
    title = dict(showarrow=False, xref="paper", yref="paper", x=0, xanchor="left", yanchor="bottom",
                 font=dict(size=15))
    layout = dict(
        barmode="group",
        xaxis=dict(anchor="y", domain=[0.0, 1.0]), yaxis=dict(anchor="x", domain=[0.56, 0.94]),
        xaxis2=dict(anchor="y2", domain=[0.0, 1.0]), yaxis2=dict(anchor="x2", domain=[0.0, 0.38]),
        annotations=[dict(title, text=t("asylum.hosts", view.lang, country=name, when=when), y=0.95),
                     dict(title, text=t("asylum.abroad", view.lang, country=name, when=when), y=0.39)],
    )
    fig = _finish({"data": data, "layout": layout}, view, year_line=False, axes=("xaxis", "xaxis2"),
                  yaxes=("yaxis", "yaxis2"))
    for axis in ("yaxis", "yaxis2"):
        fig["layout"][axis].pop("rangemode", None)
    for axis in ("xaxis", "xaxis2"):
        fig["layout"][axis]["tickformat"] = COUNT_TICKS
    fig["layout"]["legend"] = dict(orientation="h", x=0, y=1.0, yanchor="bottom", font=dict(size=13))
    return fig


def _partial(prep: Prepared, view: View) -> dict:
    """A year whose monthly figures are partial is never totalled as that year: say which months there are."""
    some = prep.finer.period(view.year, None, whole=False)
    if some is None:
        return empty_figure(t("no_data_for", view.lang, what=f"{t('axis.detections', view.lang)}, {view.year}"))
    return empty_figure(t("chart.partial_year", view.lang, year=view.year,
                          period=months_label(some.first, some.last, view.lang)))


def detections_chart(prep: Prepared, view: View, added: AddedFigures = NONE) -> dict:
    """The detections chart: by month in the months view, else by year (figures/charts.py)."""
    from figures.charts import detections_chart as by_year

    return detections_by_month(prep, view) if view.months else by_year(prep, view, added)
