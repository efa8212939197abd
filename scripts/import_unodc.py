"""Import UNODC's detected trafficking victims (by country of detection, and by citizenship) into compact tables.

This script's single job is to turn UNODC's Global Report on Trafficking in Persons data file (dataUNODC, release of
14 April 2025, one sheet) into two committed CSV tables: ``unodc_victims.csv`` (detected victims, all sexes and
ages, by country of detection and year) and ``unodc_victims_citizenship.csv`` (the same by the victims'
citizenship). The file is read by path (``--source FILE``, default ``../shared/reference/unodc/`` beside the
repository) and its sha256 must match the pinned value, so another release is refused rather than silently imported.

Only the countries the dashboard uses are kept: every country a route in ``routes.csv`` names, the arrival points'
countries, the routes' main origins (the ten nationalities Frontex detected most on each route), and the post-Soviet
space. A citizenship row is kept when the country of detection or the citizenship is one of them.

The file's traps are handled here and nowhere else: ``<5`` (a suppressed value) stays censored (empty ``value``,
``censored`` = ``yes``), never 0 or 5; thousands separators are parsed; exact duplicate rows are dropped; rows that
share a key but not a value are reported and left out; every citizenship label is mapped by the reviewed crosswalk
``data/unodc_citizenship_crosswalk.csv`` and the import stops on a label the crosswalk lacks. Run it with ``--check``
to verify the committed tables are up to date (nothing is written; exit status 1 when a table differs).
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

import pandas as pd

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))
from scripts.import_check import write_or_check  # noqa: E402  (the repository's own module, after its path)

OUT_DIR = REPO_ROOT / "data"
DEFAULT_SOURCE = REPO_ROOT.parent / "shared" / "reference" / "unodc" / "data_glotip_release-2025-04-14.xlsx"
SHA256 = "24c34b95dfefb520445ef0f8d039727cad6febf0ab36807d5fc0aeee128c413e"
RELEASE = "2025-04-14"  # the release date printed in the sheet's second row
SOURCE_ID = "unodc_glotip_2025_04"
CROSSWALK = "unodc_citizenship_crosswalk.csv"
OUTPUTS = ("unodc_victims.csv", "unodc_victims_citizenship.csv")
VICTIMS = "Detected trafficking victims"
KEY = ["Iso3_code", "Country", "Indicator", "Dimension", "Category", "Sex", "Age", "Year"]
KINDS = ("country", "region", "own_nationals", "unknown", "total")
CENSORED = "<5"
TOP_NATIONALITIES = 10  # a route's main origins: its ten most detected nationalities, all months together
POST_SOVIET = ("UKR", "MDA", "BLR", "RUS", "ARM", "AZE", "GEO", "KAZ", "KGZ", "TJK", "TKM", "UZB", "EST", "LVA", "LTU")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_source(path: Path) -> pd.DataFrame:
    """The sheet as text after checking the file's sha256; exit with a clear message otherwise."""
    if not path.is_file():
        sys.exit(f"UNODC file not found: {path} (give it with --source FILE)")
    digest = sha256(path)
    if digest != SHA256:
        sys.exit(f"{path.name}: sha256 {digest} differs from the pinned {SHA256} (another release?)")
    # pandas' default reader (openpyxl, not read-only) copes with the file's missing drawing part.
    # Read as written: pandas would otherwise turn the citizenship label "N/A" into a missing value.
    return pd.read_excel(path, header=2, dtype=str, keep_default_na=False)


def countries_used(out_dir: Path) -> set[str]:
    """Route countries, arrival points' countries, each route's main origins, and the post-Soviet space."""
    routes = pd.read_csv(out_dir / "routes.csv", dtype=str, keep_default_na=False)
    codes = ";".join(pd.concat([routes["origin"], routes["transit"], routes["arrival"]])).split(";")
    points = pd.read_csv(out_dir / "arrival_points.csv", dtype=str, keep_default_na=False)
    nat = pd.read_csv(out_dir / "route_nationality_month.csv", keep_default_na=False, na_values=[""])
    months = [f"m{m:02d}" for m in range(1, 13)]
    nat = nat.assign(total=nat[months].sum(axis=1)).groupby(["route_id", "nationality"])["total"].sum().reset_index()
    top = nat.sort_values(["route_id", "total", "nationality"], ascending=[True, False, True])
    main_origins = set(top.groupby("route_id").head(TOP_NATIONALITIES)["nationality"])
    return ({c for c in codes if c} | set(points["iso3"]) | main_origins | set(POST_SOVIET)) - {"UNK", "STL"}


