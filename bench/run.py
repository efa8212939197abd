"""`make bench`: measure the dashboard against its performance budgets and print PASS or FAIL for each.

It measures cold start, every user interaction's callback chain (server round trips on loopback, bytes on the wire
with gzip as a browser asks), the first page load's bytes, the time to the first drawn map in headless Debian
chromium, throughput and p95 latency with 50 simulated users (locust) against the production server, and the same
interactions against a naive baseline (bench/baseline_app.py). Budgets are fixed here and never relaxed: a FAIL is
a finding for the app, not for the benchmark. Results go to bench/results.json. Everything runs on 127.0.0.1, every
loop is bounded, and every server it starts is stopped on the way out. About two minutes on two cores.
"""

from __future__ import annotations

import argparse
import copy
import csv
import gzip
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from bench.dash_model import INTERACTIONS, LINKS, SHARED_LINK, SMALL_UPDATES, Page, Reply, run_chain, sequential
from bench.servers import BASELINE_SPEC, ROOT, VANILLA_SPEC, Server, start_dev, start_gunicorn
from bench.transport import Client
from layouts import ids

KB = 1024
BUDGETS = {
    "cold_start_s": 3.0,
    "callback_p95_ms": 40.0,
    "map_update_bytes": 2 * KB,
    "update_total_bytes": 30 * KB,
    "first_load_bytes": 800 * KB,
    "js_gzip_bytes": 2048 * KB,
    "first_map_s": 1.5,  # on a quiet machine; readers on phones are about three times slower
    "first_map_vs_vanilla": 0.5,
    "load_p95_ms": 250.0,
    "key_to_map_ms": 300.0,
    "title_map_gap_ms": 100.0,
    "load_errors": 0,
    "baseline_bytes_ratio": 10.0,
    "baseline_latency_ratio": 3.0,
}
BROWSER_CONNECTIONS = 6  # parallel requests a browser makes to one host, so the chain is timed as a browser sees it
UNCOMPRESSED_LIMIT = 1024  # a response this big that comes back without gzip is a compression miss
BROWSER_ACCEPT = "gzip, deflate, br, zstd"  # what chromium sends
MAP_OUTPUT = f"{ids.MAP}.figure"


def is_map(callback: str) -> bool:
    """Whether a callback (by its report label, "map.figure" or "map.figure (+1)") draws the map."""
    return callback.split(" ")[0] == MAP_OUTPUT


def map_entry(callbacks: dict[str, Any]) -> dict[str, Any]:
    return next(entry for name, entry in callbacks.items() if is_map(name))


# What the map update is: the map's figure, its legend and the store naming what it was drawn for. The view callback
# sends them in the same answer as the view's state (so the title and the map change together); the map's share of
# that answer is its outputs gzip-compressed on their own (less than that when compressed together with the rest).
MAP_OUTPUTS = {ids.MAP: "figure", ids.MAP_LEGEND: "children", ids.MAP_DRAWN: "data"}


def map_bytes(reply: Reply) -> int:
    """The map's share of a reply in compressed bytes: the whole reply if it carries the map alone, else its map
    outputs compressed on their own; 0 for a reply without the map."""
    if not is_map(reply.callback):
        return 0
    response = (reply.json or {}).get("response")
    if not isinstance(response, dict) or set(response) <= set(MAP_OUTPUTS):
        return reply.wire_bytes
    part = {cid: response[cid] for cid in MAP_OUTPUTS if cid in response}
    return len(gzip.compress(json.dumps(part, separators=(",", ":")).encode(), mtime=0))
COLD_RUNS = 3
BROWSER_RUNS = 5
BROWSER_TIMEOUT_S = 30.0
WATCH_MAP = """
(function () {
  // Record when the map is first on screen, relative to navigation start: the first country path of the one
  // choropleth (the dashboard's map, or the vanilla anchor's), or the dashboard's static picture of the map once it
  // has loaded, whichever comes first.
  var selector = "path.choroplethlocation";
  function shown() {
    var picture = document.querySelector("img.map-preview");
    return document.querySelector(selector) || (picture && picture.complete && picture.naturalWidth > 0);
  }
  function check() {
    if (window.__mapDrawnAt === undefined && shown()) {
      window.__mapDrawnAt = performance.now();
    }
    return window.__mapDrawnAt !== undefined;
  }
  new MutationObserver(function (_, observer) { if (check()) observer.disconnect(); })
    .observe(document, {childList: true, subtree: true, attributes: true, attributeFilter: ["src"]});
  document.addEventListener("load", check, true);  // an image's load event does not bubble: listen in capture
})();
"""


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (no interpolation): the value a q share of samples do not exceed."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def verdict(ok: bool | None) -> str:
    return "SKIP" if ok is None else ("PASS" if ok else "FAIL")


