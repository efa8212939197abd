"""The dashboard page: header, notice, controls, map with disclaimer, headline cards and the linked charts.

Every visible word is a `text()` span (or a control whose options `control_texts` builds), so switching the
language re-labels the page in place; nothing here hard-codes a string.
"""

from __future__ import annotations

from dataclasses import replace

from dash import dcc, html

from core.advance import LAYERS
from core.prepared import Prepared
from core.risk import WEIGHT_NAMES
from core.served import Served
from core.text import LANG_NAMES, column, month_label, t
from core.view import MAX_WEIGHT, View, default_view
from layouts import charts as chart_table
from layouts import ids
from layouts.added_figures import build_added_panel
from layouts.cards import build_headlines
from layouts.sources import build_sources_frame
from layouts.text import text

# plotly.js 4 shows "Share chart" (an upload to Plotly Cloud) unless told not to; nothing here may send a chart away.
CLOUD_BUTTONS = ("sendChartToCloud", "sendDataToCloud")
GRAPH_CONFIG = {"displaylogo": False, "showSendToCloud": False, "showLink": False,
                "modeBarButtonsToRemove": ["select2d", "lasso2d", *CLOUD_BUTTONS], "responsive": True}


def graph_config(lang: str) -> dict:
    """A chart's config: the toolbar's tooltips in the page's language (plotly's own locale, served from assets)."""
    return {**GRAPH_CONFIG, "locale": lang}


def map_config(lang: str, topojson_url: str) -> dict:
    """The map's graph config: plotly's base map from this server (never its CDN), scroll zoom, the language."""
    return {**graph_config(lang), "topojsonURL": topojson_url, "scrollZoom": True}


def build_layout(served: Served, lang: str | None = None) -> html.Div:
    """The whole page for a first view (the link's view then arrives as the first event), in ``lang`` (default: the
    default view's): a link's page asks for its own language's, so it never shows English first (app.py)."""
    prep = served.prep
    view = default_view(prep.options)
    if lang is not None:
        view = replace(view, lang=lang)
    lang = view.lang
    return html.Div(id="page", className="page", children=[
        dcc.Location(id=ids.URL, refresh=False),
        dcc.Store(id=ids.VIEW),
        dcc.Store(id=ids.EVENTS),
        dcc.Store(id=ids.CONTENT),
        dcc.Store(id=ids.MAP_READY),
        dcc.Store(id=ids.MAP_DRAWN),
        dcc.Store(id=ids.CHARTS_DRAWN),
        dcc.Store(id=ids.LANG_STORE, data=lang),
        dcc.Store(id=ids.LOCALE_APPLIED),
        # A visitor's own figures stay in their browser: local storage, never a file on the server.
        dcc.Store(id=ids.VISITOR_FIGURES, storage_type="local"),
        dcc.Store(id=ids.FROM_LINK),
        dcc.Store(id=ids.FIGURES_FRAGMENT),
        dcc.Store(id=ids.PUBLIC_URL, data=served.public_url),
        dcc.Interval(id=ids.PLAY_TIMER, interval=1500, disabled=True),
        text("skip", lang, html.A, href="#map-panel", className="skip-link"),
        _header(lang),
        html.Div(id=ids.NOTICE, role="status", className="notice", hidden=True, children=[
            html.Div(id=ids.NOTICE_TEXT),
            html.Button(text("notice.close", lang), id=ids.NOTICE_CLOSE, className="link-button notice-close",
                        n_clicks=0),
        ]),
        html.A(text("embed.full", lang), id=ids.FULL_VIEW, className="full-view-link", target="_blank",
               rel="noopener"),
        html.Div(id=ids.ADDED_NOTE, role="status", className="notice added-note", hidden=True),
        html.Main(id=ids.DASHBOARD, className="grid", children=[
            _controls(prep, view),
            # The scene's title, caption and figures: above the map on a narrow screen, beside it on a wide one,
            # and beside and under it (in a band) for a projector (assets/style.css places them).
            html.Div(id=ids.SCENE_BANNER, className="scene-banner", **{"aria-live": "polite"}),
            html.Section(id="map-panel", className="map-panel", children=[
                text("map.label", lang, html.H2, className="visually-hidden"),
                # Shown where the map will be until it has drawn (the page's script hides it), so the first thing a
                # reader sees is the map of the link's view; its address is the link's query (callbacks/client.py).
                html.Img(id=ids.MAP_PREVIEW, className="map-preview", alt=t("map.preview", lang)),
                # Its size comes from the stylesheet (per screen and mode); plotly follows it (responsive).
                dcc.Graph(id=ids.MAP, className="map", config=map_config(lang, served.topojson_url)),
                html.P(text("disclaimer", lang), id=ids.DISCLAIMER, className="disclaimer"),
            ]),
            html.Section(className="legend-panel", children=[
                text("legend", lang, html.H2, className="visually-hidden"),
                html.Div(id=ids.MAP_LEGEND, className="map-legend"),
            ]),
            html.Section(className="cards-panel", children=[
                text("year_cards", lang, html.H2),
                html.Div(id=ids.YEAR_CARDS, className="cards"),
                text("headlines", lang, html.H2),
                html.Div(build_headlines(prep, lang), id=ids.HEADLINES),
            ]),
            html.Section(className="charts", children=[_chart(chart, lang) for chart in chart_table.CHARTS]),
            html.Div(build_added_panel(served, lang), className="added-area"),
            # The method's text arrives when the reader opens it (callbacks/pages.py): closed, its components
            # would only slow every update down.
            html.Details(id=ids.METHOD, className="method", children=[
                html.Summary(text("method", lang), id=ids.METHOD_SUMMARY),
                html.Div([], id=ids.METHOD_TEXT),
            ]),
            text("download_image", lang, html.P, className="hint"),
        ]),
        # Its content is there only while it shows (callbacks/pages.py): its 1,100 components made every update of
        # the dashboard slower in the browser, which re-checks each component on every change of its store.
        html.Main(id=ids.SOURCES_PAGE, className="sources-page", hidden=True, children=build_sources_frame(lang)),
    ])


