"""`make front`: the dashboard as a site for many machines, on loopback: Debian's nginx (deploy/nginx.conf) in front
of two app instances (gunicorn, exactly as `make serve` runs them) sharing drawn pictures and rate limits through
Debian's redis-server. One command starts all four, prints the address, and stops them all on Ctrl-C.

PORT (default 8080) is nginx's port; the instances and Redis take free loopback ports of their own; WORKERS is each
instance's worker count. The same code starts the front door for the test and the soak (`FrontDoor`). Everything
listens on 127.0.0.1 only and lives in a temporary folder removed at the end; only processes started here are
signalled, each in its own process group.
"""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import socket
import string
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
TEMPLATE = ROOT / "deploy" / "nginx.conf"
START_TIMEOUT_S = 60.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def tool(name: str) -> str:
    """The path of a Debian tool, installing nginx and redis-server first when they are missing."""
    found = shutil.which(name) or shutil.which(name, path="/usr/sbin:/usr/bin")
    if not found:
        subprocess.run(["bash", str(ROOT / "scripts" / "ensure_front_door.sh")], check=False, stdin=subprocess.DEVNULL)
        found = shutil.which(name) or shutil.which(name, path="/usr/sbin:/usr/bin")
    if not found:
        raise RuntimeError(f"{name} is not installed and could not be installed (scripts/ensure_front_door.sh)")
    return found


def nginx_conf(prefix: Path, listen_port: int, upstream_ports: list[int], workers: int = 1) -> str:
    """deploy/nginx.conf with this run's values."""
    user_line = ""
    if os.geteuid() == 0:  # nginx's workers drop root; they need a user that exists here
        user = next((u for u in ("www-data", "nobody") if _user_exists(u)), "nobody")
        user_line = f"user {user};"
    upstreams = "\n".join(f"        server {HOST}:{port} max_fails=1 fail_timeout=10s;" for port in upstream_ports)
    # safe_substitute: nginx's own variables ($host, $remote_addr ...) stay as they are
    return string.Template(TEMPLATE.read_text(encoding="utf-8")).safe_substitute(
        user_line=user_line, workers=workers, prefix=prefix, listen=f"{HOST}:{listen_port}", upstreams=upstreams)


def _user_exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
        return True
    except KeyError:
        return False


def _wait_http(url: str, proc: subprocess.Popen, log: Path, deadline: float) -> None:
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{url} exited with {proc.returncode}:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.05)
    raise RuntimeError(f"{url} not ready:\n{log.read_text(errors='replace')[-3000:]}")


def _wait_port(port: int, proc: subprocess.Popen, log: Path, deadline: float) -> None:
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"port {port}: exited with {proc.returncode}:\n{log.read_text(errors='replace')}")
        with socket.socket() as sock:
            if sock.connect_ex((HOST, port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"nothing listens on {port}:\n{log.read_text(errors='replace')}")


def _stop(proc: subprocess.Popen) -> None:
    """SIGTERM the process's own group, SIGKILL if it lingers."""
    if proc.poll() is not None:
        return
    for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 10)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


@dataclass
class FrontDoor:
    """nginx, ``instances`` gunicorn instances and Redis, started together on loopback."""

    port: int = 0
    instances: int = 2
    workers_per_instance: int = 1
    env: dict[str, str] = field(default_factory=dict)
    work: Path = field(init=False)
    procs: dict[str, subprocess.Popen] = field(default_factory=dict, init=False)
    instance_ports: list[int] = field(default_factory=list, init=False)
    redis_port: int = field(default=0, init=False)

    @property
    def base(self) -> str:
        return f"http://{HOST}:{self.port}"

    def instance_base(self, i: int) -> str:
        return f"http://{HOST}:{self.instance_ports[i]}"

    def _spawn(self, name: str, argv: list[str], env: dict[str, str] | None = None) -> subprocess.Popen:
        log = self.work / f"{name}.log"
        with log.open("wb") as out:
            proc = subprocess.Popen(argv, cwd=ROOT, env=env or os.environ.copy(), stdout=out,
                                    stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
        self.procs[name] = proc
        return proc

    def start(self) -> FrontDoor:
        nginx, redis = tool("nginx"), tool("redis-server")
        self.work = Path(tempfile.mkdtemp(prefix="front-door-"))
        self.work.chmod(0o755)  # nginx's workers (not root) read and write their temporary folders under it
        deadline = time.monotonic() + START_TIMEOUT_S
        try:
            self.redis_port = free_port()
            redis_proc = self._spawn("redis", [redis, "--port", str(self.redis_port), "--bind", HOST, "--save", "",
                                               "--appendonly", "no", "--dir", str(self.work), "--daemonize", "no"])
            _wait_port(self.redis_port, redis_proc, self.work / "redis.log", deadline)
            env = {k: v for k, v in os.environ.items() if k != "DASH_DEBUG"}
            env.update({"HOST": HOST, "WORKERS": str(self.workers_per_instance), "TRUSTED_PROXIES": "1",
                        "REDIS_URL": f"redis://{HOST}:{self.redis_port}/0", "PYTHONPATH": str(ROOT), **self.env})
            for i in range(self.instances):
                port = free_port()
                self.instance_ports.append(port)
                self._spawn(f"app{i}", [sys.executable, "-m", "gunicorn", "--config",
                                        str(ROOT / "scripts" / "gunicorn_conf.py"), "app:create_app()"],
                            {**env, "PORT": str(port)})
            for i, port in enumerate(self.instance_ports):
                _wait_http(f"http://{HOST}:{port}/health", self.procs[f"app{i}"], self.work / f"app{i}.log", deadline)
            self.port = self.port or free_port()
            conf = self.work / "nginx.conf"
            conf.write_text(nginx_conf(self.work, self.port, self.instance_ports), encoding="utf-8")
            proxy = self._spawn("nginx", [nginx, "-p", str(self.work), "-c", str(conf)])
            _wait_http(self.base + "/health", proxy, self.work / "error.log", deadline)
        except BaseException:
            self.stop()
            raise
        return self

    def kill_instance(self, i: int) -> None:
        """SIGKILL one app instance, master and workers (its process group): a machine that dies."""
        try:
            os.killpg(self.procs[f"app{i}"].pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.procs[f"app{i}"].wait(timeout=10)

    def stop(self) -> None:
        for name in ["nginx", *[n for n in self.procs if n.startswith("app")], "redis"]:
            if name in self.procs:
                _stop(self.procs[name])
        if getattr(self, "work", None):
            shutil.rmtree(self.work, ignore_errors=True)

    def __enter__(self) -> FrontDoor:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def main() -> int:
    door = FrontDoor(port=int(os.environ.get("PORT", "8080")), workers_per_instance=int(os.environ.get("WORKERS", "2")))
    print("Starting Redis, two app instances and nginx on 127.0.0.1 ...", flush=True)
    with door:
        print(f"The dashboard is at {door.base} (instances on ports {door.instance_ports}, Redis on "
              f"{door.redis_port}); Ctrl-C stops everything.", flush=True)
        try:
            while all(proc.poll() is None for proc in door.procs.values()):
                time.sleep(1)
            print("a process of the front door stopped; stopping the rest", file=sys.stderr)
            return 1
        except KeyboardInterrupt:
            return 0


if __name__ == "__main__":
    sys.exit(main())