# ---- cold start ----

def cold_start() -> dict[str, Any]:
    """Process start to the first 200 on `/`, for the development server and for gunicorn."""
    out: dict[str, Any] = {}
    for name, start in (("python app.py", start_dev), ("gunicorn", start_gunicorn)):
        times = []
        for _ in range(COLD_RUNS):
            server = start(name="cold-" + name.split()[0])
            try:
                times.append(server.wait_ready("/"))
            finally:
                server.stop()
        out[name] = {"runs_s": [round(t, 3) for t in times], "median_s": round(statistics.median(times), 3)}
    return out


# ---- callback chains ----

def measure_interactions(clients: dict[str, Client], iterations: int, warmup: int = 2) -> dict[str, Any]:
    """Every interaction's chain on every server, played serially (each request's own time) and as a browser fans
    it out. Servers take turns iteration by iteration, so a busy moment on this machine hits them alike."""
    pool = ThreadPoolExecutor(BROWSER_CONNECTIONS)

    def fan_out(send, calls):
        return list(pool.map(lambda call: send(*call), calls))

    graphs = {label: (c.get_json("/_dash-layout"), c.get_json("/_dash-dependencies")) for label, c in clients.items()}
    links = {SHARED_LINK, *LINKS.values()}
    pages = {label: {link: Page.from_json(copy.deepcopy(lay), deps, link) for link in links}
             for label, (lay, deps) in graphs.items()}
    results: dict[str, Any] = {label: {} for label in clients}
    try:
        for label, by_link in pages.items():  # warm every worker: each one imports and builds on its first requests
            for _ in range(2):
                for link, page in by_link.items():
                    run_chain(page, page.initial(), clients[label].send, fan_out)
                    for name, action in INTERACTIONS.items():
                        if name != "open shared link" and LINKS.get(name, SHARED_LINK) == link:
                            run_chain(page, action(page), clients[label].send, fan_out)
        for name, action in INTERACTIONS.items():
            serial: dict[str, list[list[Reply]]] = {label: [] for label in clients}
            walls: dict[str, list[float]] = {label: [] for label in clients}
            for mode, fan in (("serial", sequential), ("browser", fan_out)):
                for i in range(warmup + iterations):
                    for label, client in clients.items():
                        layout, deps = graphs[label]
                        target = Page.from_json(copy.deepcopy(layout), deps, SHARED_LINK) \
                            if name == "open shared link" else pages[label][LINKS.get(name, SHARED_LINK)]
                        fired = action(target)
                        start = time.perf_counter()
                        replies = run_chain(target, fired, client.send, fan)
                        wall = time.perf_counter() - start
                        if i < warmup:
                            continue
                        if mode == "serial":
                            serial[label].append(replies)
                        else:
                            walls[label].append(wall)
            for label in clients:
                results[label][name] = _summarise(serial[label], walls[label])
    finally:
        pool.shutdown()
    return results


