"""The front door for many machines (`make front`): Debian's nginx (deploy/nginx.conf) in front of two production
instances sharing Redis, all started here on loopback ports (nginx and redis-server are installed with apt-get
when missing, as the browser tests install chromium) and all stopped at the end.

A repeat picture of a view is served by nginx's cache; a picture drawn by one instance is not drawn again by the
other (Redis); and one instance killed under load loses no request: nginx sends what it was answering to the other.
"""

from __future__ import annotations

import threading
import time
from collections import Counter

import pytest
import requests

from scripts.front_door import FrontDoor

LOAD_THREADS = 4


@pytest.fixture(scope="module")
def door():
    with FrontDoor(instances=2, workers_per_instance=1) as started:
        yield started


def test_a_repeat_picture_is_served_by_the_proxys_cache_and_drawn_once_for_both_instances(door) -> None:
    first = requests.get(door.base + "/view.png?year=2016&routes=central_med", timeout=60)
    assert first.status_code == 200 and first.headers["Content-Type"] == "image/png"
    assert first.headers["X-Cache-Status"] == "MISS" and first.headers.get("X-Drawn") == "1"
    repeat = requests.get(door.base + "/view.png?year=2016&routes=central_med", timeout=60)
    assert repeat.headers["X-Cache-Status"] == "HIT" and repeat.content == first.content
    assert repeat.headers["ETag"] == first.headers["ETag"]
    # Past nginx, straight to each instance: neither draws it again, both have it from Redis.
    for i in range(2):
        direct = requests.get(door.instance_base(i) + "/view.png?year=2016&routes=central_med", timeout=60)
        assert direct.status_code == 200 and "X-Drawn" not in direct.headers and direct.content == first.content
    assert requests.get(door.base + "/view.png?year=2016&routes=central_med",
                        headers={"If-None-Match": first.headers["ETag"]}, timeout=60).status_code == 304


def test_one_instance_killed_under_load_loses_no_request(door) -> None:
    stop, killed = threading.Event(), threading.Event()
    outcomes: Counter[str] = Counter()
    after_kill: Counter[str] = Counter()
    lock = threading.Lock()
    callback = {"output": "..dashboard.hidden...sources-page.hidden...sources-content.children..",
                "outputs": [{"id": "dashboard", "property": "hidden"}, {"id": "sources-page", "property": "hidden"},
                            {"id": "sources-content", "property": "children"}],
                "inputs": [{"id": "url", "property": "pathname", "value": "/"},
                           {"id": "lang-store", "property": "data", "value": "en"}],
                "changedPropIds": ["url.pathname"]}

    def load(k: int) -> None:
        session = requests.Session()
        n = 0
        while not stop.is_set():
            n += 1
            try:
                if n % 3 == 0:
                    answer = session.post(door.base + "/_dash-update-component", json=callback, timeout=30)
                elif n % 3 == 1:
                    answer = session.get(door.base + "/", timeout=30)
                else:
                    answer = session.get(door.base + f"/view.json?year={2014 + (k + n) % 11}", timeout=30)
                result = str(answer.status_code)
            except requests.RequestException as exc:
                result = type(exc).__name__
            with lock:
                outcomes[result] += 1
                if killed.is_set():
                    after_kill[result] += 1

    threads = [threading.Thread(target=load, args=(k,), daemon=True) for k in range(LOAD_THREADS)]
    for thread in threads:
        thread.start()
    time.sleep(2.0)
    door.kill_instance(0)
    killed.set()
    time.sleep(3.0)
    stop.set()
    for thread in threads:
        thread.join(timeout=40)
    assert set(outcomes) == {"200"}, f"answers under load, one instance killed: {dict(outcomes)}"
    assert after_kill["200"] >= LOAD_THREADS, f"the surviving instance answered after the kill: {dict(after_kill)}"
    assert door.procs["app1"].poll() is None and door.procs["app0"].poll() is not None
