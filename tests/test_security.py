"""The app's HTTP surface under hostile input: the callback endpoint answers every malformed, oversized or
out-of-range request with a short 4xx JSON message or a safe default view (never a 500, a traceback or the body in
the logs), every response carries the security headers, debug mode is off unless asked for, and the page loads in
a real browser with zero Content-Security-Policy violations."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import logging
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from uuid import uuid4

import pytest
import requests
from dash import ALL, MATCH, Dash, Input, Output, html
from dash.dependencies import Wildcard
from dash.testing.wait import until
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Response

from app import create_app
from layouts import ids
from state.view import DEFAULT_WEIGHTS, WEIGHT_NAMES
from web import security

ROOT = Path(__file__).resolve().parent.parent
CALLBACK = "/_dash-update-component?endId=test"  # Dash 4's renderer appends a query string like this
MAP_COUNTRIES = f"#{ids.MAP} path.choroplethlocation"
MAX_LOG_LINE = 300


# --- helpers -----------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def app():
    dash_app = create_app()
    dash_app.server.test_client().get("/")  # the first request completes Dash's callback map
    return dash_app


@pytest.fixture(scope="module")
def client(app):
    return app.server.test_client()


def outputs(spec: dict) -> list:
    """A registered callback's outputs (Dash keeps a single one bare)."""
    return spec["output"] if isinstance(spec["output"], list) else [spec["output"]]


def sync_key(app) -> str:
    """The callback that owns the view (it writes the view store)."""
    return next(k for k, spec in app.callback_map.items() if any(o.component_id == ids.VIEW for o in outputs(spec)))


def map_key(app) -> str:
    """The callback that draws the map."""
    return next(k for k, spec in app.callback_map.items()
                if any(o.component_id == ids.MAP and o.component_property == "figure" for o in outputs(spec)))


def wildcard_matches(app, pattern: dict, prop: str) -> list[dict] | dict:
    """What the renderer sends for a dict id: every match of an ALL pattern (a list), or the one match of MATCH."""
    def wild(value) -> bool:
        return isinstance(value, Wildcard) or isinstance(value, list) and value[:1] in (["ALL"], ["MATCH"])

    layout = app.layout() if callable(app.layout) else app.layout  # the app builds its page per visit
    found = [{"id": c.id, "property": prop} for c in layout._traverse()
             if isinstance(getattr(c, "id", None), dict) and c.id.keys() == pattern.keys()
             and all(wild(v) or c.id[k] == v for k, v in pattern.items())]
    every = any(v == ALL or v == ["ALL"] for v in pattern.values())
    return found if every else found[0]


def call(app, output: str, values: dict[str, object] | None = None, changed: list[str] | None = None) -> dict:
    """A well-formed request body for one registered callback, as the renderer sends it."""
    spec = app.callback_map[output]
    values = values or {}

    def deps(items: list[dict]) -> list:
        sent = []
        for d in items:
            if d["id"].startswith("{"):  # a dict id, kept as JSON text
                sent.append(wildcard_matches(app, json.loads(d["id"]), d["property"]))
            else:
                value = values.get(f"{d['id']}.{d['property']}")
                sent.append({"id": d["id"], "property": d["property"], "value": value})
        return sent

    sent = [wildcard_matches(app, o.component_id, o.component_property) if isinstance(o.component_id, dict)
            else {"id": o.component_id, "property": o.component_property} for o in outputs(spec)]
    body = {"output": output, "outputs": sent if output.startswith("..") else sent[0],
            "inputs": deps(spec["inputs"]), "changedPropIds": changed or []}
    if spec.get("state"):
        body["state"] = deps(spec["state"])
    return body


