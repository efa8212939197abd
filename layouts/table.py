"""A chart's numbers as an HTML table: the text alternative behind every chart's "Show the numbers" toggle."""

from __future__ import annotations

import html as entities
import math

from dash import html

from core.text import fmt_number


def figure_table(fig: dict, lang: str) -> html.Table | html.P:
    """One row per category (year or route), one column per named trace; blank where a trace has no value."""
    columns: list[str] = []
    cells: dict[object, dict[str, object]] = {}
    panels: dict[tuple[str, str], str] = {}  # (trace name, y axis) -> its column
    for trace in fig["data"]:
        title = entities.unescape(trace["name"]) if isinstance(trace.get("name"), str) else None
        if not title or trace.get("mode") == "text" or trace.get("x") is None or trace.get("y") is None:
            continue
        horizontal = trace.get("orientation") == "h"
        keys, values = (trace["y"], trace["x"]) if horizontal else (trace["x"], trace["y"])
        meta = trace.get("meta")
        if isinstance(meta, dict) and isinstance(meta.get("table"), list):
            values = meta["table"]  # what the bars cannot say ("fewer than 5"), as words
        # A route's later-release markers (drawn apart from its line) are the same series' column, other years.
        same = panels.get((title, trace.get("yaxis", "y")))
        if same is not None and not any(same in cells.get(key, {}) for key in keys):
            for key, value in zip(keys, values):
                cells.setdefault(key, {})[same] = value
            continue
        name = title if title not in columns else f"{title} ({len(columns) + 1})"
        panels.setdefault((title, trace.get("yaxis", "y")), name)
        columns.append(name)
        for key, value in zip(keys, values):
            cells.setdefault(key, {})[name] = value
    if not columns:
        annotations = fig["layout"].get("annotations")
        return html.P(annotations[0]["text"] if annotations else "")
    return html.Table(className="data-table", children=[
        html.Thead(html.Tr([html.Th(""), *[html.Th(c, scope="col") for c in columns]])),
        html.Tbody([
            html.Tr([html.Th(str(key), scope="row"), *[html.Td(_cell(row.get(c), lang)) for c in columns]])
            for key, row in cells.items()
        ]),
    ])


def _cell(value: object, lang: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float) and not value.is_integer():
        return fmt_number(value, lang, decimals=1)
    return fmt_number(float(value), lang) if isinstance(value, int | float) else str(value)
