"""The trafficking-victims views in a real browser at a projector's size and a phone's, in English and Russian: the
flows layer (lines drawn, censored flows apart, the year and the counts in the legend) and the victims indicator
("fewer than 5" as a class of its own, the caveat beside the legend). Each view is saved under test-artifacts/."""

from __future__ import annotations

import pytest
from dash.testing.wait import until

from core.selections import flow_rows
from core.view import parse
from layouts import ids
from tests.pages import GD, open_link
from tests.test_first_screen import ARTIFACTS, MEASURE

# name: (width, height, link, words the legend must show)
VIEWS = {
    "flows-presenter-1280": (1280, 720, "scene=post_soviet&mode=present", ["Flows of 2022", "fewer than 5"]),
    "flows-1280": (1280, 720, "year=2016&routes=central_med,eastern_med&flows=on",
                   ["Flows of 2016", "fewer than 5"]),
    "flows-phone": (390, 844, "year=2024&routes=central_med&flows=on",
                    ["Flows of 2022: the latest year with figures up to 2024"]),
    "flows-russian-phone": (390, 844, "scene=post_soviet&lang=ru", ["Потоки за 2022 г.", "менее 5"]),
    "flows-russian-presenter-1280": (1280, 720, "scene=post_soviet&mode=present&lang=ru",
                                     ["Потоки за 2022 г.", "менее 5"]),
    "victims-1280": (1280, 720, "year=2016&indicator=victims_detected", ["fewer than 5", "not prevalence"]),
    "victims-russian-phone": (390, 844, "year=2016&indicator=victims_detected&lang=ru",
                              ["менее 5", "а не распространённость"]),
}
# The flow traces shown ("flows:<class>" or, where every year is in the figure, "flows:<year>:<class>"), by class.
SHOWN = "t => t.name.startsWith('flows:') && t.visible !== false"
FLOW_TRACES = (f"return {GD}._fullData.filter({SHOWN})"
               ".map(t => ['flows:' + t.name.split(':').pop(), t.lon.length]);")
# What a reader's pointer finds on a flow: the words of its hover point.
HOVER_WORDS = f"return {GD}._fullData.filter({SHOWN}).find(t => t.name.endsWith(':hover')).customdata;"


@pytest.mark.browser
@pytest.mark.parametrize("name", list(VIEWS))
def test_trafficking_views_draw_at_projector_and_phone_sizes(duo, prep, name: str) -> None:
    width, height, link, words = VIEWS[name]
    duo.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 800})
    open_link(duo, link, timeout=30)
    until(lambda: duo.find_elements(f"#{ids.MAP_LEGEND} .swatch"), 10)
    legend = duo.find_element(f"#{ids.MAP_LEGEND}").text
    for word in words:
        assert word in legend, (word, legend)
    view, _ = parse(link, prep.options)
    if view.flows:
        until(lambda: duo.driver.execute_script(FLOW_TRACES, ids.MAP), 15)
        drawn = dict(duo.driver.execute_script(FLOW_TRACES, ids.MAP))
        _, rows = flow_rows(prep, view)
        on_map = rows[rows["detected_in"].isin(prep.victims.points.keys())
                      & rows["citizenship"].isin(prep.victims.points.keys())]
        # Two points a flow, a gap between flows: the browser holds every flow the data has, censored ones apart.
        censored = int((on_map["censored"] == "yes").sum())
        assert drawn["flows:0"] == 3 * censored - 1
        assert sum(n + 1 for k, n in drawn.items() if k not in ("flows:0", "flows:hover")) == \
            3 * (len(on_map) - censored)
        assert drawn["flows:hover"] == len(on_map)
        words = duo.driver.execute_script(HOVER_WORDS, ids.MAP)
        fewer = "менее 5" if view.lang == "ru" else "fewer than 5"
        assert sum(w[2] == fewer for w in words) == censored
        assert duo.find_elements(f"#{ids.MAP} .scattergeo .js-line")
    measured = duo.driver.execute_script(MEASURE)
    ARTIFACTS.mkdir(exist_ok=True)
    duo.driver.execute_script("window.scrollTo(0, 0);")
    duo.driver.save_screenshot(str(ARTIFACTS / f"{name}.png"))
    assert measured["overflow_px"] <= 0, measured
    assert duo.get_logs() == []
