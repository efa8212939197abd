"""Every figure in its place (issue 24): incidents drawn where they happened, labels that match their source,
qualifiers that follow the arithmetic, and the CSV as complete as the page. One test per point of the issue, named
for it, each asserting what a reader would notice."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest

from core.export import COLUMNS, view_rows
from core.placement import AS_GIVEN, NOT_PRECISE, Placement
from core.text import t
from core.view import parse

DATA = Path(__file__).resolve().parent.parent / "data"


def view_of(prep, query: str):
    view, problems = parse(query, prep.options)
    assert problems == []
    return view


def drawn_points(prep, query: str) -> list[tuple[float, float]]:
    from answers.figures import FigureAnswers
    from core.added_figures import NONE
    from core.served import serve

    figure = FigureAnswers(serve(prep.bundle, None)).map_for(view_of(prep, query), NONE)
    return [(x, y) for tr in figure["data"] if tr["name"].startswith("incidents") and tr.get("visible", True)
            for x, y in zip(tr.get("lon", []), tr.get("lat", []))]


# --- point 1: incidents drawn in the wrong sea --------------------------------------------------------------------

def test_point_01_incidents_in_their_sea(prep) -> None:
    """`?year=2021&routes=western_african&incidents=on` showed Atlantic shipwrecks east of 0° (IOM's placeholder
    point off Libya). Now every circle of the Atlantic route lies west of 0°; the seven placeholders are listed
    apart in the legend, in the CSV with IOM's point and no drawn point, and still counted in the route total."""
    from layouts.legend import build_map_legend

    query = "year=2021&routes=western_african&incidents=on"
    points = drawn_points(prep, query)
    assert points and max(x for x, _ in points) < 0
    assert (12.549, 33.015) not in points
    legend = str(build_map_legend(prep, view_of(prep, query)))
    assert "Not drawn: 7 incidents, 221 dead and missing, place not given precisely" in legend

    rows = view_rows(prep, view_of(prep, query))
    incidents = rows[rows["table"] == "incidents"]
    apart = incidents[incidents["placement"].str.startswith("not given precisely")]
    assert len(apart) == 7 and apart["value"].sum() == 221
    assert (apart["lon"] == "").all() and (apart["lat"] == "").all()
    assert "IOM's point (12.549, 33.0148)" in apart.iloc[0]["placement"]
    placed = incidents[incidents["placement"] == "as IOM gave it"]
    assert (placed["lon"].astype(float) < 0).all()
    # Counted all the same: the incidents, drawn or not, add up to the route's dead and missing for 2021.
    ry = prep.bundle.route_year
    total = ry[(ry["route_id"] == "western_african") & (ry["year"] == 2021) & (ry["indicator"] == "dead_missing")]
    assert incidents["value"].sum() == total["value"].item() == 1_126


def test_point_01_the_named_misplacements_are_not_drawn(bundle) -> None:
    """The misplacements the issue names: Zliten in the Aegean, Zuwara in the Atlantic (December 2023), the merged
    record in Arizona, Sabratha north of Sicily, the 2015 Aegean incidents south of Sicily."""
    incidents = bundle.incidents
    def placement(date: str, words: str) -> set[str]:
        rows = incidents[(incidents["date"] == date) & incidents["location"].str.contains(words, regex=False)]
        assert len(rows) >= 1, (date, words)
        return set(rows["placement"])

    assert placement("2015-01-16", "Zliten, Libya") == {NOT_PRECISE}
    assert placement("2023-12-27", "Zuwara, Libya") == {NOT_PRECISE}
    assert placement("2023-12-29", "Zuwara, Libya") == {NOT_PRECISE}
    assert placement("2020-07-30", "Arizona") == {NOT_PRECISE}
    assert placement("2019-06-03", "Sabratha, Libya") == {NOT_PRECISE}
    assert placement("2015-10-28", "off of Lesvos, Greece") == {NOT_PRECISE}  # south of Sicily
    # ... while a well-placed shipwreck stays where IOM put it.
    assert placement("2016-05-26", "north of Zuwara, Libya") == {AS_GIVEN}
    sabratha = incidents[incidents["location"].str.fullmatch("Sabratha, Libya")
                         & (incidents["lat"].round(2) == 38.12)]
    assert len(sabratha) == 12 and set(sabratha["placement"]) == {NOT_PRECISE}
    routed = incidents[incidents["route_id"].notna() & (incidents["placement"] == NOT_PRECISE)]
    assert (len(routed), int(routed["dead_missing"].sum())) == (50, 499)


