"""gunicorn's gevent worker, booting in a tenth of the time, with time limits on reading a request.

Time limits: gunicorn gives a request's headers as long as an idle keep-alive connection (a minute) and its body no
limit at all, so a client that announces a body and never sends it kept its connection for good (1,100 of them
left no page answered for 34 s). Here a new connection's first request line and headers must arrive within
HEADER_TIMEOUT_S; a body must keep arriving (no pause over BODY_IDLE_S) and be complete within
BODY_TIMEOUT_S plus a second per BODY_MIN_RATE bytes; otherwise the client gets a 408 and the connection is closed.
The body is read before the app runs (at most BODY_LIMIT bytes; a larger one is left for the app to refuse, and the
connection closed after), so no request holds the app waiting on a socket.

A gevent worker monkey-patches the standard library when it starts, and gevent announces each of its 25 patch steps to
plugins by asking `importlib.metadata.entry_points(group=...)`, which reads every installed package's metadata
again each time: a quarter of a second of every worker's boot (and of every restart after a crash), spent finding
that no package has a gevent plugin. This worker reads the installed entry points once for the whole patch.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import metadata

import gevent
from gunicorn import util
from gunicorn.http.errors import NoMoreData
from gunicorn.workers.ggevent import GeventWorker

from web.server_errors import error_response

HEADER_TIMEOUT_S = 10.0
BODY_IDLE_S = 5.0
BODY_TIMEOUT_S = 10.0
BODY_MIN_RATE = 16 * 1024  # bytes per second: a 1 MB upload may take 10 + 64 s (a phone at 400 kbit/s needs 21)
BODY_LIMIT = 1024 * 1024 + 1  # web/security.py refuses anything larger; one byte over tells it so


@contextmanager
def entry_points_read_once() -> Iterator[None]:
    """Within the block, `importlib.metadata.entry_points(**selection)` selects from one reading of them all."""
    everything = metadata.entry_points()  # Python 3.10-3.11: SelectableGroups; later: EntryPoints; both .select()
    original = metadata.entry_points
    metadata.entry_points = lambda **selection: everything.select(**selection) if selection else everything
    try:
        yield
    finally:
        metadata.entry_points = original


class QuickGeventWorker(GeventWorker):
    """The gevent worker whose monkey-patching reads the installed packages' entry points only once."""

    def patch(self) -> None:
        with entry_points_read_once():
            super().patch()

    def handle(self, listener, client, addr) -> None:
        self._fresh.add(gevent.getcurrent())  # this connection's first request has HEADER_TIMEOUT_S
        try:
            super().handle(listener, client, addr)
        finally:
            self._fresh.discard(gevent.getcurrent())

    def timeout_ctx(self):
        """The time a request's line and headers may take: short for a new connection, the keep-alive time for
        the next request on one that has been answered."""
        current = gevent.getcurrent()
        if current in self._fresh:
            self._fresh.discard(current)
            return gevent.Timeout(HEADER_TIMEOUT_S, False)
        return super().timeout_ctx()

    def handle_request(self, listener_name, req, sock, addr):
        if not read_body(req, sock):
            util.write_nonblock(sock, error_response(408, "Request Timeout"))
            raise NoMoreData(b"")  # gunicorn closes the connection quietly
        return super().handle_request(listener_name, req, sock, addr)

    @property
    def _fresh(self) -> set:
        fresh = self.__dict__.get("_fresh_set")
        if fresh is None:
            fresh = self.__dict__["_fresh_set"] = set()
        return fresh


def body_deadline(length: int | None) -> float:
    """Seconds a body of ``length`` bytes (None: chunked, up to the limit) may take to arrive in full."""
    return BODY_TIMEOUT_S + (BODY_LIMIT if length is None else min(length, BODY_LIMIT)) / BODY_MIN_RATE


def read_body(req, sock) -> bool:
    """Read ``req``'s body into memory within its time limits and hand the app that copy; False if the client was
    too slow. A body over BODY_LIMIT is read only up to it: the app refuses it and the connection closes after."""
    length = _content_length(req)
    chunked = any(name == "TRANSFER-ENCODING" and "chunked" in value.lower() for name, value in req.headers)
    if not chunked and not length:
        return True
    if length is not None and length > BODY_LIMIT:
        req.must_close = True  # never drain it: the app answers 413 from the header alone
        return True
    if any(name == "EXPECT" and value.lower() == "100-continue" for name, value in req.headers):
        # the client waits for this before it sends the body (gunicorn would say it only once the app runs)
        sock.sendall(b"HTTP/1.1 100 Continue\r\n\r\n")
        req.headers = [(name, value) for name, value in req.headers if name != "EXPECT"]
    previous = sock.gettimeout()
    sock.settimeout(BODY_IDLE_S)  # no pause longer than this
    parts, size = [], 0
    try:
        with gevent.Timeout(body_deadline(length)):
            while size < BODY_LIMIT:
                part = req.body.read(min(65536, BODY_LIMIT - size))
                if not part:
                    break
                parts.append(part)
                size += len(part)
    except (gevent.Timeout, TimeoutError, OSError, NoMoreData):
        return False
    finally:
        sock.settimeout(previous)
    if length is not None and size < length:
        return False  # the client went away mid-body: nothing for the app to answer
    if size >= BODY_LIMIT:
        req.must_close = True  # the rest is never read
    req.body = io.BytesIO(b"".join(parts))
    return True


def _content_length(req) -> int | None:
    for name, value in req.headers:
        if name == "CONTENT-LENGTH":
            try:
                return int(value)
            except ValueError:
                return None
    return None
