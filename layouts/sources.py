"""The "Sources and method" page: every dataset with its publisher, licence, the dates its figures refer to, its
caveats and how many rows of each table it backs; the risk method; the boundary position."""

from __future__ import annotations

import dataclasses
import re

import pandas as pd
from dash import dcc, html

from core.prepared import Prepared
from core.text import fmt_date, t
from layouts import ids
from layouts.markdown import markdown_to_dash
from layouts.text import text


def figure_tables(bundle) -> tuple[str, ...]:
    """Every table of the bundle whose rows name a source (all but the source list itself): the page counts the
    rows each source backs in each of them, so no table can be left out of the count."""
    return tuple(f.name for f in dataclasses.fields(bundle) if f.name != "sources"
                 and isinstance(getattr(bundle, f.name), pd.DataFrame) and "source_id" in getattr(bundle, f.name))


# What a reader must know of the finer tables beyond the publisher's own caveat, in the page's language.
TABLE_CAVEATS = {"incidents": "legend.incidents.note", "route_nationality": "sources.caveat.detections",
                 "asylum_origin": "sources.caveat.asylum", "victims": "sources.caveat.victims"}


# Markdown's punctuation, and an underscore at a word's edge (inside a word, as in a source id, it is plain text).
_MARKDOWN = re.compile(r"([\\`*\[\]<>#|~&]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9]))")


_ADDRESS = re.compile(r"(https?://[^\s<>()]+[^\s<>().,;:])")


def _md(value: object) -> str:
    """Text as Markdown that shows it as it is: its punctuation escaped, its line breaks spaces (never markup), and
    each web address a link whose text is the whole address."""
    parts = _ADDRESS.split(" ".join(str(value).split()))
    return "".join(f"<{part}>" if i % 2 else _MARKDOWN.sub(r"\\\1", part) for i, part in enumerate(parts))


def build_sources_frame(lang: str) -> list:
    """What the page always holds: its title and the link back (whose address follows the view, so it must be in
    the page from the start); the content comes with build_sources_page while the page shows."""
    return [
        text("sources", lang, html.H2, at="page"),
        dcc.Link(text("sources.back", lang), href="/", id=ids.BACK_LINK, className="button"),
        html.Div(id=ids.SOURCES_CONTENT, children=[]),
    ]


def build_sources_page(prep: Prepared, lang: str, method_md: str) -> list:
    """The page's content for ``lang``: every source's words in that language, its title in its own.

    Each source's details are one Markdown block, not a tree of components: the Dash renderer's cost grows with the
    number of components, and the page's 81 sources as 1,500 components took the browser 8-46 s to show (2 cores)."""
    b = prep.bundle
    used = {name: getattr(b, name)["source_id"].value_counts() for name in figure_tables(b)}
    items = []
    for s in prep.sources_in(lang).itertuples():
        counts = [f"{t(f'table.{table}', lang)}: {int(c[s.Index])}" for table, c in used.items() if s.Index in c.index]
        fields = [
            (t("sources.id", lang), f"`{s.Index}`"),
            (t("sources.refers_to", lang), _md(s.refers_to)),
            (t("sources.published", lang), _md(fmt_date(s.published, lang))),
            (t("sources.licence", lang), _md(s.licence)),
            *([(t("sources.via", lang), _md(s.via))] if s.via else []),
            *([(t("sources.caveat", lang), _md(s.caveat))] if s.caveat else []),
            *[(f"{t('sources.caveat', lang)} ({t(f'table.{table}', lang)})", _md(t(key, lang)))
              for table, key in TABLE_CAVEATS.items() if s.Index in used[table].index],
            (t("sources.rows", lang), _md(", ".join(counts) or "—")),
        ]
        items.append(html.Article(id=f"source-{s.Index}", className="source", children=[
            # The publisher in the reader's language; the title stays the source's own (English) title, marked as such.
            html.H3([html.Span(s.publisher), " — ", html.A(s.title, href=s.url, target="_blank",
                                                          rel="noopener noreferrer", lang="en")]),
            dcc.Markdown("\n".join(f"- **{_md(label)}:** {value}" for label, value in fields), link_target="_blank"),
        ]))
    return [
        html.P(t("sources.intro", lang)),
        html.H2(t("sources.confidence", lang)),
        html.P(t("sources.confidence.text", lang)),
        html.H2(t("sources.boundaries", lang)),
        html.P(t("disclaimer", lang)),
        html.H2(t("method", lang)),
        markdown_to_dash(method_md),
        html.H2(t("sources.list", lang, n=len(items))),
        *items,
    ]
