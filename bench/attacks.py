"""The soak's attack cases, one per way a single visitor once stalled the site (issue 25, points 1-5), each run
against a live server while an honest visitor loads the page five times a second.

Each case reports the honest visitor's p95 before, during and after the attack, the honest requests lost, the
workers' largest resident memory, and what the attack itself got back. Every connection goes to 127.0.0.1; the
attackers' connections come from other loopback source addresses (127.0.0.2 and up), so that per-client limits
see them as the separate clients they would be on the internet. Every loop is bounded in time and every socket is
closed at the end.
"""

from __future__ import annotations

import base64
import csv
import http.client
import io
import json
import os
import random
import selectors
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import requests

from bench import dash_model as model
from bench.servers import free_port
from layouts import ids

HONEST_EVERY_S = 0.2
HONEST_TIMEOUT_S = 10.0
QUIET_S = 5.0  # the honest visitor's "before" and "after" windows
ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Honest:
    """An ordinary visitor loading the page over and over, each load timed and tagged with the phase it ran in."""

    base: str
    phase: str = "before"
    times: dict[str, list[float]] = field(default_factory=dict)
    lost: dict[str, int] = field(default_factory=dict)
    stop: threading.Event = field(default_factory=threading.Event)

    def run(self) -> None:
        while not self.stop.is_set():
            phase, start = self.phase, time.perf_counter()
            try:
                ok = requests.get(self.base + "/", timeout=HONEST_TIMEOUT_S).status_code == 200
            except requests.RequestException:
                ok = False
            self.times.setdefault(phase, []).append(time.perf_counter() - start)
            self.lost[phase] = self.lost.get(phase, 0) + (not ok)
            self.stop.wait(HONEST_EVERY_S)

    def p95_ms(self, phase: str) -> float | None:
        times = sorted(self.times.get(phase, []))
        return round(times[max(0, int(round(0.95 * len(times))) - 1)] * 1000, 1) if times else None


class Memory:
    """The largest resident memory of any worker of the server, sampled twice a second."""

    def __init__(self, server) -> None:
        self.server, self.peak_mb, self.stop = server, 0.0, threading.Event()

    def run(self) -> None:
        while not self.stop.wait(0.5):
            for pid in self.server.worker_pids():
                try:
                    status = Path(f"/proc/{pid}/status").read_text()
                except OSError:
                    continue
                rss = next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), 0)
                self.peak_mb = max(self.peak_mb, rss / 1024)


def run_case(server, name: str, attack: Callable[[float], dict], seconds: float) -> dict:
    """Honest page loads for QUIET_S, then during ``attack(seconds)``, then QUIET_S after it."""
    honest, memory = Honest(server.base), Memory(server)
    threads = [threading.Thread(target=honest.run, daemon=True), threading.Thread(target=memory.run, daemon=True)]
    for thread in threads:
        thread.start()
    time.sleep(QUIET_S)
    honest.phase = "during"
    started = time.monotonic()
    try:
        outcome = attack(seconds)
    finally:
        honest.phase = "after"
        took = time.monotonic() - started
        time.sleep(QUIET_S)
        honest.stop.set()
        memory.stop.set()
        for thread in threads:
            thread.join(timeout=HONEST_TIMEOUT_S + 1)
    lost = sum(honest.lost.values())
    during = honest.p95_ms("during")
    verdict = "PASS" if lost == 0 and during is not None and during < 1000 and memory.peak_mb < 1024 else "FAIL"
    if outcome.get("failed"):
        verdict = "FAIL"
    return {"case": name, "seconds": round(took, 1), "p95_ms": {p: honest.p95_ms(p) for p in ("before", "during",
                                                                                             "after")},
            "honest_loads": sum(len(v) for v in honest.times.values()), "honest_lost": lost,
            "worker_peak_mb": round(memory.peak_mb), "attack": outcome, "verdict": verdict}


def _clients(n: int) -> list[str]:
    """Loopback source addresses, one per attacking client (127.0.0.2 ...)."""
    return [f"127.0.0.{2 + i}" for i in range(n)]


def _host_port(base: str) -> tuple[str, int]:
    url = urlparse(base)
    return url.hostname or "127.0.0.1", url.port or 80