def _summarise(serial: list[list[Reply]], browser_walls: list[float]) -> dict[str, Any]:
    per_callback: dict[str, dict[str, list]] = {}
    totals, raw_totals, map_sizes, chain_serial, errors = [], [], [], [], 0
    uncompressed: set[str] = set()
    for replies in serial:
        totals.append(sum(r.wire_bytes for r in replies))
        raw_totals.append(sum(r.raw_bytes for r in replies))
        map_sizes.append(sum(map_bytes(r) for r in replies))
        chain_serial.append(sum(r.seconds for r in replies))
        for r in replies:
            entry = per_callback.setdefault(r.callback, {"seconds": [], "wire": [], "raw": []})
            entry["seconds"].append(r.seconds)
            entry["wire"].append(r.wire_bytes)
            entry["raw"].append(r.raw_bytes)
            errors += r.status not in (200, 204)
            if r.raw_bytes > UNCOMPRESSED_LIMIT and r.wire_bytes == r.raw_bytes:
                uncompressed.add(r.callback)
    callbacks = {
        name: {
            "p50_ms": round(1000 * percentile(e["seconds"], 0.5), 1),
            "p95_ms": round(1000 * percentile(e["seconds"], 0.95), 1),
            "wire_bytes_median": int(statistics.median(e["wire"])),
            "wire_bytes_max": max(e["wire"]),
            "raw_bytes_median": int(statistics.median(e["raw"])),
        }
        for name, e in per_callback.items()
    }
    worst = max(callbacks.items(), key=lambda kv: kv[1]["p95_ms"]) if callbacks else ("-", {"p95_ms": math.nan})
    return {
        "samples": len(serial),
        "requests": len(serial[0]) if serial else 0,
        "callbacks": callbacks,
        "worst_callback": worst[0],
        "worst_callback_p95_ms": worst[1]["p95_ms"],
        "wire_bytes_median": int(statistics.median(totals)) if totals else 0,
        "wire_bytes_max": max(totals, default=0),
        "raw_bytes_median": int(statistics.median(raw_totals)) if raw_totals else 0,
        "map_wire_bytes_max": max(map_sizes, default=0),
        "chain_serial_p50_ms": round(1000 * percentile(chain_serial, 0.5), 1),
        "chain_serial_p95_ms": round(1000 * percentile(chain_serial, 0.95), 1),
        "chain_browser_p50_ms": round(1000 * percentile(browser_walls, 0.5), 1),
        "chain_browser_p95_ms": round(1000 * percentile(browser_walls, 0.95), 1),
        "errors": errors,
        "uncompressed_callbacks": sorted(uncompressed),
    }


# ---- the browser ----

def _chromium(chromium: str, driver_path: str):
    """Headless Debian chromium at 1920x1080, offline but for this machine."""
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = chromium
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1920,1080", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                # Offline on purpose: only this machine resolves, so the page cannot lean on a CDN.
                "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost"):
        options.add_argument(arg)
    return webdriver.Chrome(service=Service(driver_path), options=options)


def browser_first_map(base: str, anchor: str | None = None) -> dict[str, Any]:
    """Navigation to the first country path of the map in headless Debian chromium, cache off, taking turns with
    the vanilla anchor page at ``anchor`` when given; plus what the dashboard loaded."""
    chromium, driver_path = shutil.which("chromium"), shutil.which("chromedriver")
    if not (chromium and driver_path):
        return {"skipped": "Debian chromium and chromium-driver are not installed (make test installs them)"}
    driver = _chromium(chromium, driver_path)
    url = base + "/" + SHARED_LINK

    def load(target: str = url) -> float:
        driver.get("about:blank")
        driver.get(target)
        deadline = time.monotonic() + BROWSER_TIMEOUT_S
        while time.monotonic() < deadline:
            drawn = driver.execute_script("return window.__mapDrawnAt === undefined ? null : window.__mapDrawnAt;")
            if drawn is not None:
                return drawn / 1000
            time.sleep(0.05)
        raise RuntimeError(f"the map was not drawn within {BROWSER_TIMEOUT_S:.0f} s")

    try:
        driver.set_page_load_timeout(BROWSER_TIMEOUT_S)
        driver.execute_cdp_cmd("Network.enable", {})
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": WATCH_MAP})
        driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})  # a first visit, every time
        load()  # warms the server's caches; the list of what a page loads comes from this run
        time.sleep(1.0)  # let the late requests (the base map topology) finish before listing them
        resources = driver.execute_script(
            "return performance.getEntriesByType('resource').map(function (e) { return e.name; });")
        cold, vanilla = [], []
        if anchor:
            load(anchor + "/")  # warm the anchor server too
        for _ in range(BROWSER_RUNS):
            cold.append(load())
            if anchor:
                vanilla.append(load(anchor + "/"))
        driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": False})
        load()  # fills the browser cache
        warm = [load() for _ in range(BROWSER_RUNS)]
    finally:
        driver.quit()
    return {"runs_s": [round(t, 3) for t in cold], "median_s": round(statistics.median(cold), 3),
            "vanilla_runs_s": [round(t, 3) for t in vanilla],
            "vanilla_median_s": round(statistics.median(vanilla), 3) if vanilla else None,
            "cached_runs_s": [round(t, 3) for t in warm], "cached_median_s": round(statistics.median(warm), 3),
            "resources": resources}