def parse_values(text: pd.Series) -> tuple[pd.Series, pd.Series]:
    """txtVALUE -> (integer value or <NA> when censored, censored 'yes'/'no'); anything else stops the import."""
    censored = text == CENSORED
    plain = text.str.replace(",", "", regex=False)
    bad = ~censored & ~plain.str.fullmatch(r"\d+").fillna(False)
    if bad.any():
        sys.exit(f"unreadable txtVALUE cells: {sorted(set(text[bad].astype(str)))[:10]}")
    values = pd.to_numeric(plain.where(~censored), errors="raise").astype("Int64")
    return values, censored.map({True: "yes", False: "no"})


def deduplicate(victims: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Drop exact duplicate rows; leave out every row of a key that appears with different values."""
    exact = victims.duplicated()
    rows = victims[~exact]
    conflict = rows.duplicated(KEY, keep=False)
    notes = [f"victims: dropped {int(exact.sum())} exact duplicate rows"]
    keys = rows[conflict].drop_duplicates(KEY)
    by_dim = ", ".join(f"{k}: {v}" for k, v in sorted(keys.groupby("Dimension").size().to_dict().items()))
    written = keys[_written(keys)]
    notes.append(f"victims: left out {int(conflict.sum())} rows of {len(keys)} keys that appear with different "
                 f"values (keys by dimension: {by_dim}); {len(written)} of those keys belong to the tables "
                 "written here")
    for row in written.itertuples(index=False):
        notes.append(f"  conflicting, left out: {row.Iso3_code} {row.Year} {row.Dimension} {row.Category!r}")
    return rows[~conflict], notes


def _written(rows: pd.DataFrame) -> pd.Series:
    """The rows whose dimension this import writes: all-sex all-age totals and citizenship rows."""
    total = (rows["Dimension"] == "Total") & (rows["Sex"] == "Total") & (rows["Age"] == "Total")
    return total | (rows["Dimension"] == "by citizenship")


def read_crosswalk(out_dir: Path) -> pd.DataFrame:
    walk = pd.read_csv(out_dir / CROSSWALK, dtype=str, keep_default_na=False)
    problems = []
    if walk["label"].duplicated().any():
        problems.append(f"duplicate labels: {sorted(walk.loc[walk['label'].duplicated(), 'label'])}")
    if not walk["kind"].isin(KINDS).all():
        problems.append(f"unknown kinds: {sorted(set(walk['kind']) - set(KINDS))}")
    country = walk["kind"] == "country"
    if not walk.loc[country, "iso3"].str.fullmatch(r"[A-Z]{3}").all() or (walk.loc[~country, "iso3"] != "").any():
        problems.append("iso3 must be an ISO 3166-1 alpha-3 code exactly for the kind 'country'")
    if (walk.loc[walk["kind"] == "region", "region"] == "").any():
        problems.append("a region label must name its region")
    if problems:
        sys.exit(f"{CROSSWALK}: " + "; ".join(problems))
    return walk


def victim_tables(frame: pd.DataFrame, walk: pd.DataFrame, used: set[str]) -> tuple[pd.DataFrame, pd.DataFrame,
                                                                                      list[str]]:
    victims = frame[frame["Indicator"] == VICTIMS]
    victims, notes = deduplicate(victims)
    values, censored = parse_values(victims["txtVALUE"])
    victims = victims.assign(value=values, censored=censored, year=victims["Year"].astype(int))

    total = victims[(victims["Dimension"] == "Total") & (victims["Sex"] == "Total") & (victims["Age"] == "Total")]
    total = total[total["Iso3_code"].isin(used)]
    totals = pd.DataFrame({
        "iso3": total["Iso3_code"], "year": total["year"], "value": total["value"], "censored": total["censored"],
        "release": RELEASE, "source_id": SOURCE_ID,
    }).sort_values(["iso3", "year"]).reset_index(drop=True)

    cit = victims[victims["Dimension"] == "by citizenship"]
    unmapped = sorted(set(cit["Category"]) - set(walk["label"]))
    if unmapped:
        sys.exit(f"{CROSSWALK} has no row for {len(unmapped)} citizenship labels: {unmapped[:20]}")
    cit = cit.merge(walk, left_on="Category", right_on="label", how="left", validate="many_to_one")
    keep = cit["Iso3_code"].isin(used) | cit["iso3"].isin(used)
    notes.append(f"citizenship: kept {int(keep.sum())} of {len(cit)} rows (detected in or citizens of a country "
                 f"the dashboard uses); {len(walk)} crosswalk labels: "
                 + ", ".join(f"{k} {int((walk['kind'] == k).sum())}" for k in KINDS))
    cit = cit[keep]
    citizenship = pd.DataFrame({
        "detected_in": cit["Iso3_code"], "year": cit["year"], "label": cit["label"], "kind": cit["kind"],
        "citizenship": cit["iso3"], "region": cit["region"], "value": cit["value"], "censored": cit["censored"],
        "release": RELEASE, "source_id": SOURCE_ID,
    }).sort_values(["detected_in", "year", "label"]).reset_index(drop=True)
    both = citizenship[citizenship["kind"] == "country"].duplicated(["detected_in", "year", "citizenship"], keep=False)
    notes.append(f"citizenship: {int(both.sum())} rows share a country, year and citizenship under different "
                 "labels (kept apart, never added together)")
    notes.append(f"totals: {len(totals)} country-years for {totals['iso3'].nunique()} countries, "
                 f"{totals['year'].min()}-{totals['year'].max()}, {int((totals['censored'] == 'yes').sum())} "
                 f"censored (<5); citizenship: {len(citizenship)} rows, "
                 f"{int((citizenship['censored'] == 'yes').sum())} censored; release {RELEASE}")
    return totals, citizenship, notes


def check_sources(out_dir: Path) -> None:
    sources = pd.read_csv(out_dir / "sources.csv", dtype=str, keep_default_na=False).set_index("source_id")
    if SOURCE_ID not in sources.index:
        sys.exit(f"sources.csv has no row {SOURCE_ID!r}")
    if RELEASE not in sources.loc[SOURCE_ID, "refers_to"] + sources.loc[SOURCE_ID, "published"]:
        sys.exit(f"sources.csv: the row {SOURCE_ID!r} must give the release date {RELEASE}")


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    frame.to_csv(path, index=False, lineterminator="\n", encoding="utf-8")


def write_outputs(source: Path, out_dir: Path) -> list[str]:
    check_sources(OUT_DIR)
    walk = read_crosswalk(OUT_DIR)
    used = countries_used(OUT_DIR)
    totals, citizenship, notes = victim_tables(read_source(source), walk, used)
    notes.insert(0, f"countries used: {len(used)}")
    out_dir.mkdir(parents=True, exist_ok=True)
    for frame, name in zip((totals, citizenship), OUTPUTS, strict=True):
        write_csv(frame, out_dir / name)
    return notes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", metavar="FILE", default=str(DEFAULT_SOURCE),
                        help="the UNODC data file (default: ../shared/reference/unodc/ beside the repository)")
    parser.add_argument("--check", action="store_true", help="rebuild in a temp dir and diff with the committed files")
    parser.add_argument("--quiet", action="store_true", help="print only problems")
    args = parser.parse_args(argv)
    source = Path(args.source)
    return write_or_check(lambda out: write_outputs(source, out), OUT_DIR, OUTPUTS, check=args.check,
                          quiet=args.quiet, name="UNODC", rerun="scripts/import_unodc.py --source FILE")

if __name__ == "__main__":
    raise SystemExit(main())
