"""The link format: any query string parses without error, valid views round-trip, bad values are reported."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.view import DEFAULT_WEIGHTS, LANGS, MODES, Options, View, default_view, parse, to_query

OPTIONS = Options(
    years=(2009, 2024),
    routes=("central_med", "eastern_med", "western_med", "syria_neighbours"),
    indicators=("sea_arrivals", "tip_tier", "route_risk"),
    countries=frozenset({"ITA", "GRC", "UKR", "SYR", "TUR"}),
    scenes=("alliance_2015", "ukraine_2022"),
    scene_queries={"alliance_2015": "year=2015&routes=all&indicator=sea_arrivals",
                   "ukraine_2022": "year=2022&routes=syria_neighbours&indicator=tip_tier&country=UKR"},
)

views = st.builds(
    View,
    year=st.integers(2009, 2024),
    routes=st.lists(st.sampled_from(OPTIONS.routes), unique=True).map(
        lambda rs: tuple(r for r in OPTIONS.routes if r in rs)),
    indicator=st.sampled_from(OPTIONS.indicators),
    countries=st.lists(st.sampled_from(sorted(OPTIONS.countries)), unique=True).map(lambda cs: tuple(sorted(cs))),
    weights=st.tuples(*[st.integers(0, 10)] * 4).filter(lambda w: sum(w) > 0),
    lang=st.sampled_from(LANGS),
    mode=st.sampled_from(MODES),
    scene=st.none() | st.sampled_from(OPTIONS.scenes),
    center=st.none() | st.tuples(st.integers(-18000, 18000).map(lambda v: v / 100),
                                 st.integers(-9000, 9000).map(lambda v: v / 100)),
    zoom=st.none() | st.integers(50, 2000).map(lambda v: v / 100),
)


@settings(max_examples=300)
@given(views)
def test_every_valid_view_round_trips(view: View) -> None:
    parsed, problems = parse(to_query(view, OPTIONS), OPTIONS)
    assert problems == []
    assert parsed == view


@settings(max_examples=500)
@given(st.text(max_size=400))
def test_any_text_parses_without_raising(query: str) -> None:
    view, problems = parse(query, OPTIONS)
    assert isinstance(view, View)
    assert all(isinstance(p, str) and len(p) < 300 for p in problems)


@settings(max_examples=300)
@given(st.dictionaries(st.sampled_from(["year", "routes", "indicator", "country", "weights", "lang", "mode",
                                        "scene", "center", "zoom", "x"]), st.text(max_size=80), max_size=8))
def test_known_parameters_with_any_value_never_raise(params: dict[str, str]) -> None:
    from urllib.parse import urlencode

    view, problems = parse(urlencode(params), OPTIONS)
    assert OPTIONS.years[0] <= view.year <= OPTIONS.years[1]
    assert set(view.routes) <= set(OPTIONS.routes)


def test_bare_link_is_the_default_view() -> None:
    assert parse("", OPTIONS) == (default_view(OPTIONS), [])
    assert parse("?", OPTIONS) == (default_view(OPTIONS), [])


def test_bad_values_fall_back_and_are_named() -> None:
    view, problems = parse("year=99999&routes=atlantis&weights=-1,2,3,4&lang=xx&foo=1", OPTIONS)
    assert view == default_view(OPTIONS)
    text = " ".join(problems)
    for name in ("year", "routes", "weights", "lang", "'foo'"):
        assert name in text


def test_valid_parts_survive_next_to_invalid_ones() -> None:
    view, problems = parse("year=2016&routes=central_med,nowhere&indicator=tip_tier", OPTIONS)
    assert (view.year, view.indicator, view.routes) == (2016, "tip_tier", ("central_med",))
    assert len(problems) == 1 and "nowhere" in problems[0] and problems[0].field == "routes"


def test_script_in_a_value_is_reported_as_text_not_markup() -> None:
    view, problems = parse("routes=<script>alert(1)</script>", OPTIONS)
    assert view.routes == OPTIONS.routes
    assert "<script>" in problems[0]  # the notice renders it as text, escaped by React


def test_overlong_value_is_ignored_and_not_echoed() -> None:
    _, problems = parse("country=" + "A" * 10_000, OPTIONS)
    assert problems == ["The 'country' part of the link is far too long and was left out."]


def test_canonical_form_is_stable() -> None:
    view = replace(default_view(OPTIONS), countries=("ITA", "UKR"), weights=DEFAULT_WEIGHTS)
    assert to_query(view, OPTIONS) == "year=2015&routes=all&indicator=sea_arrivals&country=ITA,UKR&weights=3,3,2,2"
    # The same selection written in another order still gives the canonical link.
    messy = parse("country=ukr,ITA&routes=eastern_med,central_med", OPTIONS)[0]
    assert to_query(messy, OPTIONS).startswith("year=2015&routes=central_med,eastern_med&")


def test_a_scene_sets_the_view_and_explicit_parameters_refine_it() -> None:
    view, problems = parse("scene=ukraine_2022", OPTIONS)
    assert problems == []
    assert (view.year, view.routes, view.indicator, view.countries, view.scene) == (
        2022, ("syria_neighbours",), "tip_tier", ("UKR",), "ukraine_2022")
    refined, _ = parse("scene=ukraine_2022&year=2016&country=", OPTIONS)
    assert (refined.year, refined.countries, refined.scene) == (2016, (), "ukraine_2022")


# What chat and mail apps do to a link, and what the reader should see.
MANGLED = [
    ("year=2016&routes=central_med).", dict(year=2016, routes=("central_med",)), []),
    ("year=2016&routes=central_med&indicator=tip_tier.", dict(indicator="tip_tier"), []),
    ("year=2016&amp;routes=central_med&amp;indicator=tip_tier", dict(year=2016, routes=("central_med",),
                                                                     indicator="tip_tier"), []),
    ("year=2016&amp;amp;routes=eastern_med", dict(routes=("eastern_med",)), []),
    ("YEAR=2016&ROUTES=Central_Med&Indicator=TIP_TIER&Country=ita&LANG=RU", dict(
        year=2016, routes=("central_med",), indicator="tip_tier", countries=("ITA",), lang="ru"), []),
    ("year=2016&routes=central_med,eastern_m", dict(routes=("central_med",)), ["link.cut.routes"]),
    ("routes=central_med,atlantis,eastern_med", dict(routes=("central_med", "eastern_med")),
     ["link.unknown.routes"]),
    ("routes=centr", dict(routes=OPTIONS.routes), ["link.cut.routes.all"]),
    ("country=ITA,XXX,gr", dict(countries=("ITA",)), ["link.unknown.countries"]),
    ("year=2016&country=ITA,GR", dict(countries=("ITA",)), ["link.cut.countries"]),
    ("scene=ALLIANCE_2015&mode=Present", dict(scene="alliance_2015", mode="present"), []),
    ("year=2016%29.%2C", dict(year=2016), []),
]


@pytest.mark.parametrize(("query", "expected", "said"), MANGLED)
def test_mangled_links_show_what_they_meant(query: str, expected: dict, said: list[str]) -> None:
    view, problems = parse(query, OPTIONS)
    assert {k: getattr(view, k) for k in expected} == expected
    assert [p.key for p in problems] == [k if k.startswith("link.") else f"link.{k}" for k in said]


def test_a_cut_list_is_said_in_the_readers_words_and_language() -> None:
    _, problems = parse("year=2016&routes=central_med,eastern_m", OPTIONS)
    names = {"central_med": "Central Mediterranean"}
    assert problems[0].say("en", lambda k: names.get(k, k)) == "The link was cut: showing Central Mediterranean only."
    assert problems[0].say("ru", {"central_med": "Центральное Средиземноморье"}.get) == (
        "Ссылка обрезана: показан только маршрут «Центральное Средиземноморье».")
    assert problems[0].field == "routes"


def test_every_problem_names_the_part_of_the_view_it_is_about() -> None:
    _, problems = parse("year=1999&routes=x&indicator=y&country=Q&weights=1&lang=xx&mode=m&scene=s&center=a&zoom=b"
                        "&foo=1", OPTIONS)
    assert [p.field for p in problems] == ["year", "routes", "indicator", "countries", "weights", "lang", "mode",
                                           "scene", "center", "zoom", ""]
    for problem in problems:  # every text exists in both languages and names no jargon like 'amp;routes'
        assert problem.say("ru") and problem.say("en") and "parameter" not in problem.say("en")


@settings(max_examples=300)
@given(views, st.sampled_from([").", "]", ".", ",", "!", ")", "'", '"', ">", "%29", " "]))
def test_trailing_punctuation_never_changes_a_view(view: View, tail: str) -> None:
    parsed, problems = parse(to_query(view, OPTIONS) + tail, OPTIONS)
    assert problems == [] and parsed == view


@settings(max_examples=300)
@given(views)
def test_amp_entities_give_the_same_view(view: View) -> None:
    parsed, problems = parse(to_query(view, OPTIONS).replace("&", "&amp;"), OPTIONS)
    assert problems == [] and parsed == view
