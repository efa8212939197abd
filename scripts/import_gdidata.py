"""Import the month-level Frontex, incident-level IOM and origin-level UNHCR figures into compact tables in `data/`.

This script's single job is to turn three files of IOM's public R data package `gdidata` (Frontex detections by
route, nationality and month; IOM Missing Migrants incidents; UNHCR population by asylum, origin and year) into
four committed CSV tables: ``route_month.csv``, ``route_nationality_month.csv``, ``incidents.csv`` and
``unhcr_asylum_origin.csv``. The files are read by path from a directory holding the unchanged package files, given
with ``--source DIR`` or the ``GDIDATA_DIR`` environment variable; each file's sha256 must match the pinned value,
so a different vintage is refused rather than silently imported. The publishers' route names are mapped to our
``route_id`` here and nowhere else. Run it with ``--check`` to verify that the committed tables are up to date
(nothing is written; exit status 1 when a table differs).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
from pathlib import Path

import pandas as pd

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))
from core.placement import AS_GIVEN, Placement  # noqa: E402  (the repository's own module, after its path)
from scripts.import_check import write_or_check  # noqa: E402

OUT_DIR = REPO_ROOT / "data"
ENV_VAR = "GDIDATA_DIR"

# The package commit the files were copied from (iom/gdidata, 19 June 2025) and each file's sha256.
PACKAGE_COMMIT = "c9e4cc69cebd91d6cfca5f4107e2406e4de2c6ff"
FILES = {
    "frontex.rda": "a4fc9a3a1e13f61ba8f65553a8d517aab9378592a904a6ee3473b8e7814e35e1",
    "iom_mmp.rda": "bc891364180318712108e7aef91f8eccedd982f1d065ec1afd34b80cdaf9c49d",
    "unhcr.rda": "536da3b68d65fed06782aa93007c77c43582c120774cc72258ae79e380ba40b6",
}
SOURCE_IDS = {
    "frontex.rda": "frontex_ibc_2025_06_gdidata",
    "iom_mmp.rda": "iom_mmp_2025_06_gdidata",
    "unhcr.rda": "unhcr_rdf_2024_10_gdidata",
}
OUTPUTS = ("route_month.csv", "route_nationality_month.csv", "incidents.csv", "unhcr_asylum_origin.csv")

# Frontex's route names not ours: 'Other' (a few dozen detections a year at most, no route of ours) is left out and
# counted in the output.
FRONTEX_UNMAPPED = {"Other"}


def route_names(column: str, data_dir: Path = OUT_DIR) -> dict[str, str]:
    """A publisher's route name (as the package spells it) -> our route_id, from routes.csv's ``column``
    (`frontex_name`, `iom_mmp_name`): adding a route there is enough for its figures to be imported. IOM's other
    routes (Intra-European, Intra-African, Undefined, ...) have no route of ours; their incidents inside our routes'
    countries are kept with an empty route_id."""
    routes = pd.read_csv(data_dir / "routes.csv", dtype=str, keep_default_na=False)
    named = routes[routes[column] != ""]
    return dict(zip(named[column], named["route_id"]))
# IOM's causes of death; a multi-cause cell joins them with commas, and some causes contain commas themselves.
MMP_CAUSES = (
    "Accidental death",
    "Drowning",
    "Harsh environmental conditions / lack of adequate shelter, food, water",
    "Mixed or unknown",
    "Sickness / lack of access to adequate healthcare",
    "Vehicle accident / death linked to hazardous transport",
    "Violence",
)
MMP_TYPES = ("Incident", "Split Incident", "Cumulative Incident")

UNHCR_YEARS = range(2009, 2025)  # 2024 is the mid-2024 figure of the October 2024 release
UNHCR_GROUPS = {"refugee": "refugee", "asylum": "asylum_seeker"}
UNHCR_ORIGINS = ("SYR", "UKR")  # every country of asylum for these origins


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_source(source: Path, name: str) -> pd.DataFrame:
    """Read one package file after checking its sha256; exit with a clear message otherwise."""
    import pyreadr  # build-only dependency

    path = source / name
    if not path.is_file():
        sys.exit(f"{name} not found in the source directory {source}")
    digest = sha256(path)
    if digest != FILES[name]:
        sys.exit(f"{name}: sha256 {digest} differs from the pinned {FILES[name]} (another vintage?)")
    frames = pyreadr.read_r(str(path))
    (frame,) = frames.values()
    return frame


def month_of(days: pd.Series) -> pd.Series:
    """R dates (days since 1970-01-01) -> 'YYYY-MM'."""
    return pd.to_datetime(days.astype("int64"), unit="D").dt.strftime("%Y-%m")


def as_int(values: pd.Series) -> pd.Series:
    if (values.dropna() % 1 != 0).any():
        raise SystemExit("non-integer count in the source")
    return values.astype("Int64")


def frontex_tables(frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """Detections by route and month, and by route, nationality and month (one row per route-year-nationality)."""
    source_id = SOURCE_IDS["frontex.rda"]
    ours = route_names("frontex_name")
    unknown = set(frame["route"]) - set(ours) - FRONTEX_UNMAPPED
    if unknown:
        raise SystemExit(f"frontex: route names without a mapping: {sorted(unknown)}")
    if frame[["route", "type", "nat", "t"]].duplicated().any():
        raise SystemExit("frontex: duplicate route, type, nationality and month")
    notes = []
    dropped = frame[frame["route"].isin(FRONTEX_UNMAPPED)]
    notes.append(f"frontex: left out {len(dropped)} rows, {int(dropped['n'].sum())} detections of "
                 f"{sorted(FRONTEX_UNMAPPED)} (no route of ours)")
    kept = frame[frame["route"].isin(ours)]
    kept = pd.DataFrame({
        "route_id": kept["route"].map(ours),
        "month": month_of(kept["t"]),
        "nationality": kept["nat"],
        "detections": as_int(kept["n"]),
    })
    # Sea and land are summed: the dashboard's route figures (route_year.csv) are all detections on the route.
    by_nat = kept.groupby(["route_id", "month", "nationality"], as_index=False)["detections"].sum()
    route_month = by_nat.groupby(["route_id", "month"], as_index=False)["detections"].sum()
    route_month["source_id"] = source_id

    by_nat["year"] = by_nat["month"].str[:4]
    by_nat["m"] = "m" + by_nat["month"].str[5:]
    wide = by_nat.pivot(index=["route_id", "year", "nationality"], columns="m", values="detections")
    wide = wide.reindex(columns=[f"m{m:02d}" for m in range(1, 13)]).astype("Int64").reset_index()
    wide.columns.name = None
    wide["source_id"] = source_id
    first, last = route_month["month"].min(), route_month["month"].max()
    notes.append(f"frontex: {len(route_month)} route-months and {len(by_nat)} route-month-nationality counts "
                 f"({len(wide)} route-year-nationality rows), {first} to {last}")
    return route_month, wide, notes


def split_known(cell: str, known: tuple[str, ...], what: str) -> str:
    """A comma-joined multi-value cell -> ';'-joined, matching whole known values (some contain commas)."""
    parts, rest = [], cell
    while rest:
        match = next((k for k in sorted(known, key=len, reverse=True) if rest.startswith(k)), None)
        if match is None:
            raise SystemExit(f"iom_mmp: unknown {what} in {cell!r}")
        parts.append(match)
        rest = rest[len(match):].removeprefix(",")
    return ";".join(parts)


def route_countries() -> set[str]:
    """Every country named by a route in routes.csv (origin, transit or arrival): our routes' area."""
    routes = pd.read_csv(OUT_DIR / "routes.csv", dtype=str, keep_default_na=False)
    codes = ";".join(pd.concat([routes["origin"], routes["transit"], routes["arrival"]])).split(";")
    return {c for c in codes if c}


