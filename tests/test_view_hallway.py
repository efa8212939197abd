"""The view travels one hallway: each request parses the view it carries once and serialises the new view once
(`core.view.parse`, `core.view.query_parts`), counted for a year step and a scene change, in the view callback and
in the charts callback that follows it, as the page sends them."""

from __future__ import annotations

import sys
from collections import Counter

import pytest

import core.view
from layouts import ids
from tests.calls import CALLBACK, call, outputs, outputs_of, sync_call


def charts_key(app) -> str:
    return next(k for k, spec in app.callback_map.items()
                if any(o.component_id == ids.CHARTS_DRAWN for o in outputs(spec)))


@pytest.fixture
def counted(monkeypatch) -> Counter:
    """Calls of parse and query_parts, wherever a module imported them."""
    calls: Counter = Counter()
    for name in ("parse", "query_parts"):
        original = getattr(core.view, name)

        def counting(*args, _name=name, _original=original, **kwargs):
            calls[_name] += 1
            return _original(*args, **kwargs)

        for module in list(sys.modules.values()):
            if getattr(module, name, None) is original:
                monkeypatch.setattr(module, name, counting)
    return calls


def answer(client, body: dict) -> dict:
    response = client.post(CALLBACK, json=body)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return outputs_of(response)


def charts_call(app, content: dict, drawn: object) -> dict:
    return call(app, charts_key(app), {f"{ids.CONTENT}.data": content, f"{ids.MAP_READY}.data": True,
                                       f"{ids.CHARTS_DRAWN}.data": drawn}, [f"{ids.CONTENT}.data"])


@pytest.mark.parametrize("event", [{"kind": "key", "name": "right"}, {"kind": "scene", "value": "post_soviet"}],
                         ids=["year step", "scene change"])
def test_a_request_parses_its_view_once_and_serialises_the_new_one_once(app, client, counted, event) -> None:
    # The page as it stands after opening a link: its view store, content, map and charts drawn.
    first = answer(client, sync_call(app, {"kind": "link", "value": "year=2016"}))
    charts = answer(client, charts_call(app, first[f"{ids.CONTENT}.data"], None))
    counted.clear()

    body = sync_call(app, {"kind": "link", "value": "year=2016"}, event, stored=first[f"{ids.VIEW}.data"])
    body["inputs"][0]["value"]["events"][0]["seq"] = first[f"{ids.VIEW}.data"]["seq"]  # applied already
    body["state"] = [{**s, "value": first[f"{ids.MAP_DRAWN}.data"]} if s["id"] == ids.MAP_DRAWN else s
                     for s in body["state"]]
    step = answer(client, body)
    assert step[f"{ids.VIEW}.data"]["query"] != first[f"{ids.VIEW}.data"]["query"]
    assert f"{ids.MAP}.figure" in step, "the view callback draws the map"
    assert counted == {"parse": 1, "query_parts": 1}, "the view callback"

    counted.clear()
    answer(client, charts_call(app, step[f"{ids.CONTENT}.data"], charts[f"{ids.CHARTS_DRAWN}.data"]))
    assert counted["query_parts"] == 0, "the charts callback writes no query"
    assert counted["parse"] <= 1, "the charts callback"
