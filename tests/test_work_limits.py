"""The work one visitor can cause is bounded: expensive work waits in a short per-process queue and is refused with
503 and Retry-After when it is full; pictures drawn for one client are rate-limited; answers that are the same for
everyone carry an ETag and come back as 304; the figures a callback carries are checked through the same queue."""

from __future__ import annotations

import socket
import threading
import time

import pytest
import requests

from app import create_app
from bench.servers import start_gunicorn
from core.added_figures import Vocabulary, check_file, to_store
from layouts import ids
from tests.calls import CALLBACK, call, map_key
from web import work_limits
from web.gevent_worker import BODY_IDLE_S
from web.work_limits import Busy, Gate, RenderCache

MINE = "route_id,year,indicator,value,period\ncentral_med,2016,detections,{n},calendar year\n"


def test_the_gate_runs_one_job_lets_some_wait_and_refuses_the_rest() -> None:
    gate = Gate(slots=1, queue=1)  # as in production: one running, one waiting
    release, started = threading.Event(), threading.Event()
    results = []

    def slow() -> str:
        started.set()
        release.wait(5)
        return "drawn"

    first = threading.Thread(target=lambda: results.append(gate.run(slow)))
    first.start()
    assert started.wait(5)
    second = threading.Thread(target=lambda: results.append(gate.run(lambda: "queued")))
    second.start()
    for _ in range(100):  # until the second job waits its turn
        if gate.admitted == 2:
            break
        threading.Event().wait(0.01)
    with pytest.raises(Busy):
        gate.run(lambda: "refused")
    release.set()
    first.join(5)
    second.join(5)
    assert sorted(results) == ["drawn", "queued"] and gate.refused == 1 and gate.admitted == 0


@pytest.fixture()
def fresh(monkeypatch):
    monkeypatch.setattr(work_limits, "RENDER_LIMIT", "3 per minute")
    app = create_app()
    return app, app.server.test_client(), app.server.extensions["work_limits"]


def test_a_full_queue_answers_503_with_retry_after_and_cached_answers_still_come(fresh) -> None:
    app, client, limits = fresh
    assert client.get("/preview/map.svg?year=2016").status_code == 200
    limits.gate = Gate(slots=0, queue=0)  # as if other visitors' drawings filled it
    busy = client.get("/preview/map.svg?year=2017")
    assert busy.status_code == 503 and busy.headers["Retry-After"] == "2"
    assert busy.json["error"].startswith("the server is busy") and busy.headers["Cache-Control"] == "no-store"
    assert client.get("/preview/map.svg?year=2016").status_code == 200, "a drawn picture needs no queue"


def test_pictures_drawn_for_one_client_are_rate_limited(fresh) -> None:
    app, client, limits = fresh
    for year in (2014, 2015, 2016):
        answer = client.get(f"/preview/map.svg?year={year}")
        assert answer.status_code == 200 and answer.headers["X-Drawn"] == "1"
    again = client.get("/preview/map.svg?year=2014")  # not drawn again: a cache hit is not counted...
    assert again.status_code == 200 and "X-Drawn" not in again.headers
    refused = client.get("/preview/map.svg?year=2017")  # ...but a fourth drawing in a minute is refused
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    assert "too many requests" in refused.json["error"]
    other = client.get("/preview/map.svg?year=2017", environ_base={"REMOTE_ADDR": "10.0.0.7"})
    assert other.status_code == 200, "another client is not limited by this one"


def test_answers_the_same_for_everyone_carry_an_etag_and_a_repeat_is_a_304(fresh) -> None:
    app, client, limits = fresh
    for url in ("/view.csv?year=2016", "/view.json?year=2016", "/preview/map.svg?year=2016",
                "/geo/countries.geojson", "/assets/style.css"):
        first = client.get(url)
        assert first.status_code == 200 and first.headers["ETag"], url
        assert "max-age=" in first.headers["Cache-Control"] and "public" in first.headers["Cache-Control"], url
        repeat = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
        assert repeat.status_code == 304 and repeat.data == b"", url


def test_new_figures_in_a_callback_wait_in_the_queue_and_known_ones_do_not(fresh, bundle) -> None:
    app, client, limits = fresh
    output = map_key(app)
    vocab = Vocabulary.of(bundle)
    stored = to_store([check_file("mine.csv", MINE.format(n=424242).encode(), vocab)])
    body = call(app, output, {f"{ids.VISITOR_FIGURES}.data": stored}, [f"{ids.VISITOR_FIGURES}.data"])
    assert client.post(CALLBACK, json=body).status_code in (200, 204)
    limits.gate = Gate(slots=0, queue=0)
    assert client.post(CALLBACK, json=body).status_code in (200, 204), "checked once, then a cache hit"
    new = to_store([check_file("mine.csv", MINE.format(n=7).encode(), vocab)])
    store = f"{ids.VISITOR_FIGURES}.data"
    busy = client.post(CALLBACK, json=call(app, output, {store: new}, [store]))
    assert busy.status_code == 503 and busy.headers["Retry-After"] == "2"