def test_point_01_no_drawn_point_outside_its_route_area_or_named_country(bundle) -> None:
    """The whole incident table: every point drawn lies in its route's area (or, with no route of ours, near its
    country of incident) or near a country its text names; the stored placement is what the check gives."""
    placement = Placement(DATA)
    again, why = placement.check_frame(bundle.incidents)
    assert list(bundle.incidents["placement"]) == again
    shown = bundle.incidents[bundle.incidents["placement"] == AS_GIVEN]
    assert len(shown) == 6_186
    for row in shown.itertuples():
        named = [c for c in placement.named(row.location) if c in placement.countries]
        point = placement._metric(__import__("shapely").Point(row.lon, row.lat))
        near_named = any(placement.countries[c].distance(point) <= 250 for c in named)
        if isinstance(row.route_id, str):
            assert near_named or placement.areas[row.route_id].contains(point), row
        else:
            assert near_named or placement.countries[row.country].distance(point) <= 100, row
    assert all(w for w, p in zip(why, again) if p == NOT_PRECISE)


def test_point_01_the_import_reports_each_kind(capsys) -> None:
    """The import says how many incidents are drawn as given and how many are listed apart (and their dead)."""
    import subprocess
    import sys

    from tests.test_gdidata import source_dir
    root = DATA.parent
    result = subprocess.run([sys.executable, str(root / "scripts" / "import_gdidata.py"), "--check", "--source",
                             str(source_dir())], capture_output=True, text=True, cwd=root, timeout=300)
    assert result.returncode == 0, result.stderr
    assert ("iom_mmp placement, on a route of ours: 3095 incidents as given; 50 incidents, 499 dead and missing, "
            "place not given precisely") in result.stdout
    assert "on no route of ours: 3091 incidents as given; 74 incidents, 167 dead and missing" in result.stdout


@pytest.fixture(scope="module")
def csv_of(prep):
    from core.export import to_csv

    def read(query: str) -> pd.DataFrame:
        text = to_csv(prep, view_of(prep, query), "/?" + query)
        return pd.read_csv(io.StringIO(text), comment="#", dtype=str, keep_default_na=False)
    return read


# --- point 3: a sum called a lower bound --------------------------------------------------------------------------

def test_point_03_a_sum_with_a_rounded_part_is_about_and_the_official_total_is_beside(prep) -> None:
    """The 2025 returns card said "more than 1,062,574" though Jordan's part is "about 178,000"; UNHCR's own total
    (1,346,485, shipped) was shown nowhere. Now the sum is "about" and UNHCR's total stands beside it."""
    from layouts.cards import build_year_cards

    cards = {c.id: c for c in build_year_cards(prep, view_of(prep, "year=2025"))}
    card = str(cards["year-card-syr_returns"])
    assert "about 1,062,574" in card and "more than 1,062,574" not in card
    assert "UNHCR's own total: 1,346,485" in card
    assert "1,346,485" in str(cards["year-card-syria_neighbours-syr_returns_total"])