# One key press: when the map has redrawn (plotly_afterplot) and the scene title's text has changed (DOM), and the
# first frame the browser paints after each: what the audience sees. The title's text may change in the DOM before
# the map redraws while the browser paints nothing in between; then both appear in the same frame.
PRESS = """
const done = arguments[arguments.length - 1], key = arguments[0];
const gd = document.querySelector('#map .js-plotly-plot'), banner = document.getElementById('scene-banner');
const before = banner.textContent, t0 = performance.now();
let map = null, title = null, mapFrame = null, titleFrame = null;
const finish = () => {
  if (mapFrame !== null && titleFrame !== null) { observer.disconnect(); done([map, title, mapFrame, titleFrame]); }
};
const frame = (set) => requestAnimationFrame(() => { set(performance.now() - t0); finish(); });
gd.once('plotly_afterplot', () => { map = performance.now() - t0; frame((t) => { mapFrame = t; }); });
const observer = new MutationObserver(() => {
  if (title === null && banner.textContent !== before) {
    title = performance.now() - t0; frame((t) => { titleFrame = t; });
  }
});
observer.observe(banner, {childList: true, subtree: true, characterData: true});
document.body.dispatchEvent(new KeyboardEvent('keydown', {key: key, bubbles: true}));
setTimeout(() => { observer.disconnect(); done([map, title, mapFrame, titleFrame]); }, 5000);
"""


def presenter_presses(base: str, presses: int = 20) -> dict[str, Any]:
    """A presenter stepping through scenes (right, left, right, ...): from the key press to the map's redraw and
    to the new scene title, in the browser, median of ``presses``."""
    chromium, driver_path = shutil.which("chromium"), shutil.which("chromedriver")
    if not (chromium and driver_path):
        return {"skipped": "Debian chromium and chromium-driver are not installed (make test installs them)"}
    driver = _chromium(chromium, driver_path)
    try:
        driver.set_script_timeout(10)
        driver.get(base + "/?mode=present&scene=alliance_2015")
        deadline = time.monotonic() + BROWSER_TIMEOUT_S
        while not driver.execute_script("return document.querySelector('#map path.choroplethlocation') !== null"
                                        " && document.body.classList.contains('present');"):
            if time.monotonic() > deadline:
                raise RuntimeError("the presenter page did not draw its map")
            time.sleep(0.05)
        time.sleep(1.0)
        presses_ms = []
        for i in range(presses):
            measured = driver.execute_async_script(PRESS, "ArrowRight" if i % 2 == 0 else "ArrowLeft")
            presses_ms.append([math.inf if m is None else m for m in measured])
            time.sleep(0.3)
    finally:
        driver.quit()
    maps, titles, map_frames, title_frames = (list(c) for c in zip(*presses_ms))
    return {"presses": presses, "map_median_ms": statistics.median(maps), "title_median_ms": statistics.median(titles),
            "dom_gap_median_ms": statistics.median(abs(m - t) for m, t in zip(maps, titles)),
            "gap_median_ms": statistics.median(abs(m - t) for m, t in zip(map_frames, title_frames)),
            "frame_median_ms": statistics.median(map_frames), "map_ms": [round(m) for m in maps]}


# ---- first page load ----

def first_load_bytes(client: Client, resources: list[str], first_callbacks_wire: int) -> dict[str, Any]:
    """Bytes on the wire (gzip asked for) of the first visit, libraries apart, every response sent uncompressed, and
    what chromium's own Accept-Encoding (with br and zstd) would get for the same files."""
    paths = ["/" + SHARED_LINK]
    for url in resources:
        path = url.split(client.base, 1)[-1]
        if url.startswith(client.base) and "/_dash-update-component" not in path and path not in paths:
            paths.append(path)
    libraries, own = [], []
    for path in paths:
        fetched = client.get(path)
        as_browser = client.get(path, accept=BROWSER_ACCEPT)
        entry = {"path": path, "status": fetched.status, "wire": fetched.wire_bytes, "raw": fetched.raw_bytes,
                 "encoding": fetched.encoding, "browser_wire": as_browser.wire_bytes,
                 "browser_encoding": as_browser.encoding}
        (libraries if _is_library(path) else own).append(entry)
    uncompressed = [e["path"] for e in libraries + own if e["raw"] > UNCOMPRESSED_LIMIT and not e["encoding"]]
    return {
        "libraries": libraries,
        "page": own,
        "js_gzip_bytes": sum(e["wire"] for e in libraries),
        "js_raw_bytes": sum(e["raw"] for e in libraries),
        "js_browser_bytes": sum(e["browser_wire"] for e in libraries),
        "page_bytes": sum(e["wire"] for e in own) + first_callbacks_wire,
        "page_raw_bytes": sum(e["raw"] for e in own),
        "page_browser_bytes": sum(e["browser_wire"] for e in own) + first_callbacks_wire,
        "first_callbacks_wire": first_callbacks_wire,
        "uncompressed": uncompressed,
        "uncompressed_for_browser": [e["path"] for e in libraries + own
                                     if e["raw"] > UNCOMPRESSED_LIMIT and not e["browser_encoding"]],
        "complete": bool(resources),
    }


