"""What each user action does to the view: the rules behind cross-filtering, layers, scenes and presenter keys, and
the property that no sequence of events, however Dash drops or replays its requests, loses an action."""

from __future__ import annotations

from dataclasses import replace

from core import advance as interaction
from core.advance import Event, advance, decode_events, replay
from core.view import Options, default_view

OPTIONS = Options(
    years=(2009, 2024),
    routes=("central_med", "eastern_med", "western_med", "western_african", "eastern_land", "syria_neighbours",
            "ukraine_displacement", "western_balkans"),
    indicators=("sea_arrivals", "syr_refugees_hosted", "ukr_refugees_hosted", "tip_tier"),
    countries=frozenset({"ITA", "GRC", "UKR", "SYR", "TUR", "LBY"}),
)
VIEW = default_view(OPTIONS)


def test_clicking_a_route_selects_it_alone_and_again_selects_all() -> None:
    clicked = interaction.click(VIEW, OPTIONS, {"points": [{"customdata": "central_med"}]})
    assert clicked.routes == ("central_med",)
    assert interaction.click(clicked, OPTIONS, {"points": [{"customdata": "central_med"}]}).routes == OPTIONS.routes


def test_clicking_a_country_on_the_map_toggles_it() -> None:
    once = interaction.click(VIEW, OPTIONS, {"points": [{"location": "LBY"}]})
    assert once.countries == ("LBY",)
    assert interaction.click(once, OPTIONS, {"points": [{"location": "LBY"}]}).countries == ()


def test_clicking_a_country_line_in_a_chart_selects_the_country() -> None:
    assert interaction.click(VIEW, OPTIONS, {"points": [{"customdata": ["TUR"]}]}).countries == ("TUR",)


def test_malformed_clicks_change_nothing() -> None:
    for bad in (None, {}, {"points": []}, {"points": ["x"]}, {"points": [{"customdata": 5}]}, "points",
                {"points": [{"location": "<img>"}]}):
        assert interaction.click(VIEW, OPTIONS, bad) == VIEW


def test_clear_selection_restores_all_routes_and_no_country() -> None:
    narrowed = replace(VIEW, routes=("central_med",), countries=("ITA",))
    assert interaction.clear_selection(narrowed, OPTIONS) == replace(VIEW, routes=OPTIONS.routes, countries=())


def test_layer_presets_set_routes_and_indicator_and_are_recognised() -> None:
    syria = interaction.apply_layer(VIEW, "syria", OPTIONS)
    assert syria.indicator == "syr_refugees_hosted"
    assert syria.routes == ("eastern_med", "syria_neighbours", "western_balkans")  # the data's order, not the preset's
    assert interaction.layer_of(syria, OPTIONS) == "syria"
    assert interaction.layer_of(replace(syria, indicator="tip_tier"), OPTIONS) is None


def test_controls_with_bad_values_keep_the_current_view() -> None:
    for name, value in (("year", 1800), ("year", "2016"), ("year", True), ("routes", "central_med"),
                        ("indicator", "nonsense"), ("countries", [1, "x"]), ("weight.volume", -1),
                        ("weight.volume", 11), ("weight.nothing", 3), ("year", float("nan"))):
        assert interaction.set_control(VIEW, OPTIONS, name, value) == VIEW, (name, value)
    zero = replace(VIEW, weights=(0, 0, 0, 1))
    assert interaction.set_control(zero, OPTIONS, "weight.exploitation", 0) == zero  # never all weights 0


def test_controls_apply_good_values_in_canonical_order() -> None:
    moved = VIEW
    for name, value in (("year", 2016), ("routes", ["eastern_med", "central_med"]), ("indicator", "tip_tier"),
                        ("countries", ["UKR", "ITA", "ZZZ"]), ("weight.lethality", 7)):
        moved = interaction.set_control(moved, OPTIONS, name, value)
    assert (moved.year, moved.routes, moved.indicator, moved.countries, moved.weights) == (
        2016, ("central_med", "eastern_med"), "tip_tier", ("ITA", "UKR"), (3, 7, 2, 2))


def test_year_steps_stop_at_the_ends_and_playing_wraps() -> None:
    last = replace(VIEW, year=2024)
    assert interaction.step_year(last, OPTIONS, 1).year == 2024
    assert interaction.step_year(last, OPTIONS, 1, wrap=True).year == 2009
    assert interaction.step_year(replace(VIEW, year=2009), OPTIONS, -1).year == 2009


def test_presenter_keys_step_years_or_scenes_and_escape_leaves() -> None:
    present = replace(VIEW, mode="present")
    assert advance(present, Event(1, "key", "right"), OPTIONS).year == 2016
    assert advance(present, Event(1, "key", "left"), OPTIONS).year == 2014
    assert advance(present, Event(1, "key", "escape"), OPTIONS).mode == "explore"
    assert advance(present, Event(1, "key", "up"), OPTIONS) == present


def test_replay_applies_each_event_once_even_when_a_request_is_replayed() -> None:
    events = [Event(1, "key", "right"), Event(2, "key", "right"), Event(3, "control", "routes", ["central_med"])]
    first = replay(VIEW, 0, events[:2], OPTIONS)
    assert (first.view.year, first.seq) == (2017, 2)
    # Dash dropped the answer to the first request: the next one carries all three events against the old view.
    again = replay(VIEW, 0, events, OPTIONS)
    assert (again.view.year, again.view.routes, again.seq) == (2017, ("central_med",), 3)
    # The first answer did land: the next request carries the same events, and only the third is new.
    assert replay(first.view, first.seq, events, OPTIONS).view == again.view


