"""Headline cards: the seed's four (plus one) figures with exact value, date and source, and the selected year's."""

from __future__ import annotations

import math

from dash import html

from core.prepared import Prepared
from core.text import fmt_number, period, t
from state.view import View

# Measures shown for the selected year, each summed only over like-for-like country rows.
YEAR_MEASURES = (
    ("syr_refugees_hosted", ("TUR", "LBN", "JOR", "IRQ", "EGY")),
    ("idps", ("UKR",)),
    ("refugees_from_ukr", ("UKR",)),
    ("sea_arrivals", ("ITA", "GRC", "ESP", "CYP", "MLT")),
)


def build_headlines(prep: Prepared, lang: str) -> html.Div:
    """One card per seed headline: the official value, what the speech said, the date and the source."""
    sources = prep.bundle.sources.set_index("source_id")
    cards = []
    for row in prep.bundle.headlines.itertuples():
        src = sources.loc[row.source_id]
        cards.append(html.Article(className="card headline", id=f"headline-{row.headline_id}", children=[
            html.Div(fmt_number(row.value, lang), className="card-value"),
            html.Div(row.official_wording_ru if lang == "ru" else row.official_wording, className="card-label"),
            html.Div([html.Span(t("headline.seed", lang) + ": "), html.Q(row.seed_wording)], className="card-seed"),
            html.Div(f"{t('headline.as_of', lang)} {row.as_of} · {row.period_ru if lang == 'ru' else row.period}",
                     className="card-date"),
            html.Div([t("headline.source", lang) + ": ", html.A(f"{src.publisher}, {src.title}", href=src.url,
                                                                target="_blank", rel="noopener noreferrer")],
                     className="card-source"),
            html.Div(row.note, className="card-note") if isinstance(row.note, str) and row.note else None,
        ]))
    return html.Div(cards, className="cards")


def build_year_cards(prep: Prepared, view: View) -> list[html.Article]:
    """The seed's measures for the selected year, where sourced; otherwise the card says "no data"."""
    cy = prep.bundle.country_year
    cards = []
    for indicator, countries in YEAR_MEASURES:
        rows = cy[(cy["indicator"] == indicator) & (cy["year"] == view.year) & cy["iso3"].isin(countries)]
        value = float(rows["value"].sum()) if len(rows) else math.nan
        detail = ""
        if len(rows) > 1:
            detail = t("computed_sum", view.lang, n=len(rows))
            if len(rows) < len(countries):
                detail += f" ({len(rows)}/{len(countries)})"
        periods = ", ".join(sorted({period(p, view.lang) for p in rows["period"]}))
        publishers = ", ".join(sorted(set(rows["source_id"].map(prep.source_labels))))
        cards.append(html.Article(className="card year-card", id=f"year-card-{indicator}", children=[
            html.Div(fmt_number(value, view.lang), className="card-value"),
            html.Div(f"{prep.indicator(indicator, view.lang).label}, {view.year}", className="card-label"),
            html.Div(" · ".join(p for p in (periods, detail) if p), className="card-date"),
            html.Div(f"{t('headline.source', view.lang)}: {publishers}" if publishers else "", className="card-source"),
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
    ru = view.lang == "ru"
    children = [
        html.H2(scene["title_ru"] if ru else scene["title"], className="scene-title"),
        html.P(scene["caption_ru"] if ru else scene["caption"], className="scene-caption"),
    ]
    if scene["show_headlines"] == "yes":
        sources = prep.source_labels
        children.append(html.Ul(className="scene-headlines", children=[
            html.Li([html.Strong(fmt_number(row.value, view.lang)),
                     f" {row.official_wording_ru if ru else row.official_wording} ",
                     html.Span(f"({sources[row.source_id]}, {row.as_of})", className="scene-source")])
            for row in prep.bundle.headlines.itertuples()
        ]))
    return children