def _is_library(path: str) -> bool:
    """Dash's and plotly's JavaScript: the component suites, and plotly's own files even when served from assets."""
    bare = path.split("?", 1)[0]
    name = bare.rsplit("/", 1)[-1]
    return bare.endswith(".js") and (bare.startswith("/_dash-component-suites/") or name.startswith("plotly"))


def fallback_resources(client: Client) -> list[str]:
    """Without a browser: what the index names, the data the page fetches; plotly's lazy chunks are then missing."""
    import re

    html = client.get("/" + SHARED_LINK).data.decode("utf-8", "replace")
    found = re.findall(r'(?:src|href)="(/[^"]+)"', html)
    return [client.base + p for p in [*found, "/_dash-layout", "/_dash-dependencies", "/geo/countries.geojson",
                                      "/assets/topojson/world_110m.json"]]


# ---- load ----

def validation_speed(rows: int = 10_000, repeats: int = 5) -> dict[str, Any]:
    """Checking a visitor's file of ``rows`` rows, against an anchor measured in the same run: pandas reading the
    same bytes as text (what any check has to do at least). Medians of ``repeats``."""
    import io

    import pandas as pd

    from core.added_figures import Vocabulary, check_file
    from core.bundle import load_bundle

    vocab = Vocabulary.of(load_bundle())
    first, last = vocab.years
    lines = ["route_id,year,indicator,value,period,note"]
    span = last - first + 1
    lines += [f"central_med,{first + i % span},detections,{i},calendar year,n{i % 10}" for i in range(rows)]
    content = "\n".join(lines).encode()
    checked, anchor = [], []
    for _ in range(repeats):
        start = time.perf_counter()
        result = check_file("bench.csv", content, vocab)
        checked.append(time.perf_counter() - start)
        start = time.perf_counter()
        pd.read_csv(io.BytesIO(content), dtype=str, keep_default_na=False)
        anchor.append(time.perf_counter() - start)
    return {"rows": rows, "bytes": len(content), "median_s": statistics.median(checked),
            "anchor_median_s": statistics.median(anchor), "problems": len(result.problems)}


