"""Shared fixtures: the real data loaded once, scratch copies of it for breaking, and a headless Debian chromium."""

from __future__ import annotations

import logging
import os
import shutil
import socket
from pathlib import Path
from uuid import uuid4

import pytest
from dash.testing.application_runners import ThreadedRunner
from dash.testing.composite import DashComposite
from hypothesis import HealthCheck, settings
from selenium.webdriver.chrome.options import Options

from app import create_app
from core.bundle import DATA_DIR, load_bundle
from core.prepared import prepare

# The machines these tests run on are shared: a slow moment must not fail a property test.
settings.register_profile("shared", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("shared")

BROWSER_ARGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--window-size=1920,1080",
    "--no-first-run",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Offline on purpose: any host but this machine fails to resolve, so a stray CDN request cannot succeed.
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost",
)


def browser_available() -> bool:
    return bool(shutil.which("chromium") and shutil.which("chromedriver"))


def pytest_setup_options() -> Options:
    """Options for dash[testing]'s chromium: Debian's binary, headless, a 1920x1080 window, no network."""
    options = Options()
    binary = shutil.which("chromium")
    if binary:
        options.binary_location = binary
    for arg in BROWSER_ARGS:
        options.add_argument(arg)
    return options


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Browser tests need chromium: skipped on a laptop without it, but an error in CI (CI=true)."""
    if browser_available():
        return
    reason = "Debian chromium and chromium-driver are not installed (make test installs them)"
    for item in items:
        if "browser" in item.keywords:
            if os.environ.get("CI") == "true":
                item.add_marker(pytest.mark.xfail(reason=reason, run=False, strict=True))
                raise pytest.UsageError(f"CI=true and browser tests cannot run: {reason}")
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def bundle():
    return load_bundle()


@pytest.fixture(scope="session")
def prep(bundle):
    return prepare(bundle)


@pytest.fixture()
def data_copy(tmp_path: Path) -> Path:
    """A scratch copy of the shipped data for tests that break it; the real files are never touched."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def free_port() -> int:
    """A loopback port no one is listening on: parallel workers (and other checkouts on the same machine) must never
    reach each other's servers, which dash's fixed 58050, 58051, ... would let happen."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(autouse=True)
def _own_port(monkeypatch) -> None:
    """Every dash test server (``dash_duo.start_server``) gets a port of its own."""
    start = ThreadedRunner.start

    def start_on_a_free_port(self, app, start_timeout=3, **kwargs):
        kwargs.setdefault("port", free_port())
        return start(self, app, start_timeout=start_timeout, **kwargs)

    monkeypatch.setattr(ThreadedRunner, "start", start_on_a_free_port)


@pytest.fixture(scope="module")
def served():
    """One dashboard with the shipped data, served for a whole test module. A visitor's view lives in the link and
    the page, never in the app, so tests that only read and click share it; a test that changes the app or its data
    starts its own with ``dash_duo``."""
    with ThreadedRunner() as runner:
        runner.start(create_app(), port=free_port(), start_timeout=20)
        yield runner


def browser_options(request, download_path: Path) -> dict:
    """The keyword arguments dash[testing] gives its browser, as its own fixtures build them."""
    config = request.config
    return dict(
        browser=config.getoption("webdriver"), remote=config.getoption("remote"),
        remote_url=config.getoption("remote_url"), headless=config.getoption("headless"),
        options=config.hook.pytest_setup_options(), download_path=str(download_path),
        percy_assets_root=config.getoption("percy_assets"), percy_finalize=config.getoption("nopercyfinalize"),
        pause=config.getoption("pause"),
    )


@pytest.fixture(scope="module")
def module_browser(request, served, tmp_path_factory):
    """One chromium for a module's browser tests (starting one costs 2-4 s); `duo` makes it a new visitor each time."""
    with DashComposite(server=served, **browser_options(request, tmp_path_factory.mktemp("download"))) as browser:
        yield browser


@pytest.fixture()
def duo(module_browser, served):
    """The module's dashboard in its browser, as a first-time visitor sees it: a 1920x1080 window with no device
    emulated, nothing stored by the page, no download or console message left from the test before. The test opens
    the page (`open_link`, or `duo.wait_for_page()` for the plain address)."""
    driver = module_browser.driver
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    driver.set_window_size(1920, 1080)
    for left in Path(module_browser.download_path).iterdir():
        left.unlink()
    if driver.current_url.startswith(served.url):
        driver.execute_script("window.localStorage.clear(); window.sessionStorage.clear();")
    module_browser.reset_log_timestamp()
    # The server's address without opening it: almost every test opens its own link first, and a default page
    # loaded only to be left at once cost each test a page load (and the server the callbacks it started).
    module_browser._url = served.url
    return module_browser


@pytest.fixture(scope="module")
def app():
    """One app per test module, for tests that send requests without a browser."""
    dash_app = create_app()
    dash_app.server.test_client().get("/")  # the first request completes Dash's callback map
    return dash_app


@pytest.fixture(scope="module")
def client(app):
    return app.server.test_client()


@pytest.fixture()
def marker(caplog) -> str:
    """A unique string to send in a request and look for in the logs (it must never appear there)."""
    caplog.set_level(logging.DEBUG)
    return f"MARKER-{uuid4().hex}"
