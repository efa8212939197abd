"""Gunicorn settings for `make serve`: loopback by default, one worker per CPU, data loaded once before forking.

HOST and PORT set the address (default 127.0.0.1:8050); WORKERS the worker count (default: the CPU count, at least
two); WORKER_CLASS the worker type (default `gevent`); ACCESS_LOG=1 turns on a short access log. The app keeps no
per-user state (the view lives in the URL, a visitor's figures in their browser), so any worker or any instance can
answer any request.

Why gevent: a `sync` worker gives its whole process to one connection until the request is read, so 20 clients
that trickle their headers, or two POSTs that announce a body and never send it, held every worker and the site
stalled for everyone (`make soak` measures both). A gevent worker waits for slow sockets cooperatively and runs a
request only once it has arrived; the callbacks themselves take milliseconds of CPU, so one event loop per core
serves the load as well as sync workers did. gunicorn's own error pages get the app's security headers
(web/server_errors.py).
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from web import server_errors  # noqa: E402
from web.lean_start import hold_collection, settle_collection, skip_test_only_imports  # noqa: E402

server_errors.install()
skip_test_only_imports()  # before the app (and pandera) is loaded: see web/lean_start.py
hold_collection()  # no garbage collection while the master loads the app; settled in when_ready, before the forks


def _workers() -> int:
    if os.environ.get("WORKERS"):
        return max(1, int(os.environ["WORKERS"]))
    return max(2, multiprocessing.cpu_count())


bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8050')}"
workers = _workers()
worker_class = os.environ.get("WORKER_CLASS", "gevent")
if worker_class == "gevent":  # the same worker, monkey-patching in a tenth of the time (web/gevent_worker.py)
    worker_class = "web.gevent_worker.QuickGeventWorker"
# per worker: a bound on open connections (slow ones are closed within seconds: web/gevent_worker.py)
worker_connections = 2000
# Only for gthread: gunicorn silently turns `sync` into `gthread` whenever threads > 1.
threads = int(os.environ.get("THREADS", "4")) if worker_class == "gthread" else 1
# Load and validate the data in the master: workers fork with it in shared memory and a data error stops start-up.
preload_app = True
# Callbacks take milliseconds; a worker stuck for 30 s is broken and gets replaced.
timeout = 30
graceful_timeout = 10
# Idle keep-alive connections stay open a minute (gevent and gthread; sync workers close every connection after
# one response): a connection the server closes just as a client reuses it fails that request, and a dashboard
# client pauses between actions for seconds. An idle connection costs a gevent worker almost nothing.
keepalive = 60
accesslog = "-" if os.environ.get("ACCESS_LOG") == "1" else None
access_log_format = '%(h)s "%(r)s" %(s)s %(B)s %(M)sms'
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info")
# Newer gunicorn opens a control socket at one fixed path per user; two servers on one machine would fight over it,
# and nothing here uses it. Older gunicorn ignores the unknown setting.
control_socket_disable = True


def when_ready(server) -> None:  # the app is loaded and the socket bound; the workers are forked next
    settle_collection()