def run_locust(base: str, users: int, seconds: int, csv_prefix: Path, failure_log: Path | None = None) -> dict:
    """Locust headless against one server; returns the aggregated row of its CSV."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    if failure_log is not None:
        env["BENCH_FAILURE_LOG"] = str(failure_log)
    argv = [sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py"), "--headless",
            "-u", str(users), "-r", str(max(1, users // 2)), "-t", f"{seconds}s", "--host", base,
            "--csv", str(csv_prefix), "--only-summary", "--loglevel", "WARNING", "--stop-timeout", "5"]
    done = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, timeout=seconds + 90)
    stats_path = Path(f"{csv_prefix}_stats.csv")
    if not stats_path.exists():
        raise RuntimeError(f"locust wrote no statistics (exit {done.returncode}):\n{done.stderr[-2000:]}")
    rows = list(csv.DictReader(stats_path.open(encoding="utf-8")))
    agg = next(r for r in rows if r["Name"] == "Aggregated")
    per_name = {r["Name"]: {"requests": int(r["Request Count"]), "failures": int(r["Failure Count"]),
                            "p50_ms": float(r["50%"]), "p95_ms": float(r["95%"])}
                for r in rows if r["Name"] != "Aggregated"}
    failures_path = Path(f"{csv_prefix}_failures.csv")
    failures = list(csv.DictReader(failures_path.open(encoding="utf-8"))) if failures_path.exists() else []
    return {
        "users": users,
        "seconds": seconds,
        "requests": int(agg["Request Count"]),
        "failures": int(agg["Failure Count"]),
        "rps": round(float(agg["Requests/s"]), 1),
        "p50_ms": float(agg["50%"]),
        "p95_ms": float(agg["95%"]),
        "p99_ms": float(agg["99%"]),
        "per_request": per_name,
        "failure_kinds": [{"name": f["Name"], "error": f["Error"], "count": int(f["Occurrences"])} for f in failures],
    }


# ---- report ----

def report(results: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per budget: what was measured, the budget, PASS or FAIL."""
    rows: list[dict[str, Any]] = []

    def row(check: str, measured: str, budget: str, ok: bool | None) -> None:
        rows.append({"check": check, "measured": measured, "budget": budget, "result": verdict(ok)})

    cold = results["cold_start"]
    dev = cold["python app.py"]["median_s"]
    row("cold start: python app.py to first 200 on / (median of 3)", f"{dev:.2f} s", "< 3 s",
        dev < BUDGETS["cold_start_s"])
    row("cold start: gunicorn to first 200 on / (median of 3)", f"{cold['gunicorn']['median_s']:.2f} s", "< 3 s",
        cold["gunicorn"]["median_s"] < BUDGETS["cold_start_s"])

    ours = results["interactions"]
    for name, data in ours.items():
        row(f"{name}: every callback p95", f"{data['worst_callback_p95_ms']:.0f} ms ({data['worst_callback']})",
            "< 40 ms", data["worst_callback_p95_ms"] < BUDGETS["callback_p95_ms"])
    for name in SMALL_UPDATES:
        data = ours[name]
        row(f"{name}: map's bytes (its outputs, gzip, worst)", f"{data['map_wire_bytes_max'] / KB:.1f} KB", "< 2 KB",
            data["map_wire_bytes_max"] < BUDGETS["map_update_bytes"])
        row(f"{name}: all bytes of the chain (gzip, worst)", f"{data['wire_bytes_max'] / KB:.1f} KB", "< 30 KB",
            data["wire_bytes_max"] < BUDGETS["update_total_bytes"])
    errors = sum(d["errors"] for d in ours.values())
    row("callback errors during the interaction runs", str(errors), "0", errors == 0)

    load = results["first_load"]
    note = "" if load["complete"] else " (no browser: lazy chunks missing)"
    row("first page load without JS libraries (gzip)" + note, f"{load['page_bytes'] / KB:.0f} KB", "< 800 KB",
        load["page_bytes"] < BUDGETS["first_load_bytes"])
    row("JS libraries (gzip)" + note, f"{load['js_gzip_bytes'] / KB:.0f} KB", "< 2048 KB",
        load["js_gzip_bytes"] < BUDGETS["js_gzip_bytes"])
    missed = [p.split("?", 1)[0] for p in load["uncompressed"]]
    missed += [f"POST {c}" for c in results.get("uncompressed_callbacks", [])]
    row("every response over 1 KB gzip-compressed (gzip-only client)", ", ".join(missed) or "all compressed",
        "none uncompressed", not missed)
    missed_browser = [p.split("?", 1)[0] for p in load["uncompressed_for_browser"]]
    row("every response over 1 KB compressed (chromium's Accept-Encoding)", ", ".join(missed_browser) or
        "all compressed", "none uncompressed", not missed_browser)

    browser = results["browser"]
    if "skipped" in browser:
        row("first drawn map in chromium (median of 3)", browser["skipped"], "< 2 s", None)
    else:
        ratio = browser["median_s"] / browser["vanilla_median_s"] if browser.get("vanilla_median_s") else math.nan
        row(f"first drawn map in chromium, first visit (median of {BROWSER_RUNS}, turns with the vanilla page)",
            f"{browser['median_s']:.2f} s (with cached JS: {browser['cached_median_s']:.2f} s)",
            f"< {BUDGETS['first_map_s']} s", browser["median_s"] < BUDGETS["first_map_s"])
        row("first drawn map vs a vanilla Dash page with one choropleth (same run)",
            f"{ratio:.2f}x ({browser['median_s']:.2f} s vs {browser['vanilla_median_s']:.2f} s)",
            f"<= {BUDGETS['first_map_vs_vanilla']}x", ratio <= BUDGETS["first_map_vs_vanilla"])

    presenter = results["presenter"]
    if "skipped" in presenter:
        row("presenter key press to map redraw", presenter["skipped"], "< 300 ms", None)
    else:
        row(f"presenter key press to map redraw (median of {presenter['presses']})",
            f"{presenter['map_median_ms']:.0f} ms", f"< {BUDGETS['key_to_map_ms']:.0f} ms",
            presenter["map_median_ms"] < BUDGETS["key_to_map_ms"])
        row("presenter: scene title and map appear together (median gap between their first painted frames)",
            f"{presenter['gap_median_ms']:.0f} ms (title's text changed {presenter['dom_gap_median_ms']:.0f} ms"
            " before the map's redraw, unpainted)",
            f"< {BUDGETS['title_map_gap_ms']:.0f} ms", presenter["gap_median_ms"] < BUDGETS["title_map_gap_ms"])

    load_test = results["load"]
    row(f"{load_test['users']} users for {load_test['seconds']} s: errors",
        f"{load_test['failures']} of {load_test['requests']}", "0", load_test["failures"] == BUDGETS["load_errors"])
    row(f"{load_test['users']} users for {load_test['seconds']} s: p95 latency",
        f"{load_test['p95_ms']:.0f} ms at {load_test['rps']:.0f} req/s", "< 250 ms",
        load_test["p95_ms"] < BUDGETS["load_p95_ms"])

    check = results["validation"]
    row(f"checking a visitor's file of {check['rows']:,} rows ({check['bytes'] / KB:.0f} KB)",
        f"{check['median_s'] * 1000:.0f} ms ({check['median_s'] / check['anchor_median_s']:.1f}x pandas reading it)",
        "< 1 s", check["median_s"] < 1.0)

    ratios = results["baseline_ratios"]
    row("year step vs naive baseline: bytes (gzip)", f"{ratios['bytes']:.1f}x fewer", ">= 10x",
        ratios["bytes"] >= BUDGETS["baseline_bytes_ratio"])
    row("year step vs naive baseline: latency (browser-like chain, median)",
        f"{ratios['latency']:.1f}x lower (one request at a time: {ratios['latency_serial']:.1f}x)", ">= 3x",
        ratios["latency"] >= BUDGETS["baseline_latency_ratio"])
    return rows


