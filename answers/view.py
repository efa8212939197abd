"""The view callback's answer: replay the queued events onto the stored view, then say what changed.

Controls are projections of the view. The answer sets a control only where the view's value differs from what the
control showed, that is from the last value the control itself reported in these events (or, without one, from the
stored view): so an answer never pulls a slider back under a finger that has moved it further since, and the
browser's recorder ignores a control change that equals the view (assets/dashboard.js), so setting a control never
comes back as an event.

The notice about a link's problems knows which parts of the view each problem is about: the view store keeps the
link and the parts still in question, and once the reader changes such a part (the year it said was ignored, say),
that problem leaves the notice; the notice goes when none is left (or when the reader closes it).
"""

from __future__ import annotations

from dash import html, no_update

from answers.figures import FigureAnswers, content_of, figures_part, map_query
from core.added_figures import NONE, AddedFigures
from core.advance import MAX_SEQ, Outcome, decode_events, layer_of, replay
from core.describe import namer, title
from core.prepared import Prepared
from core.risk import WEIGHT_NAMES
from core.served import Served
from core.text import t
from core.view import Options, Problem, View, default_view, join_query, parse, query_parts
from layouts import ids
from layouts.cards import build_scene_banner
from layouts.charts import chart_ids

# Each control the browser's recorder names (core/advance.py's CONTROLS, and the layer, scene and language
# switches, whose events have kinds of their own) -> its component id; each control's `value` shows the view.
CONTROL_IDS = {
    "year": ids.YEAR, "routes": ids.ROUTES, "indicator": ids.INDICATOR, "countries": ids.COUNTRIES,
    **{f"weight.{n}": ids.WEIGHT.format(n) for n in WEIGHT_NAMES},
    "layer": ids.LAYER, "scene": ids.SCENE, "lang": ids.LANG,
    "grain": ids.GRAIN, "months-from": ids.MONTHS_FROM, "months-to": ids.MONTHS_TO, "incidents": ids.INCIDENTS,
    "nationality": ids.NATIONALITY, "flows": ids.FLOWS,
}
NOTICE_FIELDS = ("year", "routes", "indicator", "countries", "weights", "lang", "mode", "scene", "center", "zoom",
                 "months", "incidents", "nationality", "flows")
MAX_LINK = 4000  # characters of a link the view store keeps to say its problems again


def stored_view(stored: object, options: Options) -> tuple[View, int, bool]:
    """The view the browser holds, the last event number applied to it, and whether there was one at all."""
    query = stored.get("query") if isinstance(stored, dict) else None
    seq = stored.get("seq") if isinstance(stored, dict) else None
    if not isinstance(query, str):
        return default_view(options), 0, False
    applied = seq if isinstance(seq, int) and not isinstance(seq, bool) and 0 <= seq < MAX_SEQ else 0
    return parse(query, options)[0], applied, True


def control_values(view: View, options: Options) -> dict[str, object]:
    """What each control shows for a view."""
    return {
        "year": view.year, "routes": list(view.routes), "indicator": view.indicator,
        "countries": list(view.countries), **{f"weight.{n}": w for n, w in zip(WEIGHT_NAMES, view.weights)},
        "layer": layer_of(view, options), "scene": view.scene, "lang": view.lang,
        "grain": "months" if view.months else "years",
        "months-from": view.months[0] if view.months else None, "months-to": view.months[1] if view.months else None,
        "incidents": ["on"] if view.incidents else [], "nationality": view.nationality,
        "flows": ["on"] if view.flows else [],
    }