def sync_call(app, *events: dict, stored: object = None) -> dict:
    """A request to the view callback carrying ``events`` (numbered from 1), with the 2015 view stored."""
    queue = {"events": [{"seq": i + 1, "name": "", "value": None, **e} for i, e in enumerate(events)]}
    given = {f"{ids.EVENTS}.data": queue,
             f"{ids.VIEW}.data": {"query": "year=2015", "seq": 0} if stored is None else stored}
    return call(app, sync_key(app), given, [f"{ids.EVENTS}.data"])


def control(name: str, value: object) -> dict:
    return {"kind": "control", "name": name, "value": value}


def outputs_of(response) -> dict[str, object]:
    """``{"id.property": value}`` from a callback answer."""
    data = response.get_json()["response"]
    return {f"{cid}.{prop}": value for cid, props in data.items() for prop, value in props.items()}


def assert_short_json_error(response, status: int | tuple[int, ...], marker: str | None = None) -> None:
    statuses = status if isinstance(status, tuple) else (status,)
    assert response.status_code in statuses, response.get_data(as_text=True)[:300]
    assert response.mimetype == "application/json"
    assert isinstance(response.get_json()["error"], str)
    text = response.get_data(as_text=True)
    assert len(text) < 300 and "Traceback" not in text and "File \"" not in text
    if marker:
        assert marker not in text


def assert_logs_clean(caplog, marker: str) -> None:
    """No log record quotes the request, and every line is short."""
    assert marker not in caplog.text
    for record in caplog.records:
        assert marker not in record.getMessage()
        assert len(record.getMessage()) < MAX_LOG_LINE


@pytest.fixture()
def marker(caplog) -> str:
    caplog.set_level(logging.DEBUG)
    return f"MARKER-{uuid4().hex}"


# --- what Dash itself handles, and what it answered with 500 before web.security ----------------------------------

def test_a_valid_callback_request_is_answered(app, client) -> None:
    response = client.post(CALLBACK, json=call(app, map_key(app), {f"{ids.VIEW}.data": {"query": "year=2016"}},
                                               [f"{ids.VIEW}.data"]))
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
    ({"kind": "key", "name": "ArrowRight", "value": ["x"]}, "year", 2015),
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


def test_a_garbage_view_store_draws_the_default_map(app, client) -> None:
    for stored in (12, {"query": 12}, {"query": "year=99999&" * 1000}, [None]):
        body = call(app, map_key(app), {f"{ids.CONTENT}.data": stored}, [f"{ids.CONTENT}.data"])
        response = client.post(CALLBACK, json=body)
        assert response.status_code == 200
        figure = outputs_of(response)[f"{ids.MAP}.figure"]
        assert figure["layout"]["annotations"][0]["text"].endswith("2015 (detections for Frontex routes). "
                                                                    "Dotted grey: too few inputs for a risk score.")
    for stored in (12, {"query": 12, "seq": "x"}, {"seq": 10**30}, [None]):
        response = client.post(CALLBACK, json=sync_call(app, control("year", 2016), stored=stored))
        assert outputs_of(response)[f"{ids.VIEW}.data"]["controls"]["year"] == 2016


def test_an_unknown_layer_is_not_echoed_into_the_log(app, client, caplog, marker) -> None:
    body = sync_call(app, {"kind": "layer", "name": "layer", "value": marker + "x" * 100_000})
    assert client.post(CALLBACK, json=body).status_code == 200
    assert_logs_clean(caplog, marker)


# --- errors nobody anticipated ------------------------------------------------------------------------------------

def test_an_exception_inside_dash_dispatch_is_a_short_400(monkeypatch, caplog, marker) -> None:
    fresh = create_app()

    def broken(*_args, **_kwargs):
        raise KeyError(f"Callback function not found for output '{marker}'")

    monkeypatch.setattr(fresh, "_prepare_callback", broken)
    body = call(fresh, map_key(fresh), {f"{ids.VIEW}.data": {"query": ""}}, [f"{ids.VIEW}.data"])
    response = fresh.server.test_client().post(CALLBACK, json=body)
    assert_short_json_error(response, 400, marker)
    assert_logs_clean(caplog, marker)
    assert any("KeyError" in r.getMessage() for r in caplog.records), "the log still says what failed"


