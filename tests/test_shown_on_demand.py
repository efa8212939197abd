"""The sources page and the risk method's text are built only while they show: the dashboard's page stays small,
since the browser re-checks every component of the page on each change of its state (1,100 components of a hidden
sources page made a presenter's scene change 60% slower). A reader still finds each in their language."""

from __future__ import annotations

from pathlib import Path

from dash.testing.wait import until

from answers.pages import method_answer, page_answer
from core.served import serve
from core.text import LANGS, t
from layouts import ids
from tests.pages import open_link

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"

DASHBOARD_COMPONENTS = 400  # the dashboard itself has about 300; the sources page alone had 1,100, the method 120


def _served(bundle):
    return serve(bundle, None, method_md={lang: f"method in {lang}" for lang in LANGS})


def test_the_dashboards_layout_holds_neither_the_sources_nor_the_method(app) -> None:
    components = list(app.layout._traverse())
    assert len(components) < DASHBOARD_COMPONENTS, f"{len(components)} components in the page's layout"
    assert not [c for c in components if str(getattr(c, "id", "")).startswith("source-")]
    by_id = {c.id: c for c in components if isinstance(getattr(c, "id", None), str)}
    assert {ids.SOURCES_PAGE, ids.SOURCES_CONTENT, ids.BACK_LINK, ids.METHOD_SUMMARY} <= set(by_id)
    assert by_id[ids.METHOD_TEXT].children == [] and by_id[ids.SOURCES_CONTENT].children == []


def test_the_sources_page_brings_its_content_in_the_readers_language(bundle) -> None:
    served = _served(bundle)
    dashboard_hidden, sources_hidden, content = page_answer(served, "/sources", "ru")
    assert (dashboard_hidden, sources_hidden) == (True, False)
    articles = [c for c in content if str(getattr(c, "id", "")).startswith("source-")]
    assert len(articles) == len(bundle.sources)
    assert t("sources.intro", "ru") in str(content) and "method in ru" in str(content)
    assert page_answer(served, "/", "ru") == (False, True, [])
    assert t("sources.intro", "en") in str(page_answer(served, "/sources/", "xx")[2]), "unknown: English"


def test_the_method_text_comes_while_it_is_open(bundle) -> None:
    served = _served(bundle)
    assert "method in uk" in str(method_answer(served, 1, "uk"))
    assert method_answer(served, 2, "uk") == [] and method_answer(served, None, "uk") == []
    assert "method in en" in str(method_answer(served, 3, "xx"))


def test_a_reader_opens_the_method_and_reads_it_in_their_language(duo) -> None:
    open_link(duo, "year=2016")
    text = f"#{ids.METHOD_TEXT}"
    assert duo.find_element(text).text == ""
    duo.find_element(f"#{ids.METHOD_SUMMARY}").click()
    until(lambda: "analytic composite, not an official figure" in duo.find_element(text).text, 10)
    duo.find_element(f"#{ids.LANG} input[value=ru]").click()
    until(lambda: "аналитический составной показатель" in duo.find_element(text).text, 10)
    duo.driver.execute_script("arguments[0].scrollIntoView();", duo.find_element(f"#{ids.METHOD_SUMMARY}"))
    ARTIFACTS.mkdir(exist_ok=True)
    duo.driver.save_screenshot(str(ARTIFACTS / "method-open-ru.png"))
    duo.find_element(f"#{ids.METHOD_SUMMARY}").click()  # closed: its text goes
    until(lambda: duo.find_element(text).get_attribute("innerHTML") == "", 10)
    assert duo.get_logs() == []
