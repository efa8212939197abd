"""The work one visitor can cause is bounded: expensive work waits in a short per-process queue and is refused with
503 and Retry-After when it is full; pictures drawn for one client are rate-limited; answers that are the same for
everyone carry an ETag and come back as 304; the figures a callback carries are checked through the same queue."""

from __future__ import annotations

import threading

import pytest

from app import create_app
from core.added_figures import Vocabulary, check_file, to_store
from layouts import ids
from tests.calls import CALLBACK, call, map_key
from web import work_limits
from web.work_limits import Busy, Gate

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
    body = call(app, output, {f"{ids.MINE}.data": stored}, [f"{ids.MINE}.data"])
    assert client.post(CALLBACK, json=body).status_code in (200, 204)
    limits.gate = Gate(slots=0, queue=0)
    assert client.post(CALLBACK, json=body).status_code in (200, 204), "checked once, then a cache hit"
    new = to_store([check_file("mine.csv", MINE.format(n=7).encode(), vocab)])
    busy = client.post(CALLBACK, json=call(app, output, {f"{ids.MINE}.data": new}, [f"{ids.MINE}.data"]))
    assert busy.status_code == 503 and busy.headers["Retry-After"] == "2"
