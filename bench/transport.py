"""A small HTTP client for the benchmark that sees what the wire carries: compressed and decoded sizes, and time.

It asks for gzip as a browser does and never retries, so every failure and every byte counts. Loopback only: the
client refuses any host but 127.0.0.1 and localhost.
"""

from __future__ import annotations

import gzip
import json
import time
import zlib
from dataclasses import dataclass
from urllib.parse import urlsplit

import urllib3

from bench.dash_model import UPDATE_PATH, Callback, Reply, encode

LOOPBACK = {"127.0.0.1", "localhost"}
TIMEOUT = urllib3.Timeout(connect=5.0, read=30.0)


@dataclass
class Fetched:
    """A GET as the client saw it."""

    path: str
    status: int
    wire_bytes: int
    raw_bytes: int
    encoding: str | None
    content_type: str
    seconds: float
    data: bytes


class Client:
    """One origin on loopback, with a connection pool shared by threads."""

    def __init__(self, base: str, pool_size: int = 8) -> None:
        if urlsplit(base).hostname not in LOOPBACK:
            raise ValueError(f"the benchmark only talks to loopback, not {base!r}")
        self.base = base.rstrip("/")
        self.pool = urllib3.PoolManager(maxsize=pool_size, block=True, retries=False, timeout=TIMEOUT)

    def _request(self, method: str, path: str, body: bytes | None, headers: dict[str, str]) -> tuple:
        start = time.perf_counter()
        response = self.pool.request(method, self.base + path, body=body, headers=headers, preload_content=False,
                                     redirect=False)
        try:
            wire = response.read(decode_content=False)
        finally:
            response.release_conn()
        seconds = time.perf_counter() - start
        encoding = response.headers.get("Content-Encoding")
        return response, wire, _decode(wire, encoding), encoding, seconds

    def get(self, path: str, accept: str = "gzip") -> Fetched:
        """GET with the given Accept-Encoding; only gzip, deflate and identity bodies are decoded (raw_bytes -1)."""
        response, wire, raw, encoding, seconds = self._request("GET", path, None, {"Accept-Encoding": accept})
        return Fetched(path, response.status, len(wire), len(raw) if raw is not None else -1, encoding,
                       response.headers.get("Content-Type", ""), seconds, raw or b"")

    def get_json(self, path: str):
        fetched = self.get(path)
        if fetched.status != 200:
            raise RuntimeError(f"GET {path}: HTTP {fetched.status}")
        return json.loads(fetched.data)

    def send(self, cb: Callback, body: dict) -> Reply:
        """POST one callback body as the renderer does."""
        headers = {"Content-Type": "application/json", "Accept": "application/json", "Accept-Encoding": "gzip"}
        try:
            response, wire, raw, _, seconds = self._request("POST", UPDATE_PATH, encode(body), headers)
        except urllib3.exceptions.HTTPError as exc:
            return Reply(cb.name, 0, 0, 0, 0.0, {"error": str(exc)})
        parsed = json.loads(raw) if response.status == 200 and raw else None
        return Reply(cb.name, response.status, len(wire), len(raw or b""), seconds, parsed)


def _decode(data: bytes, encoding: str | None) -> bytes | None:
    if not encoding or encoding == "identity":
        return data
    if encoding == "gzip":
        return gzip.decompress(data)
    if encoding == "deflate":
        return zlib.decompress(data)
    return None  # br or zstd: only their size on the wire matters here
