"""Merge the compiled US TIP Report tier table (report years 2014-2025) into `data/tip_tiers.csv`, with its sources.

This script's single job is to turn the reference table `tip_tiers/tip_tiers.csv` (57 route and post-Soviet
countries x 12 report years, each cell with the page it was read from and a note saying its basis) into rows of
`data/tip_tiers.csv`, and to write the per-report-year source rows (`us_tip_report_<year>`) into
`data/sources.csv`. The reference directory is given with ``--source DIR`` or the ``TIP_TIERS_DIR`` environment
variable (default: ``../shared/reference/tip_tiers`` beside the repository); its sha256 must match the pinned value.

Every merged row keeps the page it was read from (`source_url`), its basis (`basis`, the reference's own words) and
a confidence label that says what it is:

- a State Department page or a verbatim copy of its text (ecoi.net, Refworld, gvnet country pages, embassy and
  newswire reprints): ``exact``;
- a list or a government page quoting the report's placements (gvnet's Tier 1 / Tier 2 lists, the Bulgarian
  National Commission): ``exact (secondary)``; the gvnet lists hold only Tier 1 and Tier 2, so their rows say
  ``list_covers`` = ``tiers 1 and 2 only``;
- a tier the State narrative of an adjacent report year fixes ("remained on Tier 2", "Nth consecutive year"):
  ``inferred (adjacent year's State text)``, with the source of the year whose text was read;
- a cell the compiler flagged LOWER CONFIDENCE (news, NGO or Factbook pages only): ``secondary (lower confidence)``.

Countries the map does not draw (Bangladesh) are left out, and named in the output. Merge rule, per (country,
report year):
- only the data has a row: it stays (the reference found no page for the cell; printed as "kept");
- only the reference has a tier: it is added;
- both: the better-ranked basis wins (State text 1; a quoting list or dataset 2; inferred 3; secondary 4), and on
  a tie the reference's row, which names the page it was read from. Any disagreement in the tier is printed, with
  both values and which one was kept.
"Special case" is stored as ``special`` and never becomes a number; an empty reference cell is never filled; a tier
outside 1, 2, 2WL, 3 and special case stops the import with the row named.

Run it with ``--check`` to verify that the committed files are up to date (nothing is written; exit status 1 when a
file differs).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import re
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import urlparse

import pandas as pd

REPO_ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = REPO_ROOT / "data"
ENV_VAR = "TIP_TIERS_DIR"
DEFAULT_SOURCE = REPO_ROOT.parent / "shared" / "reference" / "tip_tiers"
REFERENCE = "tip_tiers.csv"
REFERENCE_SHA256 = "6479832dae456b2f360071deac42a5dd83c933772079c29433e8db402b7a8772"

COLUMNS = ["iso3", "report_year", "tier", "source_id", "confidence", "list_covers", "basis", "source_url"]
SOURCE_PREFIX = "us_tip_report_"
TIERS = {"1": "1", "2": "2", "2WL": "2WL", "3": "3", "special case": "special"}
ALL_TIERS, PARTIAL_LIST = "all tiers", "tiers 1 and 2 only"
GVNET_LISTS = {2020: "gvnet_tip_ratings_2020", 2023: "gvnet_tip_ratings_2023"}

# Basis -> (rank, confidence). Lower rank wins.
STATE_TEXT, QUOTED, INFERRED, SECONDARY = "state_text", "quoted", "inferred", "secondary"
RANK = {STATE_TEXT: 1, QUOTED: 2, INFERRED: 3, SECONDARY: 4}
CONFIDENCE = {
    STATE_TEXT: "exact",
    QUOTED: "exact (secondary)",
    INFERRED: "inferred (adjacent year's State text)",
    SECONDARY: "secondary (lower confidence)",
}
EXISTING_RANK = {"exact": 1, "exact (copy not recorded)": 1, "exact (secondary)": 2,
                 "exact (secondary dataset, spot-checked)": 2, CONFIDENCE[INFERRED]: 3, CONFIDENCE[SECONDARY]: 4}
QUOTED_KINDS = ("gvnet full tier-placement list", "Bulgarian National Commission site")


def source_dir(given: str | None) -> Path:
    path = Path(given or os.environ.get(ENV_VAR) or DEFAULT_SOURCE)
    if not (path / REFERENCE).is_file():
        raise SystemExit(f"{path / REFERENCE} not found: give the tier table's directory with --source or ${ENV_VAR}")
    return path


def read_reference(path: Path) -> pd.DataFrame:
    """The reference table, its sha256 checked; one row per filled cell, with basis, confidence and source."""
    digest = hashlib.sha256((path / REFERENCE).read_bytes()).hexdigest()
    if digest != REFERENCE_SHA256:
        raise SystemExit(f"{REFERENCE}: sha256 {digest} is not the pinned {REFERENCE_SHA256} (another version?)")
    ref = pd.read_csv(path / REFERENCE, dtype=str, keep_default_na=False)
    rows = []
    for r in ref.itertuples(index=False):
        if not r.tier:
            continue  # the compiler found no page for this cell: it stays empty, never guessed
        line = f"{REFERENCE} {r.iso3} {r.report_year}"
        if r.tier not in TIERS:
            raise SystemExit(f"{line}: tier {r.tier!r} is not one of {', '.join(TIERS)}")
        match = re.match(r"basis: (.*?) - (.*)", r.note, re.S)
        if not match or not r.source_url.startswith("http"):
            raise SystemExit(f"{line}: no 'basis: <kind> - <evidence>' note or no source_url")
        kind, evidence = match.group(1), match.group(2).split("; second:")[0].strip()
        year = int(r.report_year)
        text_year = year
        if "LOWER CONFIDENCE" in r.note:
            basis = SECONDARY
        elif kind.startswith("inferred from a State narrative"):
            basis = INFERRED
            # The year whose State text fixes this cell ("2017 narrative: ... second consecutive year").
            others = [int(y) for y in re.findall(r"\b(20\d\d)\b", evidence) if int(y) != year]
            if not others:
                raise SystemExit(f"{line}: inferred, but the note names no adjacent report year")
            text_year = others[0]
        elif kind in QUOTED_KINDS:
            basis = QUOTED
        else:
            basis = STATE_TEXT
        is_list = kind == "gvnet full tier-placement list"
        rows.append({
            "iso3": r.iso3, "report_year": year, "tier": TIERS[r.tier],
            "source_id": GVNET_LISTS[year] if is_list else f"{SOURCE_PREFIX}{text_year}",
            "confidence": CONFIDENCE[basis], "list_covers": PARTIAL_LIST if is_list else ALL_TIERS,
            "basis": f"{kind}: {evidence}", "source_url": r.source_url, "_rank": RANK[basis],
        })
    return pd.DataFrame(rows)


def map_countries(data_dir: Path) -> set[str]:
    """The countries the map draws (the data loader refuses a tier for any other)."""
    features = json.loads((data_dir / "geo" / "countries.geojson").read_text(encoding="utf-8"))["features"]
    return {f["properties"]["iso3"] for f in features}


def merge(existing: pd.DataFrame, ref: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """The merged table and the lines of the report (disagreements, and cells the data keeps over the reference)."""
    existing = existing.copy()
    for column in ("basis", "source_url"):
        if column not in existing:
            existing[column] = ""
    existing["report_year"] = existing["report_year"].astype(int)
    unknown = sorted(set(existing["confidence"]) - set(EXISTING_RANK))
    if unknown:
        raise SystemExit(f"data/tip_tiers.csv: no rank for confidence {', '.join(unknown)}")
    existing["_rank"] = existing["confidence"].map(EXISTING_RANK)
    old = existing.set_index(["iso3", "report_year"])
    new = ref.set_index(["iso3", "report_year"])
    report, out = [], []
    for key in sorted(set(old.index) | set(new.index)):
        mine = old.loc[key] if key in old.index else None
        theirs = new.loc[key] if key in new.index else None
        if theirs is None:
            out.append(mine)
            if not mine["source_url"] and key[1] >= int(ref["report_year"].min()):
                report.append(f"kept {key[0]} {key[1]}: tier {mine['tier']} ({mine['source_id']}, "
                              f"{mine['confidence']}); the reference has no tier for this cell")
            continue
        if mine is None:
            out.append(theirs)
            continue
        winner = mine if mine["_rank"] < theirs["_rank"] else theirs
        out.append(winner)
        if mine["tier"] != theirs["tier"]:
            report.append(f"DISAGREE {key[0]} {key[1]}: data {mine['tier']} ({mine['source_id']}, "
                          f"{mine['confidence']}) vs reference {theirs['tier']} ({theirs['confidence']}, "
                          f"{theirs['source_url']}); kept {winner['tier']}")
    merged = pd.DataFrame(out).rename_axis(["iso3", "report_year"]).reset_index()
    merged = merged.sort_values(["iso3", "report_year"], kind="stable")[COLUMNS].reset_index(drop=True)
    return merged, report


def source_rows(merged: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """One source row per report year whose text the merged rows rest on (`us_tip_report_<year>`)."""
    mine = merged[merged["source_id"].str.startswith(SOURCE_PREFIX)]
    rows = []
    for source_id, part in mine.groupby("source_id", sort=True):
        year = int(source_id.removeprefix(SOURCE_PREFIX))
        urls = part.loc[part["confidence"] == CONFIDENCE[STATE_TEXT], "source_url"].tolist() or part["source_url"]
        # The source's own address: a state.gov or embassy page where one was read, else the first copy.
        official = [u for u in urls if (urlparse(u).hostname or "").endswith(("state.gov", "usembassy.gov"))]
        url = sorted(official or urls)[0]
        rows.append({
            "source_id": source_id,
            "publisher": "US Department of State",
            "publisher_ru": "Государственный департамент США",
            "publisher_uk": "Державний департамент США",
            "title": f"{year} Trafficking in Persons Report (country narratives; each row of tip_tiers.csv names the "
                     "page it was read from in source_url)",
            "url": url,
            "refers_to": f"report year {year}",
            "refers_to_ru": f"год доклада {year}",
            "refers_to_uk": f"рік доповіді {year}",
            "published": str(year),
            "licence": "Public domain (US Government work)",
            "licence_ru": "общественное достояние (произведение правительства США)",
            "licence_uk": "суспільне надбання (твір уряду США)",
            "via": "country narratives read one by one: state.gov and US embassy pages, or verbatim copies on "
                   "ecoi.net, Refworld, gvnet, newswires and NGO sites; a few news pages quoting the report "
                   "(confidence 'secondary')",
            "via_ru": "обзоры стран, прочитанные по одному: страницы state.gov и посольств США или дословные копии "
                      "на ecoi.net, Refworld, GVNet, в лентах новостей и на сайтах НКО; несколько новостных страниц, "
                      "цитирующих доклад (достоверность «вторичный»)",
            "via_uk": "огляди країн, прочитані по одному: сторінки state.gov і посольств США або дослівні копії на "
                      "ecoi.net, Refworld, GVNet, у стрічках новин і на сайтах НУО; кілька сторінок новин, що "
                      "цитують доповідь (достовірність «вторинне»)",
            "caveat": "Tier placement by report year (the year of publication); Tier 2WL = Tier 2 Watch List. A row "
                      f"marked 'inferred' takes its tier from this {year} report's narrative of another year "
                      "(\"remained on Tier 2\"); a row marked 'secondary' rests on a news or NGO page only.",
            "caveat_ru": "Место по году доклада (году публикации); уровень 2WL = уровень 2, список наблюдения. "
                         f"Строка с пометкой «выведено» берёт уровень из обзора доклада {year} г. о другом годе "
                         "(«остался на уровне 2»); строка с пометкой «вторичный» опирается только на страницу СМИ "
                         "или НКО.",
            "caveat_uk": "Місце за роком доповіді (роком публікації); рівень 2WL = рівень 2, список спостереження. "
                         f"Рядок із позначкою «виведено» бере рівень з огляду доповіді {year} р. про інший рік "
                         "(«залишилася на рівні 2»); рядок із позначкою «вторинне» спирається лише на сторінку ЗМІ "
                         "чи НУО.",
        })
    kept = sources[~sources["source_id"].str.startswith(SOURCE_PREFIX)]
    both = pd.concat([kept, pd.DataFrame(rows, columns=sources.columns)], ignore_index=True)
    return both.sort_values("source_id", kind="stable").reset_index(drop=True)


def as_csv(frame: pd.DataFrame) -> str:
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue()


def build(source: Path, data_dir: Path) -> tuple[dict[str, str], list[str], pd.DataFrame]:
    """The new text of tip_tiers.csv and sources.csv, the report lines, and the merged table."""
    existing = pd.read_csv(data_dir / "tip_tiers.csv", dtype=str, keep_default_na=False)
    sources = pd.read_csv(data_dir / "sources.csv", dtype=str, keep_default_na=False)
    ref = read_reference(source)
    off_map = ~ref["iso3"].isin(map_countries(data_dir))
    report = [f"left out {iso}: not a country on the map ({n} tiers)"
              for iso, n in ref.loc[off_map, "iso3"].value_counts().sort_index().items()]
    merged, merge_report = merge(existing, ref[~off_map])
    report += merge_report
    merged["report_year"] = merged["report_year"].astype(int)
    return {"tip_tiers.csv": as_csv(merged), "sources.csv": as_csv(source_rows(merged, sources))}, report, merged


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", metavar="DIR", help=f"the tier table's directory (default: ${ENV_VAR}, else "
                                                        "../shared/reference/tip_tiers beside the repository)")
    parser.add_argument("--data", metavar="DIR", default=str(DATA_DIR), help="the data directory (default: data/)")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if a committed file differs")
    args = parser.parse_args(argv)
    data_dir = Path(args.data)
    texts, report, merged = build(source_dir(args.source), data_dir)
    for line in report:
        print(line)
    by = Counter(zip(merged["report_year"], merged["confidence"]))
    years = sorted(merged["report_year"].unique())
    print(f"{len(merged)} rows; disagreements: {sum(1 for r in report if r.startswith('DISAGREE'))}")
    for year in years:
        print(f"  {year}: " + ", ".join(f"{conf} {n}" for (y, conf), n in sorted(by.items()) if y == year))
    stale = [name for name, text in texts.items() if (data_dir / name).read_text(encoding="utf-8") != text]
    if args.check:
        if stale:
            print(f"out of date: {', '.join(stale)} (run scripts/import_tip_tiers.py)", file=sys.stderr)
            return 1
        print("tip tiers up to date")
        return 0
    for name in stale:
        (data_dir / name).write_text(texts[name], encoding="utf-8")
        print(f"wrote data/{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