def print_tables(results: dict[str, Any], rows: list[dict[str, Any]]) -> None:
    width = max(len(r["check"]) for r in rows)
    mwidth = min(60, max(len(r["measured"]) for r in rows))
    print(f"\n{'check':<{width}}  {'measured':<{mwidth}}  {'budget':<17}  result")
    for r in rows:
        print(f"{r['check']:<{width}}  {r['measured']:<{mwidth}}  {r['budget']:<17}  {r['result']}")

    print("\nInteraction chains (server round trips on loopback; bytes as sent, gzip; serial = one request at a time,"
          " browser = dependents in parallel):")
    print(f"{'':<22}{'reqs':>5}{'wire KB':>9}{'raw KB':>8}{'map KB':>8}{'serial p50/p95 ms':>19}"
          f"{'browser p50/p95 ms':>20}  slowest callback (p95)")
    for label, key in (("ours", "interactions"), ("baseline", "baseline_interactions")):
        for name, d in results[key].items():
            print(f"{label + ' ' + name:<22}{d['requests']:>5}{d['wire_bytes_median'] / KB:>9.1f}"
                  f"{d['raw_bytes_median'] / KB:>8.1f}{d['map_wire_bytes_max'] / KB:>8.1f}"
                  f"{d['chain_serial_p50_ms']:>9.0f}/{d['chain_serial_p95_ms']:<9.0f}"
                  f"{d['chain_browser_p50_ms']:>10.0f}/{d['chain_browser_p95_ms']:<9.0f}"
                  f"  {d['worst_callback']} {d['worst_callback_p95_ms']:.0f}")

    ours = results["interactions"]
    names = sorted({c for d in ours.values() for c in d["callbacks"]},
                   key=lambda c: -ours["year step"]["callbacks"].get(c, {}).get("wire_bytes_median", 0))
    print("\nEach callback, ours: p50/p95 ms per interaction; bytes of a year step (gzip / raw):")
    print(f"  {'callback':<26}" + "".join(f"{n[:16]:>18}" for n in ours) + f"{'year step bytes':>20}")
    for name in names:
        cells = []
        for data in ours.values():
            c = data["callbacks"].get(name)
            cells.append(f"{c['p50_ms']:.0f}/{c['p95_ms']:.0f}" if c else "-")
        year = ours["year step"]["callbacks"].get(name)
        size = f"{year['wire_bytes_median']} / {year['raw_bytes_median']}" if year else "-"
        print(f"  {name:<26}" + "".join(f"{cell:>18}" for cell in cells) + f"{size:>20}")

    for key in ("load", "load_gthread"):
        if key in results:
            lt = results[key]
            print(f"\nLoad ({key}, {lt['users']} users, {lt['seconds']} s, {lt.get('worker_class', 'gevent')}):"
                  f" {lt['requests']} requests, {lt['failures']} failures, {lt['rps']} req/s,"
                  f" p50 {lt['p50_ms']:.0f} ms, p95 {lt['p95_ms']:.0f} ms, p99 {lt['p99_ms']:.0f} ms")
    load1 = results["load_average_at_start"][0]
    print(f"\nLoad average when the run began: {load1:.2f} on {os.cpu_count()} cores"
          + (" (other processes were busy: timings are pessimistic)" if load1 > 0.5 else ""))
    fails = sum(r["result"] == "FAIL" for r in rows)
    print(f"\n{len(rows) - fails} passed, {fails} failed (budgets are fixed; a FAIL is work for the app)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--iterations", type=int, default=20, help="measured runs of each interaction (default 20)")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=30, help="length of the load test")
    parser.add_argument("--no-gthread", action="store_true", help="skip the gthread comparison load run")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results.json")
    args = parser.parse_args()
    began = time.perf_counter()
    results: dict[str, Any] = {"budgets": BUDGETS, "load_average_at_start": os.getloadavg()}
    workdir = Path(tempfile.mkdtemp(prefix="bench-"))

    print("cold start ...", flush=True)
    results["cold_start"] = cold_start()
    print("checking a visitor's file ...", flush=True)
    results["validation"] = validation_speed()

    servers: list[Server] = []
    try:
        ours = start_gunicorn("ours")
        baseline = start_gunicorn("baseline", spec=BASELINE_SPEC)
        servers += [ours, baseline]
        ours.wait_ready()
        baseline.wait_ready()
        client = Client(ours.base, pool_size=BROWSER_CONNECTIONS + 2)
        print("interactions (ours and the naive baseline, taking turns) ...", flush=True)
        measured = measure_interactions({"ours": client, "baseline": Client(baseline.base, BROWSER_CONNECTIONS + 2)},
                                        args.iterations)
        baseline.stop()
        results["interactions"], results["baseline_interactions"] = measured["ours"], measured["baseline"]
        results["uncompressed_callbacks"] = sorted({c for d in results["interactions"].values()
                                                    for c in d["uncompressed_callbacks"]})
        ours_year, base_year = results["interactions"]["year step"], results["baseline_interactions"]["year step"]
        results["baseline_ratios"] = {
            "bytes": base_year["wire_bytes_median"] / max(1, ours_year["wire_bytes_median"]),
            "latency": base_year["chain_browser_p50_ms"] / max(0.1, ours_year["chain_browser_p50_ms"]),
            "latency_serial": base_year["chain_serial_p50_ms"] / max(0.1, ours_year["chain_serial_p50_ms"]),
            "map_latency": map_entry(base_year["callbacks"])["p50_ms"]
            / max(0.1, map_entry(ours_year["callbacks"])["p50_ms"]),
        }
        print("browser (ours and the vanilla page, taking turns) ...", flush=True)
        vanilla = start_gunicorn("vanilla", spec=VANILLA_SPEC)
        servers.append(vanilla)
        vanilla.wait_ready()
        results["browser"] = browser_first_map(ours.base, vanilla.base)
        vanilla.stop()
        print("presenter key presses ...", flush=True)
        results["presenter"] = presenter_presses(ours.base)
        resources = results["browser"].pop("resources", None) or fallback_resources(client)
        first_callbacks = results["interactions"]["open shared link"]["wire_bytes_median"]
        results["first_load"] = first_load_bytes(client, resources, first_callbacks)
        if "skipped" in results["browser"]:
            results["first_load"]["complete"] = False

        configured = os.environ.get("WORKER_CLASS", "gevent")
        print(f"load: {args.users} users for {args.seconds} s ({configured} workers, as configured) ...", flush=True)
        results["load"] = run_locust(ours.base, args.users, args.seconds, workdir / "load")
        results["load"]["worker_class"] = configured
        ours.stop()
        if not args.no_gthread and configured != "gthread":
            print(f"load: {args.users} users for {args.seconds} s (gthread workers, for comparison) ...", flush=True)
            threaded = start_gunicorn("gthread", env={"WORKER_CLASS": "gthread"})
            servers.append(threaded)
            threaded.wait_ready()
            results["load_gthread"] = run_locust(threaded.base, args.users, args.seconds, workdir / "gthread")
            results["load_gthread"]["worker_class"] = "gthread"
            threaded.stop()
    finally:
        for server in servers:
            server.stop()
        shutil.rmtree(workdir, ignore_errors=True)

    rows = report(results)
    results["report"] = rows
    results["seconds"] = round(time.perf_counter() - began, 1)
    args.out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print_tables(results, rows)
    shown = args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out.name
    print(f"\n{results['seconds']:.0f} s; full results in {shown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
