"""The one callback that owns the view: queued events in, the view and everything that shows it out."""

from __future__ import annotations

from dash import Dash, Input, Output, State

from answers.figures import FigureAnswers
from answers.view import CONTROL_IDS, view_answer
from core.served import Served
from layouts import ids


def register(app: Dash, served: Served, figures: FigureAnswers | None) -> None:
    """Events (queued in the browser, see assets/dashboard.js) advance the view; controls are its projections; the
    map is drawn in the same answer."""

    @app.callback(
        output={
            # The map's other writer is callbacks/figures.py's update_map, which redraws it when only the added
            # figures change. This one draws it in the same answer as the scene title and the controls, so that a
            # projector shows them together after one round trip per key press.
            "map": Output(ids.MAP, "figure", allow_duplicate=True),
            "map_legend": Output(ids.MAP_LEGEND, "children", allow_duplicate=True),
            "map_drawn": Output(ids.MAP_DRAWN, "data", allow_duplicate=True),
            "view": Output(ids.VIEW, "data"), "content": Output(ids.CONTENT, "data"),
            "controls": {name: Output(cid, "value") for name, cid in CONTROL_IDS.items()},
            "notice": Output(ids.NOTICE_TEXT, "children"), "notice_hidden": Output(ids.NOTICE, "hidden"),
            "present": Output(ids.PRESENT, "children"), "lang": Output(ids.LANG_STORE, "data"),
            "banner": Output(ids.SCENE_BANNER, "children"),
        },
        inputs={"events": Input(ids.EVENTS, "data"), "stored": State(ids.VIEW, "data"),
                "lang": State(ids.LANG_STORE, "data"), "drawn": State(ids.MAP_DRAWN, "data"),
                "visitor": State(ids.VISITOR_FIGURES, "data"), "link": State(ids.FROM_LINK, "data")},
        prevent_initial_call=True,  # the first event (the link) arrives with the page's first recorder call
    )
    def advance_view(events, stored, lang, drawn, visitor, link):
        return view_answer(served, stored, events, lang, figures, drawn, served.added(visitor, link))
