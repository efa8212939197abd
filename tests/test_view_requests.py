"""Well-formed requests with bad values: the view callback keeps the last good view for every field a bad value
aimed at, and events a dropped request carried still land."""

from __future__ import annotations

import pandas as pd
import pytest

from core.bundle import DATA_DIR
from core.view import DEFAULT_WEIGHTS, WEIGHT_NAMES
from layouts import ids
from tests.calls import (
    CALLBACK,
    assert_logs_clean,
    call,
    control,
    map_key,
    outputs_of,
    sync_call,
)

SCENES = pd.read_csv(DATA_DIR / "scenes.csv")
SCENES_ROUTES = tuple(pd.read_csv(DATA_DIR / "routes.csv")["route_id"])

# --- out-of-range values: the app's own callbacks fall back to a safe view ---------------------------------------

def test_year_99999_keeps_the_current_year(app, client) -> None:
    response = client.post(CALLBACK, json=sync_call(app, control("year", 99999)))
    assert response.status_code == 200
    assert outputs_of(response)[f"{ids.VIEW}.data"]["controls"]["year"] == 2015


@pytest.mark.parametrize("weights", [(-5, 3, 2, 2), (3, 3, 2, 99), (0, 0, 0, 0), ("3", 3, 2, 2), (None, 3, 2, 2)])
def test_bad_weights_keep_the_current_weights(app, client, weights) -> None:
    events = [control(f"weight.{n}", w) for n, w in zip(WEIGHT_NAMES, weights)]
    response = client.post(CALLBACK, json=sync_call(app, *events))
    assert response.status_code == 200
    shown = outputs_of(response)[f"{ids.VIEW}.data"]["controls"]
    got = tuple(shown[f"weight.{n}"] for n in WEIGHT_NAMES)
    assert got == DEFAULT_WEIGHTS or (weights == (0, 0, 0, 0) and got == (0, 0, 0, 2))  # never all four at 0


def test_ten_thousand_routes_select_only_known_routes(app, client, caplog, marker) -> None:
    everything = outputs_of(client.post(CALLBACK, json=sync_call(app, {"kind": "link", "value": ""})))[
        f"{ids.VIEW}.data"]["controls"]["routes"]
    for routes in ([f"{marker}-{i}" for i in range(10_000)], everything * 100):
        response = client.post(CALLBACK, json=sync_call(app, control("routes", routes)))
        assert response.status_code == 200
        chosen = outputs_of(response)[f"{ids.VIEW}.data"]["controls"]["routes"]
        assert set(chosen) <= set(everything) and len(chosen) == len(set(chosen))
        assert marker not in response.get_data(as_text=True)
    assert_logs_clean(caplog, marker)


@pytest.mark.parametrize(("event", "field", "kept"), [
    (control("routes", "central_med"), "routes", None),
    (control("countries", {"ITA": 1}), "countries", []),
    (control("indicator", "no_such_indicator"), "indicator", "sea_arrivals"),
    (control("year", "2016"), "year", 2015),
    (control("year", 10 ** 40), "year", 2015),
    ({"kind": "click", "name": ids.MAP, "value": {"points": [{"location": "XXX", "customdata": [{"a": 1}]}]}},
     "countries", []),
    ({"kind": "click", "name": ids.MAP, "value": {"points": "all"}}, "routes", None),
    ({"kind": "layer", "name": "layer", "value": "nope"}, "indicator", "sea_arrivals"),
    ({"kind": "link", "value": "?year=99999&weights=-1,2,3,4&routes=" + "x," * 5000}, "year", 2015),
])
def test_values_of_the_wrong_type_or_range_keep_the_last_good_view(app, client, event, field, kept) -> None:
    """Each bad value leaves the field it aimed at as it was (routes: all of them, the default)."""
    everything = outputs_of(client.post(CALLBACK, json=sync_call(app, {"kind": "link", "value": ""})))[
        f"{ids.VIEW}.data"]["controls"]
    response = client.post(CALLBACK, json=sync_call(app, event))
    assert response.status_code == 200 and "Traceback" not in response.get_data(as_text=True)
    shown = outputs_of(response)[f"{ids.VIEW}.data"]["controls"]
    assert shown == everything  # nothing else moved either
    assert shown[field] == (everything["routes"] if kept is None else kept)


@pytest.mark.parametrize(("name", "year"), [("right", 2016), ("left", 2014), ("ArrowRight", 2015), ("up", 2015)])
def test_a_key_press_steps_the_year_whatever_value_it_carries(app, client, name, year) -> None:
    """The page sends the names "right" and "left" (assets/dashboard.js maps the browser's ArrowRight/ArrowLeft to
    them): those step the year even with junk in the value; any other name, the browser's own included, moves
    nothing."""
    before = outputs_of(client.post(CALLBACK, json=sync_call(app, {"kind": "link", "value": ""})))[
        f"{ids.VIEW}.data"]["controls"]
    response = client.post(CALLBACK, json=sync_call(app, {"kind": "key", "name": name, "value": ["x"]}))
    assert response.status_code == 200
    shown = outputs_of(response)[f"{ids.VIEW}.data"]["controls"]
    assert shown["year"] == year and shown == before | {"year": year}


