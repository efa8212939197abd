"""Bound the work one visitor can cause: a bounded queue per process for expensive work (pictures drawn on the
server, the map preview, the check of figures a request carries), answered with 503 and `Retry-After` when full; a
per-client rate limit (Flask-Limiter) on the URLs that draw pictures; and the cache of drawn pictures, shared by
every instance through Redis when REDIS_URL is set (Flask-Caching), in this process otherwise.

Why a queue: a gevent worker runs one request's CPU work at a time, so twenty pictures drawn at once made every other
visitor on that worker wait for all twenty. One expensive job runs per process, in a thread of gevent's pool so the
event loop keeps serving the cheap requests meanwhile; one waits its turn, and the rest are told to come back (the
page's own requests never queue here). Behind a reverse proxy, TRUSTED_PROXIES (how many proxies set
X-Forwarded-For; default 0) names the client by the address the proxy saw, so the limit is per visitor and not per
proxy.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from dash import Dash
from flask import Response, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from limits import parse as parse_limit
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix

log = logging.getLogger("dashboard.limits")
T = TypeVar("T")

GATE_SLOTS = 1  # expensive jobs running at once in one process
GATE_QUEUE = 1  # expensive jobs waiting their turn in one process; more are refused
CHECK_WAIT = 30  # seconds a request waits for another's check of the same figures before checking them itself
RETRY_AFTER_S = 2
# Pictures a client may have drawn (not served from a cache) per minute: a reader changing weights and years by
# hand draws a few; a script drawing one picture after another is refused after these.
RENDER_LIMIT = "30 per minute"
# Checks of figures a request carries that miss the cache, per client and minute (adding a file is one, each
# later request with the same files is a cache hit).
FIGURE_CHECK_LIMIT = "20 per minute"
# CSV exports (built ahead, off the event loop) per client and minute.
AHEAD_LIMIT = "30 per minute"
LOCAL_RENDER_BYTES = 48 * 1024 * 1024  # drawn pictures kept in this process when there is no Redis
SHARED_RENDER_S = 24 * 3600  # how long a drawn picture stays in Redis (the data only changes with a deployment)
DRAWN = "X-Drawn"  # response header naming a picture drawn for this request (not a cache hit)


class Busy(HTTPException):
    """503: this process's queue for expensive work is full; the answer says when to come back."""

    code = 503
    description = "the server is busy drawing for other visitors; retry in a moment"

    def __init__(self, retry_after: int = RETRY_AFTER_S) -> None:
        super().__init__()
        self.retry_after = retry_after


class TooMany(HTTPException):
    """429: this client has used up a per-minute limit."""

    code = 429
    description = "too many requests from this client; retry in a minute"


class Gate:
    """At most ``slots`` jobs at once and ``queue`` waiting; a job beyond that raises Busy at once. With gevent the
    lock is gevent's (monkey-patched), so a waiting request yields to everyone else."""

    def __init__(self, slots: int = GATE_SLOTS, queue: int = GATE_QUEUE) -> None:
        self.slots, self.queue = slots, queue
        self._running = threading.BoundedSemaphore(slots)
        self._count = threading.Lock()
        self.admitted = 0  # running or waiting
        self.refused = 0

    def run(self, job: Callable[..., T], *args: Any) -> T:
        with self._count:
            if self.admitted >= self.slots + self.queue:
                self.refused += 1
                raise Busy()
            self.admitted += 1
        try:
            with self._running:
                return off_the_loop(job, *args)
        finally:
            with self._count:
                self.admitted -= 1


def off_the_loop(job: Callable[..., T], *args: Any) -> T:
    """Run ``job`` in a thread of gevent's pool when gevent has patched this process (the gevent worker), so the
    event loop keeps answering other requests while it computes (Python hands the loop the interpreter every few
    milliseconds); directly otherwise. Jobs here are pure: data in, bytes or checked figures out."""
    try:
        from gevent import get_hub, monkey
    except ImportError:
        return job(*args)
    if not monkey.is_module_patched("threading"):
        return job(*args)
    return get_hub().threadpool.apply(job, args)


class RenderCache:
    """Drawn answers by key: in Redis when REDIS_URL is set (every instance shares them), else in this process,
    least recently used out first, bounded by bytes."""

    def __init__(self, shared: Any | None, budget: int = LOCAL_RENDER_BYTES) -> None:
        self.shared = shared
        self.budget, self.held = budget, 0
        self._local: OrderedDict[str, bytes] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def key(kind: str, *parts: object) -> str:
        return kind + ":" + hashlib.sha256("\0".join(map(str, parts)).encode()).hexdigest()[:32]

    def get(self, key: str) -> bytes | None:
        if self.shared is not None:
            try:
                return self.shared.get(key)
            except Exception as exc:  # Redis away: draw it here rather than fail the request
                log.warning("shared render cache unavailable: %s", type(exc).__name__)
                return None
        with self._lock:
            found = self._local.get(key)
            if found is not None:
                self._local.move_to_end(key)
            return found

    def put(self, key: str, body: bytes) -> None:
        if self.shared is not None:
            try:
                self.shared.set(key, body, timeout=SHARED_RENDER_S)
            except Exception as exc:
                log.warning("shared render cache unavailable: %s", type(exc).__name__)
            return
        with self._lock:
            if key in self._local or len(body) > self.budget:
                return
            self._local[key] = body
            self.held += len(body)
            while self.held > self.budget:
                self.held -= len(self._local.popitem(last=False)[1])


