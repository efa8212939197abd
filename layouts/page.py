"""The dashboard page: header, notice, controls, map with disclaimer, headline cards and the linked charts."""

from __future__ import annotations

from dash import dcc, html

from core.prepared import MAP_INDICATORS, Prepared
from core.text import t
from core.view import MAX_WEIGHT, WEIGHT_NAMES, View
from layouts import ids
from layouts.cards import build_headlines

LAYERS = ("med", "syria", "ukraine", "risk")
GRAPH_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["select2d", "lasso2d"], "responsive": True}


def build_layout(prep: Prepared, view: View, method_md: str, topojson_url: str) -> html.Div:
    """The whole page for a first view (the URL callback then applies the link's view)."""
    lang = view.lang
    return html.Div(id="page", className="page", children=[
        dcc.Location(id=ids.URL, refresh=False),
        dcc.Store(id=ids.VIEW),
        dcc.Store(id=ids.CONTENT),
        dcc.Store(id=ids.KEY_EVENT),
        dcc.Interval(id=ids.PLAY_TIMER, interval=1500, disabled=True),
        html.A(t("skip", lang), href="#map-panel", className="skip-link"),
        _header(lang),
        html.Div(id=ids.NOTICE, role="status", className="notice", hidden=True),
        html.Div(id=ids.SCENE_BANNER, className="scene-banner", **{"aria-live": "polite"}),
        html.Main(className="grid", children=[
            _controls(prep, view),
            html.Section(id="map-panel", className="map-panel", **{"aria-label": t("map.label", lang)}, children=[
                dcc.Graph(id=ids.MAP, className="map", style={"height": "70vh", "minHeight": "32rem"},
                          config={**GRAPH_CONFIG, "topojsonURL": topojson_url, "scrollZoom": True}),
                html.P(t("disclaimer", lang), id=ids.DISCLAIMER, className="disclaimer"),
            ]),
            html.Section(className="cards-panel", children=[
                html.H2(t("year_cards", lang)),
                html.Div(id=ids.YEAR_CARDS, className="cards"),
                html.H2(t("headlines", lang)),
                html.Div(build_headlines(prep, lang), id=ids.HEADLINES),
            ]),
            html.Section(className="charts", children=[
                _chart(ids.CHART_DETECTIONS, t("chart.detections", lang), t("chart.detections.note", lang)),
                _chart(ids.CHART_DEATHS, t("chart.deaths", lang), t("chart.deaths.note", lang), tall=True),
                _chart(ids.CHART_RISK, t("chart.risk", lang), t("chart.risk.note", lang)),
                _chart(ids.CHART_SYRIA, t("chart.syria", lang)),
                _chart(ids.CHART_UKRAINE, t("chart.ukraine", lang)),
            ]),
            html.Details(id=ids.METHOD, className="method", children=[
                html.Summary(t("method", lang)),
                dcc.Markdown(method_md),
            ]),
        ]),
    ])


def _header(lang: str) -> html.Header:
    return html.Header(className="header", children=[
        html.Div([html.H1(t("title", lang)), html.P(t("subtitle", lang), className="subtitle")]),
        html.Div(className="header-actions", children=[
            html.Button(t("present", lang), id=ids.PRESENT, className="button", n_clicks=0),
            html.Div(className="copy", children=[
                html.Label(t("copy_link", lang), htmlFor=ids.SHARE_URL, className="visually-hidden"),
                dcc.Input(id=ids.SHARE_URL, type="text", readOnly=True, className="share-url"),
                dcc.Clipboard(target_id=ids.SHARE_URL, id=ids.COPY_LINK, title=t("copy_link", lang),
                              className="button clipboard"),
            ]),
        ]),
    ])


def _controls(prep: Prepared, view: View) -> html.Aside:
    lang = view.lang
    labels = prep.bundle.indicators.set_index("indicator")["label"].to_dict()
    labels |= {"tip_tier": "US TIP Report tier", "route_risk": t("hover.risk", lang)}
    first, last = prep.options.years
    names = prep.bundle.country_names
    scenes = prep.bundle.scenes
    title = "title_ru" if lang == "ru" else "title"
    return html.Aside(className="controls", children=[
        _field(t("scene", lang), dcc.Dropdown(
            id=ids.SCENE, options=[{"label": r[title], "value": r["scene_id"]} for _, r in scenes.iterrows()],
            value=view.scene, placeholder=t("scene.placeholder", lang), searchable=False)),
        _field(t("layer", lang), dcc.RadioItems(
            id=ids.LAYER, options=[{"label": t(f"layer.{k}", lang), "value": k} for k in LAYERS], value=None,
            className="radio", inputClassName="radio-input")),
        _field(t("indicator", lang), dcc.Dropdown(
            id=ids.INDICATOR, options=[{"label": labels[k], "value": k} for k in MAP_INDICATORS],
            value=view.indicator, clearable=False, searchable=False)),
        _field(t("year", lang), html.Div(className="year-row", children=[
            html.Button(t("play", lang), id=ids.PLAY, className="button", n_clicks=0),
            dcc.Slider(id=ids.YEAR, min=first, max=last, step=1, value=view.year,
                       marks={y: str(y) for y in range(first, last + 1, 3)},
                       tooltip={"always_visible": True, "placement": "bottom"}, updatemode="mouseup"),
        ])),
        _field(t("routes", lang), dcc.Checklist(
            id=ids.ROUTES, options=[{"label": prep.route_names[r], "value": r} for r in prep.options.routes],
            value=list(view.routes), className="checklist", inputClassName="check-input")),
        _field(t("countries", lang), dcc.Dropdown(
            id=ids.COUNTRIES, multi=True, value=list(view.countries), placeholder=t("countries.placeholder", lang),
            options=sorted(({"label": names[c], "value": c} for c in names), key=lambda o: o["label"]))),
        html.Button(t("clear", lang), id=ids.CLEAR, className="button", n_clicks=0),
        html.Fieldset(className="weights", children=[
            html.Legend(t("weights", lang)),
            *[_field(t(f"weight.{name}", lang), dcc.Slider(
                id=ids.WEIGHT.format(name), min=0, max=MAX_WEIGHT, step=1, value=w,
                marks={0: "0", 5: "5", 10: "10"}, updatemode="mouseup"))
              for name, w in zip(WEIGHT_NAMES, view.weights)],
        ]),
    ])


def _field(label: str, control) -> html.Div:
    return html.Div(className="field", children=[html.Label(label, className="field-label"), control])


def _chart(graph_id: str, title: str, note: str | None = None, tall: bool = False) -> html.Figure:
    return html.Figure(className="chart" + (" tall" if tall else ""), children=[
        html.Figcaption([title, html.Span(note, className="chart-note") if note else None]),
        dcc.Graph(id=graph_id, config=GRAPH_CONFIG, className="chart-graph",
                  style={"height": "34rem" if tall else "26rem"}),
    ])
