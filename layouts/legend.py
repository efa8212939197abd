"""The map's one legend, on the page beside (or, on a narrow screen, under) the map and never over it: what the
countries' colours mean, and for the routes colour (risk), width (volume) and dotted grey (no score) together.

Its colours come from `figures.map.legend_key`, the same constants the figure draws with, so the legend and the
map cannot disagree; the browser tests compare the drawn lines with this legend's scale.
"""

from __future__ import annotations

from dash import html

from core.prepared import Prepared
from core.text import t
from core.view import View
from figures import flows
from figures.incidents import COLOUR as INCIDENT_COLOUR
from figures.incidents import apart_caption, incidents_caption
from figures.map import legend_key
from layouts import ids


def gradient(scale: list[list]) -> str:
    """A CSS gradient with the colour scale's own stops, left (0) to right (100)."""
    stops = ", ".join(f"{colour} {position * 100:g}%" for position, colour in scale)
    return f"linear-gradient(to right, {stops})"


def build_map_legend(prep: Prepared, view: View) -> list:
    """The legend's content for a view (the language, indicator and year are all it depends on)."""
    key, lang = legend_key(prep, view), view.lang
    casing = key["casing"]
    return [
        html.H3(t("legend.countries", lang), className="legend-heading"),
        html.P(key["countries_title"], className="legend-title"),
        html.Ul(className="legend-classes", children=[
            html.Li([html.Span(className="swatch", style={"background": colour}), label])
            for label, colour in key["classes"]
        ]),
        *([html.P(key["note"], className="legend-note")] if key["note"] else []),
        html.H3(t("legend.routes", lang), className="legend-heading"),
        html.P(t("legend.colour", lang), className="legend-title"),
        # Named by its title: one wildcard property only (see layouts/page.py), here the scale for the tests.
        html.Div(id=ids.RISK_BAR, className="risk-bar", role="img", title=t("legend.colour", lang),
                 **{"data-scale": _scale_attr(key["risk_scale"])},
                 style={"background": gradient(key["risk_scale"]), "outline": f"1px solid {casing}"}),
        html.Div(className="risk-ticks", **{"aria-hidden": "true"},
                 children=[html.Span(str(v)) for v in (0, 20, 40, 60, 80, 100)]),
        html.Ul(className="legend-lines", children=[
            html.Li([html.Span(className="line-samples", children=[
                html.Span(className="line-sample", style={"height": f"{w}px", "background": "#555555"})
                for w in key["widths"]]), t("legend.line_width", lang, year=view.year)]),
            html.Li([html.Span(className="line-sample dotted", style={"borderTopColor": key["route_grey"]}),
                      t("legend.dotted", lang)]),
            html.Li([html.Span(className="line-sample faded"), t("legend.faded", lang)]),
            html.Li([html.Span("\u25c6", className="point-sample", **{"aria-hidden": "true"}),
                     t("legend.points", lang)]),
            *_incidents_key(prep, view),
            *_flows_key(prep, view),
        ]),
    ]


def _incidents_key(prep: Prepared, view: View) -> list:
    """The incident layer's key and its note on what the circles count (nothing while the layer is off)."""
    caption = incidents_caption(prep, view)
    if caption is None:
        return []
    not_drawn = apart_caption(prep, view)
    return [html.Li([html.Span(className="incident-sample", style={"background": INCIDENT_COLOUR},
                               **{"aria-hidden": "true"}), caption]),
            # Always there, hidden when every incident is drawn: a year step then patches its words, not the list.
            html.Li(not_drawn or "", className="legend-note incidents-apart", hidden=not not_drawn),
            html.Li(t("legend.incidents.note", view.lang), className="legend-note")]


def _flows_key(prep: Prepared, view: View) -> list:
    """The flows layer's key: line widths by detected victims, the censored flows' dotted grey, the year shown (the
    latest with figures up to the view's) and how many flows are beyond the map (nothing while the layer is off)."""
    lines = flows.flows_caption(prep, view)
    if not lines:
        return []
    lang = view.lang
    return [
        html.Li([html.Span(className="line-samples", children=[
            html.Span(className="line-sample", style={"height": f"{w}px", "background": flows.COLOUR})
            for w in flows.WIDTHS]), t("flows.legend", lang)]),
        html.Li([html.Span(className="line-sample dotted", style={"borderTopColor": flows.CENSORED_COLOUR}),
                 t("flows.legend.censored", lang)]),
        # One line for the year and the counts, so the legend stays short beside a presenter's map; the caveat
        # once (the victims indicator's note says "not prevalence" already).
        html.Li(" · ".join(lines), className="legend-note"),
        *([] if view.indicator == "victims_detected" else [html.Li(t("flows.caveat", lang), className="legend-note")]),
    ]


def _scale_attr(scale: list[list]) -> str:
    return ";".join(f"{position:g} {colour}" for position, colour in scale)
