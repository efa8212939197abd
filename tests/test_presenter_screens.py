"""Presenter mode on whatever screen it is projected on, in every language; the keyboard never stuck in a control;
scenes that show what they promise. Measured in a real browser, as the audience sees it; each view is saved as a
screenshot under test-artifacts/ (presenter-*.png).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from dash.testing.wait import until

from layouts import ids
from tests.pages import open_link

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
SCENE = "alliance_2015"  # the scene with the headline figures' band

# name: (layout width, height, device scale). 960x540 at scale 2 is a 1920x1080 projector at 200% zoom.
SCREENS = {
    "tablet-portrait": (820, 1180, 1),
    "xga": (1024, 768, 1),
    "hd": (1280, 720, 1),
    "zoom200": (960, 540, 2),
}
MAX_HEADER = 0.15  # of the viewport's height

# What the audience sees of the presenter's first screen.
MEASURE = """
const box = el => { if (!el) return null; const r = el.getBoundingClientRect();
  return {top: r.top, bottom: r.bottom, left: r.left, right: r.right, width: r.width, height: r.height}; };
const h1 = document.querySelector('.header h1');
const style = getComputedStyle(h1);
const lineHeight = parseFloat(style.lineHeight) || 1.4 * parseFloat(style.fontSize);
const frame = document.querySelector('#map .geo .bg rect');
const band = document.querySelector('.scene-headlines');
const figures = band ? [...band.querySelectorAll('li')].map(box) : [];
return {
  viewport: [innerWidth, innerHeight],
  title_lines: Math.round(h1.getBoundingClientRect().height / lineHeight),
  title_width: h1.getBoundingClientRect().width,
  header: box(document.querySelector('.header')),
  leave: box(document.getElementById('present-button')),
  leave_text: document.getElementById('present-button').innerText,
  map: box(frame),
  band: box(band),
  figures: figures,
  overflow_px: document.documentElement.scrollWidth - document.documentElement.clientWidth,
  scroll_y: scrollY,
};
"""


def screenshot(duo, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    duo.driver.save_screenshot(str(ARTIFACTS / f"{name}.png"))


def emulate(duo, width: int, height: int, scale: float = 1) -> None:
    """The page's layout viewport at a device's size (a projector at 200% zoom is half its pixels wide)."""
    duo.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": height, "deviceScaleFactor": scale, "mobile": False})


def present(duo, query: str, width: int = 1280, height: int = 720, scale: float = 1) -> None:
    """Open a link in presenter mode at a screen's size and wait until its map and banner have drawn."""
    emulate(duo, width, height, scale)
    open_link(duo, query, timeout=30)
    until(lambda: "present" in duo.find_element("body").get_attribute("class"), 10)
    until(lambda: duo.find_elements(f"#{ids.MAP_LEGEND} .swatch"), 10)


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["en", "ru", "uk"])
@pytest.mark.parametrize("screen", list(SCREENS))
def test_presenter_mode_fits_the_screen(duo, screen: str, lang: str) -> None:
    """Title on at most two lines, a header under 15% of the height, the key figures and the map's top on the first
    screen, no sideways scroll, and "Leave presenter mode" on screen: at a tablet's, an XGA projector's, an HD one's
    and a 200%-zoomed screen's size, in every language."""
    width, height, scale = SCREENS[screen]
    present(duo, f"mode=present&scene={SCENE}&lang={lang}", width, height, scale)
    until(lambda: duo.find_elements(".scene-headlines li"), 10)
    m = duo.driver.execute_script(MEASURE)
    screenshot(duo, f"presenter-{screen}-{lang}")
    assert m["viewport"] == [width, height], m
    assert m["overflow_px"] <= 0, f"scrolls sideways by {m['overflow_px']} px: {m}"
    assert m["title_lines"] <= 2, m
    assert m["header"]["height"] < MAX_HEADER * height, m
    leave = m["leave"]
    assert leave["top"] >= 0 and leave["left"] >= 0 and leave["bottom"] <= height and leave["right"] <= width, m
    assert m["leave_text"].strip(), m
    assert m["map"]["top"] < height and m["map"]["height"] > 0.3 * height, m
    assert m["figures"], m
    assert all(f["bottom"] <= height + 0.5 and f["right"] <= width + 0.5 for f in m["figures"]), m
