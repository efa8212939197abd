"""Slow and greedy clients against a running server, while ordinary visitors load the page.

`slow_headers`: connections that trickle their request headers a byte at a time (slowloris). `bodiless_posts`:
POSTs that announce a 1 MB body and never send it. Either way the server must keep answering everyone else: the
ordinary page loads measured alongside report their p95 and failures. Every connection goes to the loopback address
given, every loop is bounded in time, and every socket is closed at the end.
"""

from __future__ import annotations

import socket
import statistics
import threading
import time
from urllib.parse import urlparse

import requests

PAGE_TIMEOUT_S = 10.0


def _hold(host: str, port: int, opening: bytes, trickle: bytes, seconds: float, stop: threading.Event) -> None:
    """One greedy connection: send the opening, then a byte of ``trickle`` a second, until time is up."""
    try:
        sock = socket.create_connection((host, port), timeout=5)
    except OSError:
        return
    try:
        sock.sendall(opening)
        deadline = time.monotonic() + seconds
        for byte in trickle * int(seconds + 1):
            if stop.wait(1.0) or time.monotonic() > deadline:
                break
            sock.sendall(bytes([byte]))
    except OSError:
        pass  # the server closed it: fine, that is one way of coping
    finally:
        sock.close()


def attack(base: str, kind: str, clients: int, seconds: float) -> dict:
    """Run ``clients`` greedy connections of one kind for ``seconds`` while timing ordinary page loads."""
    url = urlparse(base)
    host, port = url.hostname or "127.0.0.1", url.port or 80
    if kind == "slow headers":
        opening, trickle = f"GET / HTTP/1.1\r\nHost: {host}\r\n".encode(), b"X-a: b\r\n"
    else:
        opening = (f"POST /_dash-update-component HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
                   f"Content-Length: 1000000\r\n\r\n").encode()
        trickle = b""
    stop = threading.Event()
    greedy = [threading.Thread(target=_hold, args=(host, port, opening, trickle, seconds, stop), daemon=True)
              for _ in range(clients)]
    for thread in greedy:
        thread.start()
    time.sleep(1.0)  # let them take hold first
    times, failures = [], 0
    deadline = time.monotonic() + seconds - 1.0
    while time.monotonic() < deadline:
        start = time.perf_counter()
        try:
            ok = requests.get(base + "/", timeout=PAGE_TIMEOUT_S).status_code == 200
        except requests.RequestException:
            ok = False
        times.append(time.perf_counter() - start)
        failures += not ok
        time.sleep(0.2)
    stop.set()
    for thread in greedy:
        thread.join(timeout=5)
    times.sort()
    p95 = times[max(0, int(round(0.95 * len(times))) - 1)] if times else float("nan")
    return {"kind": kind, "clients": clients, "seconds": seconds, "page_loads": len(times), "failures": failures,
            "p50_ms": round(statistics.median(times) * 1000, 1) if times else None, "p95_ms": round(p95 * 1000, 1)}
