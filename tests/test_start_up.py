"""How the servers start: the collector held while the app loads and settled before the workers fork, and the gevent
workers' one reading of the installed entry points (web/lean_start.py, web/gevent_worker.py)."""

from __future__ import annotations

import subprocess
import sys
from importlib import metadata
from pathlib import Path

from gunicorn.util import load_class
from gunicorn.workers.ggevent import GeventWorker

from web.gevent_worker import QuickGeventWorker, entry_points_read_once

ROOT = Path(__file__).resolve().parent.parent


def _run(script: str) -> str:
    return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=120,
                          check=True).stdout


def test_gunicorn_master_loads_without_the_collector_and_forks_with_it_on() -> None:
    """A master that left the collector off would hand its workers a process that never frees a cycle."""
    out = _run(
        "import gc, runpy\n"
        "conf = runpy.run_path('scripts/gunicorn_conf.py')\n"
        "print('loading:', gc.isenabled())\n"
        "import app\n"
        "app.create_app()\n"
        "conf['when_ready'](None)\n"
        "print('ready:', gc.isenabled(), gc.get_freeze_count() > 100_000)\n"
        "print('worker:', conf['worker_class'])\n"
    )
    assert "loading: False" in out
    assert "ready: True True" in out, out
    assert "worker: web.gevent_worker.QuickGeventWorker" in out


def test_development_server_settles_the_collector_before_serving() -> None:
    out = _run(
        "import gc, runpy, sys\n"
        "import flask\n"
        "flask.Flask.run = lambda self, *a, **k: print('serving:', gc.isenabled(), gc.get_freeze_count() > 100_000)\n"
        "sys.argv = ['app.py']\n"
        "runpy.run_path('app.py', run_name='__main__')\n"
    )
    assert "serving: True True" in out, out


def test_the_quick_worker_is_gunicorns_gevent_worker() -> None:
    assert issubclass(load_class("web.gevent_worker.QuickGeventWorker"), GeventWorker)
    assert QuickGeventWorker.patch is not GeventWorker.patch


def test_entry_points_read_once_selects_what_a_fresh_reading_would() -> None:
    original = metadata.entry_points
    fresh = sorted((ep.group, ep.name, ep.value) for ep in metadata.entry_points(group="console_scripts"))
    with entry_points_read_once():
        assert metadata.entry_points is not original
        once = sorted((ep.group, ep.name, ep.value) for ep in metadata.entry_points(group="console_scripts"))
        assert not list(metadata.entry_points(group="gevent.plugins.monkey.will_patch_all.nothing-here"))
    assert metadata.entry_points is original
    assert once == fresh and fresh, "pip's own console scripts are at least there"
