"""What each click and key does to the view: the rules behind cross-filtering, layers and presenter keys."""

from __future__ import annotations

from dataclasses import replace

from core.view import Options, default_view

from core import interaction

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
    assert syria.routes == ("syria_neighbours", "western_balkans") or "syria_neighbours" in syria.routes
    assert interaction.layer_of(syria, OPTIONS) == "syria"
    assert interaction.layer_of(replace(syria, indicator="tip_tier"), OPTIONS) is None


def test_controls_with_bad_values_keep_the_current_view() -> None:
    kept = interaction.from_controls(VIEW, OPTIONS, 1800, "central_med", "nonsense", [1, "x"], [0, 0, 0, 0])
    assert kept == VIEW


def test_controls_apply_good_values_in_canonical_order() -> None:
    moved = interaction.from_controls(VIEW, OPTIONS, 2016, ["eastern_med", "central_med"], "tip_tier",
                                      ["UKR", "ITA", "ZZZ"], [1, 2, 3, 4])
    assert (moved.year, moved.routes, moved.indicator, moved.countries, moved.weights) == (
        2016, ("central_med", "eastern_med"), "tip_tier", ("ITA", "UKR"), (1, 2, 3, 4))


def test_year_steps_stop_at_the_ends_and_playing_wraps() -> None:
    last = replace(VIEW, year=2024)
    assert interaction.step_year(last, OPTIONS, 1).year == 2024
    assert interaction.step_year(last, OPTIONS, 1, wrap=True).year == 2009
    assert interaction.step_year(replace(VIEW, year=2009), OPTIONS, -1).year == 2009


def test_presenter_presses_are_never_lost_even_against_a_stale_view() -> None:
    from callbacks.state import key_view

    view, seen = key_view(VIEW, OPTIONS, {"key": "ArrowRight", "right": 1, "left": 0}, None)
    assert (view.year, seen) == (2016, [1, 0, 0])
    # Two more presses arrive before the browser has the 2016 view: the stale view (2015, totals [0, 0])
    # plus totals (3, 0) still lands on 2018.
    stale, _ = key_view(VIEW, OPTIONS, {"key": "ArrowRight", "right": 3, "left": 0}, [0, 0])
    assert stale.year == 2018
    back, seen = key_view(replace(VIEW, year=2018), OPTIONS, {"key": "ArrowLeft", "right": 3, "left": 2}, [3, 0])
    assert (back.year, seen) == (2016, [3, 2, 0])
    assert key_view(VIEW, OPTIONS, {"key": "ArrowRight", "right": "x", "left": None}, [0, 0]) == (VIEW, [0, 0])
    assert key_view(replace(VIEW, mode="present"), OPTIONS, {"key": "Escape"}, [0, 0]) == \
        (replace(VIEW, mode="present"), [0, 0])  # no totals: nothing to apply
    left, seen = key_view(replace(VIEW, mode="present"), OPTIONS,
                          {"key": "Escape", "right": 0, "left": 0, "escape": 1}, [0, 0])
    assert left.mode == "explore" and seen == [0, 0, 1]
    # A later request that carries the same totals (whatever triggered it) changes nothing again.
    again = replace(VIEW, mode="present")
    assert key_view(again, OPTIONS, {"key": "Escape", "right": 0, "left": 0, "escape": 1}, seen) == (again, seen)


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
