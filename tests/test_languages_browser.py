"""Every screen in Russian and Ukrainian, read in a real browser: the default view, a hostile link's notice, the
sources page and the "your own figures" panel, with every folded part opened. The test fails on any Latin-script
word outside the short list of proper names in tests/latin.py, in the text drawn on screen (charts and map
included) and in the tooltips, labels and placeholders a reader meets. Screenshots are saved under test-artifacts/.
Only source titles in their original language (marked lang="en"), the CSV format sample (<pre>) and the embed
snippet (HTML code to paste) are skipped.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from dash.testing.wait import until

from core.text import LANGS, t
from layouts import ids
from tests.latin import latin_words
from tests.pages import open_link, wait_for_sources

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
# A source's id is a code the sources page shows and its caveats cite ("see heiss_tip_tiers"); only exact ids count.
with (ROOT / "data" / "sources.csv").open(encoding="utf-8") as _handle:
    SOURCE_IDS = frozenset(row["source_id"] for row in csv.DictReader(_handle))

# Every text node a reader sees (SVG text included) and every attribute read out or shown on hover, skipping only
# what is marked as another language or is a code sample.
OTHER_LANGS = LANGS[1:]  # every catalogue but the source language: each one is read for English left

COLLECT = """
document.querySelectorAll('details').forEach(d => { d.open = true; });
const skip = el => el.closest('[lang=en], pre, code, textarea.embed-code, script, style, [hidden], [aria-hidden=true]');
const out = [];
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
for (let node = walker.nextNode(); node; node = walker.nextNode()) {
  const el = node.parentElement;
  if (!el || skip(el) || !node.textContent.trim()) continue;
  if (!el.getClientRects().length && !el.closest('svg')) continue;
  // A text the page writes in pieces (a Markdown escape, as in "<id>.htm") is one text to its reader.
  const prev = node.previousSibling;
  if (prev && prev.nodeType === Node.TEXT_NODE && out.length) out[out.length - 1] += node.textContent.trim();
  else out.push(node.textContent.trim());
}
document.querySelectorAll('[title], [aria-label], [placeholder], [data-title], [alt]').forEach(el => {
  if (skip(el)) return;
  for (const a of ['title', 'aria-label', 'placeholder', 'data-title', 'alt'])
    if (el.getAttribute(a)) out.push(el.getAttribute(a));
});
out.push(document.title);
return out;
"""

SCREENS = {
    "default": "",
    "hostile": "year=1800&indicator=bogus&routes=central_med,eastern_m&weights=99&",
    "sources": "sources",
    "figures": "figures",
}


def read_screen(duo, lang: str, screen: str, width: int = 1280, height: int = 720) -> list[str]:
    """Open one screen in ``lang`` at a size, save its screenshot, and return every text a reader meets."""
    duo.driver.set_window_size(width, height)
    query = SCREENS[screen] if screen in ("default", "hostile") else ""
    open_link(duo, f"{query}lang={lang}")
    # The page is first drawn in English and re-labelled by one callback: wait for it (its heading), so a slow
    # machine is not mistaken for English left on screen.
    until(lambda: duo.find_element("h1").text == t("title", lang), 10)
    if screen == "sources":
        duo.find_element(f"#{ids.SOURCES_LINK}").click()
        wait_for_sources(duo)
    if screen == "hostile":
        until(lambda: duo.find_element(f"#{ids.NOTICE}").text.strip(), 10)
    if screen == "figures":
        duo.driver.execute_script("document.querySelector('.added-panel').open = true;"
                                  "document.querySelector('.added-panel').scrollIntoView();")
    ARTIFACTS.mkdir(exist_ok=True)
    texts = duo.driver.execute_script(COLLECT)
    if screen != "figures":
        duo.driver.execute_script("window.scrollTo(0, 0);")
    duo.driver.save_screenshot(str(ARTIFACTS / f"lang-{lang}-{screen}-{width}.png"))
    return texts


@pytest.mark.browser
@pytest.mark.parametrize("lang", OTHER_LANGS)
@pytest.mark.parametrize("screen", list(SCREENS))
def test_no_english_left_on_screen(duo, lang: str, screen: str) -> None:
    """No Latin-script word outside the proper names on the screen, its charts, tooltips and labels."""
    texts = read_screen(duo, lang, screen)
    # The hostile link's own values are quoted back to the reader; they are the link's words, not the interface's.
    quoted = ({"bogus", "eastern_m"} if screen == "hostile" else set()) | SOURCE_IDS
    found = sorted({w for text in texts for w in latin_words(text)} - quoted)
    assert not found, f"English left in {lang} {screen}: {found}\n" + "\n".join(
        text for text in texts if latin_words(text))[:4000]
    if screen == "hostile":
        notice = duo.find_element(f"#{ids.NOTICE}").text
        assert "1800" in notice and "bogus" in notice


# None when the page fits its width; else the innermost elements sticking out (tag, class, text), naming the culprit.
WIDEST = """
const W = document.documentElement.clientWidth;
if (document.documentElement.scrollWidth <= W) return null;
const out = el => el.getBoundingClientRect().right > W + 0.5;
return [...document.querySelectorAll('body *')].filter(el => out(el) && el.offsetParent !== null
    && !el.closest('svg') && ![...el.children].some(out))
  .slice(0, 8).map(el => [el.tagName, String(el.className), (el.textContent || '').trim().slice(0, 60)]);
"""


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
def test_the_phone_view_keeps_every_word_inside_the_screen(duo, lang: str) -> None:
    """At 390 px, as the page first shows (nothing unfolded), no language's words widen the page (the Russian menu
    button once pushed it 11 px wider)."""
    duo.driver.set_window_size(390, 844)
    open_link(duo, f"lang={lang}")
    overflow = duo.driver.execute_script("return document.documentElement.scrollWidth - document.documentElement"
                                         ".clientWidth;")
    ARTIFACTS.mkdir(exist_ok=True)
    duo.driver.save_screenshot(str(ARTIFACTS / f"lang-{lang}-first-390.png"))
    assert overflow <= 0
    # Every folded part opened, then the sources page (long addresses, the method's tables): still no sideways scroll.
    duo.driver.execute_script("document.querySelectorAll('details').forEach(d => { d.open = true; });")
    wide = duo.driver.execute_script(WIDEST)
    assert not wide, f"{lang}: wider than the phone with everything unfolded: {wide}"
    duo.driver.execute_script(f"document.getElementById('{ids.SOURCES_LINK}').click();")
    wait_for_sources(duo)
    wide = duo.driver.execute_script(WIDEST)
    duo.driver.save_screenshot(str(ARTIFACTS / f"lang-{lang}-sources-390.png"))
    assert not wide, f"{lang}: the sources page is wider than the phone: {wide}"


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
def test_the_desktop_header_wraps_instead_of_widening_the_page(duo, lang: str) -> None:
    """At 1280 and at 1024 px (the narrowest desktop layout) the header's actions, with the three-language switch and
    the longer Russian and Ukrainian labels, wrap onto another row: nothing scrolls sideways."""
    for width in (1280, 1024):
        duo.driver.set_window_size(width, 720)
        open_link(duo, f"lang={lang}")
        overflow = duo.driver.execute_script("return document.documentElement.scrollWidth - document"
                                             ".documentElement.clientWidth;")
        assert overflow <= 0, f"{lang} at {width} px scrolls sideways by {overflow} px"
