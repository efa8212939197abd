"""A Ukrainian link opened on a slow phone (300 ms latency, 400 kbit/s, 390x844): the page is sampled every 250 ms
from the first request until the interactive map has drawn. Measured once (it takes about half a minute), then each
invariant is its own test: a picture of the map at every sample, no English word at any sample, the key figures on
the first screen once drawn."""

from __future__ import annotations

import shutil
import time

import pytest
from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service

from tests.conftest import pytest_setup_options
from tests.latin import latin_words
from tests.test_first_screen import ARTIFACTS, record

pytestmark = pytest.mark.browser

LINK = "year=2016&lang=uk"
PHONE = {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True}
# 400 kbit/s both ways (in bytes per second), 300 ms round trip, as the testers' phone.
SLOW = {"offline": False, "latency": 300, "downloadThroughput": 400 * 1000 / 8, "uploadThroughput": 400 * 1000 / 8}
SAMPLE_S = 0.25
LIMIT_S = 90
# What a reader sees at one moment: a map picture or the drawn map, in the viewport and big enough to read; the
# visible words; where the key figures are.
SAMPLE = """
const seen = el => { if (!el) return null; const s = getComputedStyle(el), r = el.getBoundingClientRect();
  if (s.display === 'none' || s.visibility === 'hidden' || el.closest('[hidden]') || r.width < 200 || r.height < 100
      || r.bottom <= 0 || r.top >= innerHeight) return null;
  return [Math.round(r.left), Math.round(r.top), Math.round(r.width), Math.round(r.height)]; };
const pictures = [...document.querySelectorAll('img.map-preview')].filter(i => i.complete && i.naturalWidth)
  .map(seen).filter(Boolean);
const drawn = document.querySelector('#map path.choroplethlocation') !== null;
const map = drawn ? seen(document.querySelector('#map .geo .bg rect')) : null;
const card = document.querySelector('#year-cards .card');
// Every text node shown, with where it is; a source's own title (marked lang="en") is its name, not a word to
// translate, and the CSV format's sample is code (tests/test_languages_browser.py reads the page the same way).
function words() {
  const out = [];
  if (!document.body) return out;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || el.closest('[lang=en], pre, code, textarea.embed-code, script, style, [hidden]')
        || !node.textContent.trim()) continue;
    if (!el.getClientRects().length && !el.closest('svg')) continue;
    out.push([node.textContent.trim(), el.tagName + '.' + String(el.className.baseVal ?? el.className)]);
  }
  return out;
}
return {t: performance.now(), pictures: pictures, map: map, drawn: drawn,
        text: words(),
        card: card ? card.getBoundingClientRect().toJSON() : null, height: innerHeight};
"""


@pytest.fixture(scope="module")
def timeline(served) -> list[dict]:
    """The page sampled from its request until the map has drawn and the key figures are in, on the slow phone: a
    browser of its own that does not wait for pages to load (the samples are taken while it loads), cache empty."""
    options = pytest_setup_options()
    options.page_load_strategy = "none"
    driver = webdriver.Chrome(options=options, service=Service(shutil.which("chromedriver")))
    samples: list[dict] = []
    try:
        driver.execute_cdp_cmd("Network.enable", {})
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", PHONE)
        driver.execute_cdp_cmd("Network.emulateNetworkConditions", SLOW)
        driver.get(f"{served.url}/?{LINK}")
        start = time.monotonic()
        while time.monotonic() - start < LIMIT_S:
            try:
                sample = driver.execute_script(SAMPLE)
            except WebDriverException:  # between two documents: nothing to read yet
                sample = None
            if sample:
                sample["s"] = round(time.monotonic() - start, 2)
                samples.append(sample)
                shots = [s for s in samples if s["pictures"] and not s["drawn"]]
                if len(shots) in (1, 40):  # what the reader sees first, and some seconds later (before the map)
                    ARTIFACTS.mkdir(exist_ok=True)
                    driver.save_screenshot(str(ARTIFACTS / f"slow-phone-picture-{len(shots)}.png"))
                if sample["drawn"] and sample["card"]:
                    break
            time.sleep(SAMPLE_S)
        ARTIFACTS.mkdir(exist_ok=True)
        driver.save_screenshot(str(ARTIFACTS / "slow-phone-drawn.png"))
    finally:
        driver.quit()
    first_picture = next((s["s"] for s in samples if s["pictures"]), None)
    drawn = next((s["s"] for s in samples if s["drawn"]), None)
    record("slow-phone", {"samples": len(samples), "first_picture_s": first_picture, "map_drawn_s": drawn,
                          "card_top": samples[-1]["card"]["top"] if samples and samples[-1]["card"] else None})
    return samples


def test_the_map_is_drawn_within_the_measurement(timeline) -> None:
    assert timeline and timeline[-1]["drawn"] and timeline[-1]["card"], timeline[-1:]


def test_a_map_picture_is_seen_at_every_sample_until_the_map_is_drawn(timeline) -> None:
    """From the first picture on, every sample shows a picture of the map or the drawn map: never a blank map (it
    vanished at 10.8 s and the map came at 23 s)."""
    first = next(i for i, s in enumerate(timeline) if s["pictures"] or s["map"])
    assert timeline[first]["s"] < 8, timeline[first]["s"]  # the HTML's picture, long before the scripts
    blank = [s["s"] for s in timeline[first:] if not s["pictures"] and not s["map"]]
    assert blank == [], blank


def test_no_english_word_at_any_sample(timeline) -> None:
    english = {s["s"]: [(w, where) for text, where in s["text"] for w in latin_words(text)] for s in timeline}
    english = {at: found for at, found in english.items() if found}
    assert english == {}, english


def test_the_key_figures_are_on_the_first_screen(timeline) -> None:
    last = timeline[-1]
    assert last["card"]["top"] >= 0 and last["card"]["top"] + 60 <= last["height"], last["card"]
