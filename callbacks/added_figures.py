"""A visitor's own figures: add a file, remove them all, make a link that carries them, and say which added
figures the page shows. Nothing here writes on the server: the figures live in the visitor's browser."""

from __future__ import annotations

from dash import Dash, Input, Output, State, ctx

from answers.added_figures import added_note, figures_action
from core.served import Served
from layouts import ids


def register(app: Dash, served: Served) -> None:
    """Upload, remove, link, and the note on added figures."""

    # One callback writes the visitor's figures and the report on them: adding, removing and linking each change the
    # one report line the visitor reads, so they are one writer, told apart by what triggered it.
    @app.callback(
        output={"visitor": Output(ids.VISITOR_FIGURES, "data"), "report": Output(ids.UPLOAD_REPORT, "children"),
                "fragment": Output(ids.FIGURES_FRAGMENT, "data")},
        inputs={"contents": Input(ids.UPLOAD, "contents"), "remove": Input(ids.REMOVE_VISITOR_FIGURES, "n_clicks"),
                "link": Input(ids.LINK_WITH_FIGURES, "n_clicks"), "name": State(ids.UPLOAD, "filename"),
                "visitor": State(ids.VISITOR_FIGURES, "data"), "lang": State(ids.LANG_STORE, "data")},
        prevent_initial_call=True,
    )
    def visitor_figures(contents, remove, link, name, visitor, lang):
        return figures_action(served, ctx.triggered_id, contents, name, visitor, lang)

    @app.callback(Output(ids.ADDED_NOTE, "children"), Output(ids.ADDED_NOTE, "hidden"),
                  Input(ids.VISITOR_FIGURES, "data"), Input(ids.FROM_LINK, "data"), Input(ids.LANG_STORE, "data"))
    def note(visitor, link, lang):
        return added_note(served, visitor, link, lang)