def test_point_03_qualifiers_follow_the_arithmetic() -> None:
    from core.cards import SUM_EXACT, SUM_LOWER, SUM_ROUNDED, sum_confidence
    from core.text import fmt_figure

    exact, more, about = ({"confidence": c} for c in ("exact (secondary)", "lower bound (more than; secondary)",
                                                        "approximate (rounded by UNHCR; secondary)"))
    assert sum_confidence([exact, more]) == SUM_LOWER and fmt_figure(10, SUM_LOWER) == "more than 10"
    assert sum_confidence([exact, more, about]) == SUM_ROUNDED and fmt_figure(10, SUM_ROUNDED) == "about 10"
    assert sum_confidence([exact, exact]) == SUM_EXACT and fmt_figure(10, SUM_EXACT) == "10"


# --- point 4: shipped but never shown -----------------------------------------------------------------------------

def test_point_04_every_2025_area_figure_is_on_a_card(prep) -> None:
    """The 2025 Mediterranean dead and missing, the world figure, the EU's almost 178,000 detections, the Syrian
    returns total and EU temporary protection were shipped but shown nowhere: each now has a year card."""
    from layouts.cards import build_year_cards

    text = " ".join(str(c) for c in build_year_cards(prep, view_of(prep, "year=2025")))
    for words in ("at least 2,185", "at least 7,667", "almost 178,000", "1,346,485", "about 4,350,000"):
        assert words in text, words
    # Every country measure can colour the map (indicators.csv's map_order).
    assert set(prep.bundle.country_year["indicator"]) <= set(prep.options.indicators)
    shipped = prep.bundle.area_year
    for row in shipped.itertuples():
        cards = {c.id for c in build_year_cards(prep, view_of(prep, f"year={row.year}"))}
        assert any(row.indicator in c for c in cards), row


# --- point 5: the CSV leaves out the cards -------------------------------------------------------------------------

def test_point_05_the_csv_holds_the_year_cards_and_the_latest_figures(prep, csv_of) -> None:
    """Every figure a year card or a headline's "Latest" line shows is a row of the view's CSV."""
    from core.cards import latest_row, year_card_figures

    rows = csv_of("year=2025")
    cards = rows[rows["table"] == "year_card"]
    for figure in year_card_figures(prep, 2025):
        if figure.kind == "none":
            continue
        values = {float(v) for v in cards.loc[cards["indicator"] == figure.indicator, "value"]}
        wanted = {figure.value} if figure.kind in ("one", "sum", "area") else {float(r["value"]) for r in figure.rows}
        assert wanted <= values, figure.card_id
    returns = cards[cards["indicator"] == "syr_returns"].iloc[0]
    assert (float(returns["value"]), returns["qualifier"]) == (1_062_574, "about")
    latest = rows[rows["table"] == "headline_latest"]
    for h in prep.bundle.headlines.itertuples():
        row = latest_row(prep, h.latest)
        if row is not None:
            assert float(row["value"]) in set(latest["value"].astype(float)), h.headline_id
    assert "117300000" in set(latest["value"]) or 117_300_000.0 in set(latest["value"].astype(float))


# --- point 2: a government count under a UNHCR label ---------------------------------------------------------------

PUBLISHER_WORDS = {"UNHCR": "UNHCR", "Frontex": "Frontex", "IOM": "IOM", "Eurostat": "Eurostat"}


def test_point_02_a_label_names_a_publisher_only_when_every_row_is_theirs(bundle) -> None:
    """`syr_refugees_hosted` holds Türkiye 2025 (2,506,740, Turkish Ministry of the Interior) and was labelled
    "(UNHCR)". An indicator's label may name a publisher only when every row under it comes from that publisher."""
    import re

    publishers = bundle.sources.set_index("source_id")["publisher"]
    rows = pd.concat([bundle.route_year, bundle.country_year, bundle.area_year])
    checked = 0
    for row in bundle.indicators.itertuples():
        named = re.search(r"\((\w+)", row.label)
        if not named or named.group(1) not in PUBLISHER_WORDS:
            continue
        used = {publishers[s] for s in rows.loc[rows["indicator"] == row.indicator, "source_id"]}
        assert all(p.startswith(PUBLISHER_WORDS[named.group(1)]) for p in used), (row.indicator, used)
        checked += 1
    assert checked >= 15
    syria = bundle.indicators.set_index("indicator").loc["syr_refugees_hosted"]
    assert "UNHCR" not in syria["label"] and "УВКБ" not in syria["label_ru"] and "УВКБ" not in syria["label_uk"]


