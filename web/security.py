"""Harden the app's HTTP surface: `install(app)` puts a Content-Security-Policy (own origin only, inline scripts
by hash, configurable frame-ancestors), `X-Content-Type-Options`, `Referrer-Policy` and a legacy `X-Frame-Options`
on every response; checks each request to Dash's callback endpoint for size (1 MB, refused before parsing), content
type and JSON shape before Dash sees it; and answers every error with a short JSON message, never a traceback, and
never with the request body in the logs.
"""

from __future__ import annotations

import json
import logging
import math
import re
import traceback
from pathlib import Path
from typing import Any

from dash import Dash
from dash.exceptions import DependencyException
from flask import Response, request
from werkzeug.exceptions import HTTPException

from web.work_limits import Busy, busy_response

MAX_BODY_BYTES = 1024 * 1024  # the largest real callback request (a click, the link, the view) is a few kB
MAX_JSON_DEPTH = 32  # real callback requests nest about 8 levels (clickData points inside inputs)
DEFAULT_FRAME_ANCESTORS = "'self'"
CALLBACK_ROUTE = "_dash-update-component"
log = logging.getLogger("dashboard.security")

# One CSP source expression for frame-ancestors: a keyword, a scheme, or a host with optional scheme, port, path.
_SOURCE = re.compile(
    r"'self'|'none'|[a-z][a-z0-9+.-]*:"
    r"|(?:[a-z][a-z0-9+.-]*://)?(?:\*|(?:\*\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*)(?::(?:\d{1,5}|\*))?(?:/[\w./~%-]*)?",
    re.IGNORECASE,
)