def _loop_clients(base: str, clients: int, seconds: float, request: Callable[[http.client.HTTPConnection, int],
                                                                               int]) -> dict:
    """``clients`` threads, each on its own source address, calling ``request`` until time is up; counts the
    status codes they got."""
    host, port = _host_port(base)
    counts: Counter[str] = Counter()
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def one(source: str, k: int) -> None:
        n = 0
        while time.monotonic() < deadline:
            conn = http.client.HTTPConnection(host, port, timeout=30, source_address=(source, 0))
            try:
                status = str(request(conn, k * 100_000 + n))
            except (OSError, http.client.HTTPException) as exc:
                status = type(exc).__name__
            finally:
                conn.close()
            n += 1
            with lock:
                counts[status] += 1
            if status in ("429", "503"):
                time.sleep(0.05)  # a real script would back off a little; a hostile one would not wait for long

    threads = [threading.Thread(target=one, args=(source, k), daemon=True)
               for k, source in enumerate(_clients(clients))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 60)
    return {"clients": clients, "answers": dict(counts)}


# --- 1. bodies announced and never sent -----------------------------------------------------------------------------

def silent_bodies(base: str, connections: int = 1100) -> Callable[[float], dict]:
    """``connections`` POSTs announcing a 1 MB body that never comes, each reopened as soon as the server closes it;
    reports how long the server let one hang (it once kept them for good)."""
    host, port = _host_port(base)
    opening = (f"POST /_dash-update-component HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
               f"Content-Length: 1000000\r\n\r\n").encode()

    def attack(seconds: float) -> dict:
        selector = selectors.DefaultSelector()
        held: list[float] = []
        opened = refused = 0
        sources = _clients(10)

        def open_one() -> None:
            nonlocal opened, refused
            sock = socket.socket()
            sock.setblocking(False)
            try:
                sock.bind((random.choice(sources), 0))
                sock.connect_ex((host, port))
                selector.register(sock, selectors.EVENT_WRITE, [time.monotonic(), False])
                opened += 1
            except OSError:
                refused += 1
                sock.close()

        for _ in range(connections):
            open_one()
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            for key, _ in selector.select(timeout=0.2):
                sock, state = key.fileobj, key.data
                try:
                    if not state[1]:
                        sock.send(opening)
                        state[1] = True
                        selector.modify(sock, selectors.EVENT_READ, state)
                        continue
                    while sock.recv(65536):
                        pass
                except BlockingIOError:
                    continue
                except OSError:
                    pass
                held.append(time.monotonic() - state[0])  # closed by the server: count it and open another
                selector.unregister(sock)
                sock.close()
                open_one()
        still_open = len(selector.get_map())
        oldest = max((time.monotonic() - key.data[0] for key in selector.get_map().values()), default=0.0)
        for key in list(selector.get_map().values()):
            selector.unregister(key.fileobj)
            key.fileobj.close()
        selector.close()
        return {"connections": connections, "opened": opened, "closed_by_server": len(held),
                "longest_held_s": round(max(held, default=0.0), 1),
                "median_held_s": round(statistics.median(held), 1) if held else None,
                "open_at_end": still_open, "oldest_open_at_end_s": round(oldest, 1),
                "failed": not held or max(held) > 30 or oldest > 30}

    return attack


# --- 2. figures carried by callback requests ------------------------------------------------------------------------

def _page(base: str) -> model.Page:
    layout = requests.get(base + "/_dash-layout", timeout=30).json()
    deps = requests.get(base + "/_dash-dependencies", timeout=30).json()
    return model.Page.from_json(layout, deps, "")


def _callback_with(page: model.Page, prop: tuple[str, str], output: tuple[str, str]) -> model.Callback:
    return next(cb for cb in page.callbacks if not cb.clientside and prop in (*cb.inputs, *cb.state)
                and output in cb.outputs)


def _post(conn: http.client.HTTPConnection, page: model.Page, cb: model.Callback, changed: list[str],
          values: dict[tuple[str, str], object]) -> tuple[int, bytes]:
    """POST the renderer's body for ``cb`` with ``values`` set (on a copy: the threads share one page)."""
    body = page.body(cb, changed)
    for item in [*body["inputs"], *body.get("state", [])]:
        if isinstance(item, dict) and (item.get("id"), item.get("property")) in values:
            item["value"] = values[(item["id"], item["property"])]
    conn.request("POST", model.UPDATE_PATH, body=model.encode(body), headers={"Content-Type": "application/json"})
    response = conn.getresponse()
    return response.status, response.read()


