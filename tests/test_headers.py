"""Security headers on every response, a CSP that allows exactly the page's own scripts, and frame-ancestors from
the setting; in a real browser, the page draws its map with zero CSP violations."""

from __future__ import annotations

import base64
import hashlib
import re

import pytest
import requests
from dash.testing.wait import until

from app import create_app
from layouts import ids
from tests.calls import (
    CALLBACK,
    MAP_COUNTRIES,
    call,
    map_key,
)
from web import security

# --- headers on every response ------------------------------------------------------------------------------------

def expected_policy(app) -> str:
    return security.content_security_policy(app, "'self'")


@pytest.mark.parametrize(("method", "path", "status"), [
    ("GET", "/", 200),
    ("GET", "/?year=2016&routes=central_med", 200),
    ("GET", "/_dash-layout", 200),
    ("GET", "/_dash-dependencies", 200),
    ("GET", "/assets/style.css", 200),
    ("GET", "/assets/topojson/world_110m.json", 200),
    ("GET", "/geo/countries.geojson", 200),
    ("GET", "/health", 200),
    ("GET", "/assets/no-such-file.css", 404),
    ("GET", "/_dash-component-suites/dash/no-such-file.js", 404),
    ("POST", "/", 405),
    ("POST", CALLBACK, 400),
    ("PUT", CALLBACK, 405),
])
def test_every_response_carries_the_security_headers(app, client, method, path, status) -> None:
    response = client.open(path, method=method, json={} if method != "GET" else None)
    assert response.status_code == status
    check_headers(app, response.headers)


def test_callback_answers_and_cached_assets_carry_the_security_headers(app, client) -> None:
    body = call(app, map_key(app), {f"{ids.VIEW}.data": {"query": ""}}, [f"{ids.VIEW}.data"])
    for response in (client.post(CALLBACK, json=body),
                     client.post(CALLBACK, data="x" * 2_000_000, content_type="application/json"),
                     client.post(CALLBACK, data="{}", content_type="text/plain")):
        check_headers(app, response.headers)
    etag = client.get("/assets/style.css").headers["ETag"]
    not_modified = client.get("/assets/style.css", headers={"If-None-Match": etag})
    assert not_modified.status_code == 304
    check_headers(app, not_modified.headers)
    scripts = re.findall(r'<script src="(/_dash-component-suites/[^"]+)"', client.get("/").get_data(as_text=True))
    assert scripts
    check_headers(app, client.get(scripts[0]).headers)


def check_headers(app, headers) -> None:
    policy = headers["Content-Security-Policy"]
    assert policy == expected_policy(app)
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["connect-src"] == "'self'"
    assert directives["frame-ancestors"] == "'self'"
    assert "'unsafe-eval'" not in policy
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "http" not in policy and "*" not in policy
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers["X-Frame-Options"] == "SAMEORIGIN"


def test_the_policy_allows_exactly_the_pages_inline_scripts(app, client) -> None:
    """Every inline script a browser runs on the page is allowed by its hash."""
    page = re.sub(r"<!--.*?-->", "", client.get("/").get_data(as_text=True), flags=re.S)  # e.g. an IE-only alert
    inline = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>(.*?)</script>", page, re.S)
    assert inline, "the renderer starts from an inline script"
    policy = client.get("/").headers["Content-Security-Policy"]
    for script in inline:
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy


def test_frame_ancestors_come_from_the_environment(monkeypatch) -> None:
    monkeypatch.setenv("FRAME_ANCESTORS", "'self'  https://conference.example.org")
    response = create_app().server.test_client().get("/")
    assert "frame-ancestors 'self' https://conference.example.org" in response.headers["Content-Security-Policy"]
    assert "X-Frame-Options" not in response.headers  # it cannot name another origin; CSP says it instead
    monkeypatch.setenv("FRAME_ANCESTORS", "'none'")
    response = create_app().server.test_client().get("/")
    assert response.headers["Content-Security-Policy"].endswith("frame-ancestors 'none'")
    assert response.headers["X-Frame-Options"] == "DENY"
    monkeypatch.setenv("FRAME_ANCESTORS", "'self'; script-src *")
    with pytest.raises(ValueError, match="FRAME_ANCESTORS"):
        create_app()


@pytest.mark.parametrize("value", [
    "", "   ", "self", "none", "'self'; script-src *", "'self',https://a.org", "https://a.org\r\nSet-Cookie: x=1",
    "'none' 'self'", "'unsafe-inline'", "javascript:alert(1)'", "https://a.org/<script>",
])
def test_invalid_frame_ancestors_are_refused(value) -> None:
    with pytest.raises(ValueError, match="FRAME_ANCESTORS"):
        security.check_frame_ancestors(value)


@pytest.mark.parametrize("value", [
    "'self'", "'none'", "https:", "https://conference.example.org", "'self' https://*.example.org:8443",
    "http://localhost:3000 http://127.0.0.1:3000",
])
def test_valid_frame_ancestors_are_kept(value) -> None:
    assert security.check_frame_ancestors(value) == value



# --- in a real browser ----------------------------------------------------------------------------------------------

# Registered through the DevTools protocol, so it runs before any of the page's own scripts.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI);
});
"""
GD = f"document.getElementById('{ids.MAP}').querySelector('.js-plotly-plot')"


def load_watching_csp(dash_duo, app) -> list[str]:
    """Start the app, reload the page with the violation recorder in place, return what it recorded so far."""
    dash_duo.start_server(app)
    dash_duo.driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RECORD_VIOLATIONS})
    dash_duo.driver.get(dash_duo.server_url)
    return dash_duo.driver.execute_script("return window.__cspViolations;")


@pytest.mark.browser
def test_the_page_draws_the_map_with_zero_csp_violations(dash_duo) -> None:
    app = create_app()
    load_watching_csp(dash_duo, app)
    dash_duo.wait_for_element(MAP_COUNTRIES, timeout=20)
    assert len(dash_duo.find_elements(MAP_COUNTRIES)) > 60
    # plotly.js's PNG export (the modebar's camera) draws through data: images: the policy must allow it.
    png = dash_duo.driver.execute_async_script(
        f"const done = arguments[arguments.length - 1];"
        f"Plotly.toImage({GD}, {{format: 'png', width: 400, height: 300}})"
        f".then(url => done(url.slice(0, 22)), err => done('failed: ' + err));")
    assert png == "data:image/png;base64,"
    assert dash_duo.driver.execute_script("return window.__cspViolations;") == []
    assert dash_duo.get_logs() == []
    response = requests.get(dash_duo.server_url, timeout=10)
    assert response.headers["Content-Security-Policy"] == security.content_security_policy(app)
    assert "'unsafe-eval'" not in response.headers["Content-Security-Policy"]


@pytest.mark.browser
def test_a_violation_would_be_seen(dash_duo, monkeypatch) -> None:
    """The control for the test above: a policy without the renderer's hash is caught by both observers."""
    monkeypatch.setattr(security, "content_security_policy", lambda *_: "default-src 'self'")
    load_watching_csp(dash_duo, create_app())
    until(lambda: dash_duo.driver.execute_script("return window.__cspViolations;"), 10)
    assert any("script-src" in v for v in dash_duo.driver.execute_script("return window.__cspViolations;"))
    assert any("Content Security Policy" in entry["message"] for entry in dash_duo.get_logs())
