"""Scale-out: two production servers (gunicorn, one worker each) answer the same callbacks with identical bytes.

The server keeps no per-user state (the view lives in the link, a visitor's own figures in their browser), so any
instance behind a load balancer must give the same answer to the same request, even when the previous request of
that user went to the other one, and an upload to one instance writes nothing that the other lacks. Both
instances run exactly as `make serve` runs them, on free loopback ports; the callback bodies are the ones the
browser's renderer sends (built by the benchmark's model of the renderer, bench/dash_model.py).
"""

from __future__ import annotations

import base64
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from bench import dash_model as model
from layouts import ids

ROOT = Path(__file__).resolve().parent.parent
LINK = "?year=2016&routes=central_med&indicator=tip_tier"
START_TIMEOUT_S = 25.0
IDENTITY = {"Accept-Encoding": "identity"}  # compare the bodies themselves, not their compression
MINE = b"route_id,year,indicator,value,period\ncentral_med,2016,detections,424242,calendar year\n"




def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start(log_path: Path) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    env = {**os.environ, "HOST": "127.0.0.1", "PORT": str(port), "WORKERS": "1"}
    env.pop("DASH_DEBUG", None)
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--config", str(ROOT / "scripts" / "gunicorn_conf.py"),
             "app:create_app()"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    return proc, f"http://127.0.0.1:{port}"


def _stop(proc: subprocess.Popen) -> None:
    """SIGTERM the server's own process group (master and worker), SIGKILL if it lingers."""
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    except ProcessLookupError:
        pass


def _wait_healthy(proc: subprocess.Popen, base: str, log_path: Path, deadline: float) -> None:
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"gunicorn exited with {proc.returncode}:\n{log_path.read_text(errors='replace')[-3000:]}")
        try:
            if requests.get(base + "/health", timeout=2).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.1)
    pytest.fail(f"gunicorn not healthy after {START_TIMEOUT_S:.0f} s:\n{log_path.read_text(errors='replace')[-3000:]}")


@pytest.fixture(scope="module")
def two_servers(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """Two independent production servers; both are always stopped, whatever the test does."""
    logs = tmp_path_factory.mktemp("scale-out")
    started = []
    for name in ("a", "b"):
        proc, base = _start(logs / f"{name}.log")
        request.addfinalizer(lambda proc=proc: _stop(proc))
        started.append((proc, base, logs / f"{name}.log"))
    deadline = time.monotonic() + START_TIMEOUT_S
    for proc, base, log_path in started:
        _wait_healthy(proc, base, log_path, deadline)
    return [base for _, base, _ in started]


def _post_both(bases: list[str], body: dict) -> bytes:
    """POST one callback body to every instance; all must answer 200 with the same bytes."""
    data = model.encode(body)
    headers = {**IDENTITY, "Content-Type": "application/json", "Accept": "application/json"}
    answers = [requests.post(base + model.UPDATE_PATH, data=data, headers=headers, timeout=30) for base in bases]
    for answer in answers:
        assert answer.status_code == 200, f"{body['output']}: HTTP {answer.status_code} {answer.text[:300]}"
    assert answers[0].content == answers[1].content, f"{body['output']}: the two instances answered differently"
    return answers[0].content


def _pick(fired: list, output: str) -> tuple:
    matches = [(cb, changed) for cb, changed in fired
               if output == cb.output or output in (f"{c}.{p}" for c, p in cb.outputs)]
    assert matches, f"no callback for {output} among {[cb.output for cb, _ in fired]}"
    return matches[0]


def test_two_instances_answer_the_same_callbacks_with_identical_bytes(two_servers: list[str]) -> None:
    first, second = two_servers
    layout = requests.get(first + "/_dash-layout", headers=IDENTITY, timeout=10)
    deps = requests.get(first + "/_dash-dependencies", headers=IDENTITY, timeout=10)
    assert layout.content == requests.get(second + "/_dash-layout", headers=IDENTITY, timeout=10).content
    assert deps.content == requests.get(second + "/_dash-dependencies", headers=IDENTITY, timeout=10).content
    shared = layout.json()  # the load generator builds all its users' pages on one parsed layout
    page = model.Page.from_json(shared, deps.json(), LINK)

    # The callback that turns the shared link into the view store, as the page fires it on load.
    initial = page.initial()
    sync_cb, changed = next((cb, ch) for cb, ch in initial if (ids.EVENTS, "data") in cb.inputs)
    body = page.body(sync_cb, changed)
    assert body["inputs"][0]["value"]["events"][0] == {"seq": 1, "kind": "link", "name": "", "value": LINK}
    answer = json.loads(_post_both(two_servers, body))
    assert "year=2016" in answer["response"][ids.VIEW]["data"]["query"]
    assert answer["response"][ids.MAP]["figure"]["data"], "the map comes in the view callback's answer"
    fired = page.apply(sync_cb, answer)

    # A chart and the year cards for that view, each asked of both instances.
    for output in (f"{ids.CHART_DETECTIONS}.figure", f"{ids.YEAR_CARDS}.children"):
        cb, changed = _pick(fired, output)
        reply = json.loads(_post_both(two_servers, page.body(cb, changed)))
        page.apply(cb, reply)
    assert page.get((ids.MAP, "figure"))["data"], "the map came back without traces"

    # A year step built on those answers: state comes only from the request, so either instance may serve it.
    fired = model.year_step(page)
    sync_cb, changed = _pick(fired, sync_cb.output)
    answer = json.loads(_post_both(two_servers, page.body(sync_cb, changed)))
    assert "year=2017" in answer["response"][ids.VIEW]["data"]["query"]
    assert "figure" in answer["response"][ids.MAP]  # the map's Patch, in the same answer
    cb, changed = _pick(page.apply(sync_cb, answer), f"{ids.CHART_DETECTIONS}.figure")
    _post_both(two_servers, page.body(cb, changed))

    # A visitor adds a file on one instance: the answer is the browser's new store, identical from both, and the
    # charts drawn with that store (sent by the browser) are identical too.
    upload = next(cb for cb in page.callbacks if (ids.UPLOAD, "contents") in cb.inputs)
    page.set(ids.UPLOAD, "contents", "data:text/csv;base64," + base64.b64encode(MINE).decode())
    page.set(ids.UPLOAD, "filename", "mine.csv")
    stored = json.loads(_post_both(two_servers, page.body(upload, [f"{ids.UPLOAD}.contents"])))
    page.apply(upload, stored)
    assert "424242" in page.get((ids.VISITOR_FIGURES, "data"))["files"][0]["csv"]
    charts = next(cb for cb in page.callbacks if (ids.VISITOR_FIGURES, "data") in cb.inputs
                  and any(o == (ids.CHART_DETECTIONS, "figure") for o in cb.outputs))
    drawn = json.loads(_post_both(two_servers, page.body(charts, [f"{ids.VISITOR_FIGURES}.data"])))
    assert "424242" in json.dumps(drawn)
    assert shared == layout.json(), "playing the page changed the layout it was built from"
