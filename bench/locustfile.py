"""Simulated dashboard users for `make bench` and `make soak`: open the page, then interact with short pauses.

Each user loads a shared link as a browser does (GET the page, `/_dash-layout`, `/_dash-dependencies`, then the
first callbacks), then steps the year, clicks a route, changes the indicator or a risk weight, or opens the link
again. Callback bodies come from bench/dash_model.py, so they are the ones the renderer sends; the callbacks a
response fires go out together, up to six at a time, as from a browser. Requests are named by callback so locust's
table shows each one. With BENCH_FAILURE_LOG set, every failed request is appended to that file as one JSON line
with its time, so the soak can tell failures caused by a killed worker from the rest. Run it with the repository
root on PYTHONPATH, against 127.0.0.1 only.
"""

from __future__ import annotations

import json
import os
import time
from functools import lru_cache
from typing import Any

import gevent.pool
from locust import between, events, task
from locust.contrib.fasthttp import FastHttpUser
from locust.exception import StopUser

from bench.dash_model import INTERACTIONS as ACTIONS
from bench.dash_model import SHARED_LINK, UPDATE_PATH, Callback, Page, Reply, encode, run_chain

BROWSER_CONNECTIONS = 6  # what a browser opens to one host over HTTP/1.1
THINK_SECONDS = (0.5, 2.0)  # short pauses: a presenter stepping through years, not a reader
HEADERS = {"Content-Type": "application/json", "Accept": "application/json", "Accept-Encoding": "gzip"}
FAILURE_LOG = os.environ.get("BENCH_FAILURE_LOG")


@events.request.add_listener
def _log_failure(request_type: str, name: str, response_time: float, exception: Any = None, **_: Any) -> None:
    if exception is None or not FAILURE_LOG:
        return
    with open(FAILURE_LOG, "a", encoding="utf-8") as log:
        log.write(json.dumps({"t": time.time(), "name": name, "error": str(exception)[:200]}) + "\n")


@events.test_start.add_listener
def _loopback_only(environment: Any, **_: Any) -> None:
    host = environment.host or ""
    if not host.startswith(("http://127.0.0.1:", "http://localhost:")):
        raise SystemExit(f"this load test only runs against 127.0.0.1, not {host!r}")


@lru_cache(maxsize=8)
def _parsed(body: bytes) -> Any:
    """A response body's JSON, parsed once per distinct body: every user fetches the page's layout (120 KB) and
    callback graph as a browser does, but parsing and copying them in this one process for each of them held up
    every other simulated user for tens of milliseconds, and the load test measured its own generator. A Page
    never changes the layout it was built from (bench/dash_model.py), so the users can share it."""
    return json.loads(body)


class DashboardUser(FastHttpUser):
    """One person with one tab."""

    concurrency = BROWSER_CONNECTIONS
    network_timeout = 30.0
    wait_time = between(*THINK_SECONDS)

    def on_start(self) -> None:
        self.layout: Any = None
        self.deps: Any = None
        self.open_page()

    def open_page(self) -> None:
        """A fresh tab on the shared link: the page, its layout and callback graph, then the first callbacks."""
        self.client.get("/" + SHARED_LINK, name="GET /", headers={"Accept-Encoding": "gzip"})
        layout = self.client.get("/_dash-layout", name="GET /_dash-layout", headers={"Accept-Encoding": "gzip"})
        deps = self.client.get("/_dash-dependencies", name="GET /_dash-dependencies",
                               headers={"Accept-Encoding": "gzip"})
        try:
            self.layout, self.deps = _parsed(layout.content), _parsed(deps.content)
        except (ValueError, TypeError):
            raise StopUser() from None  # already counted as a failure; without the graph there is nothing to send
        self.page = Page.from_json(self.layout, self.deps, SHARED_LINK)
        self._play(self.page.initial())

    def _play(self, fired) -> None:
        pool = gevent.pool.Pool(BROWSER_CONNECTIONS)
        run_chain(self.page, fired, self._send, lambda send, calls: pool.map(lambda c: send(*c), calls))

    def _send(self, cb: Callback, body: dict) -> Reply:
        start = time.perf_counter()
        with self.client.post(UPDATE_PATH, data=encode(body), headers=dict(HEADERS), name=f"POST {cb.name}",
                              catch_response=True) as response:
            parsed = None
            if response.status_code == 200:
                try:
                    parsed = response.json()
                except (ValueError, TypeError):
                    response.failure("callback answered 200 without JSON")
            elif response.status_code != 204:  # 204 is Dash's "nothing to update"
                response.failure(f"HTTP {response.status_code}")
            size = len(response.content or b"")
            return Reply(cb.name, response.status_code or 0, size, size, time.perf_counter() - start, parsed)

    @task(4)
    def year_step(self) -> None:
        self._play(ACTIONS["year step"](self.page))

    @task(2)
    def route_click(self) -> None:
        self._play(ACTIONS["route click"](self.page))

    @task(1)
    def indicator_change(self) -> None:
        self._play(ACTIONS["indicator change"](self.page))

    @task(1)
    def weight_change(self) -> None:
        self._play(ACTIONS["risk-weight change"](self.page))

    @task(1)
    def open_shared_link(self) -> None:
        self.open_page()