def control_texts(prep: Prepared, lang: str) -> dict[str, object]:
    """The translated options and placeholders of every control, keyed as `component_id.property`."""
    scenes = prep.bundle.scenes
    title = column("title", lang)
    names = prep.bundle.country_names.get(lang, prep.bundle.country_names["en"])
    # Newest first: the months a presenter looks for are the recent ones.
    months = [{"label": month_label(m, lang), "value": m} for m in reversed(prep.finer.months)]
    return {
        f"{ids.SCENE}.options": [{"label": r[title], "value": r["scene_id"]} for _, r in scenes.iterrows()],
        f"{ids.SCENE}.placeholder": t("scene.placeholder", lang),
        f"{ids.LAYER}.options": [{"label": t(k.label, lang), "value": k.name} for k in LAYERS],
        f"{ids.INDICATOR}.options": [{"label": prep.indicator(k, lang).label, "value": k}
                                     for k in prep.options.indicators],
        f"{ids.ROUTES}.options": [{"label": prep.route_name(r, lang), "value": r} for r in prep.options.routes],
        f"{ids.COUNTRIES}.options": sorted(({"label": n, "value": c} for c, n in names.items()),
                                           key=lambda o: o["label"]),
        f"{ids.COUNTRIES}.placeholder": t("countries.placeholder", lang),
        f"{ids.COPY_LINK}.title": t("copy_link", lang),
        f"{ids.GRAIN}.options": [{"label": t(f"grain.{k}", lang), "value": k} for k in ("years", "months")],
        **{f"{cid}.{prop}": value for cid in (ids.MONTHS_FROM, ids.MONTHS_TO) for prop, value in (
            ("options", months), ("placeholder", t("months.placeholder", lang)))},
        f"{ids.INCIDENTS}.options": [{"label": t("incidents.show", lang), "value": "on"}],
        f"{ids.FLOWS}.options": [{"label": t("flows.show", lang), "value": "on"}],
        f"{ids.NATIONALITY}.options": sorted(
            ({"label": prep.country_name(c, lang), "value": c} for c in prep.finer.nationalities),
            key=lambda o: o["label"]),
        f"{ids.NATIONALITY}.placeholder": t("nationality.placeholder", lang),
        f"{ids.PLAY}.title": t("play", lang),
        f"{ids.UPLOAD}.children": t("added.upload", lang),
        f"{ids.MAP_PREVIEW}.alt": t("map.preview", lang),
    }


