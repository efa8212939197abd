"""Interface text that follows the language switch: every visible word of the layouts is one of these spans."""

from __future__ import annotations

from dash import html

from core.text import t
from layouts import ids


def text(key: str, lang: str, tag=html.Span, at: str = "", **props) -> html.Div:
    """A piece of interface text (``at`` tells apart repeats of one key); callbacks/language.py re-labels it."""
    return tag(t(key, lang), id={"type": ids.TEXT, "key": key, "at": at}, **props)