def test_an_exception_in_another_route_is_a_short_json_500() -> None:
    fresh = create_app()

    @fresh.server.route("/boom")
    def boom():
        raise RuntimeError("secret detail")

    response = fresh.server.test_client().get("/boom")
    assert_short_json_error(response, 500, "secret detail")
    assert "Content-Security-Policy" in response.headers


def test_an_unknown_component_suite_file_is_a_404(client) -> None:
    assert_short_json_error(client.get("/_dash-component-suites/dash/no-such-file.js"), 404)
    assert_short_json_error(client.get("/_dash-component-suites/no_such_package/x.js"), 404)


# --- headers on every response ------------------------------------------------------------------------------------

def expected_policy(app) -> str:
    return security.content_security_policy(app, "'self'")


@pytest.mark.parametrize(("method", "path", "status"), [
    ("GET", "/", 200),
    ("GET", "/?year=2016&routes=central_med", 200),
    ("GET", "/_dash-layout", 200),
    ("GET", "/_dash-dependencies", 200),
    ("GET", "/assets/style.css", 200),
    ("GET", "/assets/topojson/world_110m.json", 200),
    ("GET", "/geo/countries.geojson", 200),
    ("GET", "/health", 200),
    ("GET", "/assets/no-such-file.css", 404),
    ("GET", "/_dash-component-suites/dash/no-such-file.js", 404),
    ("POST", "/", 405),
    ("POST", CALLBACK, 400),
    ("PUT", CALLBACK, 405),
])
def test_every_response_carries_the_security_headers(app, client, method, path, status) -> None:
    response = client.open(path, method=method, json={} if method != "GET" else None)
    assert response.status_code == status
    check_headers(app, response.headers)


def test_callback_answers_and_cached_assets_carry_the_security_headers(app, client) -> None:
    body = call(app, map_key(app), {f"{ids.VIEW}.data": {"query": ""}}, [f"{ids.VIEW}.data"])
    for response in (client.post(CALLBACK, json=body),
                     client.post(CALLBACK, data="x" * 2_000_000, content_type="application/json"),
                     client.post(CALLBACK, data="{}", content_type="text/plain")):
        check_headers(app, response.headers)
    etag = client.get("/assets/style.css").headers["ETag"]
    not_modified = client.get("/assets/style.css", headers={"If-None-Match": etag})
    assert not_modified.status_code == 304
    check_headers(app, not_modified.headers)
    scripts = re.findall(r'<script src="(/_dash-component-suites/[^"]+)"', client.get("/").get_data(as_text=True))
    assert scripts
    check_headers(app, client.get(scripts[0]).headers)


def check_headers(app, headers) -> None:
    policy = headers["Content-Security-Policy"]
    assert policy == expected_policy(app)
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["connect-src"] == "'self'"
    assert directives["frame-ancestors"] == "'self'"
    assert "'unsafe-eval'" not in policy
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "http" not in policy and "*" not in policy
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers["X-Frame-Options"] == "SAMEORIGIN"


def test_the_policy_allows_exactly_the_pages_inline_scripts(app, client) -> None:
    """Every inline script a browser runs on the page is allowed by its hash."""
    page = re.sub(r"<!--.*?-->", "", client.get("/").get_data(as_text=True), flags=re.S)  # e.g. an IE-only alert
    inline = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>(.*?)</script>", page, re.S)
    assert inline, "the renderer starts from an inline script"
    policy = client.get("/").headers["Content-Security-Policy"]
    for script in inline:
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy


