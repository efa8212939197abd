"""Everything that changes with the interface language, for one language."""

from __future__ import annotations

from dash import ctx

from core.served import Served
from core.text import known_lang, t
from layouts import ids
from layouts.cards import build_headlines
from layouts.charts import graph_ids
from layouts.page import control_texts, graph_config, map_config


def control_props(served: Served) -> tuple[str, ...]:
    """Every control property whose text depends on the language, as `component_id.property`."""
    return tuple(control_texts(served.prep, "en"))


def relabel_answer(served: Served, lang: object) -> dict:
    """Texts (in the order Dash lists the text spans), control options, headlines, graph configs."""
    lang = known_lang(lang)
    prep = served.prep
    return {
        "texts": [t(out["id"]["key"], lang) for out in ctx.outputs_grouping["texts"]],
        "controls": control_texts(prep, lang),
        "headlines": build_headlines(prep, lang),
        "configs": {g: map_config(lang, served.topojson_url) if g == ids.MAP else graph_config(lang)
                    for g in graph_ids()},
    }
