"""Added figures (a visitor's, a link's, the operator's) as figure pieces that can never pass for a publisher's.

Each file's series is its own dashed trace with an open-cross marker and its own legend entry naming the file and
"not checked"; hover text names the file too. Text from a file reaches plotly only escaped and only through
`customdata` (never inside a hover template, where `%{...}` would be read as a placeholder), so no markup in a file
is ever rendered.
"""

from __future__ import annotations

import html

import pandas as pd

from core.added_figures import NONE, AddedFigures
from core.prepared import Prepared
from core.text import fmt_number, t
from core.view import View

ADDED_COLOUR = "#444444"
ADDED_LINE = dict(color=ADDED_COLOUR, dash="dash", width=2.5)
ADDED_MARKER = dict(symbol="x-thin-open", size=11, line=dict(width=2, color=ADDED_COLOUR))


def plain(text: object) -> str:
    """Text from a file, safe inside plotly's pseudo-HTML: every `<`, `>` and `&` shown as itself."""
    return html.escape(str(text), quote=False)


def origin_label(origin: str, lang: str) -> str:
    """What kind of added figure it is, in the reader's words ("your figures, not checked", ...)."""
    return t(f"added.{origin}", lang)


def file_label(row: pd.Series | dict, lang: str) -> str:
    """`file.csv — your figures, not checked`, escaped."""
    return f"{plain(row['file'])} — {origin_label(row['origin'], lang)}"


def select(added: AddedFigures, scope: str, indicators: tuple[str, ...] | list[str],
           keys: tuple[str, ...] | list[str] | None = None, year: int | None = None) -> pd.DataFrame:
    """The added rows of one scope and some indicators (and keys, and a year), in file then key then year order."""
    if not added:
        return added.rows()
    rows = added.rows()
    mask = (rows["scope"] == scope) & rows["indicator"].isin(list(indicators))
    if keys is not None:
        mask &= rows["key"].isin(list(keys))
    if year is not None:
        mask &= rows["year"] == year
    return rows[mask].sort_values(["file_id", "key", "year"], kind="stable")


def series_traces(prep: Prepared, view: View, rows: pd.DataFrame, name_of, **axes) -> list[dict]:
    """One dashed trace per file and key (route or country) over the years."""
    if rows.empty:
        return []
    traces = []
    for (file_id, key, indicator), group in rows.groupby(["file_id", "key", "indicator"], sort=False):
        first = group.iloc[0]
        label = f"{plain(name_of(key, indicator))} · {file_label(first, view.lang)}"
        details = [f"{plain(p)}{' · ' + plain(n) if n else ''}" for p, n in zip(group["period"], group["note"])]
        traces.append(dict(
            type="scatter", x=group["year"].tolist(), y=group["value"].tolist(), name=label, legendgroup=file_id,
            mode="lines+markers", line=ADDED_LINE, marker=ADDED_MARKER,
            customdata=[[key, label, d] for d in details],
            hovertemplate="%{customdata[1]}<br>%{x}: %{y:,}<br>%{customdata[2]}<extra></extra>", **axes,
        ))
    return traces


def hover_lines(rows: pd.DataFrame, lang: str) -> str:
    """Added figures for one place and year, as hover lines (already escaped), or '' when there are none."""
    return "".join(f"<br>{fmt_number(r.value, lang)} ({plain(r.period)}) — {plain(r.file)}, "
                   f"{origin_label(r.origin, lang)}" for r in rows.itertuples())


__all__ = ["NONE", "ADDED_LINE", "hover_lines", "origin_label", "plain", "select", "series_traces"]
