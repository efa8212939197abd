"""The US TIP Report tiers of 2014-2025: merged from the compiled table, each naming its page and basis, reproducible
with scripts/import_tip_tiers.py, and drawn on the map and in the CSV in the years that were grey before."""

from __future__ import annotations

import importlib.util
import math
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import pytest

from core.export import view_rows
from core.risk import composite
from core.view import default_view
from figures.map import country_classes, map_figure

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "import_tip_tiers.py"
URL = "/geo/countries.geojson"


def reference_dir() -> Path:
    """The compiled table: $TIP_TIERS_DIR, else <repo>/../shared/reference/tip_tiers (the Makefile's default)."""
    path = Path(os.environ.get("TIP_TIERS_DIR") or ROOT.parent / "shared" / "reference" / "tip_tiers")
    if not (path / "tip_tiers.csv").is_file():
        pytest.fail(f"the compiled tier table is not in {path}; set TIP_TIERS_DIR to the directory holding it")
    return path


def importer():
    spec = importlib.util.spec_from_file_location("import_tip_tiers", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_import_check_finds_the_committed_tables_up_to_date() -> None:
    result = subprocess.run([sys.executable, str(SCRIPT), "--check", "--source", str(reference_dir())],
                            capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "tip tiers up to date" in result.stdout
    assert "disagreements: 0" in result.stdout
    assert "left out BGD: not a country on the map (12 tiers)" in result.stdout


def test_import_refuses_another_version_of_the_table(tmp_path: Path) -> None:
    (tmp_path / "tip_tiers.csv").write_bytes((reference_dir() / "tip_tiers.csv").read_bytes() + b"\n")
    result = subprocess.run([sys.executable, str(SCRIPT), "--check", "--source", str(tmp_path)],
                            capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode != 0 and "is not the pinned" in result.stderr


# (country, report year): tier, confidence, source id, and a piece of the page's address, as the compiled table has
# them (README's spot checks and conflict table: Russia, Belarus, Libya, Ukraine, Cyprus 2022, Serbia 2017).
KNOWN = {
    ("RUS", 2025): ("3", "exact", "us_tip_report_2025", "ecoi.net/"),
    ("BLR", 2021): ("2WL", "exact", "us_tip_report_2021", "http"),
    ("BLR", 2022): ("3", "exact", "us_tip_report_2022", "http"),
    ("LBY", 2016): ("special", "inferred (adjacent year's State text)", "us_tip_report_2017", "ecoi.net/"),
    ("LBY", 2024): ("special", "exact", "us_tip_report_2024", "ecoi.net/en/document/2111705"),
    ("UKR", 2017): ("2", "exact", "us_tip_report_2017", "http"),
    ("CYP", 2022): ("1", "inferred (adjacent year's State text)", "us_tip_report_2023", "http"),
    ("SRB", 2017): ("2WL", "exact", "us_tip_report_2017", "refworld"),
    ("TUN", 2019): ("2", "inferred (adjacent year's State text)", "us_tip_report_2020",
                    "tn.usembassy.gov/he-2020-trafficking-in-persons-report-tunisia"),
    ("EGY", 2020): ("2", "exact (secondary)", "gvnet_tip_ratings_2020", "gvnet.com/humantrafficking/00-Ratings"),
}


@pytest.mark.parametrize("key", list(KNOWN))
def test_known_cells_equal_the_compiled_table(bundle, key: tuple[str, int]) -> None:
    tier, confidence, source_id, page = KNOWN[key]
    row = bundle.tip_tiers.set_index(["iso3", "report_year"]).loc[key]
    assert (row["tier"], row["confidence"], row["source_id"]) == (tier, confidence, source_id)
    assert page in row["source_url"] and row["basis"]
    ref = pd.read_csv(reference_dir() / "tip_tiers.csv", dtype=str, keep_default_na=False)
    cell = ref[(ref["iso3"] == key[0]) & (ref["report_year"] == str(key[1]))].iloc[0]
    assert {"special case": "special"}.get(cell["tier"], cell["tier"]) == row["tier"]
    assert cell["source_url"] == row["source_url"]


def test_empty_cells_stay_empty_and_special_case_is_never_a_number(bundle, prep) -> None:
    tiers = bundle.tip_tiers.set_index(["iso3", "report_year"])
    for key in (("LBY", 2025), ("ARM", 2020), ("SEN", 2019), ("BLR", 2025), ("DZA", 2025)):
        assert key not in tiers.index, key
    libya = tiers.xs("LBY", level="iso3")["tier"]
    assert set(libya[libya.index >= 2016]) == {"special"}
    # Libya is on the Central Mediterranean route: its special case is left out of the mean, never scored.
    assert prep.risk.raw.loc[("central_med", 2022), "tier_countries"] == "5 of 6"


def test_every_merged_row_says_what_it_rests_on(bundle) -> None:
    tiers = bundle.tip_tiers
    merged = tiers[tiers["source_id"].str.startswith("us_tip_report_")]
    assert len(merged) > 500 and merged["source_url"].str.startswith("http").all() and merged["basis"].notna().all()
    inferred = tiers[tiers["confidence"].str.startswith("inferred")]
    assert inferred["basis"].str.startswith("inferred from a State narrative of an adjacent year").all()
    assert (inferred["source_id"] != "us_tip_report_" + inferred["report_year"].astype(str)).all()
    sources = bundle.sources.set_index("source_id")
    assert sources.loc["us_tip_report_2021", "publisher"] == "US Department of State"
    assert sources.loc["us_tip_report_2021", "title"].startswith("2021 Trafficking in Persons Report")


def test_a_disagreement_is_reported_and_the_better_basis_wins() -> None:
    module = importer()
    columns = ["iso3", "report_year", "tier", "source_id", "confidence", "list_covers"]
    existing = pd.DataFrame([["SRB", "2017", "2", "heiss_tip_tiers", "exact (secondary dataset, spot-checked)",
                              "all tiers"],
                             ["XKX", "2017", "1", "us_tip_2017", "exact", "all tiers"]], columns=columns)
    ref = pd.DataFrame([
        {"iso3": "SRB", "report_year": 2017, "tier": "2WL", "source_id": "us_tip_report_2017", "confidence": "exact",
         "list_covers": "all tiers", "basis": "Refworld copy", "source_url": "https://example.org/a", "_rank": 1},
        {"iso3": "XKX", "report_year": 2017, "tier": "2", "source_id": "us_tip_report_2017",
         "confidence": "secondary (lower confidence)", "list_covers": "all tiers", "basis": "news",
         "source_url": "https://example.org/b", "_rank": 4},
    ])
    merged, report = module.merge(existing, ref)
    tiers = merged.set_index("iso3")["tier"]
    assert tiers["SRB"] == "2WL" and tiers["XKX"] == "1"  # State text beats a dataset; State text beats news
    assert len([line for line in report if line.startswith("DISAGREE")]) == 2
    assert any("SRB 2017: data 2" in line and "kept 2WL" in line for line in report)


def test_the_map_colours_2021_where_it_was_grey_with_the_source_in_the_hover(prep) -> None:
    view = replace(default_view(prep.options), year=2021, indicator="tip_tier")
    classes = country_classes(prep, view, composite(prep.risk, 2021, view.weights))
    coloured = classes[classes["cls"] > 0]
    assert len(coloured) == 56  # one 2021 tier before the merge (Egypt); now every route country but Bangladesh
    assert classes.loc["BLR", "shown"] == "Tier 2 Watch List" and classes.loc["RUS", "shown"] == "Tier 3"
    assert classes.loc["LBY", "shown"].startswith("Special case (inferred")  # 2022's "seventh consecutive year"
    assert classes.loc["BLR", "source"] == "US Department of State"
    # A tier inferred from the next report says so, and which report it was read from.
    assert classes.loc["BGR", "shown"] == ("Tier 2 (inferred from the State Department's text of an adjacent year)")
    assert classes.loc["BGR", "source"] == "US Department of State (report year 2020)"
    assert classes.loc["ALB", "shown"] == "Tier 2 (secondary source only, lower confidence)"
    choropleth = go.Figure(map_figure(prep, view, URL)).data[0]
    hover = dict(zip(choropleth.locations, (list(c) for c in choropleth.customdata)))
    assert hover["BLR"][0] == "Tier 2 Watch List" and "Source: US Department of State" in hover["BLR"][1]
    z = dict(zip(choropleth.locations, choropleth.z))
    assert z["BLR"] == 3 and z["GRC"] == 2 and z["RUS"] == 4 and z["LBY"] == 5 and z["ITA"] == 2


def test_the_map_hover_reads_in_russian(prep) -> None:
    view = replace(default_view(prep.options), year=2021, indicator="tip_tier", lang="ru")
    classes = country_classes(prep, view, composite(prep.risk, 2021, view.weights))
    assert classes.loc["BGR", "shown"].endswith("(выведено из текста Госдепартамента за соседний год)")
    assert classes.loc["BGR", "source"] == "Государственный департамент США (год доклада 2020)"


def test_the_csv_row_names_the_page_the_tier_was_read_from(prep, bundle) -> None:
    view = replace(default_view(prep.options), year=2021, indicator="tip_tier")
    rows = view_rows(prep, view)
    tiers = rows[rows["table"] == "tip_tiers"].set_index("iso3")
    truth = bundle.tip_tiers[bundle.tip_tiers["report_year"] == 2021].set_index("iso3")
    assert len(tiers) == 56
    for iso in ("BLR", "BGR", "UKR", "LBY"):
        assert tiers.loc[iso, "url"] == truth.loc[iso, "source_url"], iso
        assert tiers.loc[iso, "publisher"] == "US Department of State"
    assert tiers.loc["LBY", "value"] == "special"
    assert tiers.loc["BGR", "confidence"] == "inferred from the State Department's text of an adjacent year"
    assert "two-sided inference" in tiers.loc["BGR", "coverage"]


def test_governance_now_counts_in_2021(prep) -> None:
    # 2021 had no counted governance input on any route before the merge; now nine of ten routes have one.
    scores = composite(prep.risk, 2021, (3, 3, 2, 2))
    assert scores["governance"].notna().sum() == 7  # the seven routes with a composite (two corridors have none)
    assert not math.isnan(prep.risk.scores.loc[("syria_neighbours", 2021), "governance"])
