"""The map's and the charts' answers: each figure rebuilt (memoised) for the view the browser drew and for the view
it should draw, and only the differences sent as a `Patch`.

A chart depends only on some parts of the view (its `depends` in layouts/charts.py), so a weight change rebuilds the
risk chart alone and the other charts answer "no update". Caches are keyed on frozen values: the view's parts and
the added figures (named by their digest); the data is fixed for the life of the process and named by
`Served.version`.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from dash import no_update

from answers.patch import as_json, children_update, figure_update
from core.added_figures import NONE, AddedFigures
from core.served import Served
from core.view import View, default_view, join_query, parse
from figures import charts, flows
from figures.incidents import incident_traces, show
from figures.map import map_figure
from layouts import charts as chart_table
from layouts import ids
from layouts.cards import build_year_cards
from layouts.legend import build_map_legend
from layouts.table import figure_table

# Views of the shipped chart table (layouts/charts.py), for the tests and the benchmark's baseline; FigureAnswers
# reads the table itself when it is built.
CHART_BUILDERS = {c.graph_id: c.build for c in chart_table.CHARTS}
DEPENDS = {c.graph_id: c.depends for c in chart_table.CHARTS}  # a test checks that nothing else changes a chart
# Charts that show the year only as their year line: built once per other part, then the line moved (mark_year);
# tests/test_figures.py checks the result equals building them for the year.
YEAR_MARKED = frozenset(c.graph_id for c in chart_table.CHARTS if c.year_marked)
FIGURE_PARTS = ("year", "routes", "indicator", "countries", "weights", "lang", "months", "incidents", "nationality",
                "flows")
# All the map's legend shows (layouts/legend.py): routes for the incidents not drawn on them; the flows layer's counts
# follow the routes, countries and nationality.
LEGEND_PARTS = ("year", "indicator", "lang", "months", "incidents", "flows", "routes", "nationality", "countries")
CACHE_SIZE = 512  # figures per process; a figure dict is a few KB


def figures_part(view: View) -> View:
    """What the figures show: the view without mode, scene and map position."""
    return View(**{name: getattr(view, name) for name in FIGURE_PARTS})


def map_part(view: View) -> View:
    """What the map shows: the figures' part plus the map's centre and zoom."""
    return replace(figures_part(view), center=view.center, zoom=view.zoom)


def content_of(parts: dict[str, str], served: Served) -> dict:
    """The content store, from the view's serialised parts (`core.view.query_parts`): the map's part of the view as
    a query, and the figures' part alone, so a pan that changes only the map's position updates nothing."""
    return {"query": map_query(parts), "figures": join_query(parts, mode=None, scene=None, center=None, zoom=None),
            "data": served.version}


def map_query(parts: dict[str, str]) -> str:
    """The query of what the map shows (`map_part`), from the view's serialised parts."""
    return join_query(parts, mode=None, scene=None)


class ViewMemo:
    """The views this process has read or written, by query: the view a figure callback reads from the content
    store, or the one its figures were drawn for, was usually written by this process a moment before, so it is
    not parsed again. Bounded: cleared when full (a view is a few hundred bytes)."""

    def __init__(self, served: Served, size: int) -> None:
        self.options, self.size, self.views = served.prep.options, size, {}

    def get(self, query: str) -> View:
        view = self.views.get(query)
        if view is None:
            view = self.put(query, parse(query, self.options)[0])
        return view

    def put(self, query: str, view: View) -> View:
        if len(self.views) >= self.size:
            self.views = {}  # a fresh dict, never cleared under another thread's read
        self.views[query] = view
        return view


def has_view(content: object) -> bool:
    """Whether a content store holds a view yet (it is empty until the view callback's first answer)."""
    return isinstance(content, dict) and isinstance(content.get("query"), str)