def view_answer(served: Served, stored: object, events: object, lang_shown: object = None,
                figures: FigureAnswers | None = None, map_drawn: object = None, added: AddedFigures = NONE) -> dict:
    """Every output of the view callback, by name (see callbacks/view.py). The map comes in the same answer as the
    scene title, so on a projector they change together and a key press costs one round trip, not two."""
    prep, options = served.prep, served.prep.options
    before, applied, known = stored_view(stored, options)
    queued = decode_events(events)
    outcome = replay(before, applied, queued, options)
    view = outcome.view
    controls = control_values(view, options)
    # What each control shows now: its own last report if it sent one, else the stored view's value.
    shown = {**control_values(before, options), **{e.name: e.value for e in queued if e.name in CONTROL_IDS
                                                  and e.kind in ("control", "layer", "scene", "lang")}}
    same_content = known and figures_part(before) == figures_part(view)
    banner_same = known and banner_key(before) == banner_key(view)
    parts = query_parts(view, options)  # the view serialised once; every query below is joined from its parts
    draw = figures is not None and not same_content
    drawn_map = (figures.map_update(view, map_query(parts), map_drawn, added) if draw
                 else {"figure": no_update, "legend": no_update, "drawn": no_update})
    text, hidden, about = notice_part(prep, outcome, before, stored)
    return {
        "map": drawn_map["figure"], "map_legend": drawn_map["legend"], "map_drawn": drawn_map["drawn"],
        "view": {"query": join_query(parts), "seq": outcome.seq, "mode": view.mode, "lang": view.lang,
                 "controls": controls, "notice": about, "charts": promised_charts(prep, view),
                 **embed_queries(served, view, parts)},
        "content": no_update if same_content else content_of(parts, served),
        "controls": {k: controls[k] if not known or controls[k] != shown[k] else no_update for k in CONTROL_IDS},
        "notice": text, "notice_hidden": hidden,
        "present": t("explore", view.lang) if view.mode == "present" else t("present", view.lang),
        # Re-labelling the page is costly: only when the language shown is not the view's.
        "lang": no_update if view.lang == lang_shown else view.lang,
        # Redrawing the banner on every pan would make screen readers announce it again.
        "banner": no_update if banner_same else build_scene_banner(prep, view),
    }


def promised_charts(prep: Prepared, view: View) -> list[str]:
    """The charts the scene's caption promises (data/scenes.csv `charts`), shown beside the map in presenter mode
    (assets/dashboard.js); none outside presenter mode, where every chart shows."""
    if view.mode != "present" or not view.scene:
        return []
    found = prep.bundle.scenes.loc[prep.bundle.scenes["scene_id"] == view.scene, "charts"]
    named = found.iloc[0] if len(found) and isinstance(found.iloc[0], str) else ""
    return [c for c in named.split() if c in chart_ids()]


def banner_key(view: View) -> tuple:
    """What the scene banner shows: in presenter mode the year and its figures too, so a year step redraws it."""
    return (view.scene, view.lang, view.mode) + ((view.year, view.months) if view.mode == "present" else ())


def embed_queries(served: Served, view: View, parts: dict[str, str]) -> dict[str, str]:
    """The view's query in embed mode and in the full page (from its serialised parts), and its title, for the embed
    snippet."""
    return {"embed": join_query(parts, mode="embed"), "full": join_query(parts, mode=None),
            "title": t("embed.title", view.lang, title=title(served.prep, view))}


def notice_part(prep: Prepared, outcome: Outcome, before: View, stored: object) -> tuple[object, object, dict | None]:
    """The notice's text, whether it is hidden, and what the view store keeps about it.

    A link just opened: its problems, each about one part of the view. Later: the problems whose part the reader has
    not changed since (a problem about no part in particular, such as an unknown parameter, goes at the first
    change), said again in the view's language; hidden when none is left. A closed notice stays closed.
    """
    view = outcome.view
    if outcome.problems is not None:
        problems = outcome.problems
        link = outcome.link if len(outcome.link) <= MAX_LINK else ""
        about = {"link": link, "open": sorted({p.field for p in problems})} if problems else None
        return notice(problems, view.lang, prep), not problems, about
    link, still_open = _stored_notice(stored)
    if not still_open:
        return no_update, no_update, None
    changed = {f for f in NOTICE_FIELDS if getattr(before, f) != getattr(view, f)}
    left = [f for f in still_open if f not in changed and not (f == "" and changed)]
    about = {"link": link, "open": left}
    if left == still_open and before.lang == view.lang:
        return no_update, no_update, about
    problems = [p for p in parse(link, prep.options)[1] if p.field in left]
    if not problems:
        return None, True, None
    return notice(problems, view.lang, prep), no_update, about


def _stored_notice(stored: object) -> tuple[str, list[str]]:
    """The link and the parts of the view still in question, as the view store holds them (checked: the browser
    may send anything)."""
    about = stored.get("notice") if isinstance(stored, dict) else None
    link = about.get("link") if isinstance(about, dict) else None
    still_open = about.get("open") if isinstance(about, dict) else None
    if not isinstance(link, str) or len(link) > MAX_LINK or not isinstance(still_open, list):
        return "", []
    return link, [f for f in still_open if f in NOTICE_FIELDS or f == ""]


def notice(problems: list[Problem], lang: str, prep: Prepared) -> list | None:
    """What the link got wrong, in the reader's words and language, as plain text (never HTML); None when fine."""
    if not problems:
        return None
    name = namer(prep, lang)
    said = [p.say(lang, name) if isinstance(p, Problem) else str(p) for p in problems]
    return [html.Strong(t("notice.link", lang)), html.Ul([html.Li(s) for s in said])]
