"""Errors nobody anticipated, the real server over a socket (debug off unless asked for, limits hold, nothing
logged), and the public address in exports."""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from uuid import uuid4

import pytest
import requests
from dash.testing.wait import until

from app import create_app
from layouts import ids
from tests.calls import (
    CALLBACK,
    MAX_LOG_LINE,
    ROOT,
    assert_logs_clean,
    assert_short_json_error,
    call,
    map_key,
    outputs,
    outputs_of,
)

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
