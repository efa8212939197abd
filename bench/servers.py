"""Start and stop the servers the benchmark measures, each on a free loopback port, and always clean up after.

The production server is the same command as `make serve` (gunicorn with scripts/gunicorn_conf.py); the
development server is `python app.py`. Each runs in its own process group, so stopping it also stops its workers,
and only processes started here are ever signalled.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUNICORN_CONF = ROOT / "scripts" / "gunicorn_conf.py"
APP_SPEC = "app:create_app()"
BASELINE_SPEC = "bench.baseline_app:create_baseline()"
VANILLA_SPEC = "bench.vanilla_app:create_vanilla()"
HOST = "127.0.0.1"
START_TIMEOUT = 60.0


def free_port() -> int:
    """A port nobody listens on now (the kernel picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    """A server process started by the benchmark."""

    name: str
    proc: subprocess.Popen
    port: int
    log_path: Path
    started: float = field(default_factory=time.perf_counter)

    @property
    def base(self) -> str:
        return f"http://{HOST}:{self.port}"

    def wait_ready(self, path: str = "/health", timeout: float = START_TIMEOUT) -> float:
        """Seconds from process start to the first 200 on `path`; raises with the server's log if it never comes."""
        deadline = self.started + timeout
        while time.perf_counter() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.proc.returncode}:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(self.base + path, timeout=2) as response:
                    if response.status == 200:
                        return time.perf_counter() - self.started
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.01)  # fine-grained: this loop is what the cold-start figure measures
        raise RuntimeError(f"{self.name} not ready after {timeout:.0f} s:\n{self.log_tail()}")

    def worker_pids(self) -> list[int]:
        """The gunicorn workers: the master's child processes (Linux /proc)."""
        children = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children")
        try:
            return [int(p) for p in children.read_text().split()]
        except OSError:
            pass
        found = []  # kernels without the children file: scan every process's parent id
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            if int(fields[1]) == self.proc.pid:
                found.append(int(stat.parent.name))
        return found

    def settled_workers(self, settle: float = 1.0, timeout: float = 15.0) -> list[int]:
        """The workers once their number has stopped changing for `settle` seconds (the first may answer early)."""
        deadline = time.monotonic() + timeout
        pids, since = self.worker_pids(), time.monotonic()
        while time.monotonic() < deadline:
            time.sleep(0.05)
            now = self.worker_pids()
            if sorted(now) != sorted(pids):
                pids, since = now, time.monotonic()
            elif time.monotonic() - since >= settle:
                break
        return pids

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self) -> None:
        """SIGTERM the server's own process group, then SIGKILL it if it lingers; its log goes too."""
        if self.proc.poll() is None:
            _signal_group(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                _signal_group(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
        self.log_path.unlink(missing_ok=True)


def _signal_group(pgid: int, sig: signal.Signals) -> None:
    try:
        os.killpg(pgid, sig)
    except ProcessLookupError:
        pass


def _spawn(name: str, argv: list[str], env: dict[str, str]) -> Server:
    port = int(env["PORT"])
    log_path = Path(tempfile.mkstemp(prefix=f"bench-{name}-", suffix=".log")[1])
    with log_path.open("wb") as log:
        proc = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True)
    return Server(name, proc, port, log_path)


def _env(port: int, extra: dict[str, str] | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DASH_DEBUG"}  # measure what production runs
    env.update({"HOST": HOST, "PORT": str(port), "PYTHONPATH": str(ROOT)})
    env.update(extra or {})
    return env


def start_gunicorn(name: str = "gunicorn", spec: str = APP_SPEC, workers: int | None = None,
                   env: dict[str, str] | None = None) -> Server:
    """The production server exactly as `make serve` runs it, on a free port."""
    extra = dict(env or {})
    if workers is not None:
        extra["WORKERS"] = str(workers)
    argv = [sys.executable, "-m", "gunicorn", "--config", str(GUNICORN_CONF), spec]
    return _spawn(name, argv, _env(free_port(), extra))


def start_dev(name: str = "python app.py") -> Server:
    """The development server (`python app.py`), debug off."""
    return _spawn(name, [sys.executable, str(ROOT / "app.py")], _env(free_port(), None))
