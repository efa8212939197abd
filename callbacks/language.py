"""Re-label the page when the language changes: every text span, every control's options, the method, the
headline cards and plotly's own locale. Fires only on a language change, never on a year step."""

from __future__ import annotations

from dash import ALL, Dash, Input, Output, ctx

from core.store import DataStore
from core.text import t
from layouts import ids
from layouts.cards import build_headlines
from layouts.markdown import markdown_to_dash
from layouts.page import GRAPH_CONFIG, control_texts
from layouts.sources import build_sources_page

GRAPHS = (ids.CHART_DETECTIONS, ids.CHART_DEATHS, ids.CHART_RISK, ids.CHART_SYRIA, ids.CHART_UKRAINE)


def register(app: Dash, data: DataStore, method_md: dict[str, str], topojson_url: str) -> None:
    """Wire the language store to every translatable output."""
    props = list(control_texts(data.prep(), "en"))

    @app.callback(
        Output({"type": ids.TEXT, "key": ALL, "at": ALL}, "children"),
        *[Output(*p.split(".")) for p in props],
        Output(ids.METHOD_TEXT, "children"),
        Output(ids.HEADLINES, "children"),
        Output(ids.SOURCES_PAGE, "children"),
        Output(ids.MAP, "config"),
        *[Output(g, "config") for g in GRAPHS],
        Input(ids.LANG_STORE, "data"),
        prevent_initial_call=True,
    )
    def relabel(lang):
        lang = lang if lang in method_md else "en"
        texts = [t(out["id"]["key"], lang) for out in ctx.outputs_list[0]]
        prep = data.prep()
        controls = control_texts(prep, lang)
        config = {**GRAPH_CONFIG, "locale": lang}
        return (
            texts, *[controls[p] for p in props], markdown_to_dash(method_md[lang]), build_headlines(prep, lang),
            build_sources_page(prep, lang, method_md[lang]),
            {**config, "topojsonURL": topojson_url, "scrollZoom": True}, *[config] * len(GRAPHS),
        )