def test_frame_ancestors_come_from_the_environment(monkeypatch) -> None:
    monkeypatch.setenv("FRAME_ANCESTORS", "'self'  https://conference.example.org")
    response = create_app().server.test_client().get("/")
    assert "frame-ancestors 'self' https://conference.example.org" in response.headers["Content-Security-Policy"]
    assert "X-Frame-Options" not in response.headers  # it cannot name another origin; CSP says it instead
    monkeypatch.setenv("FRAME_ANCESTORS", "'none'")
    response = create_app().server.test_client().get("/")
    assert response.headers["Content-Security-Policy"].endswith("frame-ancestors 'none'")
    assert response.headers["X-Frame-Options"] == "DENY"
    monkeypatch.setenv("FRAME_ANCESTORS", "'self'; script-src *")
    with pytest.raises(ValueError, match="FRAME_ANCESTORS"):
        create_app()


@pytest.mark.parametrize("value", [
    "", "   ", "self", "none", "'self'; script-src *", "'self',https://a.org", "https://a.org\r\nSet-Cookie: x=1",
    "'none' 'self'", "'unsafe-inline'", "javascript:alert(1)'", "https://a.org/<script>",
])
def test_invalid_frame_ancestors_are_refused(value) -> None:
    with pytest.raises(ValueError, match="FRAME_ANCESTORS"):
        security.check_frame_ancestors(value)


@pytest.mark.parametrize("value", [
    "'self'", "'none'", "https:", "https://conference.example.org", "'self' https://*.example.org:8443",
    "http://localhost:3000 http://127.0.0.1:3000",
])
def test_valid_frame_ancestors_are_kept(value) -> None:
    assert security.check_frame_ancestors(value) == value


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


# --- the real server: debug off by default, limits hold over a socket ---------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def served(tmp_path: Path, debug: str | None) -> Iterator[tuple[str, Path]]:
    """`python app.py` on a free loopback port, as `make run` starts it; yields its URL and its log file."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DASH_DEBUG", "FRAME_ANCESTORS")}
    env.update(HOST="127.0.0.1", PORT=str(port))
    if debug is not None:
        env["DASH_DEBUG"] = debug
    log_file = tmp_path / f"server-{port}.log"
    with log_file.open("wb") as out:
        # Its own session, so the reloader's child (debug mode) stops with it.
        server = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env=env, stdout=out,
                                  stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        until(lambda: _up(url) or server.poll() is not None, 30)
        assert server.poll() is None, log_file.read_text()
        yield url, log_file
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(10)


def _up(url: str) -> bool:
    try:
        return requests.get(f"{url}/health", timeout=1).ok
    except requests.RequestException:
        return False


def dash_config(url: str) -> dict:
    page = requests.get(url, timeout=10).text
    found = re.search(r'<script id="_dash-config" type="application/json">(.*?)</script>', page, re.S)
    assert found
    return json.loads(found.group(1))


def debug_signs(url: str) -> dict[str, bool]:
    """What a visitor can see of debug mode: dev tools UI, hot reload, Werkzeug's interactive debugger."""
    config = dash_config(url)
    reload_hash = requests.get(f"{url}/_reload-hash", timeout=10).json().get("reloadHash")
    debugger = requests.get(f"{url}/?__debugger__=yes&cmd=resource&f=debugger.js", timeout=10)
    return {
        "dev tools UI": bool(config.get("ui")),
        "props check": bool(config.get("props_check")),
        "hot reload": "hot_reload" in config or reload_hash is not None,
        "interactive debugger": "text/html" not in debugger.headers.get("Content-Type", ""),
    }


def test_debug_mode_is_off_by_default(tmp_path) -> None:
    for setting in (None, "0", "true"):  # only the exact value 1 turns it on
        with served(tmp_path, setting) as (url, _):
            signs = debug_signs(url)
            assert not any(signs.values()), signs


def test_debug_mode_is_on_only_with_dash_debug_1(tmp_path) -> None:
    """The control for the test above: the same observables do show debug mode when it is asked for."""
    with served(tmp_path, "1") as (url, _):
        assert all(debug_signs(url).values())


