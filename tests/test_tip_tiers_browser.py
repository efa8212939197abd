"""The TIP tier map of 2021, a year that was grey before the 2014-2025 tiers were merged, in a real browser: the
countries are coloured, Belarus's hover names its tier and source, and an inferred tier says so. Saved under
test-artifacts/."""

from __future__ import annotations

from pathlib import Path

import pytest
from dash.testing.wait import until

from layouts import ids
from tests.pages import GD, open_link

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
CHOROPLETH = f"const d = {GD}.data[0]; const i = d.locations.indexOf(arguments[1]);"


@pytest.mark.parametrize("lang,tier,source,inferred", [
    ("en", "Tier 2 Watch List", "Source: US Department of State", "inferred from the State Department's text"),
    ("ru", "уровень 2, список наблюдения", "Государственный департамент США", "выведено из текста Госдепартамента"),
])
def test_the_2021_tier_map_is_coloured_with_sources_in_the_hover(duo, lang, tier, source, inferred) -> None:
    open_link(duo, f"year=2021&indicator=tip_tier&lang={lang}")
    coloured = f"return {GD}.data[0].z.filter(z => z > 0).length;"
    until(lambda: duo.driver.execute_script(coloured, ids.MAP) == 56, timeout=20)
    hover = f"{CHOROPLETH} return [d.customdata[i][0], d.customdata[i][1], d.z[i]];"
    shown, named, z = duo.driver.execute_script(hover, ids.MAP, "BLR")
    assert z == 3 and shown.lower() == tier.lower() and source in named
    shown, named, _ = duo.driver.execute_script(hover, ids.MAP, "BGR")  # from the 2020 report's narrative
    assert inferred in shown and "2020" in named
    # The colours drawn: 56 countries in a tier's colour, not the grey of "no data"; the Watch List's orange among them.
    fills = ("const c = {}; document.querySelectorAll(arguments[0]).forEach(p => { const f = getComputedStyle(p).fill;"
             " c[f] = (c[f] || 0) + 1; }); return c;")
    until(lambda: sum(n for f, n in duo.driver.execute_script(fills, f"#{ids.MAP} path.choroplethlocation").items()
                      if f != "rgb(217, 217, 217)") == 56, timeout=20)
    drawn = duo.driver.execute_script(fills, f"#{ids.MAP} path.choroplethlocation")
    assert drawn["rgb(236, 112, 20)"] == 8 and drawn["rgb(84, 39, 143)"] == 1  # 2WL countries; Libya's special case
    ARTIFACTS.mkdir(exist_ok=True)
    duo.driver.save_screenshot(str(ARTIFACTS / f"tip-tiers-2021-{lang}.png"))
    assert duo.get_logs() == []