def _header(lang: str) -> html.Header:
    return html.Header(className="header", children=[
        html.Div([text("title", lang, html.H1), text("subtitle", lang, html.P, className="subtitle")],
                 className="header-title"),
        # On a narrow screen the actions and the controls fold into a panel this button opens (assets/dashboard.js).
        # One wildcard (aria-*) property at most per component: Dash keeps them in a set, so two would be sent in
        # an order that differs between processes, and two instances would answer with different bytes.
        html.Button(text("controls.open", lang), id=ids.CONTROLS_TOGGLE, className="button menu-button",
                    **{"aria-expanded": "false"}),
        html.Div(id=ids.HEADER_ACTIONS, className="header-actions", children=[
            dcc.Link(text("sources", lang), href=ids.SOURCES_PATH, id=ids.SOURCES_LINK, className="button"),
            html.Button(text("download_csv", lang), id=ids.DOWNLOAD_CSV_BUTTON, className="button", n_clicks=0),
            dcc.Download(id=ids.DOWNLOAD_CSV),
            html.Button(text("download_png", lang), id=ids.DOWNLOAD_PNG_BUTTON, className="button", n_clicks=0),
            text("language", lang, html.Label, htmlFor=ids.LANG, className="visually-hidden"),
            # Each language's name in that language, marked so (a screen reader says "English" in English).
            dcc.RadioItems(id=ids.LANG, options=[{"label": html.Span(n, lang=k), "value": k}
                                                 for k, n in LANG_NAMES.items()],
                           value=lang, inline=True, className="lang-switch"),
            html.Button(t("present", lang), id=ids.PRESENT, className="button", n_clicks=0),
            html.Details(id=ids.EMBED, className="embed-control", children=[
                text("embed", lang, html.Summary, className="button"),
                html.Div(className="embed-panel", children=[
                    text("embed.help", lang, html.Label, htmlFor=ids.EMBED_CODE, className="hint"),
                    dcc.Textarea(id=ids.EMBED_CODE, readOnly=True, className="embed-code", rows=4),
                    dcc.Clipboard(target_id=ids.EMBED_CODE, id=ids.COPY_EMBED, className="button clipboard"),
                ]),
            ]),
            html.Div(className="copy", children=[
                text("copy_link", lang, html.Label, htmlFor=ids.SHARE_URL, className="visually-hidden"),
                dcc.Input(id=ids.SHARE_URL, type="text", readOnly=True, className="share-url"),
                dcc.Clipboard(target_id=ids.SHARE_URL, id=ids.COPY_LINK, title=t("copy_link", lang),
                              className="button clipboard"),
            ]),
        ]),
    ])


