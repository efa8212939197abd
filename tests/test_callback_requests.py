"""The callback endpoint under hostile input: every malformed, oversized or mismatched request gets a short 4xx
JSON answer (never a 500, a traceback or the body in the logs), and random bodies never get a 500."""

from __future__ import annotations

import json
import time

import pytest
from dash import ALL, MATCH, Dash, Input, Output, html
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Response

from layouts import ids
from tests.calls import (
    CALLBACK,
    assert_logs_clean,
    assert_short_json_error,
    call,
    control,
    map_key,
    outputs_of,
    sync_call,
)
from web import security

# --- what Dash itself handles, and what it answered with 500 before web.security ----------------------------------

def test_a_valid_callback_request_is_answered(app, client) -> None:
    response = client.post(CALLBACK, json=call(app, map_key(app), {f"{ids.CONTENT}.data": {"query": "year=2016"}},
                                               [f"{ids.VISITOR_FIGURES}.data"]))
    assert response.status_code == 200
    assert outputs_of(response)[f"{ids.MAP}.figure"]["data"]
    response = client.post(CALLBACK, json=sync_call(app, {"kind": "link", "value": "?year=2016"}))
    assert response.status_code == 200
    assert outputs_of(response)[f"{ids.YEAR}.value"] == 2016


def hostile_bodies(app, marker: str) -> dict[str, tuple[bytes, str, int]]:
    """name -> (raw body, content type, expected status); each body carries the marker."""
    valid = call(app, map_key(app), {f"{ids.VIEW}.data": {"query": "year=2015"}}, [f"{ids.VIEW}.data"])

    def js(value) -> bytes:
        return json.dumps(value).encode()

    nested = '{"output": "' + marker + '", "inputs": ' + "[" * 100_000 + "]" * 100_000 + "}"
    moderately_deep = {**valid, "inputs": [{**valid["inputs"][0], "value": json.loads("[" * 40 + f'"{marker}"' +
                                                                                       "]" * 40)}]}
    return {
        "malformed JSON": (b'{"output": "' + marker.encode(), "application/json", 400),
        "truncated JSON": (js(valid)[:-3] + marker.encode(), "application/json", 400),
        "not UTF-8": (b'{"output": "\xff\xfe' + marker.encode() + b'"}', "application/json", 400),
        "JSON array": (js([marker]), "application/json", 400),
        "JSON string": (js(marker), "application/json", 400),
        "JSON null": (b"null", "application/json", 400),
        "empty object": (b"{}", "application/json", 400),
        "empty body": (b"", "application/json", 400),
        "output not a string": (js({**valid, "output": [marker]}), "application/json", 400),
        "inputs not a list": (js({**valid, "inputs": marker}), "application/json", 400),
        "input items not objects": (js({**valid, "inputs": [marker]}), "application/json", 400),
        "state an object": (js({**valid, "state": {"x": marker}}), "application/json", 400),
        "outputs a string": (js({**valid, "outputs": marker}), "application/json", 400),
        "changedPropIds a number": (js({**valid, "changedPropIds": 5, "x": marker}), "application/json", 400),
        "unknown output component": (js({**valid, "output": f"{marker}.figure",
                                          "outputs": {"id": marker, "property": "figure"}}), "application/json", 400),
        "unknown output property": (js({**valid, "output": f"{ids.MAP}.{marker}",
                                         "outputs": {"id": ids.MAP, "property": marker}}), "application/json", 400),
        "unknown input component": (js({**valid, "inputs": [{"id": marker, "property": "data", "value": 1}]}),
                                    "application/json", 400),
        "unknown input property": (js({**valid, "inputs": [{"id": ids.VIEW, "property": marker, "value": 1}]}),
                                   "application/json", 400),
        "clientside-only output": (js({**valid, "output": f"{ids.SHARE_URL}.value", "x": marker}),
                                   "application/json", 400),
        "oversized (2 MB)": (js({**valid, "pad": marker + "x" * 2_000_000}), "application/json", 413),
        "deeply nested (100,000 levels)": (nested.encode(), "application/json", 400),
        "nested 40 levels inside a value": (js(moderately_deep), "application/json", 400),
        "text/plain": (js({**valid, "x": marker}), "text/plain", 415),
        "form-encoded": (f"output={marker}".encode(), "application/x-www-form-urlencoded", 415),
        "no content type": (js({**valid, "x": marker}), "", 415),
        "XML": (f"<output>{marker}</output>".encode(), "application/xml", 415),
    }


HOSTILE_NAMES = [
    "malformed JSON", "truncated JSON", "not UTF-8", "JSON array", "JSON string", "JSON null", "empty object",
    "empty body", "output not a string", "inputs not a list", "input items not objects", "state an object",
    "outputs a string", "changedPropIds a number", "unknown output component", "unknown output property",
    "unknown input component", "unknown input property", "clientside-only output", "oversized (2 MB)",
    "deeply nested (100,000 levels)", "nested 40 levels inside a value", "text/plain", "form-encoded",
    "no content type", "XML",
]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_hostile_callback_request_gets_a_short_4xx_json_answer(app, client, caplog, marker, name) -> None:
    body, content_type, status = hostile_bodies(app, marker)[name]
    headers = {"Content-Type": content_type} if content_type else {}
    started = time.monotonic()
    response = client.post(CALLBACK, data=body, headers=headers)
    assert time.monotonic() - started < 5, "a hostile request must not hang the worker"
    assert_short_json_error(response, status, marker)
    assert_logs_clean(caplog, marker)


