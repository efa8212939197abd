"""Link previews: the page for a view carries Open Graph and Twitter card tags (its title with year, routes and
indicator; its key figure with the source; that view's `/view.png` as the image), in the view's language.

Dash builds the index page on every request (`Dash.index` calls `interpolate_index`), so the tags are added there
from the request's query, read as forgivingly as the page reads it. Every value is HTML-escaped. The page's inline
scripts do not change, so the Content-Security-Policy's script hashes still hold. Image and page addresses start
with PUBLIC_URL when it is set (preview crawlers need absolute addresses) and are relative otherwise: never taken
from the request's Host header.
"""

from __future__ import annotations

import html
from dataclasses import replace
from functools import lru_cache

from dash import Dash
from flask import request

from core import describe
from core.export import link_for
from core.served import Served
from core.text import t
from core.view import View, parse, to_query

LOCALES = {"en": "en_GB", "ru": "ru_RU"}
IMAGE_WIDTH_PX = 1600  # figures/picture.py WIDTH_PX (not imported here: it would load matplotlib at start-up)


def page_view(served: Served, query: str) -> View:
    """The view a page's query shows, as its preview describes it."""
    return replace(parse(query, served.prep.options)[0], mode="explore")


def view_tags(served: Served, view: View) -> tuple[str, str, str]:
    """The meta tags, escaped <title> text and language for a view."""
    prep = served.prep
    title = f"{describe.title(prep, view)} — {t('title', view.lang)}"
    text = describe.description(prep, view)
    canonical = to_query(view, prep.options)
    image = f"{served.public_url}/view.png?{canonical}"
    tags = [
        ("name", "description", text),
        ("property", "og:type", "website"),
        ("property", "og:site_name", t("title", view.lang)),
        ("property", "og:title", title),
        ("property", "og:description", text),
        ("property", "og:url", link_for(served.public_url, prep, view)),
        ("property", "og:image", image),
        ("property", "og:image:type", "image/png"),
        ("property", "og:image:width", str(IMAGE_WIDTH_PX)),
        ("property", "og:image:alt", describe.title(prep, view)),
        ("property", "og:locale", LOCALES.get(view.lang, "en_GB")),
        ("name", "twitter:card", "summary_large_image"),
        ("name", "twitter:title", title),
        ("name", "twitter:description", text),
        ("name", "twitter:image", image),
    ]
    metas = "\n      ".join(f'<meta {kind}="{html.escape(key)}" content="{html.escape(value)}">'
                           for kind, key, value in tags)
    return metas, html.escape(title), view.lang


def install(app: Dash, served: Served) -> None:
    """Build every index page with the preview of the view its query names."""
    interpolate = app.interpolate_index
    # The description reads the data (a few ms of pandas); a page load should not pay it again for a known view.
    tags_for = lru_cache(maxsize=512)(lambda view: view_tags(served, view))

    def interpolate_index(**parts: str) -> str:
        metas, title, lang = tags_for(page_view(served, request.query_string.decode("utf-8", "replace")))
        page = interpolate(**{**parts, "metas": parts.get("metas", "") + "\n      " + metas, "title": title})
        return page.replace("<html>", f'<html lang="{lang}">', 1)

    app.interpolate_index = interpolate_index