@dataclass
class Limits:
    """What the routes of this app use to bound their work."""

    limiter: Limiter
    gate: Gate
    renders: RenderCache

    def drawn(self, kind: str, key_parts: tuple, draw: Callable[[], bytes]) -> tuple[bytes, bool]:
        """The cached answer for ``key_parts``, else ``draw()`` through the gate (then cached); and whether it
        was drawn for this request. A cached answer is never refused; a drawing counts against the client's
        limit (429 beyond it) and waits in the queue (503 when it is full)."""
        key = self.renders.key(kind, *key_parts)
        body = self.renders.get(key)
        if body is not None:
            return body, False
        self.count(RENDER_LIMIT, "renders")
        body = self.gate.run(draw)
        self.renders.put(key, body)
        return body, True

    def count(self, limit: str, what: str) -> None:
        """Count one unit of ``what`` against this client's ``limit``; TooMany when it is used up."""
        try:
            allowed = self.limiter.limiter.hit(parse_limit(limit), what, client_key())
        except Exception as exc:  # the limits' store (Redis) is away: the queue still bounds the work
            log.warning("rate limit store unavailable: %s", type(exc).__name__)
            return
        if not allowed:
            raise TooMany()


def client_key() -> str:
    return get_remote_address() or "unknown"


def install(app: Dash) -> Limits:
    """The rate limiter, the queue and the render cache for ``app``; their answers are short JSON (security.py)."""
    server = app.server
    setting = os.environ.get("TRUSTED_PROXIES", "0").strip() or "0"
    if not setting.isdigit():
        raise ValueError(f"TRUSTED_PROXIES must be the number of proxies in front of the app (0, 1, ...), not "
                         f"{setting[:20]!r}")
    proxies = int(setting)
    if proxies > 0:
        server.wsgi_app = ProxyFix(server.wsgi_app, x_for=proxies, x_proto=proxies, x_host=0)
    redis_url = os.environ.get("REDIS_URL", "").strip()
    limiter = Limiter(client_key, app=server, storage_uri=redis_url or "memory://", headers_enabled=False,
                      strategy="moving-window", key_prefix="routes-dashboard", swallow_errors=True)
    shared = None
    if redis_url:
        from flask_caching import Cache  # only with Redis

        shared = Cache(server, config={"CACHE_TYPE": "RedisCache", "CACHE_REDIS_URL": redis_url,
                                       "CACHE_KEY_PREFIX": "routes-dashboard:"})
    limits = Limits(limiter, Gate(), RenderCache(shared))
    server.extensions["work_limits"] = limits
    return limits


def busy_response(error: Busy, body: Callable[[int, str], Response]) -> Response:
    response = body(503, error.description)
    response.headers["Retry-After"] = str(error.retry_after)
    response.headers["Cache-Control"] = "no-store"
    return response


def same_for_everyone(response: Response, max_age: int) -> Response:
    """Mark an answer that is the same for every visitor: cacheable by browsers and shared caches for
    ``max_age`` seconds, with a strong ETag, and a 304 when the client already holds it."""
    response.headers["Cache-Control"] = f"public, max-age={max_age}"
    response.add_etag()
    return response.make_conditional(request)


def install_figure_check(app: Dash, served, limits: Limits, visitor_id: str, link_id: str,
                         ahead: dict[str, Callable[[dict[str, Any]], None]] | None = None) -> None:
    """Check the figures a callback request carries before its callback runs, through the queue and the per-client
    limit when they are new (the callback then finds them in the cache); a known set costs a lookup.

    ``ahead`` maps an output component to work to do, the same way, before a callback that writes it (given the
    request's input and state values by "id.property"), whose result the callback then finds in a cache: the CSV
    export, which costs a few hundred milliseconds."""
    from core.added_figures import from_link_fragment, is_checked

    callback_path = app.config.routes_pathname_prefix + "_dash-update-component"
    in_flight: dict[str, threading.Event] = {}  # figure sets being checked now, by content
    in_flight_lock = threading.Lock()

    @app.server.before_request
    def check_carried_figures() -> None:
        if request.path != callback_path or request.method != "POST":
            return
        body = request.get_json(silent=True)  # already parsed and checked by security.py
        if not isinstance(body, dict):
            return
        values = {f"{item['id']}.{item['property']}": item.get("value")
                  for item in [*(body.get("inputs") or []), *(body.get("state") or [])]
                  if isinstance(item, dict) and isinstance(item.get("id"), str)}
        output = body.get("output") if isinstance(body.get("output"), str) else ""
        for component, work in (ahead or {}).items():
            if f"{component}." in output:
                limits.count(AHEAD_LIMIT, "ahead")
                limits.gate.run(work, values)
                return
        visitor, link = values.get(f"{visitor_id}.data"), values.get(f"{link_id}.data")
        if visitor is None and link is None:
            return

        def checked() -> bool:
            return is_checked(visitor, served.vocab, "visitor") and is_checked(from_link_fragment(link), served.vocab,
                                                                             "link")

        if checked():
            return
        # One page sends several callbacks at once carrying the same new figures (after an upload, every chart's):
        # the first checks them through the queue and the others wait for it, instead of each taking a place in the
        # queue and being refused with 503 while it is full.
        key = hashlib.sha256(json.dumps([visitor, link], default=str, sort_keys=True).encode()).hexdigest()
        with in_flight_lock:
            done = in_flight.get(key)
            first = done is None
            if first:
                done = in_flight[key] = threading.Event()
        if not first:
            done.wait(CHECK_WAIT)
            if checked():
                return
        try:
            limits.count(FIGURE_CHECK_LIMIT, "figure-checks")
            limits.gate.run(served.added, visitor, link)
        finally:
            if first:
                with in_flight_lock:
                    in_flight.pop(key, None)
                done.set()
