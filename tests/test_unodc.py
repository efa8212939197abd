"""UNODC's detected trafficking victims: the import is reproducible from the pinned file, every citizenship label is
classified by the reviewed crosswalk, censored cells stay censored, and checked figures equal the file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from tests.test_bad_data import edit_cell, error_for

ROOT = Path(__file__).resolve().parent.parent
FILE_NAME = "data_glotip_release-2025-04-14.xlsx"
KINDS = {"country", "region", "own_nationals", "unknown", "total"}


def reference_dir() -> Path:
    """The UNODC reference files: $UNODC_DIR, else <repo>/../shared/reference/unodc (where CI keeps them)."""
    path = Path(os.environ.get("UNODC_DIR") or ROOT.parent / "shared" / "reference" / "unodc")
    if not (path / FILE_NAME).is_file():
        message = f"UNODC data file not found in {path}; set UNODC_DIR to the directory holding it"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


def run_import(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "scripts" / "import_unodc.py"), *args],
                          capture_output=True, text=True, cwd=ROOT, timeout=600)


def test_import_check_finds_the_committed_tables_up_to_date() -> None:
    result = run_import("--check", "--source", str(reference_dir() / FILE_NAME))
    assert result.returncode == 0, result.stderr + result.stdout
    assert "UNODC tables up to date" in result.stdout
    # The file's duplicates are reported: exact ones dropped, conflicting keys left out (none in our tables).
    assert "dropped 201 exact duplicate rows" in result.stdout
    assert "left out 498 rows of 203 keys that appear with different values" in result.stdout
    assert "0 of those keys belong to the tables written here" in result.stdout


def test_import_refuses_a_file_of_another_release(tmp_path: Path) -> None:
    changed = tmp_path / FILE_NAME
    changed.write_bytes((reference_dir() / FILE_NAME).read_bytes() + b"\0")
    result = run_import("--check", "--source", str(changed))
    assert result.returncode != 0
    assert f"{FILE_NAME}: sha256" in result.stderr


def test_the_crosswalk_classifies_every_label_of_the_file() -> None:
    walk = pd.read_csv(ROOT / "data" / "unodc_citizenship_crosswalk.csv", dtype=str, keep_default_na=False)
    labels = pd.read_csv(reference_dir() / "citizenship_labels_release-2025-04-14.csv", dtype=str,
                         keep_default_na=False)["citizenship_label"]
    assert len(labels) == 578
    assert set(labels) <= set(walk["label"])
    assert not walk["label"].duplicated().any()
    assert set(walk["kind"]) <= KINDS
    country = walk["kind"] == "country"
    assert walk.loc[country, "iso3"].str.fullmatch(r"[A-Z]{3}").all()
    assert (walk.loc[~country, "iso3"] == "").all()
    assert (walk.loc[walk["kind"] == "region", "region"] != "").all()
    # Where the reference list found an exact country name, the crosswalk agrees with it.
    exact = pd.read_csv(reference_dir() / "citizenship_labels_release-2025-04-14.csv", dtype=str,
                        keep_default_na=False).query("exact_match_iso3 != ''")
    mapped = walk.set_index("label")["iso3"]
    assert (mapped[exact["citizenship_label"]].to_numpy() == exact["exact_match_iso3"].to_numpy()).all()
    # The traps the file's README names, read as a person would read them.
    by_label = walk.set_index("label")
    for label, iso3 in [("Ukraineans", "UKR"), ("Moldavian", "MDA"), ("Nigerians", "NGA"),
                        ("Kosovo under UNSCR 1244", "XKX"), ("The former Yugoslav Republic of Macedonia", "MKD"),
                        ("Byelorussian", "BLR"), ("Kazalhstan", "KAZ"), ("Uzbecki", "UZB")]:
        assert (by_label.loc[label, "kind"], by_label.loc[label, "iso3"]) == ("country", iso3), label
    assert by_label.loc["Nationals", "kind"] == "own_nationals"
    assert by_label.loc["Unknown", "kind"] == "unknown"
    assert by_label.loc["Africa", "kind"] == "region"
    assert by_label.loc["TOTAL", "kind"] == "total"


def test_every_label_in_the_shipped_table_is_in_the_crosswalk(bundle) -> None:
    walk = pd.read_csv(ROOT / "data" / "unodc_citizenship_crosswalk.csv", dtype=str, keep_default_na=False)
    shipped = bundle.victims_citizenship
    assert set(shipped["label"].fillna("")) <= set(walk["label"])
    joined = shipped.assign(label=shipped["label"].fillna("")).merge(walk, on="label", suffixes=("", "_walk"))
    assert len(joined) == len(shipped)
    assert (joined["kind"] == joined["kind_walk"]).all()
    assert (joined["citizenship"].fillna("") == joined["iso3"]).all()


def test_checked_totals_equal_the_file(bundle) -> None:
    """The figures the reference README checked by hand (Total, all sexes, all ages)."""
    victims = bundle.victims.set_index(["iso3", "year"])
    for (iso3, year), value in {("ITA", 2016): 663, ("ITA", 2021): 757, ("GRC", 2022): 358, ("UKR", 2020): 152,
                                ("MDA", 2022): 43, ("TUR", 2022): 343}.items():
        assert victims.loc[(iso3, year), "value"] == value
        assert victims.loc[(iso3, year), "censored"] == "no"
    assert set(bundle.victims["release"]) == {"2025-04-14"}


def test_a_checked_citizenship_cell_equals_the_file(bundle) -> None:
    rows = bundle.victims_citizenship
    albanians = rows[(rows["detected_in"] == "GBR") & (rows["year"] == 2021) & (rows["citizenship"] == "ALB")]
    assert albanians["value"].tolist() == [2549]
    assert albanians["label"].tolist() == ["Albanians"]


def test_censored_cells_have_no_number(bundle) -> None:
    for frame in (bundle.victims, bundle.victims_citizenship):
        censored = frame["censored"] == "yes"
        assert censored.any()
        assert frame.loc[censored, "value"].isna().all()
        assert frame.loc[~censored, "value"].notna().all()
    # Germany 2022: the file gives "<5" as the total (its age rows are about 1,300): kept as the file says.
    germany = bundle.victims.set_index(["iso3", "year"]).loc[("DEU", 2022)]
    assert germany["censored"] == "yes" and pd.isna(germany["value"])


def test_a_censored_cell_with_a_number_stops_start_up(data_copy: Path, bundle) -> None:
    line = int(bundle.victims.index[bundle.victims["censored"] == "yes"][0]) + 2
    edit_cell(data_copy / "unodc_victims.csv", line, "value", "5")
    message = error_for(data_copy)
    assert "unodc_victims.csv" in message and f"line {line}" in message
    assert "a censored cell (censored = yes) must have no value" in message