class RejectedRequest(HTTPException):
    """A callback request refused before Dash parsed it; the message is ours and never quotes the body."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(description=message)
        self.code = code


def install(app: Dash, frame_ancestors: str = DEFAULT_FRAME_ANCESTORS) -> None:
    """Add the headers, the 1 MB limit, the callback-request checks and the JSON error handlers to ``app``.

    ``frame_ancestors`` is the CSP frame-ancestors value (who may embed the dashboard in a frame), for example
    ``'self' https://conference.example.org``; it raises ValueError if that is not a valid source list.
    """
    ancestors = check_frame_ancestors(frame_ancestors)
    server = app.server
    callback_path = app.config.routes_pathname_prefix + CALLBACK_ROUTE
    # Werkzeug refuses a larger Content-Length and stops reading a chunked body one byte past the limit, which
    # is how check_callback_request tells an over-long chunked body from one exactly at the limit.
    server.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES + 1
    policy: list[str] = []  # built on the first response, once every inline script is registered

    @server.before_request
    def guard_callback_request() -> None:
        if request.path == callback_path and request.method == "POST":
            check_callback_request(app)

    @server.after_request
    def add_security_headers(response: Response) -> Response:
        if not policy:
            policy.append(content_security_policy(app, ancestors))
        response.headers["Content-Security-Policy"] = policy[0]
        response.headers["X-Content-Type-Options"] = "nosniff"
        # The address carries the view; no other site needs to learn it.
        response.headers["Referrer-Policy"] = "no-referrer"
        legacy = {"'self'": "SAMEORIGIN", "'none'": "DENY"}.get(ancestors)
        if legacy:  # for browsers that predate frame-ancestors; a list of origins has no equivalent here
            response.headers["X-Frame-Options"] = legacy
        return response

    @server.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> Response | HTTPException:
        if error.code is None or error.code < 400:
            return error
        if isinstance(error, RejectedRequest):
            log.warning("rejected callback request: %s %s", error.code, error.description)
            return json_error(error.code, error.description or "bad request")
        if isinstance(error, Busy):
            return busy_response(error, json_error)
        if error.code == 429:  # a per-client limit (web/work_limits.py): every limit there counts per minute
            response = json_error(429, "too many requests from this client; retry later")
            response.headers["Retry-After"] = "60"
            return response
        return json_error(error.code, error.name)

    @server.errorhandler(Exception)
    def unexpected_error(error: Exception) -> Response:
        # The message of an exception raised while Dash reads a callback request may quote that request, so
        # only the type and the place are logged; elsewhere nothing client-sent is in it, so the traceback is.
        if request.path == callback_path:
            log.warning("callback request failed: %s at %s", type(error).__name__, _where(error))
            return json_error(400, "the callback request does not match this app's callbacks")
        if isinstance(error, DependencyException):  # an unknown component-suite file
            return json_error(404, "Not Found")
        log.error("%s %s failed", request.method, request.path[:200], exc_info=error)
        return json_error(500, "internal error")


def check_frame_ancestors(value: str) -> str:
    """The frame-ancestors source list, normalised to single spaces; ValueError if it is not a valid one."""
    sources = value.split()
    if not sources:
        raise ValueError("FRAME_ANCESTORS is empty: use 'self' (the default) or 'none' or a list of origins")
    for source in sources:
        if source.lower() in ("self", "none"):
            raise ValueError(f"FRAME_ANCESTORS: write {source!r} with single quotes: '{source.lower()}'")
        if not _SOURCE.fullmatch(source):
            raise ValueError(f"FRAME_ANCESTORS: {source[:60]!r} is not a CSP source (e.g. https://example.org)")
    if "'none'" in sources and len(sources) > 1:
        raise ValueError("FRAME_ANCESTORS: 'none' cannot be combined with other sources")
    return " ".join(sources)


def content_security_policy(app: Dash, frame_ancestors: str = DEFAULT_FRAME_ANCESTORS) -> str:
    """The CSP header value: the app's own origin only, its inline scripts by hash, inline styles for plotly.js."""
    directives = {
        "default-src": "'self'",
        "script-src": " ".join(["'self'", *app.csp_hashes()]),
        "style-src": "'self' 'unsafe-inline'",  # plotly.js styles its SVG through style attributes
        "img-src": "'self' data: blob:",  # plotly.js's PNG/SVG export draws through data: and blob: images
        "connect-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": frame_ancestors,
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def check_callback_request(app: Dash) -> None:
    """Raise RejectedRequest unless the current request is a size-, type- and shape-valid Dash callback call."""
    if request.content_length is not None and request.content_length > MAX_BODY_BYTES:
        raise RejectedRequest(413, f"the request body is larger than {MAX_BODY_BYTES} bytes")
    if not request.is_json:
        raise RejectedRequest(415, "a callback request must be sent as application/json")
    try:
        data = request.get_data(cache=True)
    except HTTPException:  # the client went away mid-body
        raise RejectedRequest(400, "the request body could not be read") from None
    if len(data) > MAX_BODY_BYTES:  # a chunked body, which has no Content-Length to check up front
        raise RejectedRequest(413, f"the request body is larger than {MAX_BODY_BYTES} bytes")
    try:
        # Parses the cached bytes and caches the result, so Dash reuses this parse.
        body = request.get_json()
    except HTTPException:
        raise RejectedRequest(400, "the request body is not valid JSON") from None
    except RecursionError:
        raise RejectedRequest(400, "the request body is nested too deeply") from None
    problem = _json_problem(body)
    if problem:
        raise RejectedRequest(400, problem)
    problem = callback_problem(body, app.callback_map)
    if problem:
        raise RejectedRequest(400, problem)


def callback_problem(body: Any, callbacks: dict[str, dict]) -> str | None:
    """What makes ``body`` an invalid call of one of ``callbacks`` (Dash's callback map), or None if it is valid."""
    if not isinstance(body, dict):
        return "the request body must be a JSON object"
    output = body.get("output")
    if not isinstance(output, str) or output not in callbacks:
        return "no such callback"
    spec = callbacks[output]
    if not _dependencies_match(body.get("inputs"), spec.get("inputs", [])):
        return "the inputs do not match the callback"
    if not _dependencies_match(body.get("state", []), spec.get("state", [])):
        return "the state does not match the callback"
    outputs = body.get("outputs")
    multi = output.startswith("..")  # Dash's key for a callback with several outputs
    if multi and not isinstance(outputs, list) or not all(_is_match(o) for o in (outputs if multi else [outputs])):
        return "the outputs do not match the callback"
    changed = body.get("changedPropIds", [])
    if not isinstance(changed, list) or not all(isinstance(c, str) for c in changed):
        return "changedPropIds must be a list of strings"
    return None


def json_error(status: int, message: str) -> Response:
    """A short JSON error answer."""
    return Response(json.dumps({"error": message, "status": status}), status=status, mimetype="application/json")


def _dependencies_match(given: Any, registered: list[dict]) -> bool:
    """Inputs or state as sent match the callback's, one for one, in order (dict ids, which may hold wildcards,
    only by shape: Dash keeps them as JSON text beginning with a brace)."""
    if not isinstance(given, list) or len(given) != len(registered):
        return False
    for item, spec in zip(given, registered):
        if isinstance(spec.get("id"), str) and not spec["id"].startswith("{"):
            if not (isinstance(item, dict) and item.get("id") == spec["id"]
                    and item.get("property") == spec.get("property")):
                return False
        elif not _is_match(item):
            return False
    return True


def _is_match(item: Any) -> bool:
    """One component's id and property, or the list of them that an ALL/ALLSMALLER wildcard matched."""
    return _is_dependency(item) or isinstance(item, list) and all(_is_dependency(i) for i in item)


def _is_dependency(item: Any) -> bool:
    return (isinstance(item, dict) and isinstance(item.get("id"), str | dict)
            and isinstance(item.get("property"), str))


def _json_problem(value: Any) -> str | None:
    """Nesting deeper than MAX_JSON_DEPTH, or NaN/Infinity (which no browser sends), found without recursion."""
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, float) and not math.isfinite(node):
            return "the request body holds a number JSON does not allow"
        if isinstance(node, dict):
            node = list(node.values())
        if isinstance(node, list):
            if depth > MAX_JSON_DEPTH:
                return "the request body is nested too deeply"
            stack.extend((child, depth + 1) for child in node)
    return None


def _where(error: BaseException) -> str:
    """The innermost file:line of an exception, a place to look at without any of its message."""
    frames = traceback.extract_tb(error.__traceback__)
    if not frames:
        return "?"
    last = frames[-1]
    return f"{Path(last.filename).name}:{last.lineno} in {last.name}"