def _controls(prep: Prepared, view: View) -> html.Aside:
    lang = view.lang
    options = control_texts(prep, lang)
    first, last = prep.options.years
    return html.Aside(id=ids.CONTROLS_PANEL, className="controls", children=[
        _field("scene", lang, ids.SCENE, dcc.Dropdown(
            id=ids.SCENE, options=options[f"{ids.SCENE}.options"], value=view.scene,
            placeholder=options[f"{ids.SCENE}.placeholder"], searchable=False)),
        _field("layer", lang, ids.LAYER, dcc.RadioItems(
            id=ids.LAYER, options=options[f"{ids.LAYER}.options"], value=None,
            className="radio", inputClassName="radio-input")),
        _field("indicator", lang, ids.INDICATOR, dcc.Dropdown(
            id=ids.INDICATOR, options=options[f"{ids.INDICATOR}.options"], value=view.indicator,
            clearable=False, searchable=False)),
        _field("year", lang, ids.YEAR, html.Div(className="year-row", children=[
            html.Button("\u25b6", id=ids.PLAY, className="button", n_clicks=0, title=t("play", lang)),
            dcc.Slider(id=ids.YEAR, min=first, max=last, step=1, value=view.year,
                       marks={y: str(y) for y in range(first, last + 1, 3)},
                       # The selected year, always shown on the handle: the marks name only every third year.
                       tooltip={"always_visible": True, "placement": "bottom"}, updatemode="mouseup"),
        ])),
        _field("grain", lang, ids.GRAIN, dcc.RadioItems(
            id=ids.GRAIN, options=options[f"{ids.GRAIN}.options"], value="months" if view.months else "years",
            inline=True, className="radio", inputClassName="radio-input")),
        html.Div(className="months-row", children=[
            _field(key, lang, cid, dcc.Dropdown(
                id=cid, options=options[f"{cid}.options"], value=view.months[i] if view.months else None,
                placeholder=options[f"{cid}.placeholder"], searchable=True))
            for i, (key, cid) in enumerate((("months-from", ids.MONTHS_FROM), ("months-to", ids.MONTHS_TO)))]),
        _field("incidents", lang, ids.INCIDENTS, dcc.Checklist(
            id=ids.INCIDENTS, options=options[f"{ids.INCIDENTS}.options"], value=["on"] if view.incidents else [],
            className="checklist", inputClassName="check-input")),
        _field("flows", lang, ids.FLOWS, dcc.Checklist(
            id=ids.FLOWS, options=options[f"{ids.FLOWS}.options"], value=["on"] if view.flows else [],
            className="checklist", inputClassName="check-input")),
        _field("routes", lang, ids.ROUTES, dcc.Checklist(
            id=ids.ROUTES, options=options[f"{ids.ROUTES}.options"], value=list(view.routes),
            className="checklist", inputClassName="check-input")),
        _field("countries", lang, ids.COUNTRIES, dcc.Dropdown(
            id=ids.COUNTRIES, multi=True, value=list(view.countries), options=options[f"{ids.COUNTRIES}.options"],
            placeholder=options[f"{ids.COUNTRIES}.placeholder"])),
        _field("nationality", lang, ids.NATIONALITY, dcc.Dropdown(
            id=ids.NATIONALITY, value=view.nationality, options=options[f"{ids.NATIONALITY}.options"],
            placeholder=options[f"{ids.NATIONALITY}.placeholder"])),
        html.Button(text("clear", lang), id=ids.CLEAR, className="button", n_clicks=0),
        html.Fieldset(className="weights", children=[
            text("weights", lang, html.Legend),
            *[_field(f"weight.{name}", lang, ids.WEIGHT.format(name), dcc.Slider(
                id=ids.WEIGHT.format(name), min=0, max=MAX_WEIGHT, step=1, value=w,
                marks={0: "0", 5: "5", 10: "10"}, updatemode="mouseup"))
              for name, w in zip(WEIGHT_NAMES, view.weights)],
        ]),
    ])


def _field(key: str, lang: str, control_id: str, control) -> html.Div:
    return html.Div(className="field", children=[
        text(key, lang, html.Label, className="field-label", htmlFor=control_id),
        control,
    ])


def _chart(chart: chart_table.Chart, lang: str) -> html.Figure:
    """One chart of the table: caption, graph and its "show the numbers" table."""
    graph_id, tall, note = chart.graph_id, chart.tall, chart.note
    return html.Figure(className="chart" + (" tall" if tall else ""), children=[
        html.Figcaption([text(chart.title, lang), text(note, lang, className="chart-note") if note else None]),
        dcc.Graph(id=graph_id, config=graph_config(lang), className="chart-graph",
                  style={"height": "34rem" if tall else "26rem"}),
        html.Div(className="chart-table", children=[
            html.Button(text("table.show", lang, at=graph_id), id=ids.TABLE_TOGGLE.format(graph_id),
                        className="link-button", n_clicks=0, **{"aria-controls": ids.TABLE.format(graph_id)}),
            html.Div(id=ids.TABLE.format(graph_id)),
        ]),
    ])
