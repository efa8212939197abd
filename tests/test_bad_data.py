"""Each class of broken data file stops start-up with one clear message naming the file, line and column.

Every test breaks a scratch copy (the `data_copy` fixture); the shipped files are never written.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from core.bundle import DATA_DIR, load_bundle
from core.errors import DataError

ROOT = Path(__file__).resolve().parent.parent


def edit_cell(path: Path, line: int, column: str, value: str) -> None:
    """Set one cell of a CSV (line numbers as a person counts them: the header is line 1)."""
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    rows[line - 2][column] = value
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0].keys()), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def error_for(data_dir: Path) -> str:
    with pytest.raises(DataError) as info:
        load_bundle(data_dir)
    return str(info.value)


@pytest.mark.parametrize(
    ("file", "line", "column", "value", "expected"),
    [
        ("route_year.csv", 3, "value", "12x", "not a valid number"),
        ("route_year.csv", 4, "value", "-5", "must not be negative"),
        ("route_year.csv", 5, "year", "1890", "out of range"),
        ("route_year.csv", 6, "source_id", "nowhere_report", "not in sources.csv"),
        ("route_year.csv", 7, "route_id", "atlantis", "not in routes.csv"),
        ("country_year.csv", 2, "iso3", "QQQ", "not a country on the map"),
        ("country_year.csv", 3, "indicator", "detections", "not a country indicator"),
        ("tip_tiers.csv", 2, "tier", "4", "not an allowed value"),
        ("sources.csv", 2, "url", "not a url", "not an allowed value"),
        ("headlines.csv", 2, "value", "", "must not be empty"),
        ("routes.csv", 2, "transit", "LBY;QQQ", "names a country that is not on the map"),
    ],
)
def test_bad_cell_names_file_line_and_column(data_copy: Path, file: str, line: int, column: str, value: str,
                                             expected: str) -> None:
    edit_cell(data_copy / file, line, column, value)
    message = error_for(data_copy)
    assert f"Bad data in {file}" in message
    assert f"line {line}, column '{column}'" in message
    assert expected in message


def test_duplicate_key_names_both_lines(data_copy: Path) -> None:
    path = data_copy / "route_year.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([*lines, lines[1]]) + "\n", encoding="utf-8")
    message = error_for(data_copy)
    assert "route_year.csv" in message and "duplicate key" in message
    assert "line 2," in message and f"line {len(lines) + 1}," in message


def test_missing_file(data_copy: Path) -> None:
    (data_copy / "sources.csv").unlink()
    assert "Bad data in sources.csv" in error_for(data_copy) and "missing" in error_for(data_copy)


def test_file_that_is_not_utf8_csv(data_copy: Path) -> None:
    (data_copy / "indicators.csv").write_bytes(b"indicator,scope\n\xff\xfe\x00bad\n")
    assert "cannot be read as UTF-8 CSV" in error_for(data_copy)


def test_missing_and_unexpected_columns(data_copy: Path) -> None:
    path = data_copy / "tip_tiers.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("confidence", "confidense", 1), encoding="utf-8")
    message = error_for(data_copy)
    assert "missing column 'confidence'" in message and "unexpected column 'confidense'" in message


def test_invalid_country_geometry(data_copy: Path) -> None:
    path = data_copy / "geo" / "countries.geojson"
    doc = json.loads(path.read_text(encoding="utf-8"))
    # A bow-tie ring crosses itself: invalid.
    doc["features"][0]["geometry"] = {"type": "Polygon", "coordinates": [[[0, 10], [2, 12], [2, 10], [0, 12],
                                                                          [0, 10]]]}
    path.write_text(json.dumps(doc), encoding="utf-8")
    message = error_for(data_copy)
    assert "geo/countries.geojson" in message and "invalid" in message


def test_geometry_outside_the_map(data_copy: Path) -> None:
    path = data_copy / "geo" / "routes.geojson"
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["features"][0]["geometry"] = {"type": "LineString", "coordinates": [[0, 40], [150, -40]]}
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert "outside the map extent" in error_for(data_copy)


def test_route_without_a_line(data_copy: Path) -> None:
    path = data_copy / "geo" / "routes.geojson"
    doc = json.loads(path.read_text(encoding="utf-8"))
    gone = doc["features"].pop(0)["properties"]["route_id"]
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert f"route '{gone}' in routes.csv has no line" in error_for(data_copy)


def test_geometry_file_that_is_not_geojson(data_copy: Path) -> None:
    (data_copy / "geo" / "occupied.geojson").write_text("{not json", encoding="utf-8")
    assert "geo/occupied.geojson" in error_for(data_copy)


def test_app_refuses_to_start_with_one_clear_message(data_copy: Path) -> None:
    edit_cell(data_copy / "country_year.csv", 4, "value", "lots")
    env = {**os.environ, "DATA_DIR": str(data_copy), "PORT": "8999"}
    result = subprocess.run([sys.executable, "app.py"], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=60, stdin=subprocess.DEVNULL)
    assert result.returncode == 2
    assert "The dashboard cannot start." in result.stderr
    assert "line 4, column 'value'" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_tests_never_touch_the_shipped_data(data_copy: Path) -> None:
    assert data_copy.resolve() != DATA_DIR.resolve()
    assert not str(data_copy.resolve()).startswith(str(DATA_DIR.resolve()))


def test_a_server_started_without_the_test_libraries_still_refuses_bad_data(data_copy: Path) -> None:
    """The servers start with hypothesis marked absent (web/lean_start.py); pandera must still check every cell."""
    edit_cell(data_copy / "route_year.csv", 4, "value", "-5")
    script = ("import sys\nfrom web.lean_start import skip_test_only_imports\nskip_test_only_imports()\n"
              "from core.bundle import load_bundle\nfrom core.errors import DataError\n"
              "try:\n    load_bundle(sys.argv[1])\nexcept DataError as exc:\n    print(exc)\n"
              "print('hypothesis loaded:', sys.modules.get('hypothesis') is not None)\n")
    run = subprocess.run([sys.executable, "-c", script, str(data_copy)], capture_output=True, text=True, cwd=ROOT,
                         timeout=120, check=True)
    assert "line 4, column 'value'" in run.stdout and "must not be negative" in run.stdout
    assert "hypothesis loaded: False" in run.stdout


@pytest.mark.parametrize("file", ["route_year.csv", "sources.csv", "route_month.csv", "incidents.csv"])
def test_a_table_cut_to_its_header_is_named(data_copy: Path, file: str) -> None:
    """It once stopped start-up with a bare `ValueError: cannot convert float NaN to integer` (or an IndexError)."""
    path = data_copy / file
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    message = error_for(data_copy)
    assert f"Bad data in {file}" in message and "header but no rows" in message


@pytest.mark.parametrize(("file", "line", "column"), [("route_year.csv", 3, "value"), ("country_year.csv", 2, "value"),
                                                      ("route_month.csv", 2, "detections")])
def test_an_absurd_count_is_refused(data_copy: Path, file: str, line: int, column: str) -> None:
    edit_cell(data_copy / file, line, column, "1e300")
    message = error_for(data_copy)
    assert f"line {line}, column '{column}': larger than any count of people" in message, message


def test_a_missing_asset_is_named(tmp_path: Path) -> None:
    """Without assets/topojson/world_110m.json plotly draws no map and says nothing; start-up now says so."""
    from app import REQUIRED_ASSETS, check_assets

    for name in REQUIRED_ASSETS:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    check_assets(tmp_path)
    (tmp_path / "topojson" / "world_110m.json").unlink()
    (tmp_path / "style.css").write_text("", encoding="utf-8")
    with pytest.raises(DataError) as info:
        check_assets(tmp_path)
    assert "assets/topojson/world_110m.json is missing or empty: `make boundaries` rebuilds it" in str(info.value)
    assert "assets/style.css is missing or empty" in str(info.value)


def test_the_production_server_refuses_bad_data_in_one_message(data_copy: Path) -> None:
    """gunicorn printed a 40-line traceback; `make serve` now says what `python app.py` says, and exits 2."""
    path = data_copy / "tip_tiers.csv"
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    env = {**os.environ, "PORT": "8998", "HOST": "127.0.0.1"}
    result = subprocess.run([sys.executable, "-m", "gunicorn", "--config", "scripts/gunicorn_conf.py",
                             f"app:create_app({str(data_copy)!r})"], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert result.returncode == 2, result.stderr[-2000:]
    assert "The dashboard cannot start.\nBad data in tip_tiers.csv:\n  - the file has its header but no rows" in (
        result.stderr)
    assert "Traceback" not in result.stderr + result.stdout