def test_a_link_event_replaces_the_view_and_reports_its_problems() -> None:
    outcome = replay(replace(VIEW, year=2020), 0, [Event(1, "link", value="?year=2016&bogus=1")], OPTIONS)
    assert outcome.view.year == 2016 and outcome.problems and "bogus" in outcome.problems[0]
    assert replay(VIEW, 0, [Event(1, "tick")], OPTIONS).problems is None


def test_malformed_events_are_dropped_not_raised() -> None:
    raw = {"events": [None, 5, {"seq": "1", "kind": "tick"}, {"seq": 2, "kind": "explode"}, {"seq": -1, "kind": "tick"},
                      {"seq": 3, "kind": "tick", "name": ["x"]}, {"seq": True, "kind": "tick"},
                      {"seq": 4, "kind": "tick"}, {"seq": 2**60, "kind": "tick"}]}
    assert decode_events(raw) == [Event(4, "tick")]
    for garbage in (None, [], "x", {"events": "x"}, {"events": [{}] * 10_000}):
        assert decode_events(garbage) == []
    assert len(decode_events({"events": [{"seq": i + 1, "kind": "tick"} for i in range(10_000)]})) == 200


def test_map_moves_keep_centre_and_zoom_and_ignore_nonsense() -> None:
    moved = interaction.map_moved(VIEW, {"geo.center.lon": 18.456, "geo.center.lat": 38.2, "geo.projection.scale": 2})
    assert (moved.center, moved.zoom) == ((18.46, 38.2), 2.0)
    for bad in ({"autosize": True}, {"geo.center.lon": "x", "geo.center.lat": 1}, {"geo.projection.scale": 1e9},
                None, {"geo.center.lon": float("nan"), "geo.center.lat": 0}):
        assert interaction.map_moved(VIEW, bad) == VIEW


def test_changing_what_a_scene_shows_leaves_the_scene() -> None:
    in_scene = replace(VIEW, scene="alliance_2015")
    assert interaction.leave_scene_if_changed(in_scene, replace(in_scene, year=2016)).scene is None
    assert interaction.leave_scene_if_changed(in_scene, replace(in_scene, mode="present")).scene == "alliance_2015"


def test_an_unknown_layer_changes_nothing() -> None:
    assert interaction.apply_layer(VIEW, "<script>", OPTIONS) == VIEW


def test_every_control_event_names_a_control_the_page_has():
    from answers.view import CONTROL_IDS

    # The layer, scene and language switches send events of their own kinds, not "control".
    assert set(interaction.CONTROLS) | {"layer", "scene", "lang"} == set(CONTROL_IDS)


# The years each indicator has figures for, as a small made-up coverage (the real one comes from country_year.csv).
COVERED = replace(OPTIONS, indicator_years={
    "sea_arrivals": {2015: 4, 2022: 5},
    "syr_refugees_hosted": {2015: 5, 2022: 5, 2023: 5, 2024: 5},
    "ukr_refugees_hosted": {2022: 4, 2023: 4},
}, scenes=("latest",), scene_queries={"latest": "year=2024&indicator=syr_refugees_hosted"})


def test_a_year_without_the_default_indicator_is_coloured_by_the_best_covered_one() -> None:
    assert interaction.year_indicator(COVERED, 2015) == "sea_arrivals"
    assert interaction.year_indicator(COVERED, 2023) == "syr_refugees_hosted"  # 5 countries against 4
    assert interaction.year_indicator(COVERED, 2010) == "sea_arrivals"  # none has figures: the default stays


def test_stepping_the_year_follows_the_default_indicator_but_keeps_a_chosen_one() -> None:
    on_default = replace(default_view(COVERED), year=2022)
    stepped = advance(on_default, Event(1, "key", "right"), COVERED)
    assert (stepped.year, stepped.indicator) == (2023, "syr_refugees_hosted")
    back = advance(stepped, Event(2, "control", "year", 2022), COVERED)
    assert (back.year, back.indicator) == (2022, "sea_arrivals")
    chosen = replace(on_default, indicator="ukr_refugees_hosted")
    assert advance(chosen, Event(1, "control", "year", 2024), COVERED).indicator == "ukr_refugees_hosted"


def test_a_link_without_an_indicator_gets_its_years_default() -> None:
    from core.view import parse
    assert parse("year=2023", COVERED)[0].indicator == "syr_refugees_hosted"
    assert parse("year=2023&indicator=sea_arrivals", COVERED)[0].indicator == "sea_arrivals"  # the link's choice


def test_leaving_a_scene_keeps_its_indicator_only_where_it_has_figures() -> None:
    in_scene = advance(default_view(COVERED), Event(1, "scene", "scene", "latest"), COVERED)
    assert (in_scene.scene, in_scene.indicator) == ("latest", "syr_refugees_hosted")
    kept = advance(in_scene, Event(2, "control", "year", 2022), COVERED)
    assert (kept.scene, kept.indicator) == (None, "syr_refugees_hosted")  # it has 2022 figures
    ukraine = replace(in_scene, indicator="ukr_refugees_hosted", year=2023)
    left = advance(ukraine, Event(3, "control", "year", 2015), COVERED)
    assert (left.scene, left.indicator) == (None, "sea_arrivals")  # none for 2015: the year's default
    cleared = advance(replace(ukraine, year=2024), Event(4, "scene", "scene", None), COVERED)
    assert (cleared.scene, cleared.indicator) == (None, "syr_refugees_hosted")
