"""Re-label the page when the language changes: every text span, every control's options, the headline cards and
plotly's own locale (the sources page and the method's text are built in the language when shown, callbacks/pages.py).
Fires only on a language change, never on a year step."""

from __future__ import annotations

from dash import ALL, Dash, Input, Output

from answers.language import control_props, relabel_answer
from core.served import Served
from layouts import ids
from layouts.charts import graph_ids


def register(app: Dash, served: Served) -> None:
    """Wire the language store to every translatable output."""

    @app.callback(
        output={
            "texts": Output({"type": ids.TEXT, "key": ALL, "at": ALL}, "children"),
            "controls": {p: Output(*p.split(".")) for p in control_props(served)},
            "headlines": Output(ids.HEADLINES, "children"),
            "configs": {g: Output(g, "config") for g in graph_ids()},
        },
        inputs={"lang": Input(ids.LANG_STORE, "data")},
        prevent_initial_call=True,
    )
    def relabel(lang):
        return relabel_answer(served, lang)
