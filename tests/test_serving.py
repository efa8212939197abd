"""How the app serves its files: everything of any size goes compressed, whatever encodings the client speaks."""

from __future__ import annotations

import re

import pytest

from app import GEOJSON_ROUTE, create_app


@pytest.fixture(scope="module")
def client():
    return create_app().server.test_client()


@pytest.mark.parametrize("accept", ["gzip", "gzip, deflate, br, zstd"])
def test_every_file_over_1_kb_is_sent_compressed(client, accept) -> None:
    page = client.get("/", headers={"Accept-Encoding": accept})
    assert page.headers.get("Content-Encoding")
    html = client.get("/").get_data(as_text=True)
    paths = [GEOJSON_ROUTE, "/_favicon.ico", "/assets/topojson/world_110m.json", "/assets/style.css",
             "/assets/dashboard.js", *re.findall(r'<script src="(/_dash-component-suites/[^"]+)"', html)]
    for path in paths:
        plain = client.get(path, headers={"Accept-Encoding": "identity"})
        assert plain.status_code == 200, path
        if len(plain.get_data()) > 1024:
            packed = client.get(path, headers={"Accept-Encoding": accept})
            assert packed.headers.get("Content-Encoding") in {e.strip() for e in accept.split(",")}, path
            assert len(packed.get_data()) < len(plain.get_data()), path
