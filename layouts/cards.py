"""Headline cards: the seed's four (plus one) figures with exact value, date and source, and the selected year's."""

from __future__ import annotations

import pandas as pd
from dash import html

from core.prepared import Prepared
from core.text import column, fmt_date, fmt_figure, period, qualifier, t, when
from state.view import View

# Measures shown for the selected year, each summed only over rows of one series (same source, same period).
YEAR_MEASURES = (
    ("syr_refugees_hosted", ("TUR", "LBN", "JOR", "IRQ", "EGY")),
    ("idps", ("UKR",)),
    ("refugees_from_ukr", ("UKR",)),
    ("sea_arrivals", ("ITA", "GRC", "ESP", "CYP", "MLT")),
    ("sea_arrivals_national", ("ITA", "GRC", "ESP", "CYP", "MLT")),
    ("syr_returns", ("TUR", "LBN", "JOR", "IRQ", "EGY")),
)
# World and regional totals shown for the selected year (one row each, never added to anything).
AREA_MEASURES = (("world", "forcibly_displaced"),)


def build_headlines(prep: Prepared, lang: str) -> html.Div:
    """One card per seed headline: the official value, what the speech said, the date and the source, and beside it
    the latest comparable figure in the data (or "no data" when none was found)."""
    sources = prep.sources_in(lang)
    cards = []
    for row in prep.bundle.headlines.itertuples():
        src = sources.loc[row.source_id]
        note = getattr(row, column("note", lang))
        cards.append(html.Article(className="card headline", id=f"headline-{row.headline_id}", children=[
            html.Div(fmt_figure(row.value, row.confidence, lang), className="card-value"),
            html.Div(getattr(row, column("official_wording", lang)), className="card-label"),
            # What the speaker said, in the reader's language (the data's _ru/_uk columns translate the quote).
            html.Div([html.Span(t("headline.seed", lang) + ": "),
                      html.Q(getattr(row, column("seed_wording", lang)), lang=lang)], className="card-seed"),
            # A period that is only "as of <the same date>" would say the date twice.
            html.Div(f"{t('headline.as_of', lang)} {fmt_date(row.as_of, lang)}"
                     + ("" if row.period.startswith("as of ") else f" · {getattr(row, column('period', lang))}"),
                     className="card-date"),
            # The publisher in the reader's language; the title is the source's own (English) title.
            html.Div([t("headline.source", lang) + ": ", src.publisher + ", ",
                      html.A(src.title, href=src.url, target="_blank", rel="noopener noreferrer", lang="en")],
                     className="card-source"),
            html.Div(note, className="card-note") if isinstance(note, str) and note else None,
            _latest(prep, row.latest, lang),
        ]))
    return html.Div(cards, className="cards")


def latest_row(prep: Prepared, series: object) -> pd.Series | None:
    """The newest row of a series named "<area>:<indicator>" (area_year) or "<ISO3>:<indicator>" (country_year)."""
    if not isinstance(series, str) or ":" not in series:
        return None
    key, indicator = series.split(":", 1)
    if key.isupper():
        frame = prep.bundle.country_year
        rows = frame[(frame["iso3"] == key) & (frame["indicator"] == indicator)]
    else:
        frame = prep.bundle.area_year
        rows = frame[(frame["area"] == key) & (frame["indicator"] == indicator)]
    return None if rows.empty else rows.sort_values("year").iloc[-1]


def _latest(prep: Prepared, series: object, lang: str) -> html.Div:
    row = latest_row(prep, series)
    if row is None:
        return html.Div(f"{t('headline.latest', lang)}: {t('no_data', lang)}", className="card-latest")
    text = prep.indicator(row["indicator"], lang)
    return html.Div(className="card-latest", children=[
        html.Span(f"{t('headline.latest', lang)}, {when(int(row['year']), {row['period']}, lang)}: "),
        html.Strong(fmt_figure(row["value"], row["confidence"], lang)),
        f" {text.label}",
    ])


