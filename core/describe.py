"""A view in words: its title (year, routes, indicator), its key figure with the source, its sources and a citation.

Link previews (Open Graph and Twitter tags), `/view.json`, the server-drawn `/view.png` and the embed snippet all
say the same thing from here, in the view's language. Plain text only: whoever puts it into HTML escapes it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from core.added_figures import NONE
from core.export import used_sources, view_rows
from core.prepared import Prepared
from core.text import fmt_figure, t, when
from core.victims import INDICATOR as VICTIMS
from core.victims import count_words, release_words
from core.view import View


@dataclass(frozen=True)
class KeyFigure:
    """The one figure a preview leads with: what it measures, where and when, its value as its source words it."""

    label: str
    place: str
    when: str
    value: str
    source: str  # publisher, title

    def sentence(self, lang: str) -> str:
        return t("describe.figure", lang, label=self.label, place=self.place, when=self.when, value=self.value,
                 source=self.source)


def namer(prep: Prepared, lang: str) -> Callable[[str], str]:
    """A route, indicator or country id in the reader's words (for the link notices)."""

    def name(key: str) -> str:
        if key in prep.options.routes:
            return prep.route_name(key, lang)
        if key in prep.options.indicators:
            return prep.indicator(key, lang).label
        return prep.country_name(key, lang)

    return name


def routes_words(prep: Prepared, view: View) -> str:
    """"All routes", "no route", or the selected routes' names."""
    if set(view.routes) == set(prep.options.routes):
        return t("selection.all_routes", view.lang)
    if not view.routes:
        return t("selection.none", view.lang)
    return ", ".join(prep.route_name(r, view.lang) for r in view.routes)


def title(prep: Prepared, view: View) -> str:
    """"2016 · Central Mediterranean · Sea arrivals (UNHCR)": the year, the routes and the map's indicator."""
    return " · ".join([str(view.year), routes_words(prep, view), prep.indicator(view.indicator, view.lang).label])


def key_figure(prep: Prepared, view: View) -> KeyFigure | None:
    """The map's figure for the first selected country that has one; else the first selected route's volume that
    year; else the largest figure the map shows. None when the view shows no figure at all."""
    lang = view.lang
    sources = prep.sources_in(lang)
    if view.indicator == VICTIMS:
        return _victims_figure(prep, view, sources)
    cy = prep.bundle.country_year
    shown = cy[(cy["indicator"] == view.indicator) & (cy["year"] == view.year)]
    picked = shown[shown["iso3"].isin(view.countries)]
    if picked.empty:
        vol = prep.volumes.reset_index()
        vol = vol[(vol["year"] == view.year) & vol["route_id"].isin(view.routes)]
        if not vol.empty:
            # Detections before a corridor's stock of people: the two are different measures, never ranked together.
            row = vol.assign(other=vol["indicator"] != "detections").sort_values(
                ["other", "value"], ascending=[True, False]).iloc[0]
            return KeyFigure(prep.indicator(row["indicator"], lang).label, prep.route_name(row["route_id"], lang),
                             when(view.year, {row["period"]}, lang), fmt_figure(row["value"], row["confidence"], lang),
                             _source(sources, row["source_id"]))
        picked = shown.sort_values("value", ascending=False)
    if picked.empty:
        return None
    row = picked.iloc[0]
    return KeyFigure(prep.indicator(view.indicator, lang).label, prep.country_name(row["iso3"], lang),
                     when(view.year, {row["period"]}, lang), fmt_figure(row["value"], row["confidence"], lang),
                     _source(sources, row["source_id"]))


def _victims_figure(prep: Prepared, view: View, sources) -> KeyFigure | None:
    """Detected victims in the first selected country with a figure that year, else in the country with the most;
    a censored cell reads "fewer than 5", and the release date goes with the source."""
    victims = prep.victims
    cells = {iso: victims.total(iso, view.year) for iso in prep.bundle.countries["iso3"]}
    cells = {iso: c for iso, c in cells.items() if c is not None}
    picked = next((iso for iso in view.countries if iso in cells), None)
    if picked is None:
        counted = {iso: c.value for iso, c in cells.items() if not c.censored}
        picked = max(counted, key=lambda iso: counted[iso]) if counted else None
    if picked is None:
        return None
    cell = cells[picked]
    return KeyFigure(prep.indicator(VICTIMS, view.lang).label, prep.country_name(picked, view.lang), str(view.year),
                     count_words(cell.value, cell.censored, view.lang),
                     f"{_source(sources, victims.source_id)} ({release_words(victims.release, view.lang)})")


def description(prep: Prepared, view: View) -> str:
    """The preview's description: the key figure with its source, or what the view shows when it has none."""
    figure = key_figure(prep, view)
    return figure.sentence(view.lang) if figure else t("describe.none", view.lang, title=title(prep, view))


def sources(prep: Prepared, view: View) -> list[dict[str, str]]:
    """Every source the view's figures come from (as in its CSV), with publisher, title, URL, date and licence."""
    ids = used_sources(view_rows(prep, view, NONE))
    frame = prep.sources_in(view.lang)
    return [{"source_id": i, "publisher": frame.loc[i, "publisher"], "title": frame.loc[i, "title"],
             "url": frame.loc[i, "url"], "refers_to": frame.loc[i, "refers_to"], "licence": frame.loc[i, "licence"]}
            for i in ids if i in frame.index]


def citation(prep: Prepared, view: View, link: str, accessed: str) -> str:
    """How to cite the view: the dashboard, the view's title and link, the publishers, the date it was read."""
    publishers = ", ".join(dict.fromkeys(s["publisher"] for s in sources(prep, view)))
    return t("describe.citation", view.lang, title=title(prep, view), link=link, publishers=publishers,
             accessed=accessed)


def _source(sources, source_id: str) -> str:
    if source_id not in sources.index:
        return source_id
    return f"{sources.loc[source_id, 'publisher']}, {sources.loc[source_id, 'title']}"
