"""Gunicorn's own error answers (a malformed request line, headers that are too long, ...) in the app's form: a short
JSON body with the same security headers as every other answer, instead of gunicorn's bare HTML page; and a start-up
refused for bad data or a missing asset said in one message naming the file, as `python app.py` says it, instead
of a traceback."""

from __future__ import annotations

import json
import sys

from gunicorn import util

from core.errors import DataError

# No page is served here, so nothing may load or frame it.
HEADERS = {
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Content-Type": "application/json",
    "Connection": "close",
}


def error_response(status: int, reason: str) -> bytes:
    """The bytes of one error answer (the reason only: gunicorn's message may quote the request)."""
    body = json.dumps({"error": reason, "status": status})
    head = "".join(f"{k}: {v}\r\n" for k, v in {**HEADERS, "Content-Length": str(len(body))}.items())
    return f"HTTP/1.1 {status} {reason}\r\n{head}\r\n{body}".encode("latin-1", "replace")


def write_error(sock, status_int: int, reason: str, mesg: str) -> None:
    """Drop-in for gunicorn.util.write_error."""
    util.write_nonblock(sock, error_response(int(status_int), str(reason)))


def install() -> None:
    """Make gunicorn write its error answers this way, and say why the app cannot start (called from the gunicorn
    config, before the app is loaded)."""
    util.write_error = write_error
    load = util.import_app

    def import_app(uri: str):
        try:
            return load(uri)
        except DataError as exc:
            print(f"The dashboard cannot start.\n{exc}", file=sys.stderr, flush=True)
            raise SystemExit(2) from None

    util.import_app = import_app