def build_year_cards(prep: Prepared, view: View) -> list[html.Article]:
    """The seed's measures for the selected year, where sourced; otherwise the card says "no data".

    Country rows are added up only when they are one series: the same source and the same period (so the same
    definition and date). Otherwise the card shows the parts and says why there is no total.
    """
    lang = view.lang
    cards = []
    for indicator, countries in YEAR_MEASURES:
        # The year's rows as plain records, in the measure's own country order (pandas filtering cost a cold year
        # step 12 ms of its 25).
        found = {r["iso3"]: r for r in prep.country_rows.get((indicator, view.year), ()) if r["iso3"] in countries}
        rows = [found[c] for c in countries if c in found]
        sources, periods = {r["source_id"] for r in rows}, {r["period"] for r in rows}
        parts = None
        if not rows:
            value, detail = t("no_data", lang), ""
        elif len(rows) == 1:
            value, detail = fmt_figure(rows[0]["value"], rows[0]["confidence"], lang), ""
        elif len(sources) == 1 and len(periods) == 1:
            # A lower bound among the parts makes the total a lower bound; a rounded part makes it approximate.
            kinds = {qualifier(r["confidence"]) for r in rows}
            label = "lower bound" if kinds & {"more_than", "at_least"} else "rounded" if kinds - {""} else ""
            value = fmt_figure(float(sum(r["value"] for r in rows)), label, lang)
            detail = t("computed_sum", lang, n=len(rows))
            if len(rows) < len(countries):
                detail += f" ({len(rows)}/{len(countries)})"
        else:
            value = t("no_total", lang)
            titles = sorted({prep.source_texts[lang].at[s, "title"] for s in sources})
            detail = t("no_total.why", lang, n=len(sources)) if len(sources) > 1 else t("no_total.dates", lang)
            detail = [detail, " (", html.Span("; ".join(titles), lang="en"), ")"]  # titles in their own language
            parts = html.Ul(className="card-parts", children=[
                html.Li(f"{prep.country_name(r['iso3'], lang)}: {fmt_figure(r['value'], r['confidence'], lang)}"
                        + (f" ({period(r['period'], lang)})" if r["period"] not in ("calendar year", "end of year")
                           else ""))
                for r in rows
            ])
        publishers = ", ".join(sorted({prep.source_labels[lang][s] for s in sources}))
        cards.append(html.Article(className="card year-card", id=f"year-card-{indicator}", children=[
            html.Div(value, className="card-value"),
            html.Div(f"{prep.indicator(indicator, lang).label}, {when(view.year, periods, lang)}",
                     className="card-label"),
            parts,
            html.Div(detail, className="card-date"),
            html.Div(f"{t('headline.source', lang)}: {publishers}" if publishers else "", className="card-source"),
        ]))
    for area, indicator in AREA_MEASURES:
        row = prep.area_rows.get((area, indicator, view.year))
        cards.append(html.Article(className="card year-card", id=f"year-card-{indicator}", children=[
            html.Div(t("no_data", lang) if row is None else fmt_figure(row["value"], row["confidence"], lang),
                     className="card-value"),
            html.Div(f"{prep.indicator(indicator, lang).label}, "
                     f"{when(view.year, set() if row is None else {row['period']}, lang)}", className="card-label"),
            html.Div(f"{t('headline.source', lang)}: {prep.source_labels[lang][row['source_id']]}" if row is not None
                     else "", className="card-source"),
        ]))
    return cards


def build_scene_banner(prep: Prepared, view: View) -> list | None:
    """The current scene's title and caption; in presenter mode, the seed's headline figures if the scene asks."""
    if not view.scene:
        return None
    scenes = prep.bundle.scenes.set_index("scene_id")
    if view.scene not in scenes.index:
        return None
    scene = scenes.loc[view.scene]
    children = [
        html.H2(scene[column("title", view.lang)], className="scene-title"),
        html.P(scene[column("caption", view.lang)], className="scene-caption"),
    ]
    if scene["show_headlines"] == "yes":
        sources = prep.source_labels[view.lang]
        children.append(html.Ul(className="scene-headlines", children=[
            html.Li([html.Strong(fmt_figure(row.value, row.confidence, view.lang)),
                     f" {getattr(row, column('official_wording', view.lang))} ",
                     html.Span(f"({sources[row.source_id]}, {fmt_date(row.as_of, view.lang)})",
                               className="scene-source")])
            for row in prep.bundle.headlines.itertuples()
        ]))
    return children