def test_the_real_server_refuses_hostile_requests_without_logging_them(tmp_path) -> None:
    marker = f"MARKER-{uuid4().hex}"

    def chunked() -> Iterator[bytes]:  # no Content-Length: the server learns the size only by reading
        yield b'{"output": "' + marker.encode() + b'", "pad": "'
        for _ in range(40):
            yield b"x" * 65_536
        yield b'"}'

    with served(tmp_path, None) as (url, log_file):
        endpoint = f"{url}{CALLBACK}"
        headers = {"Content-Type": "application/json"}
        answers = [
            requests.post(endpoint, data=chunked(), headers=headers, timeout=20),
            requests.post(endpoint, data=(marker + "x" * 2_000_000).encode(), headers=headers, timeout=20),
            requests.post(endpoint, data="[" * 200_000 + marker, headers=headers, timeout=20),
            requests.post(endpoint, data=marker, headers={"Content-Type": "text/plain"}, timeout=20),
            requests.post(endpoint, json={"output": marker}, timeout=20),
        ]
        assert [a.status_code for a in answers] == [413, 413, 400, 415, 400]
        for answer in answers:
            assert answer.headers["Content-Type"] == "application/json"
            assert marker not in answer.text and "Traceback" not in answer.text
            assert "frame-ancestors 'self'" in answer.headers["Content-Security-Policy"]
        assert _up(url), "the server still answers"
    log = log_file.read_text(encoding="utf-8", errors="replace")
    assert "rejected callback request: 413" in log
    assert marker not in log
    assert max(len(line) for line in log.splitlines()) < MAX_LOG_LINE


# --- in a real browser ----------------------------------------------------------------------------------------------

# Registered through the DevTools protocol, so it runs before any of the page's own scripts.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI);
});
"""
GD = f"document.getElementById('{ids.MAP}').querySelector('.js-plotly-plot')"


def load_watching_csp(dash_duo, app) -> list[str]:
    """Start the app, reload the page with the violation recorder in place, return what it recorded so far."""
    dash_duo.start_server(app)
    dash_duo.driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RECORD_VIOLATIONS})
    dash_duo.driver.get(dash_duo.server_url)
    return dash_duo.driver.execute_script("return window.__cspViolations;")


@pytest.mark.browser
def test_the_page_draws_the_map_with_zero_csp_violations(dash_duo) -> None:
    app = create_app()
    load_watching_csp(dash_duo, app)
    dash_duo.wait_for_element(MAP_COUNTRIES, timeout=20)
    assert len(dash_duo.find_elements(MAP_COUNTRIES)) > 60
    # plotly.js's PNG export (the modebar's camera) draws through data: images: the policy must allow it.
    png = dash_duo.driver.execute_async_script(
        f"const done = arguments[arguments.length - 1];"
        f"Plotly.toImage({GD}, {{format: 'png', width: 400, height: 300}})"
        f".then(url => done(url.slice(0, 22)), err => done('failed: ' + err));")
    assert png == "data:image/png;base64,"
    assert dash_duo.driver.execute_script("return window.__cspViolations;") == []
    assert dash_duo.get_logs() == []
    response = requests.get(dash_duo.server_url, timeout=10)
    assert response.headers["Content-Security-Policy"] == security.content_security_policy(app)
    assert "'unsafe-eval'" not in response.headers["Content-Security-Policy"]


@pytest.mark.browser
def test_a_violation_would_be_seen(dash_duo, monkeypatch) -> None:
    """The control for the test above: a policy without the renderer's hash is caught by both observers."""
    monkeypatch.setattr(security, "content_security_policy", lambda *_: "default-src 'self'")
    load_watching_csp(dash_duo, create_app())
    until(lambda: dash_duo.driver.execute_script("return window.__cspViolations;"), 10)
    assert any("script-src" in v for v in dash_duo.driver.execute_script("return window.__cspViolations;"))
    assert any("Content Security Policy" in entry["message"] for entry in dash_duo.get_logs())


