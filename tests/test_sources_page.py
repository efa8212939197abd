"""The sources page is built only while it shows: the dashboard's page stays small, since the browser re-checks every
component of the page on each change of its state (1,100 components of a hidden sources page made a presenter's
scene change 60% slower)."""

from __future__ import annotations

from answers.pages import page_answer
from core.served import serve
from core.text import LANGS, t
from layouts import ids

DASHBOARD_COMPONENTS = 500  # the dashboard itself has about 420; the sources page alone had 1,100


def test_the_dashboards_layout_holds_no_sources_content(app) -> None:
    components = list(app.layout._traverse())
    assert len(components) < DASHBOARD_COMPONENTS, f"{len(components)} components in the page's layout"
    assert not [c for c in components if str(getattr(c, "id", "")).startswith("source-")]
    frame = {c.id for c in components if isinstance(getattr(c, "id", None), str)}
    assert {ids.SOURCES_PAGE, ids.SOURCES_CONTENT, ids.BACK_LINK} <= frame  # the frame is there from the start


def test_the_sources_page_brings_its_content_in_the_readers_language(bundle) -> None:
    served = serve(bundle, None, method_md={lang: f"method in {lang}" for lang in LANGS})
    dashboard_hidden, sources_hidden, content = page_answer(served, "/sources", "ru")
    assert (dashboard_hidden, sources_hidden) == (True, False)
    articles = [c for c in content if str(getattr(c, "id", "")).startswith("source-")]
    assert len(articles) == len(bundle.sources)
    assert t("sources.intro", "ru") in str(content) and "method in ru" in str(content)
    assert page_answer(served, "/", "ru") == (False, True, [])
    assert t("sources.intro", "en") in str(page_answer(served, "/sources/", "xx")[2]), "unknown: English"