def heavy_figures(base: str, clients: int = 4) -> Callable[[float], dict]:
    """Callback requests carrying ten files of 1,000 bad rows and one good row each, different every time (so no
    cache helps), and some carrying ten files of 10,000 bad rows (over one request's bounds)."""
    page = _page(base)
    draw_map = _callback_with(page, (ids.VISITOR_FIGURES, "data"), (ids.MAP, "figure"))
    header = "route_id,year,indicator,value,period\n"
    bad_rows = "nowhere,19x,zz,-q,\n"

    def request(conn: http.client.HTTPConnection, n: int) -> int:
        rows = 10_000 if n % 5 == 0 else 999
        files = [{"name": f"f{n}-{i}.csv", "csv": header + f"central_med,2016,detections,{n},year {i}\n"
                  + bad_rows * rows} for i in range(10)]
        store = (ids.VISITOR_FIGURES, "data")
        return _post(conn, page, draw_map, [f"{ids.VISITOR_FIGURES}.data"], {store: {"v": 1, "files": files}})[0]

    return lambda seconds: _loop_clients(base, clients, seconds, request)


# --- 3. pictures drawn on demand ----------------------------------------------------------------------------------

def picture_storm(base: str, clients: int = 20) -> Callable[[float], dict]:
    """``clients`` clients asking for /view.png with weights no one asked for before, as fast as answered."""

    def request(conn: http.client.HTTPConnection, n: int) -> int:
        weights = f"{1 + n % 10},{(n // 10) % 11},{(n // 110) % 11},{(n // 1210) % 11}"
        conn.request("GET", f"/view.png?year={2014 + n % 11}&weights={weights}")
        response = conn.getresponse()
        response.read()
        return response.status

    return lambda seconds: _loop_clients(base, clients, seconds, request)


# --- 4. a formula in a shared link's file name --------------------------------------------------------------------

def formula_names(base: str, clients: int = 2) -> Callable[[float], dict]:
    """CSV downloads of a view whose link carries a file named like a formula; every answer is read the way a
    spreadsheet reads it, and no cell may start a formula."""
    page = _page(base)
    download = _callback_with(page, (ids.FROM_LINK, "data"), (ids.DOWNLOAD_CSV, "data"))
    unsafe: list[str] = []

    def fragment(n: int) -> str:
        name = f'r{n}.csv,=HYPERLINK("x.example";"open");@SUM(1+1)'
        payload = {"v": 1, "files": [{"name": name, "csv": "route_id,year,indicator,value,period\n"
                                      f"central_med,2016,detections,{n},year\n"}]}
        packed = zlib.compress(json.dumps(payload).encode(), 9)
        return "figures=" + base64.urlsafe_b64encode(packed).decode().rstrip("=")

    def request(conn: http.client.HTTPConnection, n: int) -> int:
        status, data = _post(conn, page, download, [f"{ids.DOWNLOAD_CSV_BUTTON}.n_clicks"],
                             {(ids.FROM_LINK, "data"): fragment(n), (ids.DOWNLOAD_CSV_BUTTON, "n_clicks"): n + 1})
        if status == 200:
            sent = json.loads(data)["response"][ids.DOWNLOAD_CSV]["data"]
            text = base64.b64decode(sent["content"]).decode() if sent.get("base64") else sent["content"]
            for row in csv.reader(io.StringIO(text)):
                unsafe.extend(c for c in row if c.lstrip(" \"")[:1] in ("=", "+", "@")
                              or (c[:1] == "-" and not c[1:2].isdigit() and c[1:2] not in ("", " ")))
        return status

    def attack(seconds: float) -> dict:
        outcome = _loop_clients(base, clients, seconds, request)
        outcome["cells_starting_a_formula"] = len(unsafe)
        outcome["failed"] = bool(unsafe) or "200" not in outcome["answers"]
        return outcome

    return attack


# --- 5. links of nested empty lists, and a start-up with broken data -----------------------------------------------