def _read_all(sock: socket.socket) -> bytes:
    data = b""
    try:
        while chunk := sock.recv(65536):
            data += chunk
    except OSError:
        pass
    return data


def test_the_production_server_times_out_silent_bodies_and_waits_for_slow_honest_ones() -> None:
    """A POST that announces a body and never sends it once kept its connection for good; now it gets a 408 after
    BODY_IDLE_S, while a body that keeps coming, slowly, is answered by the app, and pages are served meanwhile."""
    server = start_gunicorn("limits", workers=1)
    try:
        server.wait_ready()
        head = ("POST /_dash-update-component HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
                "Content-Length: {n}\r\n{extra}\r\n")
        silent = socket.create_connection(("127.0.0.1", server.port), timeout=20)
        silent.sendall(head.format(n=1_000_000, extra="").encode())
        started = time.monotonic()
        assert requests.get(server.base + "/", timeout=10).status_code == 200, "pages meanwhile"
        body = b'{"output": "no-such.children"}'
        slow = socket.create_connection(("127.0.0.1", server.port), timeout=20)
        slow.sendall(head.format(n=len(body), extra="Expect: 100-continue\r\nConnection: close\r\n").encode())
        assert slow.recv(100) == b"HTTP/1.1 100 Continue\r\n\r\n"
        for part in (body[:10], body[10:20], body[20:]):
            time.sleep(1.0)  # a second between parts: slow, never idle for BODY_IDLE_S
            slow.sendall(part)
        answer = _read_all(slow)
        assert answer.startswith(b"HTTP/1.1 400") and b"no such callback" in answer, answer[:200]
        refused = _read_all(silent)
        waited = time.monotonic() - started
        assert refused.startswith(b"HTTP/1.1 408 Request Timeout"), refused[:80]
        assert BODY_IDLE_S - 0.5 < waited < BODY_IDLE_S + 3, waited
        silent.close()
        slow.close()
    finally:
        server.stop()


def test_a_csv_export_is_built_off_the_event_loop_before_its_callback_runs(fresh) -> None:
    """Two clients downloading CSVs once put the honest page p95 at 1.6 s: the export is built through the queue."""
    app, client, limits = fresh
    output = next(k for k in app.callback_map if f"{ids.DOWNLOAD_CSV}." in k)
    body = call(app, output, {f"{ids.DOWNLOAD_CSV_BUTTON}.n_clicks": 1}, [f"{ids.DOWNLOAD_CSV_BUTTON}.n_clicks"])
    before = limits.gate.admitted, limits.gate.refused
    answer = client.post(CALLBACK, json=body)
    assert answer.status_code == 200 and "migration-routes_" in answer.json["response"][ids.DOWNLOAD_CSV]["data"][
        "filename"]
    assert (limits.gate.admitted, limits.gate.refused) == before
    limits.gate = Gate(slots=0, queue=0)
    busy = client.post(CALLBACK, json=body)
    assert busy.status_code == 503 and busy.headers["Retry-After"] == "2"


def test_a_lost_redis_costs_a_drawing_not_an_error() -> None:
    class Down:
        def get(self, key):
            raise ConnectionError("redis is away")

        def set(self, *args, **kwargs):
            raise ConnectionError("redis is away")

    cache = RenderCache(Down())
    assert cache.get("png:x") is None
    cache.put("png:x", b"drawn")  # no exception: the picture is still answered


def test_behind_the_front_door_each_client_is_limited_by_the_address_the_proxy_saw(monkeypatch) -> None:
    monkeypatch.setattr(work_limits, "RENDER_LIMIT", "2 per minute")
    monkeypatch.setenv("TRUSTED_PROXIES", "1")
    client = create_app().server.test_client()
    one, other = {"X-Forwarded-For": "203.0.113.7"}, {"X-Forwarded-For": "198.51.100.9"}
    assert [client.get(f"/preview/map.svg?year={y}", headers=one).status_code for y in (2014, 2015, 2016)] == [
        200, 200, 429]
    assert client.get("/preview/map.svg?year=2016", headers=other).status_code == 200
    monkeypatch.setenv("TRUSTED_PROXIES", "one")
    with pytest.raises(ValueError, match="TRUSTED_PROXIES must be the number of proxies"):
        create_app()
