"""`make soak`: 50 simulated users for 60 s against the production server, with one worker killed part-way; then
20 slow clients for 20 s and two bodiless 1 MB POSTs for 20 s, while ordinary page loads are timed; then one case
per way a single visitor once stalled the site (bench/attacks.py: 1,100 silent bodies, callbacks heavy with
figures, a storm of new pictures, formula file names in links, links of nested empty lists and a start-up on broken
data, then silent bodies and new pictures through the nginx front door with one instance killed), each on a fresh
server, with the honest visitor's p95 before, during and after it. About six minutes.

The server is started exactly as `make serve` starts it (gunicorn with scripts/gunicorn_conf.py), on a free
loopback port. After KILL_AFTER_S seconds one worker (never the master) gets SIGKILL; the master forks a
replacement. The report gives total requests, failures, the failures inside the kill window (from the kill until
the replacement worker is up, plus a short grace for requests already queued on the dead worker's sockets), and
p50/p95 latency. Every loop here is bounded in time; only processes this script started are signalled.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from bench.attacks import CASES, Door, run_case, through_the_front_door
from bench.run import run_locust
from bench.servers import start_gunicorn
from bench.slow_clients import attack
from scripts.front_door import FrontDoor

KILL_AFTER_S = 20.0
GRACE_S = 2.0  # requests the dead worker had accepted fail within this long after the new one is up
RESPAWN_TIMEOUT_S = 30.0


def kill_one_worker(server, delay: float, record: dict[str, Any], stop: threading.Event) -> None:
    """Wait, SIGKILL the first worker of this server, then time how long until a replacement is forked."""
    if stop.wait(delay):
        return
    before = server.worker_pids()
    if not before:
        record["error"] = "no worker process found"
        return
    victim = before[0]
    record["killed_pid"] = victim
    record["workers_before"] = len(before)
    record["kill_time"] = time.time()
    os.kill(victim, signal.SIGKILL)
    deadline = time.monotonic() + RESPAWN_TIMEOUT_S
    while time.monotonic() < deadline and not stop.is_set():
        now = server.worker_pids()
        if victim not in now and len(now) >= len(before):
            record["respawn_time"] = time.time()
            record["respawn_s"] = round(record["respawn_time"] - record["kill_time"], 3)
            return
        time.sleep(0.02)
    record["error"] = f"no replacement worker within {RESPAWN_TIMEOUT_S:.0f} s"


def run_cases(names: list[str]) -> list[dict]:
    """Each attack case on a fresh production server (so no cache or limit carries over), its figures printed."""
    results = []
    print("\nAttack cases (honest visitor: a page load every 0.2 s; budget: p95 during < 1000 ms, none lost, "
          "every worker under 1024 MB):", flush=True)
    for name in names:
        make, seconds = CASES[name]
        if make is through_the_front_door:  # nginx, two instances of one worker each, Redis
            with FrontDoor(instances=2, workers_per_instance=1) as door:
                result = run_case(Door(door), name, make(Door(door)), seconds)
        else:
            server = start_gunicorn(f"soak-{name.split()[0]}")
            try:
                server.wait_ready()
                server.settled_workers()
                result = run_case(server, name, make(server.base), seconds)
            finally:
                server.stop()
        results.append(result)
        p95 = result["p95_ms"]
        print(f"  {name:<18} {result['seconds']:>5.1f} s  p95 before {p95['before']} ms, during {p95['during']} ms, "
              f"after {p95['after']} ms; {result['honest_loads']} loads, {result['honest_lost']} lost; worker peak "
              f"{result['worker_peak_mb']} MB: {result['verdict']}", flush=True)
        print(f"  {'':<18} attack: {json.dumps(result['attack'], ensure_ascii=False)[:400]}", flush=True)
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--out", type=Path, default=None, help="also write the figures to this JSON file")
    parser.add_argument("--only-cases", nargs="*", default=None, metavar="N",
                        help="run only these attack cases (their numbers, e.g. 1 3), without the users' soak")
    args = parser.parse_args()
    if args.only_cases is not None:
        cases = run_cases([c for c in CASES if c.split()[0] in args.only_cases] if args.only_cases else list(CASES))
        if args.out:
            args.out.write_text(json.dumps({"cases": cases}, indent=1) + "\n", encoding="utf-8")
        return 0 if all(c["verdict"] == "PASS" for c in cases) else 1
    workdir = Path(tempfile.mkdtemp(prefix="soak-"))
    failure_log = workdir / "failures.jsonl"
    failure_log.touch()
    server = start_gunicorn("soak")
    record: dict[str, Any] = {}
    stop = threading.Event()
    try:
        server.wait_ready()
        workers = server.settled_workers()
        print(f"gunicorn up with {len(workers)} workers ({os.environ.get('WORKER_CLASS', 'gevent')}); "
              f"{args.users} users for {args.seconds} s, one worker SIGKILLed after {KILL_AFTER_S:.0f} s ...",
              flush=True)
        killer = threading.Thread(target=kill_one_worker, args=(server, KILL_AFTER_S, record, stop), daemon=True)
        killer.start()
        stats = run_locust(server.base, args.users, args.seconds, workdir / "soak", failure_log=failure_log)
        stop.set()
        killer.join(timeout=RESPAWN_TIMEOUT_S)
        server.started = time.perf_counter()  # wait_ready counts from here: the replacement worker is up by now
        server.wait_ready()
        greedy = [attack(server.base, "slow headers", 20, 20.0), attack(server.base, "bodiless posts", 2, 20.0)]
    finally:
        stop.set()
        server.stop()

    failures = [json.loads(line) for line in failure_log.read_text(encoding="utf-8").splitlines() if line]
    shutil.rmtree(workdir, ignore_errors=True)
    kill_t = record.get("kill_time")
    end_t = record.get("respawn_time", kill_t + RESPAWN_TIMEOUT_S if kill_t else None)
    in_window = [f for f in failures if kill_t and kill_t <= f["t"] <= end_t + GRACE_S]
    figures = {
        "users": args.users,
        "seconds": args.seconds,
        "worker_class": os.environ.get("WORKER_CLASS", "gevent"),
        "workers": len(workers),
        "requests": stats["requests"],
        "failures": stats["failures"],
        "failures_in_kill_window": len(in_window),
        "failures_elsewhere": len(failures) - len(in_window),
        "p50_ms": stats["p50_ms"],
        "p95_ms": stats["p95_ms"],
        "p99_ms": stats["p99_ms"],
        "rps": stats["rps"],
        "kill": {k: v for k, v in record.items() if k not in ("kill_time", "respawn_time")},
        "kill_window_s": round(end_t + GRACE_S - kill_t, 3) if kill_t else None,
        "failure_kinds": stats["failure_kinds"],
        "failures_in_window_detail": sorted({f"{f['name']}: {f['error']}" for f in in_window}),
        "greedy_clients": greedy,
    }
    print(f"\nSoak: {figures['users']} users, {figures['seconds']} s, gunicorn {figures['workers']} "
          f"{figures['worker_class']} workers")
    print(f"  total requests            {figures['requests']}")
    print(f"  failures                  {figures['failures']}")
    if kill_t:
        print(f"  worker killed             pid {record.get('killed_pid')} at t+{KILL_AFTER_S:.0f} s; replacement up "
              f"after {record.get('respawn_s', 'never')} s")
        print(f"  failures in kill window   {figures['failures_in_kill_window']}"
              f" (window {figures['kill_window_s']} s: kill to replacement + {GRACE_S:.0f} s grace)")
    else:
        print(f"  worker kill               not done: {record.get('error', 'unknown')}")
    print(f"  failures elsewhere        {figures['failures_elsewhere']}")
    print(f"  latency                   p50 {figures['p50_ms']:.0f} ms, p95 {figures['p95_ms']:.0f} ms, "
          f"p99 {figures['p99_ms']:.0f} ms at {figures['rps']} req/s")
    for kind in figures["failure_kinds"]:
        print(f"  failure: {kind['count']} x {kind['name']}: {kind['error'][:120]}")
    for run in greedy:
        verdict = "PASS" if run["failures"] == 0 and run["p95_ms"] < 1000 else "FAIL"
        print(f"  {run['clients']} {run['kind']} for {run['seconds']:.0f} s: {run['page_loads']} page loads, "
              f"{run['failures']} failed, p50 {run['p50_ms']} ms, p95 {run['p95_ms']} ms (budget p95 < 1000 ms, "
              f"none failed): {verdict}")
    figures["cases"] = run_cases(list(CASES))
    if args.out:
        args.out.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
