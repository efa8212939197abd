"""Headline cards: the seed's four (plus one) figures with exact value, date and source, and the selected year's."""

from __future__ import annotations

from dash import html

from core.cards import AREA_MEASURES, CardFigure, comparable_latest, latest_row, year_card_figures
from core.prepared import Prepared
from core.text import column, fmt_date, fmt_figure, months_label, period, t, when
from core.view import View


def build_headlines(prep: Prepared, lang: str) -> html.Div:
    """One card per seed headline: the official value, what the speech said, the date and the source, and beside it
    the latest figure of the same measure in the data, or of another measure named as such (core/cards.py), or
    "no data" when none was found."""
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
            _latest(prep, row.latest, row.measure, lang),
        ]))
    return html.Div(cards, className="cards")


def _latest(prep: Prepared, series: object, measure: object, lang: str) -> html.Div:
    row = latest_row(prep, series)
    if row is None:
        return html.Div(f"{t('headline.latest', lang)}: {t('no_data', lang)}", className="card-latest")
    text = prep.indicator(row["indicator"], lang)
    # The same measure is "Latest"; another measure is named as such, never set beside the figure as its update.
    key = "headline.latest" if comparable_latest(measure, row["indicator"]) else "headline.other_measure"
    words = t(key, lang)
    return html.Div(className="card-latest", children=[
        html.Span(f"{words}, {when(int(row['year']), {row['period']}, lang)}: "),
        html.Strong(fmt_figure(row["value"], row["confidence"], lang)),
        f" {text.label}",
    ])


def build_year_cards(prep: Prepared, view: View) -> list[html.Article]:
    """The seed's measures for the selected year, where sourced; otherwise the card says "no data".

    Which figure each card shows, and how a total is qualified, is decided once in core/cards.py (the CSV writes the
    same figures): country rows are added up only when they are one series (same source, same period); otherwise
    the card shows the parts and says why there is no total.
    """
    return [_year_card(prep, figure, view) for figure in year_card_figures(prep, view.year)]


def _year_card(prep: Prepared, figure: CardFigure, view: View) -> html.Article:
    lang, rows = view.lang, figure.rows
    parts, detail, beside = None, "", None
    if figure.kind == "none":
        value = t("no_data", lang)
    elif figure.kind in ("one", "area"):
        value = fmt_figure(figure.value, figure.confidence, lang)
    elif figure.kind == "sum":
        value = fmt_figure(figure.value, figure.confidence, lang)
        detail = t("computed_sum", lang, n=len(rows))
        if len(rows) < figure.expected:
            detail += f" ({len(rows)}/{figure.expected})"
        if figure.official is not None:  # the publisher's own total, beside our sum
            official = figure.official
            beside = html.Div(t("card.official_total", lang, publisher=prep.source_labels[lang][official["source_id"]],
                                value=fmt_figure(official["value"], official["confidence"], lang)),
                              className="card-official")
    else:
        value = t("no_total", lang)
        sources = figure.sources
        titles = sorted({prep.source_texts[lang].at[s, "title"] for s in sources})
        detail = t("no_total.why", lang, n=len(sources)) if len(sources) > 1 else t("no_total.dates", lang)
        detail = [detail, " (", html.Span("; ".join(titles), lang="en"), ")"]  # titles in their own language
        parts = html.Ul(className="card-parts", children=[
            html.Li(f"{prep.country_name(r['iso3'], lang)}: {fmt_figure(r['value'], r['confidence'], lang)}"
                    + (f" ({period(r['period'], lang)})" if r["period"] not in ("calendar year", "end of year")
                       else ""))
            for r in rows
        ])
    label = prep.indicator(figure.indicator, lang).label
    if figure.kind == "area" and sum(i == figure.indicator for _, i in AREA_MEASURES) > 1:
        label += f" ({t('area.' + rows[0]['area'], lang)})"  # the Mediterranean's or the world's dead and missing
    publishers = ", ".join(sorted({prep.source_labels[lang][s] for s in figure.sources}))
    return html.Article(className="card year-card", id=figure.card_id, children=[
        html.Div(value, className="card-value"),
        html.Div(f"{label}, {when(view.year, figure.periods, lang)}", className="card-label"),
        parts,
        beside,
        None if figure.kind == "area" or figure.card_id == "year-card-forcibly_displaced" else
        html.Div(detail, className="card-date"),
        html.Div(f"{t('headline.source', lang)}: {publishers}" if publishers else "", className="card-source"),
    ])


BAND_FIGURES = 5  # figures in the presenter's band: one row that leaves the map most of the screen


def build_scene_banner(prep: Prepared, view: View) -> list | None:
    """The current scene's title and caption; in presenter mode also the year in large type and a band of figures of
    that year: the seed's headline figures for a scene that asks for them (the 2015 speech's scene), otherwise the
    year cards' figures of the year shown, so a scene's band never shows another year's figures."""
    scenes = prep.bundle.scenes.set_index("scene_id")
    scene = scenes.loc[view.scene] if view.scene in scenes.index else None
    present = view.mode == "present"
    if scene is None and not present:
        return None
    children: list = []
    if present:
        children.append(html.P(shown_period(view), className="scene-year", lang=view.lang))
    if scene is not None:
        children += [html.H2(scene[column("title", view.lang)], className="scene-title"),
                     html.P(scene[column("caption", view.lang)], className="scene-caption")]
    if scene is not None and scene["show_headlines"] == "yes":
        sources = prep.source_labels[view.lang]
        children.append(html.Ul(className="scene-headlines", children=[
            html.Li([html.Strong(fmt_figure(row.value, row.confidence, view.lang)),
                     f" {getattr(row, column('official_wording', view.lang))} ",
                     html.Span(f"({sources[row.source_id]}, {fmt_date(row.as_of, view.lang)})",
                               className="scene-source")])
            for row in prep.bundle.headlines.itertuples()
        ]))
    elif present:
        children.append(year_band(prep, view))
    return children


def shown_period(view: View) -> str:
    """The year shown, or the month range in the months view: what the presenter's arrow keys step."""
    return months_label(*view.months, view.lang) if view.months else str(view.year)


def year_band(prep: Prepared, view: View) -> html.Ul:
    """The presenter's band: the year cards' figures of the year shown (a figure, a total of one series or the
    publisher's own total), each with its label, period and publisher; a card with no figure or no total is left
    out (the explore view's cards say why), and the band holds the first `BAND_FIGURES` in the cards' order (one row on
    a projector; the explore view shows every card)."""
    lang, items = view.lang, []
    shown = [f for f in year_card_figures(prep, view.year) if f.kind in ("one", "sum", "area")]
    for figure in shown[:BAND_FIGURES]:
        label = prep.indicator(figure.indicator, lang).label
        if figure.kind == "area" and sum(i == figure.indicator for _, i in AREA_MEASURES) > 1:
            label += f" ({t('area.' + figure.rows[0]['area'], lang)})"
        publishers = ", ".join(sorted({prep.source_labels[lang][s] for s in figure.sources}))
        items.append(html.Li([html.Strong(fmt_figure(figure.value, figure.confidence, lang)), f" {label}, ",
                              html.Span(when(view.year, figure.periods, lang), className="band-year"), " ",
                              html.Span(f"({publishers})", className="scene-source")]))
    return html.Ul(items, className="scene-headlines year-band")