def test_point_02_the_card_legend_and_csv_name_each_figures_source(prep, csv_of) -> None:
    from layouts.cards import build_year_cards

    card = str({c.id: c for c in build_year_cards(prep, view_of(prep, "year=2025"))}["year-card-syr_refugees_hosted"])
    assert "(UNHCR)" not in card and "Turkish Ministry of the Interior" in card
    rows = csv_of("year=2025&indicator=syr_refugees_hosted")
    turkey = rows[(rows["table"] == "country_year") & (rows["iso3"] == "TUR")].iloc[0]
    assert float(turkey["value"]) == 2_506_740 and "UNHCR" not in turkey["label"]
    assert turkey["publisher"] == "Turkish Ministry of the Interior"


# --- point 7: vintages joined into one line -------------------------------------------------------------------------

def test_point_07_a_later_release_is_drawn_apart_and_says_so(prep, csv_of) -> None:
    """Western African 2025 (IOM's February 2026 figures via dpa; Frontex's preliminary January 2026 release) was
    the next point of the 2014-2024 lines, and its rate (70.25 per 1,000) said only "computed". Now the lines stop
    at 2024, 2025 is an open marker of its own saying "later release", the rate inherits "preliminary", and the
    map's route hover no longer calls a 2025 figure plain "calendar year"."""
    from figures.charts import deaths_chart, detections_chart
    from figures.map import map_figure

    view = view_of(prep, "year=2025&routes=western_african")
    for figure in (deaths_chart(prep, view), detections_chart(prep, view)):
        lines = [tr for tr in figure["data"] if tr.get("mode") == "lines+markers"]
        assert lines and all(2025 not in tr["x"] for tr in lines)
        apart = [tr for tr in figure["data"] if tr.get("mode") == "markers" and 2025 in tr["x"]]
        assert apart and all(tr["marker"]["symbol"] == "circle-open" for tr in apart)
    deaths = deaths_chart(prep, view)["data"]
    assert any(tr["y"] == [1214.0] and "later release" in tr["text"][0] for tr in deaths)
    assert any(tr["y"] == [70.25] and "computed from a later, secondary release" in tr["hovertemplate"]
               for tr in deaths)
    rows = csv_of("year=2025&routes=western_african")
    rate = rows[(rows["table"] == "route_rate") & (rows["year"] == "2025")].iloc[0]
    assert (rate["value"], rate["confidence"]) == ("70.25", "computed (from a later, secondary release; preliminary)")
    assert rate["qualifier"] == "preliminary"
    meta = next(tr["meta"] for tr in map_figure(prep, view_of(prep, "year=2025&routes=central_med"), "/x")["data"]
                if tr.get("meta") and "66,328" in tr["meta"][1])
    assert "later release, secondary source" in meta[2]


# --- point 8: a sum labelled exact ----------------------------------------------------------------------------------

def test_point_08_the_corridor_volume_says_it_is_a_sum(prep, csv_of) -> None:
    """The Syria corridor's volume (five host countries added up) was "exact" with one source id, and the map's
    hover did not say it was a sum. Now its confidence is a computed sum's, the CSV names the parts and the hover
    says "computed sum of 5 countries"."""
    from figures.map import map_figure

    rows = csv_of("year=2016&routes=syria_neighbours")
    volume = rows[(rows["table"] == "route_volume") & (rows["route_id"] == "syria_neighbours")].iloc[0]
    assert float(volume["value"]) == 4_825_175
    assert volume["confidence"] == "computed (sum of exact figures)"
    assert volume["coverage"] == "computed sum of 5 countries: EGY, IRQ, JOR, LBN, TUR"
    meta = [tr["meta"][1] for tr in map_figure(prep, view_of(prep, "year=2016&routes=syria_neighbours"), "/x")["data"]
            if tr.get("meta") and "4,825,175" in str(tr["meta"])]
    assert meta and "(computed sum of 5 countries)" in meta[0]


