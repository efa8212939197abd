"""Callback wiring: each module exposes `register(app, served)` (the two that draw figures also take the shared
figure cache) and its callbacks only parse their inputs, call one function from `answers/`, and return its result.
`register_all` wires them all.
"""

from __future__ import annotations

from dash import Dash

from answers.figures import FigureAnswers
from core.served import Served


def register_all(app: Dash, served: Served, drawn: FigureAnswers) -> None:
    """Every callback of the dashboard, on ``app`` (never global: a second app in one process gets its own);
    ``drawn`` is the figure cache the view callback (the map) and the charts' callback share."""
    from callbacks import added_figures, client, figures, language, pages, view

    view.register(app, served, drawn)
    figures.register(app, served, drawn)
    for module in (client, language, pages, added_figures):
        module.register(app, served)
