"""The one callback that owns the view: queued events in, the view and everything that shows it out."""

from __future__ import annotations

from dash import Dash, Input, Output, State

from answers.view import CONTROLS, view_answer
from core.served import Served
from layouts import ids


def register(app: Dash, served: Served) -> None:
    """Events (queued in the browser, see assets/dashboard.js) advance the view; controls are its projections."""

    @app.callback(
        output={
            "view": Output(ids.VIEW, "data"), "content": Output(ids.CONTENT, "data"),
            "controls": {name: Output(cid, "value") for name, cid in CONTROLS.items()},
            "notice": Output(ids.NOTICE_TEXT, "children"), "notice_hidden": Output(ids.NOTICE, "hidden"),
            "present": Output(ids.PRESENT, "children"), "lang": Output(ids.LANG_STORE, "data"),
            "banner": Output(ids.SCENE_BANNER, "children"),
        },
        inputs={"events": Input(ids.EVENTS, "data"), "stored": State(ids.VIEW, "data"),
                "lang": State(ids.LANG_STORE, "data")},
    )
    def advance_view(events, stored, lang):
        return view_answer(served, stored, events, lang)