class FigureAnswers:
    """Memoised figure builders for one Served; answers for the map callback and the charts callback."""

    def __init__(self, served: Served) -> None:
        self.served = served
        self.charts = {c.graph_id: c for c in chart_table.CHARTS}  # the chart table as this app was built with it
        prep, url = served.prep, served.geojson_url
        # The incident layer of every year and route is built once per language (years view) or month range.
        self.incidents_for = lru_cache(maxsize=CACHE_SIZE)(lambda view: incident_traces(prep, view))
        # The flows layer of every year for the view's routes, countries and nationality (when they are few), else
        # of the view's year alone.
        self.flows_every = lru_cache(maxsize=CACHE_SIZE)(lambda view: flows.all_years(prep, view))
        self.flows_one = lru_cache(maxsize=CACHE_SIZE)(lambda view: flows.flow_traces(prep, view))
        self.map_for = lru_cache(maxsize=CACHE_SIZE)(lambda view, added: map_figure(
            prep, view, url, added, show(self.incidents_for(self._incidents_part(view)), view),
            self._flows(view)))
        self.legend_for = lru_cache(maxsize=CACHE_SIZE)(lambda view: build_map_legend(prep, view))
        self.legend_json = lru_cache(maxsize=CACHE_SIZE)(lambda view: as_json(self.legend_for(view)))
        self.chart_base = lru_cache(maxsize=CACHE_SIZE)(
            lambda graph_id, view, added: self.charts[graph_id].build(prep, view, added))
        self.chart_for = lru_cache(maxsize=CACHE_SIZE)(self._chart)
        self.cards_for = lru_cache(maxsize=CACHE_SIZE)(lambda view: build_year_cards(prep, view))
        self.views = ViewMemo(served, CACHE_SIZE)

    def _chart(self, graph_id: str, view: View, added: AddedFigures) -> dict:
        if not self.charts[graph_id].year_marked:
            return self.chart_base(graph_id, view, added)
        base = self.chart_base(graph_id, replace(view, year=default_view(self.served.prep.options).year), added)
        return charts.mark_year(base, view.year)

    def view_of(self, content: object) -> View:
        """The view in a content (or drawn) store, parsed once; the default view for anything else."""
        query = content.get("query") if isinstance(content, dict) else None
        return self.views.get(query) if isinstance(query, str) else default_view(self.served.prep.options)

    def drawn(self, stored: object) -> View | None:
        """The view the browser's figures were drawn for, if drawn from the data this process serves."""
        if isinstance(stored, dict) and stored.get("data") == self.served.version:
            return self.view_of(stored)
        return None

    def stamp(self, query: str) -> dict:
        """The drawn store's record of the view a figure shows: its content query, and the data it was drawn from."""
        return {"query": query, "data": self.served.version}

    def map_answer(self, content: object, drawn: object, added: AddedFigures) -> dict:
        """The map for a content store (the view callback draws the map itself; this answers when only the added
        figures changed): always the whole figure, since the view callback may have patched it meanwhile; nothing
        before the first view is known (a stored figure set arriving at page load must not draw the default view
        over the link's)."""
        if not has_view(content):
            return {"figure": no_update, "legend": no_update, "drawn": no_update}
        return self.map_update(self.view_of(content), content["query"], None, added)

    def map_update(self, view: View, query: str, drawn: object, added: AddedFigures) -> dict:
        """The map's figure (whole, a Patch against what was drawn, or no update), its legend (when what it shows
        changed) and the drawn store; ``query`` is the map's part of the view as a query (`map_query`)."""
        view = self.views.put(query, map_part(view))
        before = self.drawn(drawn)
        old_added = self._drawn_added(drawn, added)
        old = None if before is None or old_added is None else self.map_for(before, old_added)
        update = figure_update(old, self.map_for(view, added))
        legend = self._legend_part(view)
        legend_update = children_update(None if before is None else self.legend_json(self._legend_part(before)),
                                        self.legend_json(legend), self.legend_for(legend))
        return {"figure": no_update if update is None else update,
                "legend": no_update if legend_update is None else legend_update,
                "drawn": {**self.stamp(query), "added": added.digest}}

    def _legend_part(self, view: View) -> View:
        # The routes and the nationality matter to the legend only through the flows layer's counts.
        parts = LEGEND_PARTS if view.flows else tuple(f for f in LEGEND_PARTS
                                                       if f not in ("routes", "nationality", "countries"))
        return replace(default_view(self.served.prep.options), **{f: getattr(view, f) for f in parts})

    def charts_answer(self, content: object, presses: list, drawn: object, added: AddedFigures,
                      toggled: str | None) -> dict:
        """Every chart's update, the tables that are open, the year cards and the drawn store; nothing before the
        first view is known."""
        if not has_view(content):
            return {"figures": dict.fromkeys(self.charts, no_update), "tables": dict.fromkeys(self.charts, no_update),
                    "cards": no_update, "drawn": no_update}
        view, before = figures_part(self.view_of(content)), self.drawn(drawn)
        before = None if before is None else figures_part(before)
        old_added = self._drawn_added(drawn, added)
        figures, tables = {}, {}
        for graph_id, pressed in zip(self.charts, presses):
            new = self.chart_for(graph_id, self._part(graph_id, view), added)
            old = (None if before is None or old_added is None
                   else self.chart_for(graph_id, self._part(graph_id, before), old_added))
            update = figure_update(old, new)
            figures[graph_id] = no_update if update is None else update
            # A table is built only while its toggle is on (an odd number of presses), so closed ones cost nothing.
            is_open = isinstance(pressed, int) and pressed % 2 == 1
            fresh = toggled == ids.TABLE_TOGGLE.format(graph_id) or (is_open and update is not None)
            tables[graph_id] = (figure_table(new, view.lang) if is_open else None) if fresh else no_update
        cards = self.cards_for(self._cards_part(view)) if before != view else no_update
        return {"figures": figures, "tables": tables, "cards": cards,
                "drawn": {**self.stamp(content["query"]), "added": added.digest}}

    def _incidents_part(self, view: View) -> View:
        """What the incident layer's traces hold: its language, and with a month range the range and the routes
        (the years view draws every year and route, and shows the view's)."""
        base = default_view(self.served.prep.options)
        if not view.months:
            return replace(base, lang=view.lang, incidents=view.incidents)
        return replace(base, routes=view.routes, lang=view.lang, incidents=view.incidents, months=view.months,
                       year=view.year)

    def _flows(self, view: View) -> list[dict]:
        """The flows layer's traces: every year's with the view's shown (a year step flips `visible` flags), or,
        when every year's would be too many, the view's year's alone."""
        part = replace(default_view(self.served.prep.options), routes=view.routes, countries=view.countries,
                       nationality=view.nationality, lang=view.lang, flows=view.flows)
        every = self.flows_every(part)
        return flows.show(every, view) if every else self.flows_one(replace(part, year=view.year))

    def _cards_part(self, view: View) -> View:
        return replace(default_view(self.served.prep.options), year=view.year, lang=view.lang)

    def _part(self, graph_id: str, view: View) -> View:
        base = default_view(self.served.prep.options)
        return replace(base, **{f: getattr(view, f) for f in self.charts[graph_id].depends})

    def _drawn_added(self, drawn: object, added: AddedFigures) -> AddedFigures | None:
        """The added figures the browser's figures were drawn with, when they can be rebuilt here (the same as now,
        none, or the operator's alone); None otherwise, and the browser then gets whole figures."""
        digest = drawn.get("added") if isinstance(drawn, dict) else None
        known = {a.digest: a for a in (NONE, self.served.operator, added)}
        return known.get(digest) if isinstance(digest, str) else None