def incident_table(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """IOM MMP incidents on our routes (IOM's route mapped to ours) or in a country one of our routes names."""
    area, ours = route_countries(), route_names("iom_mmp_name")
    mapped = frame["route"].isin(ours)
    keep = mapped | frame["geo"].isin(area)
    notes = [f"iom_mmp: kept {int(keep.sum())} of {len(frame)} incidents ({int(mapped.sum())} on a route of ours, "
             f"{int((keep & ~mapped).sum())} on other IOM routes in our routes' countries, route_id left empty); "
             f"left out {int((~keep).sum())} elsewhere, {int(frame.loc[~keep, 'dead'].sum())} dead and missing"]
    rows = frame[keep]
    dates = pd.to_datetime(rows["t"].astype(str))
    months = month_of(rows["m"])
    if (dates.dt.strftime("%Y-%m") != months).any():
        raise SystemExit("iom_mmp: an incident's month differs from its date")
    survivors = as_int(rows["surv"])
    negative = survivors.notna() & (survivors < 0)
    notes.append(f"iom_mmp: {int(negative.sum())} kept incidents give a negative number of survivors; "
                 "stored as empty (no figure)")
    out = pd.DataFrame({
        "date": dates.dt.strftime("%Y-%m-%d"),
        "month": months,
        "type": [split_known(t, MMP_TYPES, "incident type") for t in rows["type"]],
        "route_id": rows["route"].map(ours).fillna(""),
        "iom_route": rows["route"],
        "country": rows["geo"],
        "dead_missing": as_int(rows["dead"]),
        "survivors": survivors.mask(negative),
        "cause": [split_known(c, MMP_CAUSES, "cause") for c in rows["cause"]],
        "nationalities": rows["nat"].str.replace(",", ";", regex=False),
        "location": rows["location"].str.strip(),
        "lon": rows["lon"],
        "lat": rows["lat"],
        "source_id": SOURCE_IDS["iom_mmp.rda"],
    })
    # Each point is checked against its route's area or the countries its text names (core/placement.py): IOM's
    # coordinates stay as given in lon/lat, and a point that fails is marked, not drawn, and still counted.
    out["placement"], out["placement_note"] = Placement(OUT_DIR).check_frame(out)
    for routed, what in ((True, "on a route of ours"), (False, "on no route of ours")):
        part = out[(out["route_id"] != "") == routed]
        bad = part[part["placement"] != AS_GIVEN]
        notes.append(f"iom_mmp placement, {what}: {int((part['placement'] == AS_GIVEN).sum())} incidents as given; "
                     f"{len(bad)} incidents, {int(bad['dead_missing'].sum())} dead and missing, place not given "
                     "precisely (outside its route's area, or its IOM country, and every country its text names; "
                     "not drawn, still counted)")
    # Stable order: by date, then the incident's own fields (the source order breaks the remaining ties).
    out = out.sort_values(["date", "route_id", "country", "location", "lon", "lat"], kind="stable")
    return out.reset_index(drop=True), notes


def unhcr_table(frame: pd.DataFrame, map_countries: set[str]) -> tuple[pd.DataFrame, list[str]]:
    """Refugees and asylum-seekers by asylum and origin, one row per (asylum, origin, group), a column per year."""
    years = frame["t"].astype(int)
    scope = frame["from"].isin(UNHCR_ORIGINS) | frame["geo"].isin(map_countries)
    rows = frame[years.isin(UNHCR_YEARS) & frame["group"].isin(UNHCR_GROUPS) & scope]
    if rows[["geo", "from", "group", "t"]].duplicated().any():
        raise SystemExit("unhcr: duplicate asylum, origin, group and year")
    long = pd.DataFrame({
        "asylum": rows["geo"],
        "origin": rows["from"],
        "group": rows["group"].map(UNHCR_GROUPS),
        "year": "y" + rows["t"].astype(int).astype(str),
        "value": as_int(rows["n"]),
    })
    wide = long.pivot(index=["asylum", "origin", "group"], columns="year", values="value")
    wide = wide.reindex(columns=[f"y{y}" for y in UNHCR_YEARS]).astype("Int64").reset_index()
    wide.columns.name = None
    wide["source_id"] = SOURCE_IDS["unhcr.rda"]
    notes = [f"unhcr: {len(long)} figures in {len(wide)} rows (asylum on the map or origin {'/'.join(UNHCR_ORIGINS)};"
             f" refugees and asylum-seekers; {UNHCR_YEARS.start}-{UNHCR_YEARS.stop - 1})"]
    return wide, notes


def map_countries() -> set[str]:
    import json

    geo = json.loads((OUT_DIR / "geo" / "countries.geojson").read_text(encoding="utf-8"))
    return {f["properties"]["iso3"] for f in geo["features"]}


def check_sources() -> None:
    """Each new table's source row exists and its `via` names the package commit the files come from."""
    sources = pd.read_csv(OUT_DIR / "sources.csv", dtype=str, keep_default_na=False).set_index("source_id")
    for name, source_id in SOURCE_IDS.items():
        if source_id not in sources.index:
            sys.exit(f"sources.csv has no row {source_id!r} for {name}")
        via = sources.loc[source_id, "via"]
        if PACKAGE_COMMIT[:8] not in via or name not in via:
            sys.exit(f"sources.csv: the via of {source_id!r} must name {name} and commit {PACKAGE_COMMIT[:8]}")


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    frame.to_csv(path, index=False, lineterminator="\n", encoding="utf-8")


def write_outputs(source: Path, out_dir: Path) -> list[str]:
    check_sources()
    route_month, nationality, notes = frontex_tables(read_source(source, "frontex.rda"))
    incidents, more = incident_table(read_source(source, "iom_mmp.rda"))
    notes += more
    unhcr, more = unhcr_table(read_source(source, "unhcr.rda"), map_countries())
    notes += more
    out_dir.mkdir(parents=True, exist_ok=True)
    for frame, name in zip((route_month, nationality, incidents, unhcr), OUTPUTS, strict=True):
        write_csv(frame, out_dir / name)
    return notes


def source_dir(given: str | None) -> Path:
    value = given or os.environ.get(ENV_VAR)
    if not value:
        sys.exit(f"give the directory holding {', '.join(FILES)} with --source DIR or the {ENV_VAR} variable")
    path = Path(value)
    if not path.is_dir():
        sys.exit(f"source directory {path} does not exist")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", metavar="DIR", help=f"directory with the package files (default: ${ENV_VAR})")
    parser.add_argument("--check", action="store_true", help="rebuild in a temp dir and diff with the committed files")
    parser.add_argument("--quiet", action="store_true", help="print only problems")
    args = parser.parse_args(argv)
    source = source_dir(args.source)

    return write_or_check(lambda out: write_outputs(source, out), OUT_DIR, OUTPUTS, check=args.check,
                          quiet=args.quiet, name="gdidata", rerun="scripts/import_gdidata.py --source DIR")

if __name__ == "__main__":
    raise SystemExit(main())
