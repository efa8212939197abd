"""Callback wiring: each module exposes `register(app, served)` and its callbacks only parse their inputs, call one
function from `answers/` (or `state/`, `figures/`, `layouts/`), and return its result. `register_all` wires them all.
"""

from __future__ import annotations

from dash import Dash

from core.served import Served


def register_all(app: Dash, served: Served) -> None:
    """Every callback of the dashboard, on ``app`` (never global: a second app in one process gets its own)."""
    from callbacks import client, figures, language, own_figures, pages, view

    for module in (view, figures, client, language, pages, own_figures):
        module.register(app, served)