def test_a_garbage_content_store_draws_nothing_and_a_garbage_query_the_default_map(app, client) -> None:
    for stored in (12, {"query": 12}, [None], None):  # no view known: nothing drawn over the link's map
        body = call(app, map_key(app), {f"{ids.CONTENT}.data": stored}, [f"{ids.VISITOR_FIGURES}.data"])
        response = client.post(CALLBACK, json=body)
        assert response.status_code in (200, 204) and f"{ids.MAP}.figure" not in (
            outputs_of(response) if response.status_code == 200 else {})
    body = call(app, map_key(app), {f"{ids.CONTENT}.data": {"query": "year=99999&" * 1000}},
                [f"{ids.VISITOR_FIGURES}.data"])
    figure = outputs_of(client.post(CALLBACK, json=body))[f"{ids.MAP}.figure"]
    assert figure["layout"]["annotations"][0]["text"].endswith("2015 (detections for Frontex routes). "
                                                                "Dotted grey: too few inputs for a risk score.")
    for stored in (12, {"query": 12, "seq": "x"}, {"seq": 10**30}, [None]):
        response = client.post(CALLBACK, json=sync_call(app, control("year", 2016), stored=stored))
        assert outputs_of(response)[f"{ids.VIEW}.data"]["controls"]["year"] == 2016


def test_an_unknown_layer_is_not_echoed_into_the_log(app, client, caplog, marker) -> None:
    body = sync_call(app, {"kind": "layer", "name": "layer", "value": marker + "x" * 100_000})
    assert client.post(CALLBACK, json=body).status_code == 200
    assert_logs_clean(caplog, marker)



def test_a_slider_move_whose_request_was_replaced_still_lands(app, client) -> None:
    """Dash drops a callback request in flight when a newer one starts. The newer one carries the queue, so the year
    moved in the dropped request still lands, and an event already applied is not applied twice."""
    body = sync_call(app, control("year", 2016), {"kind": "map_moved", "value": {"geo.projection.scale": 2}})
    answer = outputs_of(client.post(CALLBACK, json=body))
    assert "year=2016" in answer[f"{ids.VIEW}.data"]["query"] and "zoom=2" in answer[f"{ids.VIEW}.data"]["query"]
    assert f"{ids.YEAR}.value" not in answer and answer[f"{ids.VIEW}.data"]["seq"] == 2  # the slider shows it
    again = sync_call(app, control("year", 2016), {"kind": "key", "name": "right"},
                      stored={"query": answer[f"{ids.VIEW}.data"]["query"], "seq": 1})
    assert "year=2017" in outputs_of(client.post(CALLBACK, json=again))[f"{ids.VIEW}.data"]["query"]


def test_a_language_switch_whose_request_was_replaced_still_lands(app, client) -> None:
    body = sync_call(app, {"kind": "lang", "name": "lang", "value": "ru"}, {"kind": "map_moved", "value": {}})
    answer = outputs_of(client.post(CALLBACK, json=body))
    assert "lang=ru" in answer[f"{ids.VIEW}.data"]["query"]
    assert f"{ids.LANG}.value" not in answer and answer[f"{ids.LANG_STORE}.data"] == "ru"  # the radio shows ru


def test_a_control_change_is_not_undone_by_the_scene_it_leaves(app, client) -> None:
    """In a scene, moving the year leaves the scene, and the scene menu is cleared with it."""
    body = sync_call(app, control("year", 2018), stored={"query": "scene=alliance_2015", "seq": 0})
    answer = outputs_of(client.post(CALLBACK, json=body))
    assert "year=2018" in answer[f"{ids.VIEW}.data"]["query"]
    assert "scene=" not in answer[f"{ids.VIEW}.data"]["query"]
    assert answer[f"{ids.SCENE}.value"] is None


def test_an_answer_never_pulls_a_control_back_under_the_users_finger(app, client) -> None:
    """The slider reported 4 and has moved on since: the answer for 4 must not write 4 back into it (that undid
    key presses on the weight sliders). A change the control did not make itself is written."""
    answer = outputs_of(client.post(CALLBACK, json=sync_call(app, control("weight.volume", 4))))
    assert f"{ids.WEIGHT.format('volume')}.value" not in answer
    assert "weights=4,3,2,2" in answer[f"{ids.VIEW}.data"]["query"]
    stepped = outputs_of(client.post(CALLBACK, json=sync_call(app, control("year", 2016),
                                                              {"kind": "key", "name": "right"})))
    assert stepped[f"{ids.YEAR}.value"] == 2017  # the key moved it past what the slider reported


@pytest.mark.parametrize("scene", list(SCENES.itertuples()), ids=list(SCENES["scene_id"]))
def test_every_scene_link_sets_its_view_its_controls_and_its_banner(app, client, scene) -> None:
    """What each scene's link answers (tests/test_links.py opens one of each kind in the browser): the scene's year,
    routes and indicator in the controls, its title in the banner, its id in the link."""
    link = {"kind": "link", "value": f"?scene={scene.scene_id}"}
    answer = outputs_of(client.post(CALLBACK, json=sync_call(app, link, stored={})))
    expected = dict(p.split("=", 1) for p in scene.query.split("&"))
    view = answer[f"{ids.VIEW}.data"]
    assert f"scene={scene.scene_id}" in view["query"]
    assert view["controls"]["year"] == int(expected["year"])
    assert view["controls"]["indicator"] == expected["indicator"]
    every = sorted(SCENES_ROUTES)
    assert sorted(view["controls"]["routes"]) == (every if expected["routes"] == "all"
                                                  else sorted(expected["routes"].split(",")))
    assert scene.title in str(answer[f"{ids.SCENE_BANNER}.children"])
