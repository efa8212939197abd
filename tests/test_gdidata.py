"""The imported month, nationality, incident and asylum-origin tables: reproducible from the package files, and equal
to the annual and hand-checked figures already shipped wherever both cover the same thing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from tests.test_bad_data import edit_cell, error_for

ROOT = Path(__file__).resolve().parent.parent
FULL_YEARS = range(2009, 2025)  # 2025 has January-April only


def source_dir() -> Path:
    """The package files: $GDIDATA_DIR, else <repo>/../shared/reference/gdidata (where CI keeps them)."""
    path = Path(os.environ.get("GDIDATA_DIR") or ROOT.parent / "shared" / "reference" / "gdidata")
    if not (path / "frontex.rda").is_file():
        message = f"gdidata source files not found in {path}; set GDIDATA_DIR to the directory holding them"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


def test_import_check_finds_the_committed_tables_up_to_date() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "import_gdidata.py"), "--check", "--source", str(source_dir())],
        capture_output=True, text=True, cwd=ROOT, timeout=300,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "up to date" in result.stdout


def test_import_refuses_a_file_of_another_vintage(tmp_path: Path) -> None:
    source = source_dir()
    for name in ("frontex.rda", "iom_mmp.rda", "unhcr.rda"):
        (tmp_path / name).write_bytes((source / name).read_bytes())
    with (tmp_path / "unhcr.rda").open("ab") as handle:
        handle.write(b"\0")
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "import_gdidata.py"), "--check", "--source", str(tmp_path)],
        capture_output=True, text=True, cwd=ROOT, timeout=300,
    )
    assert result.returncode != 0
    assert "unhcr.rda: sha256" in result.stderr


def test_monthly_detections_add_up_to_every_annual_figure(bundle) -> None:
    months = bundle.route_month.assign(year=bundle.route_month["month"].str[:4].astype(int))
    monthly = months[months["year"].isin(FULL_YEARS)].groupby(["route_id", "year"])["detections"].sum()
    annual = _same_vintage(bundle.route_year, "detections").set_index(["route_id", "year"])["value"]
    # A route-year without monthly rows (Black Sea in some years) has no detections in the file: 0 in route_year.
    assert set(monthly.index) <= set(annual.index)
    assert annual.sub(monthly.reindex(annual.index, fill_value=0)).abs().max() == 0
    assert len(annual) == 8 * len(FULL_YEARS)


LAST_FULL_YEAR = 2024  # the package's files end in April 2025


def _same_vintage(route_year, indicator: str):
    """The annual rows these monthly files must add up to: up to the last full year they cover (later years come
    from the publishers' own later releases, a different vintage)."""
    return route_year[(route_year["indicator"] == indicator) & (route_year["year"] <= LAST_FULL_YEAR)]


def test_2025_stays_months_january_to_april(bundle) -> None:
    months = set(bundle.route_month["month"])
    assert {m for m in months if m.startswith("2025")} == {"2025-01", "2025-02", "2025-03", "2025-04"}
    # 2025 as a year comes only from the publishers' later full-year releases, never from these months.
    assert 2025 not in set(_same_vintage(bundle.route_year, "detections")["year"])


def test_nationality_rows_add_up_to_the_route_months(bundle) -> None:
    by_nat = bundle.route_nationality.groupby(["route_id", "month"])["detections"].sum()
    route_month = bundle.route_month.set_index(["route_id", "month"])["detections"]
    assert by_nat.sort_index().equals(route_month.sort_index())


def test_october_2016_peak_of_the_central_mediterranean(bundle) -> None:
    central = bundle.route_month[bundle.route_month["route_id"] == "central_med"].set_index("month")["detections"]
    assert central["2016-10"] == central.loc["2016-01":"2016-12"].max()
    assert central.loc["2016-01":"2016-12"].sum() == 181_376  # data_facts.md


def test_top_nationalities_of_a_route_year(bundle) -> None:
    rows = bundle.route_nationality
    central = rows[(rows["route_id"] == "central_med") & rows["month"].str.startswith("2016")]
    top = central.groupby("nationality")["detections"].sum().sort_values(ascending=False)
    assert top.index[0] == "NGA"
    assert top.sum() == 181_376


def test_incident_dead_and_missing_equal_the_annual_route_figures(bundle) -> None:
    """All IOM types (incident, split, cumulative) summed by route and incident year. No exception 2014-2024;
    2025 (January-April) is left out of route_year.csv by design."""
    incidents = bundle.incidents.dropna(subset=["route_id"])
    sums = incidents.assign(year=incidents["date"].str[:4].astype(int)).groupby(["route_id", "year"])["dead_missing"]
    sums = sums.sum()
    annual = _same_vintage(bundle.route_year, "dead_missing").set_index(["route_id", "year"])
    assert sums.loc[list(annual.index)].tolist() == annual["value"].tolist()
    assert set(sums.index) - set(annual.index) == {(r, 2025) for r in annual.index.get_level_values(0).unique()}
    assert sums[("central_med", 2016)] == 4_574  # gdidata README, over 136 incidents
    assert len(incidents[(incidents["route_id"] == "central_med") & incidents["date"].str.startswith("2016")]) == 136


def test_shipwreck_off_zuwara_in_may_2016(bundle) -> None:
    incidents = bundle.incidents
    row = incidents[(incidents["date"] == "2016-05-26") & incidents["location"].str.contains("Zuwara")]
    assert len(row) == 1
    row = row.iloc[0]
    assert row["location"] == "35 nautical miles north of Zuwara, Libya"
    assert (row["route_id"], row["country"], row["type"]) == ("central_med", "LBY", "Incident")
    assert row["cause"] == "Drowning"
    assert (row["dead_missing"], row["survivors"]) == (550, 87)
    assert row["nationalities"].split(";") == ["CIV", "ERI", "GMB", "NGA", "SOM", "SSD"]
    assert (round(row["lon"], 3), round(row["lat"], 3)) == (12.059, 33.051)


def test_unmapped_incidents_stay_in_our_routes_countries(bundle) -> None:
    unmapped = bundle.incidents[bundle.incidents["route_id"].isna()]
    countries = set(";".join(pd.concat([bundle.routes["origin"], bundle.routes["transit"].fillna(""),
                                        bundle.routes["arrival"]])).split(";")) - {""}
    assert set(unmapped["country"]) <= countries
    assert {"Central Mediterranean Route", "Eastern Mediterranean Route"}.isdisjoint(set(unmapped["iom_route"]))


def _unhcr(bundle, origin: str, group: str = "refugee") -> pd.DataFrame:
    rows = bundle.asylum_origin
    return rows[(rows["origin"] == origin) & (rows["group"] == group)]


def test_syria_hosts_equal_the_hand_checked_figures(bundle) -> None:
    checked = bundle.country_year[(bundle.country_year["indicator"] == "syr_refugees_hosted")
                                  & (bundle.country_year["year"] <= LAST_FULL_YEAR)]
    unhcr = _unhcr(bundle, "SYR").set_index(["asylum", "year"])["value"]
    keys = list(zip(checked["iso3"], checked["year"]))
    assert len(keys) == 65  # Türkiye, Lebanon, Jordan, Iraq, Egypt 2012-2024: every one overlaps
    assert unhcr.loc[keys].tolist() == checked["value"].tolist()
    periods = _unhcr(bundle, "SYR").set_index(["asylum", "year"])["period"].loc[keys].tolist()
    assert periods == checked["period"].tolist()  # 2024 is mid-2024 in both


def test_ukraine_refugees_equal_the_hand_checked_figures(bundle) -> None:
    ukr = _unhcr(bundle, "UKR")
    total = ukr.groupby("year")["value"].sum()
    checked = bundle.country_year[bundle.country_year["indicator"] == "refugees_from_ukr"].set_index("year")["value"]
    assert total.loc[checked.index].tolist() == checked.tolist()
    hosted = bundle.country_year[bundle.country_year["indicator"] == "ukr_refugees_hosted"]
    by_host = ukr.set_index(["asylum", "year"])["value"]
    assert by_host.loc[list(zip(hosted["iso3"], hosted["year"]))].tolist() == hosted["value"].tolist()


def test_refugees_and_asylum_seekers_stay_apart(bundle) -> None:
    rows = bundle.asylum_origin
    assert set(rows["group"]) == {"refugee", "asylum_seeker"}
    germany_syr = rows[(rows["asylum"] == "DEU") & (rows["origin"] == "SYR") & (rows["year"] == 2016)]
    assert set(germany_syr["group"]) == {"refugee", "asylum_seeker"}
    assert rows["year"].between(2009, 2024).all()


def test_a_bad_month_cell_names_file_line_and_column(data_copy: Path) -> None:
    edit_cell(data_copy / "route_nationality_month.csv", 3, "m03", "12x")
    message = error_for(data_copy)
    assert "route_nationality_month.csv" in message and "line 3" in message and "'m03'" in message
    assert "not a valid number" in message


def test_an_incident_on_an_unknown_route_is_refused(data_copy: Path) -> None:
    edit_cell(data_copy / "incidents.csv", 2, "route_id", "atlantis")
    message = error_for(data_copy)
    assert "incidents.csv" in message and "line 2" in message and "not in routes.csv" in message


def test_a_missing_import_table_stops_start_up(data_copy: Path) -> None:
    (data_copy / "route_month.csv").unlink()
    message = error_for(data_copy)
    assert "route_month.csv" in message and "missing" in message