# --- point 9: CSV format slips --------------------------------------------------------------------------------------

@pytest.mark.parametrize("query", ["months=2014-01..2016-12&routes=black_sea,central_med&incidents=on",
                                   "year=2021&routes=western_african&incidents=on", "year=2016"])
def test_point_09_every_csv_row_has_a_value_a_unit_and_a_year(csv_of, query: str) -> None:
    """Rate rows had no unit, months with no Frontex row were exported as an empty value marked "exact", and
    incident rows had a month in the `year` column. Now every figure row has a value and a unit, and `year` is a
    year."""
    rows = csv_of(query)
    # UNODC's suppressed cells are the one row with no number: their qualifier says "fewer than 5" (tests/test_victims)
    counted = rows[rows["qualifier"] != t("victims.censored", "en")]
    assert (counted["value"] != "").all(), counted[counted["value"] == ""][["table", "year", "confidence"]]
    # A year, or none for a total over a month range spanning years (its months are in `period`).
    years = rows["year"].str.fullmatch(r"\d{4}") | ((rows["year"] == "") & rows["period"].str.contains(r"\.\."))
    assert years.all(), set(rows.loc[~years, "year"])
    figures = rows[~rows["table"].isin(["headlines"])]
    assert (figures["unit"] != "").all(), figures.loc[figures["unit"] == "", ["table", "indicator"]].drop_duplicates()
    rates = rows[rows["table"] == "route_rate"]
    if len(rates):
        assert set(rates["unit"]) == {"dead and missing per 1,000 detections"}


def test_point_09_a_month_without_figures_is_no_row(csv_of, prep) -> None:
    rows = csv_of("months=2014-01..2016-12&routes=black_sea")
    months = rows[rows["table"] == "route_month"]
    assert len(months) == 9 and months["period"].tolist()[:2] == ["2014-01", "2014-02"]
    assert prep.finer.route_month.loc["2014-01":"2016-12", "black_sea"].isna().sum() == 27  # gaps, not rows


# --- point 6: the sources page undercounts --------------------------------------------------------------------------

def test_point_06_the_sources_page_counts_every_table(prep, bundle) -> None:
    """The area table was not counted, so thirteen sources backing figures on screen said "Rows it backs: —".
    Now every source a table's row names shows its count, the area table's included."""
    from layouts.sources import build_sources_page, figure_tables

    assert "area_year" in figure_tables(bundle)
    page = {a.id: str(a) for a in build_sources_page(prep, "en", "") if getattr(a, "id", None)}
    used = set()
    for name in figure_tables(bundle):
        used |= set(getattr(bundle, name)["source_id"])
    area_only = set(bundle.area_year["source_id"]) - {s for n in figure_tables(bundle) if n != "area_year"
                                                      for s in getattr(bundle, n)["source_id"]}
    assert len(area_only) >= 5
    for source_id in used:
        assert "'—'" not in page[f"source-{source_id}"], source_id
    assert "World, EU and regional totals by year: 2" in page["source-iom_mmp_2025_dpa"]


# --- point 10: "Latest" beside a different measure -----------------------------------------------------------------

