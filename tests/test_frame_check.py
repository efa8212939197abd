"""A frame from a site FRAME_ANCESTORS does not allow gets a short page with a link, not the browser's broken page."""

from __future__ import annotations

import pytest

from web.frame_check import ancestor_allowed, origin_of

OWN = ("https", "routes.example.org", 443)


@pytest.mark.parametrize("sources, embedder, allowed", [
    ("'self'", "https://routes.example.org/page", True),
    ("'self'", "https://conference.example.org/", False),
    ("'self'", "http://routes.example.org/", False),  # another scheme is another origin
    ("'none'", "https://routes.example.org/", False),
    ("'self' https://conference.example.org", "https://conference.example.org/agenda", True),
    ("'self' https://conference.example.org", "https://conference.example.org:8443/", False),
    ("'self' https://*.example.org", "https://talks.example.org/", True),
    ("'self' https://*.example.org", "https://example.net/", False),
    ("conference.example.org", "https://conference.example.org/", True),
    ("http://conference.example.org", "https://conference.example.org/", True),  # http allows its https upgrade
    ("https:", "https://anyone.example.net/", True),
    ("*", "http://anyone.example.net:8080/", True),
    ("https://conference.example.org:*", "https://conference.example.org:9000/", True),
])
def test_ancestor_allowed_matches_csp_source_expressions(sources, embedder, allowed) -> None:
    assert ancestor_allowed(sources, origin_of(embedder), OWN) is allowed


def test_origin_of_reads_only_http_addresses() -> None:
    assert origin_of("https://Conference.Example.org/x?y") == ("https", "conference.example.org", 443)
    assert origin_of("http://127.0.0.1:8050/") == ("http", "127.0.0.1", 8050)
    assert origin_of("") is None and origin_of("javascript:alert(1)") is None and origin_of("http://x:99999/") is None


FRAME = {"Sec-Fetch-Dest": "iframe"}


def test_a_frame_from_a_site_not_allowed_gets_a_message_and_a_link(client) -> None:
    answer = client.get("/?year=2016&routes=central_med&mode=embed&lang=uk",
                        headers={**FRAME, "Referer": "https://elsewhere.example.net/"})
    page = answer.get_data(as_text=True)
    assert answer.status_code == 200 and "Цьому сайту не дозволено показувати панель у фреймі" in page
    assert 'href="/?year=2016&amp;routes=central_med&amp;indicator=sea_arrivals&amp;weights=3,3,2,2&amp;lang=uk"' \
        in page and 'target="_blank"' in page
    # Any site may frame this message (it holds a sentence and a link); the dashboard itself stays protected.
    assert "frame-ancestors *" in answer.headers["Content-Security-Policy"]
    assert "X-Frame-Options" not in answer.headers and "<script" not in page


@pytest.mark.parametrize("headers", [
    FRAME,  # no Referer: the browser decides (frame-ancestors)
    {**FRAME, "Referer": "http://localhost/some/page"},  # the dashboard's own origin ('self')
    {"Referer": "https://elsewhere.example.net/"},  # a link followed from elsewhere, not a frame
])
def test_the_dashboard_itself_otherwise(client, headers) -> None:
    answer = client.get("/?year=2016&mode=embed", headers=headers)
    assert "react-entry-point" in answer.get_data(as_text=True)
    assert "frame-ancestors 'self'" in answer.headers["Content-Security-Policy"]
    assert answer.headers["X-Frame-Options"] == "SAMEORIGIN"
