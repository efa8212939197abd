"""Figures an analyst brings: validated like the shipped data, bad rows named by line and column, good rows tagged
as user data, shipped figures never overridden, shipped files never written."""

from __future__ import annotations

import hashlib
from pathlib import Path

from core.bundle import DATA_DIR
from core.prepared import prepare
from core.store import DataStore
from core.user_data import merge, read_user_file, safe_name

GOOD = b"route_id,year,indicator,value,period,note\ncentral_med,2026,dead_missing,379,Jan-Apr 2026,test row\n"


def digest(folder: Path) -> str:
    return hashlib.sha256(b"".join(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file())).hexdigest()


def test_a_good_row_is_accepted_and_tagged(bundle) -> None:
    user = read_user_file("my figures.csv", GOOD, bundle)
    assert user.problems == () and user.accepted == 1
    merged = merge(bundle, [user])
    row = merged.route_year[merged.route_year["source_id"] == user.source_id].iloc[0]
    assert (row["route_id"], row["year"], row["value"], row["confidence"]) == ("central_med", 2026, 379, "user data")
    source = merged.sources.set_index("source_id").loc[user.source_id]
    assert source["publisher"] == "User data" and source["title"] == "my_figures.csv"
    assert prepare(merged).options.years == (2009, 2026)


def test_each_bad_row_is_named_with_line_column_and_reason(bundle) -> None:
    content = (b"iso3,year,indicator,value,period\n"
               b"ITA,2023,sea_arrivals,100,calendar year\n"      # line 2: fine
               b"ITA,2015,sea_arrivals,5,calendar year\n"        # line 3: shipped data has it
               b"QQQ,2023,sea_arrivals,5,calendar year\n"        # line 4: unknown country
               b"GRC,2023,sea_arrivals,-7,calendar year\n"       # line 5: negative
               b"GRC,1800,sea_arrivals,7,calendar year\n"        # line 6: year out of range
               b"GRC,2023,detections,7,calendar year\n"          # line 7: a route indicator
               b"ESP,2023,sea_arrivals,lots,calendar year\n")    # line 8: not a number
    user = read_user_file("arrivals.csv", content, bundle)
    assert user.accepted == 1
    text = "\n".join(user.problems)
    assert "line 3: the data already has ITA 2015 sea_arrivals; the existing figure is kept" in text
    assert "line 4, column 'iso3'" in text
    assert "line 5, column 'value': must not be negative" in text
    assert "line 6, column 'year': out of range" in text
    assert "line 7, column 'indicator': not a country indicator" in text
    assert "line 8, column 'value': not a valid number" in text


def test_unusable_files_are_rejected_with_a_reason(bundle) -> None:
    assert "cannot be read" in read_user_file("x.csv", b"\xff\xfe\x00\x01bad", bundle).problems[0]
    assert "route_id" in read_user_file("x.csv", b"a,b\n1,2\n", bundle).problems[0]
    assert "larger than" in read_user_file("x.csv", b"x" * 600_000, bundle).problems[0]


def test_names_cannot_escape_the_folder() -> None:
    assert safe_name("../../data/sources.csv") == "sources.csv"
    assert safe_name("..\\evil name<script>.txt") == "evil_name_script_.txt.csv"
    assert "/" not in safe_name("/etc/passwd")


def test_the_folder_is_read_on_change_and_the_shipped_data_is_untouched(bundle, tmp_path: Path) -> None:
    before = digest(DATA_DIR)
    store = DataStore(bundle, tmp_path)
    assert store.prep().options.years == (2009, 2025)
    (tmp_path / "new.csv").write_bytes(GOOD)
    assert store.prep().options.years == (2009, 2026)
    (tmp_path / "broken.csv").write_bytes(b"route_id,year\nnowhere,20x\n")
    files = {f.name: f for f in store.user_files()}
    assert files["new.csv"].accepted == 1 and files["broken.csv"].accepted == 0 and files["broken.csv"].problems
    assert digest(DATA_DIR) == before