def nested_links(base: str, clients: int = 4) -> Callable[[float], dict]:
    """Callback requests whose link carries a 6.7 KB fragment that unpacks to megabytes of nested empty lists; and,
    meanwhile, a second server started on a data copy with a table cut to its header and a count of 1e300."""
    page = _page(base)
    draw_map = _callback_with(page, (ids.FROM_LINK, "data"), (ids.MAP, "figure"))
    nested = '{"v":1,"files":[' + ",".join("[[[]]]" for _ in range(900_000)) + "]}"
    fragment = "figures=" + base64.urlsafe_b64encode(zlib.compress(nested.encode(), 9)).decode().rstrip("=")

    def request(conn: http.client.HTTPConnection, n: int) -> int:
        return _post(conn, page, draw_map, [f"{ids.FROM_LINK}.data"],
                     {(ids.FROM_LINK, "data"): fragment + "A" * (n % 3)})[0]

    def attack(seconds: float) -> dict:
        outcome = _loop_clients(base, clients, seconds, request)
        outcome["fragment_chars"] = len(fragment)
        outcome["start_up"] = broken_start_up()
        outcome["failed"] = not all(s["refused_clearly"] for s in outcome["start_up"])
        return outcome

    return attack


def broken_start_up() -> list[dict]:
    """`make serve` on broken data: each must exit 2 with one message naming the file, and no traceback."""
    results = []
    for file, column, value, expected in (("route_year.csv", None, None, "header but no rows"),
                                          ("route_year.csv", "value", "1e300", "larger than any count")):
        work = Path(tempfile.mkdtemp(prefix="soak-data-"))
        try:
            shutil.copytree(ROOT / "data", work / "data")
            path = work / "data" / file
            lines = path.read_text(encoding="utf-8").splitlines()
            if column is None:
                lines = lines[:1]
            else:
                at = lines[0].split(",").index(column)
                cells = next(csv.reader([lines[1]]))
                cells[at] = value
                out = io.StringIO()
                csv.writer(out, lineterminator="").writerow(cells)
                lines[1] = out.getvalue()
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
            try:
                run = subprocess.run([sys.executable, "-m", "gunicorn", "--config", "scripts/gunicorn_conf.py",
                                      f"app:create_app({str(work / 'data')!r})"], cwd=ROOT, capture_output=True,
                                     text=True, timeout=60, stdin=subprocess.DEVNULL,
                                     env={**os.environ, "HOST": "127.0.0.1", "PORT": str(free_port())},
                                     start_new_session=True)
            except subprocess.TimeoutExpired:  # it started serving broken data
                run = subprocess.CompletedProcess([], -1, "", "still running after 60 s")
        finally:
            shutil.rmtree(work, ignore_errors=True)
        said = run.stderr.strip().splitlines()
        results.append({"broken": f"{file} {column or 'rows'}", "exit": run.returncode,
                        "message": " | ".join(said[-3:])[:200],
                        "refused_clearly": run.returncode == 2 and expected in run.stderr
                        and "Traceback" not in run.stderr})
    return results


# --- 6. all of it through the front door, one instance killed ------------------------------------------------------

@dataclass
class Door:
    """The front door (scripts/front_door.py) as run_case sees a server: its address and its app workers."""

    door: object

    @property
    def base(self) -> str:
        return self.door.base

    def worker_pids(self) -> list[int]:
        pids = []
        for name, proc in self.door.procs.items():
            if name.startswith("app") and proc.poll() is None:
                try:
                    pids += [int(p) for p in Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()]
                except OSError:
                    pass
        return pids


def through_the_front_door(door) -> Callable[[float], dict]:
    """Through nginx: 300 silent bodies, 10 clients asking for new pictures, and one app instance SIGKILLed a
    third of the way in."""
    storm, bodies = picture_storm(door.base, clients=10), silent_bodies(door.base, connections=300)

    def attack(seconds: float) -> dict:
        results: dict = {}
        threads = [threading.Thread(target=lambda: results.update(pictures=storm(seconds)), daemon=True),
                   threading.Thread(target=lambda: results.update(silent=bodies(seconds)), daemon=True)]
        for thread in threads:
            thread.start()
        time.sleep(seconds / 3)
        door.door.kill_instance(0)
        results["killed"] = "app0"
        for thread in threads:
            thread.join(timeout=seconds + 60)
        results["failed"] = results.get("silent", {}).get("failed", True)
        return results

    return attack


CASES = {
    "1 silent bodies": (silent_bodies, 30.0),
    "2 heavy figures": (heavy_figures, 20.0),
    "3 picture storm": (picture_storm, 20.0),
    "4 formula names": (formula_names, 15.0),
    "5 nested links": (nested_links, 20.0),
    "6 front door": (through_the_front_door, 30.0),
}