def test_every_hostile_class_is_covered(app) -> None:
    assert sorted(hostile_bodies(app, "m")) == sorted(HOSTILE_NAMES)


def test_a_chunked_body_over_1_mb_is_refused_while_read(app) -> None:
    """No Content-Length to check up front (chunked upload): reading stops one byte past the limit."""
    body = json.dumps({"output": f"{ids.MAP}.figure", "pad": "x" * 2_000_000}).encode()
    for size, status in ((security.MAX_BODY_BYTES + 1, 413), (len(body), 413), (security.MAX_BODY_BYTES, 400)):
        builder = EnvironBuilder(path=CALLBACK, method="POST", data=body[:size], content_type="application/json")
        environ = builder.get_environ()
        environ.pop("CONTENT_LENGTH")
        environ["wsgi.input_terminated"] = True  # what a server that decodes chunked bodies sets
        response = Response.from_app(app.server.wsgi_app, environ)
        assert_short_json_error(response, status)


def test_a_body_of_exactly_1_mb_is_read(app, client) -> None:
    valid = call(app, map_key(app), {f"{ids.VIEW}.data": {"query": "year=2015"}}, [f"{ids.VIEW}.data"])
    text = json.dumps(valid)
    body = text + " " * (security.MAX_BODY_BYTES - len(text))  # whitespace after the document is valid JSON
    response = client.post(CALLBACK, data=body, content_type="application/json")
    assert response.status_code == 200
    response = client.post(CALLBACK, data=body + " ", content_type="application/json")
    assert_short_json_error(response, 413)


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity", "1e999"])
def test_numbers_a_browser_never_sends_are_refused(app, client, constant) -> None:
    body = json.dumps(sync_call(app, control("year", None))).replace("\"value\": null", f"\"value\": {constant}", 1)
    assert_short_json_error(client.post(CALLBACK, data=body, content_type="application/json"), 400)


def test_pattern_matching_callbacks_pass_the_checks() -> None:
    """Wildcard ids (ALL, MATCH) arrive as lists of matches or as dict ids; the checks let them through."""
    tiny = Dash(__name__)
    tiny.layout = html.Div([html.Button(id={"type": "b", "i": i}) for i in range(2)]
                           + [html.Div(id={"type": "d", "i": i}) for i in range(2)] + [html.Div(id="total")])

    @tiny.callback(Output({"type": "d", "i": ALL}, "children"), Input({"type": "b", "i": ALL}, "n_clicks"))
    def each(clicks):
        return [str(c) for c in clicks]

    @tiny.callback(Output({"type": "d", "i": MATCH}, "title"), Input({"type": "b", "i": MATCH}, "n_clicks"))
    def matched(clicks):
        return str(clicks)

    @tiny.callback(Output("total", "children"), Output({"type": "d", "i": ALL}, "className"),
                   Input({"type": "b", "i": ALL}, "n_clicks"))
    def total(clicks):
        return str(sum(c or 0 for c in clicks)), ["x" for _ in clicks]

    security.install(tiny)
    client = tiny.server.test_client()
    client.get("/")
    keys = {next(k for k in tiny.callback_map if k.endswith(suffix)): suffix for suffix in (
        ".children", ".title", "className..")}

    def component(kind: str, i: int, prop: str, **value) -> dict:
        return {"id": {"i": i, "type": kind}, "property": prop, **value}

    buttons = [component("b", i, "n_clicks", value=i + 1) for i in range(2)]
    bodies = {
        ".children": {"outputs": [component("d", i, "children") for i in range(2)], "inputs": [buttons]},
        ".title": {"outputs": component("d", 1, "title"), "inputs": [buttons[1]]},
        "className..": {"outputs": [{"id": "total", "property": "children"},
                                    [component("d", i, "className") for i in range(2)]], "inputs": [buttons]},
    }
    for key, suffix in keys.items():
        changed = [json.dumps({"i": 1, "type": "b"}, separators=(",", ":")) + ".n_clicks"]
        response = client.post(CALLBACK, json={"output": key, "changedPropIds": changed, **bodies[suffix]})
        assert response.status_code == 200, (suffix, response.get_data(as_text=True))



# --- fuzzing ------------------------------------------------------------------------------------------------------

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=6) | st.dictionaries(st.text(max_size=12), children, max_size=6),
    max_leaves=40,
)
FUZZ = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(body=JSON)
def test_random_json_never_gets_a_500(client, body) -> None:
    response = client.post(CALLBACK, json=body)
    assert response.status_code < 500
    assert response.status_code == 200 or response.get_json()["error"]


@FUZZ
@given(data=st.data())
def test_random_values_in_well_formed_requests_never_get_a_500(app, client, data) -> None:
    """A real callback's skeleton with random values, random changed props and, sometimes, one field replaced."""
    output = data.draw(st.sampled_from(sorted(app.callback_map)))
    spec = app.callback_map[output]
    props = [f"{d['id']}.{d['property']}" for d in spec["inputs"] + spec.get("state", [])]
    values = data.draw(st.fixed_dictionaries({}, optional={p: JSON for p in props}))
    changed = data.draw(st.lists(st.sampled_from([f"{d['id']}.{d['property']}" for d in spec["inputs"]]),
                                 max_size=2))
    body = call(app, output, values, changed)
    if data.draw(st.booleans()):
        body[data.draw(st.sampled_from(sorted(body)))] = data.draw(JSON)
    response = client.post(CALLBACK, json=body)
    assert response.status_code < 500
