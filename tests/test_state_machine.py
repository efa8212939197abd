"""No sequence of events loses an action or leaves an invalid view, however Dash drops or repeats its requests.

A browser queues every action with a number; each request of the view callback carries every queued event and the
view the browser holds; Dash may drop any answer (a newer request replaced it). The model: the truth is every event
applied once, in order; at any moment, an answer that lands must equal it.
"""

from __future__ import annotations

import json
from dataclasses import asdict

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from core.advance import CONTROLS, LAYER_PRESETS, Event, advance, decode_events, replay
from core.bundle import load_bundle
from core.prepared import prepare
from core.view import default_view, parse, to_query

OPTIONS = prepare(load_bundle()).options
GRAPHS = ("map", "chart-detections", "chart-nationalities", "chart-crossings", "chart-deaths", "chart-risk",
          "chart-syria", "chart-ukraine", "chart-asylum")

anything = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=True),
                     st.text(max_size=8), st.lists(st.text(max_size=4), max_size=3))
values = {
    "year": st.one_of(st.integers(*OPTIONS.years), anything),
    "routes": st.one_of(st.lists(st.sampled_from(OPTIONS.routes), max_size=4), anything),
    "indicator": st.one_of(st.sampled_from(OPTIONS.indicators), anything),
    "countries": st.one_of(st.lists(st.sampled_from(sorted(OPTIONS.countries)), max_size=3), anything),
    "grain": st.one_of(st.sampled_from(["years", "months"]), anything),
    "months-from": st.one_of(st.sampled_from(OPTIONS.months), st.none(), anything),
    "months-to": st.one_of(st.sampled_from(OPTIONS.months), st.none(), anything),
    "incidents": st.one_of(st.sampled_from([["on"], []]), anything),
    "nationality": st.one_of(st.sampled_from(sorted(OPTIONS.nationalities)), st.none(), anything),
}
weight = st.one_of(st.integers(0, 10), anything)
click = st.one_of(
    st.builds(lambda r: {"points": [{"customdata": [r]}]}, st.sampled_from(OPTIONS.routes)),
    st.builds(lambda c: {"points": [{"location": c}]}, st.sampled_from(sorted(OPTIONS.countries))),
    st.builds(lambda c: {"points": [{"customdata": "nationality:" + c}]},
              st.sampled_from(sorted(OPTIONS.nationalities))),
    anything,
)
links = st.one_of(st.sampled_from(["", "?year=2016&routes=central_med", "?scene=" + OPTIONS.scenes[0],
                                   "?lang=ru&mode=present", "?year=1800&routes=atlantis",
                                   "?months=2016-01..2016-12&incidents=on&nationality=ERI"]), st.text(max_size=30))


class Session(RuleBasedStateMachine):
    """One page: a queue of numbered events, the view the browser holds, and the truth to compare with."""

    def __init__(self) -> None:
        super().__init__()
        self.queue: list[Event] = []
        self.seq = 0
        self.held, self.applied = default_view(OPTIONS), 0
        self.truth = self.held

    def push(self, kind: str, name: str = "", value: object = None) -> None:
        self.seq += 1
        event = Event(self.seq, kind, name, value)
        self.queue.append(event)
        self.truth = replay(self.truth, self.seq - 1, [event], OPTIONS).view

    @rule(name=st.sampled_from(sorted(values)), data=st.data())
    def control(self, name: str, data) -> None:
        self.push("control", name, data.draw(values[name]))

    @rule(name=st.sampled_from([c for c in CONTROLS if c.startswith("weight.")]), value=weight)
    def weight(self, name: str, value: object) -> None:
        self.push("control", name, value)

    @rule(graph=st.sampled_from(GRAPHS), data=click)
    def click(self, graph: str, data: object) -> None:
        self.push("click", graph, data)

    @rule(kind=st.sampled_from(["clear", "tick", "present"]))
    def button(self, kind: str) -> None:
        self.push(kind)

    @rule(key=st.sampled_from(["right", "left", "escape"]))
    def key(self, key: str) -> None:
        self.push("key", key)

    @rule(layer=st.one_of(st.sampled_from(sorted(LAYER_PRESETS)), anything))
    def layer(self, layer: object) -> None:
        self.push("layer", "layer", layer)

    @rule(scene=st.one_of(st.sampled_from(OPTIONS.scenes), st.none(), anything))
    def scene(self, scene: object) -> None:
        self.push("scene", "scene", scene)

    @rule(lang=st.one_of(st.sampled_from(["en", "ru"]), anything))
    def lang(self, lang: object) -> None:
        self.push("lang", "lang", lang)

    @rule(lon=st.floats(-200, 200), lat=st.floats(-100, 100), scale=st.floats(0, 30))
    def move(self, lon: float, lat: float, scale: float) -> None:
        self.push("map_moved", "", {"geo.center.lon": lon, "geo.center.lat": lat, "geo.projection.scale": scale})

    @rule(search=links)
    def link(self, search: str) -> None:
        self.push("link", "", search)

    @rule(dropped=st.booleans())
    def answer(self, dropped: bool) -> None:
        """One request and its answer, through JSON as on the wire; Dash may drop the answer."""
        sent = json.loads(json.dumps({"events": [asdict(e) for e in self.queue]}))
        outcome = replay(self.held, self.applied, decode_events(sent), OPTIONS)
        if dropped:
            return
        self.held, self.applied = outcome.view, outcome.seq
        self.queue = [e for e in self.queue if e.seq > outcome.seq]

    @invariant()
    def the_next_answer_that_lands_is_the_truth(self) -> None:
        assert replay(self.held, self.applied, self.queue, OPTIONS).view == self.truth

    @invariant()
    def every_view_is_one_a_link_can_show(self) -> None:
        for view in (self.held, self.truth):
            again, problems = parse(to_query(view, OPTIONS), OPTIONS)
            assert problems == [] and again == view


Session.TestCase.settings = settings(max_examples=150, stateful_step_count=30, deadline=None)
test_no_sequence_of_events_loses_an_action = Session.TestCase


def test_every_event_kind_has_a_rule() -> None:
    """A new kind of event must get a rule above (and so a place in the property)."""
    from core.advance import KINDS

    rules = {"control", "click", "clear", "tick", "present", "key", "layer", "scene", "lang", "map_moved", "link"}
    assert set(KINDS) == rules
    assert all(advance(default_view(OPTIONS), Event(1, k), OPTIONS) is not None for k in KINDS)
