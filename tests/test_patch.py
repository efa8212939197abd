"""The figure diff behind every Patch: applying it to the old figure gives exactly the new one."""

from __future__ import annotations

import copy

from dash import Patch
from hypothesis import given
from hypothesis import strategies as st

from answers.patch import figure_update
from figures.diff import apply, diff

leaf = st.one_of(st.none(), st.booleans(), st.integers(-5, 5), st.text(max_size=3),
                 st.lists(st.integers(0, 3), max_size=12))
keys = st.sampled_from(["data", "layout", "x", "y", "line", "z"])
tree = st.recursive(leaf, lambda inner: st.one_of(st.dictionaries(keys, inner, max_size=4),
                                                  st.lists(st.dictionaries(keys, inner, max_size=3), max_size=3)),
                    max_leaves=20)
figure = st.fixed_dictionaries({"data": st.lists(st.dictionaries(keys, tree, max_size=4), max_size=4),
                                "layout": st.dictionaries(keys, tree, max_size=4)})


@given(figure, figure)
def test_diff_then_apply_gives_the_new_figure(old, new) -> None:
    assert apply(copy.deepcopy(old), diff(old, new)) == new


@given(figure)
def test_no_difference_sends_nothing(fig) -> None:
    assert diff(fig, copy.deepcopy(fig)) == []
    assert figure_update(fig, copy.deepcopy(fig)) is None


def test_changed_leaf_becomes_a_patch_and_first_draw_the_whole_figure() -> None:
    old = {"data": [{"z": [1, 2], "lon": [0, 1]}], "layout": {"title": "a", "shapes": [{"x0": 1}]}}
    new = {"data": [{"z": [1, 3], "lon": [0, 1]}], "layout": {"shapes": [{"x0": 2}]}}
    assert figure_update(None, new) is new
    patch = figure_update(old, new)
    assert isinstance(patch, Patch)
    sent = patch.to_plotly_json()["operations"]
    assert {(op["operation"], tuple(op["location"])) for op in sent} == {
        ("Assign", ("data", 0, "z")), ("Delete", ("layout", "title")), ("Assign", ("layout", "shapes", 0, "x0"))}


def test_a_long_array_with_few_changes_sends_only_the_changed_items() -> None:
    """A year step recolours a handful of the map's countries: the Patch names those items, not all 119."""
    old = {"data": [{"z": [0] * 119, "customdata": [["no data", ""]] * 119}]}
    new = copy.deepcopy(old)
    new["data"][0]["z"][23] = 2
    new["data"][0]["customdata"][23] = ["377 people", "UNHCR"]
    sent = figure_update(old, new).to_plotly_json()["operations"]
    assert [(tuple(op["location"]), op["params"]["value"]) for op in sent] == [
        (("data", 0, "z", 23), 2), (("data", 0, "customdata", 23), ["377 people", "UNHCR"])]
    everything = copy.deepcopy(old)
    everything["data"][0]["z"] = list(range(119))
    assert [tuple(op["location"]) for op in figure_update(old, everything).to_plotly_json()["operations"]] == [
        ("data", 0, "z")]