def test_a_slider_move_whose_request_was_replaced_still_lands(app, client) -> None:
    """Dash drops a callback request in flight when a newer one starts. The newer one carries the queue, so the year
    moved in the dropped request still lands, and an event already applied is not applied twice."""
    body = sync_call(app, control("year", 2016), {"kind": "map_moved", "value": {"geo.projection.scale": 2}})
    answer = outputs_of(client.post(CALLBACK, json=body))
    assert "year=2016" in answer[f"{ids.VIEW}.data"]["query"] and "zoom=2" in answer[f"{ids.VIEW}.data"]["query"]
    assert answer[f"{ids.YEAR}.value"] == 2016 and answer[f"{ids.VIEW}.data"]["seq"] == 2
    again = sync_call(app, control("year", 2016), {"kind": "key", "name": "right"},
                      stored={"query": answer[f"{ids.VIEW}.data"]["query"], "seq": 1})
    assert "year=2017" in outputs_of(client.post(CALLBACK, json=again))[f"{ids.VIEW}.data"]["query"]


def test_a_language_switch_whose_request_was_replaced_still_lands(app, client) -> None:
    body = sync_call(app, {"kind": "lang", "name": "lang", "value": "ru"}, {"kind": "map_moved", "value": {}})
    answer = outputs_of(client.post(CALLBACK, json=body))
    assert "lang=ru" in answer[f"{ids.VIEW}.data"]["query"]
    assert answer[f"{ids.LANG}.value"] == "ru" and answer[f"{ids.LANG_STORE}.data"] == "ru"


def test_a_control_change_is_not_undone_by_the_scene_it_leaves(app, client) -> None:
    """In a scene, moving the year leaves the scene, and the scene menu is cleared with it."""
    body = sync_call(app, control("year", 2018), stored={"query": "scene=alliance_2015", "seq": 0})
    answer = outputs_of(client.post(CALLBACK, json=body))
    assert "year=2018" in answer[f"{ids.VIEW}.data"]["query"]
    assert "scene=" not in answer[f"{ids.VIEW}.data"]["query"]
    assert answer[f"{ids.SCENE}.value"] is None


# --- links inside exports -----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("setting", "start"), [(None, "/?year=2016"),
                                                ("https://dashboard.example.org", "https://dashboard.example.org/?")])
def test_the_exported_link_comes_from_the_setting_never_the_host_header(monkeypatch, setting, start) -> None:
    if setting is None:
        monkeypatch.delenv("PUBLIC_URL", raising=False)
    else:
        monkeypatch.setenv("PUBLIC_URL", setting)
    fresh = create_app()
    client = fresh.server.test_client()
    client.get("/")
    key = next(k for k, spec in fresh.callback_map.items() if any(o.component_id == ids.DOWNLOAD_CSV
                                                                   for o in outputs(spec)))
    body = call(fresh, key, {f"{ids.VIEW}.data": {"query": "year=2016"}}, [f"{ids.DOWNLOAD_CSV_BUTTON}.n_clicks"])
    response = client.post(CALLBACK, json=body, headers={"Host": "evil.example", "X-Forwarded-Host": "evil.example"})
    text = outputs_of(response)[f"{ids.DOWNLOAD_CSV}.data"]["content"]
    view_line = next(line for line in text.splitlines() if line.startswith("# View: "))
    assert view_line.removeprefix("# View: ").startswith(start) and "evil" not in text


@pytest.mark.parametrize("value", ["javascript:alert(1)", "https://x.org/?a=1", "https://x.org/#f", "ftp://x.org"])
def test_a_bad_public_url_stops_the_app_with_a_reason(monkeypatch, value) -> None:
    monkeypatch.setenv("PUBLIC_URL", value)
    with pytest.raises(ValueError, match="PUBLIC_URL"):
        create_app()
