"""A visitor's own figures: add a file, remove them all, make a link that carries them, and say which added
figures the page shows. Nothing here writes on the server: the figures live in the visitor's browser."""

from __future__ import annotations

from dash import Dash, Input, Output, State

from answers.added_figures import added_note, link_answer, upload_answer
from core.served import Served
from core.text import t
from layouts import ids


def register(app: Dash, served: Served) -> None:
    """Upload, remove, link, and the note on added figures."""

    @app.callback(
        output={"visitor": Output(ids.VISITOR_FIGURES, "data", allow_duplicate=True),
                "report": Output(ids.UPLOAD_REPORT, "children")},
        inputs={"contents": Input(ids.UPLOAD, "contents"), "name": State(ids.UPLOAD, "filename"),
                "visitor": State(ids.VISITOR_FIGURES, "data"), "lang": State(ids.LANG_STORE, "data")},
        prevent_initial_call=True,
    )
    def add_file(contents, name, visitor, lang):
        return upload_answer(served, contents, name, visitor, lang)

    @app.callback(Output(ids.VISITOR_FIGURES, "data"), Output(ids.UPLOAD_REPORT, "children", allow_duplicate=True),
                  Input(ids.REMOVE_VISITOR_FIGURES, "n_clicks"), State(ids.LANG_STORE, "data"),
                  prevent_initial_call=True)
    def remove_visitor_figures(n_clicks, lang):
        return None, t("added.removed", lang if isinstance(lang, str) else "en")

    @app.callback(
        output={"fragment": Output(ids.FIGURES_FRAGMENT, "data"),
                "message": Output(ids.UPLOAD_REPORT, "children", allow_duplicate=True)},
        inputs={"clicks": Input(ids.LINK_WITH_FIGURES, "n_clicks"), "visitor": State(ids.VISITOR_FIGURES, "data"),
                "lang": State(ids.LANG_STORE, "data")},
        prevent_initial_call=True,
    )
    def link_with_figures(clicks, visitor, lang):
        return link_answer(served, visitor, lang)

    @app.callback(Output(ids.ADDED_NOTE, "children"), Output(ids.ADDED_NOTE, "hidden"),
                  Input(ids.VISITOR_FIGURES, "data"), Input(ids.FROM_LINK, "data"), Input(ids.LANG_STORE, "data"))
    def note(visitor, link, lang):
        return added_note(served, visitor, link, lang)