def test_point_10_latest_is_said_only_of_the_same_measure(prep, csv_of) -> None:
    """The Ukraine IDP card set registered IDPs (2015) beside UNHCR's IDP estimate (2024), and Ukrainians seeking
    stay in neighbours (2015) beside refugees recorded globally (2025), both as "Latest". Now those two say
    "Another measure, not comparable"; the same measure (forcibly displaced worldwide) is still "Latest"."""
    from layouts.cards import build_headlines

    cards = {c.id: str(c) for c in build_headlines(prep, "en").children}
    for card in ("headline-ukraine_idps", "headline-ukrainians_abroad"):
        assert "Another measure, not comparable, " in cards[card] and "'Latest, " not in cards[card]
    assert "'Latest, 2025 (mid-2025): '" in cards["headline-displaced_worldwide"]
    assert "'Latest, 2025 (8 Dec 2025): '" in cards["headline-syrians_in_neighbours"]
    latest = csv_of("year=2016")
    latest = latest[latest["table"] == "headline_latest"].set_index("indicator")
    assert latest.loc["idps", "coverage"].endswith("; Another measure, not comparable")
    assert latest.loc["refugees_from_ukr_recorded", "coverage"].endswith("; Another measure, not comparable")
    assert "not comparable" not in latest.loc["forcibly_displaced", "coverage"]


# --- point 11: a stated rule not followed ---------------------------------------------------------------------------

def test_point_11_the_stated_shipping_rule_matches_what_ships(prep, bundle) -> None:
    """The sources page said figures where sources disagree are not shipped, yet IOM's 2025 2,185 and 1,214 are
    shipped while Africanews printed 2,108 and 1,047. The rule now says what ships (a figure several independent
    outlets agree on, the other value named in the caveat), and the data follows it."""
    from layouts.sources import build_sources_page

    page = " ".join(str(part) for part in build_sources_page(prep, "en", ""))
    assert "where sources disagree, are not shipped" not in page
    assert "only when several independent outlets agree on it" in page
    shipped = {(r.indicator, r.value) for r in bundle.area_year.itertuples()} | {
        (r.indicator, r.value) for r in bundle.route_year.itertuples()}
    assert ("dead_missing_total", 2185) in shipped and ("dead_missing", 1214) in shipped
    assert ("dead_missing_total", 2108) not in shipped and ("dead_missing", 1047) not in shipped
    source = bundle.sources.set_index("source_id").loc["iom_mmp_2025_dpa"]
    assert "2,108" in source["caveat"] and "1,047" in source["caveat"]  # the other value, named with the figures
    assert "Anadolu" in source["via"] and "spokesperson" in source["via"]  # the outlets that agree


def test_point_07_a_risk_score_inherits_its_inputs_weakest_confidence(csv_of) -> None:
    """Derived figures inherit the weakest confidence of their inputs: a 2025 score built on the later, preliminary
    release says so in the CSV (score, contributions and the map's country rows); a 2016 score stays a plain
    analytic composite."""
    later = csv_of("year=2025&routes=western_african&indicator=route_risk")
    risk = later[later["table"].isin(["route_risk", "route_risk_input", "country_route_risk"])
                 & (later["route_id"] == "western_african")]
    assert set(risk["table"]) == {"route_risk", "route_risk_input", "country_route_risk"}
    assert set(risk["confidence"]) == {"analytic composite (from a later, secondary release; preliminary)"}
    assert set(risk["qualifier"]) == {"preliminary"}
    earlier = csv_of("year=2016&routes=western_african&indicator=route_risk&lang=ru")
    earlier.columns = COLUMNS  # the header is in Russian
    assert set(earlier.loc[earlier["table"].str.startswith("route_risk"), "confidence"]) == {"аналитический индекс"}


def test_point_07_the_chart_table_keeps_a_route_in_one_column(prep) -> None:
    """The text alternative of the detections chart: one column per route, 2025 (drawn apart) in the same column."""
    from figures.charts import detections_chart
    from layouts.table import figure_table

    table = figure_table(detections_chart(prep, view_of(prep, "year=2025&routes=central_med,eastern_med")), "en")
    header = [th.children for th in table.children[0].children.children]
    assert header == ["", "Central Mediterranean", "Eastern Mediterranean"]
    rows = {tr.children[0].children: [td.children for td in tr.children[1:]] for tr in table.children[1].children}
    assert rows["2025"] == ["66,328", "51,399"] and rows["2015"] == ["153,946", "885,386"]
