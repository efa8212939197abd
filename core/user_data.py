"""Figures an analyst brings: CSV files in the documented format, validated with the shipped schemas.

A user file holds route-year rows (`route_id,year,indicator,value,period[,note]`) or country-year rows
(`iso3,year,indicator,value,period[,note]`). Each bad row is reported with its line, column and reason and left
out; good rows join the data tagged "user data", with the file's name as their source. A row whose key the
shipped data already has is reported and left out: shipped figures are never overridden, and the shipped files
are never written.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from core.bundle import Bundle
from core.errors import DataError
from core.schemas import validate

MAX_BYTES = 512 * 1024
USER_CONFIDENCE = "user data"
KINDS = {
    "route_year.csv": ("route_id", ["route_id", "year", "indicator"]),
    "country_year.csv": ("iso3", ["iso3", "year", "indicator"]),
}
SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class UserFile:
    """One user file after validation: its good rows (by table), and a message per problem."""

    name: str
    source_id: str
    rows: dict[str, pd.DataFrame] = field(default_factory=dict)
    problems: tuple[str, ...] = ()

    @property
    def accepted(self) -> int:
        return sum(len(f) for f in self.rows.values())


def safe_name(name: str) -> str:
    """A file name that is safe to write under the user-data folder (no path, no odd characters)."""
    stem = SAFE_NAME.sub("_", Path(str(name)).name).strip("._") or "figures"
    return (stem if stem.lower().endswith(".csv") else f"{stem}.csv")[:80]


def read_user_file(name: str, content: bytes, bundle: Bundle) -> UserFile:
    """Validate one user CSV against the shipped schemas and keys; never raises for bad content."""
    name = safe_name(name)
    source_id = "user_" + re.sub(r"[^a-z0-9]+", "_", name.lower().removesuffix(".csv")).strip("_")
    if len(content) > MAX_BYTES:
        return UserFile(name, source_id, problems=(f"the file is larger than {MAX_BYTES // 1024} KB",))
    try:
        raw = pd.read_csv(io.BytesIO(content), dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8")
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as exc:
        return UserFile(name, source_id, problems=(f"the file cannot be read as UTF-8 CSV ({_short(exc)})",))
    table = next((t for t, (key, _) in KINDS.items() if key in raw.columns), None)
    if table is None:
        return UserFile(name, source_id, problems=(
            "line 1: the header must start with route_id (route figures) or iso3 (country figures)",))
    if "note" not in raw.columns:
        raw["note"] = pd.NA
    raw = raw.assign(source_id=source_id, confidence=USER_CONFIDENCE)
    problems: list[str] = []
    good = pd.Series(True, index=raw.index)
    for pos in range(len(raw)):
        try:
            validate(raw.iloc[[pos]].reset_index(drop=True), table)
        except DataError as exc:
            good.iloc[pos] = False
            problems += [p.replace("line 2,", f"line {pos + 2},", 1) for p in exc.problems]
    rows = validate(raw[good].reset_index(drop=True), table) if good.any() else raw.iloc[0:0]
    rows, more = _known_keys(rows, table, bundle, good)
    problems += more
    return UserFile(name, source_id, rows={table: rows} if len(rows) else {}, problems=tuple(problems))


def merge(bundle: Bundle, files: list[UserFile]) -> Bundle:
    """The bundle with the user files' good rows added and one source row per file."""
    files = [f for f in files if f.accepted]
    if not files:
        return bundle
    sources = pd.DataFrame([{
        "source_id": f.source_id, "publisher": "User data", "title": f.name, "url": f"user-data:{f.name}",
        "refers_to": "as given in the file", "published": "", "licence": "as supplied by the user",
        "via": "", "caveat": "Added by a user of this dashboard; not checked by the project.",
    } for f in files])
    route_year = pd.concat([bundle.route_year, *[f.rows["route_year.csv"] for f in files
                                                  if "route_year.csv" in f.rows]], ignore_index=True)
    country_year = pd.concat([bundle.country_year, *[f.rows["country_year.csv"] for f in files
                                                      if "country_year.csv" in f.rows]], ignore_index=True)
    return replace(bundle, sources=pd.concat([bundle.sources, sources], ignore_index=True),
                   route_year=route_year, country_year=country_year)


def read_folder(folder: Path, bundle: Bundle) -> list[UserFile]:
    """Every `*.csv` in the user-data folder, validated one by one (a broken file never stops the app)."""
    if not folder.is_dir():
        return []
    files, seen_keys = [], bundle
    for path in sorted(folder.glob("*.csv")):
        try:
            content = path.read_bytes()
        except OSError as exc:
            files.append(UserFile(path.name, "user_unreadable", problems=(f"cannot be read ({_short(exc)})",)))
            continue
        user = read_user_file(path.name, content, seen_keys)
        files.append(user)
        seen_keys = merge(seen_keys, [user])  # two user files may not claim the same key either
    return files


def _known_keys(rows: pd.DataFrame, table: str, bundle: Bundle, good: pd.Series) -> tuple[pd.DataFrame, list[str]]:
    """Drop (and report) rows whose key the data already has, or that name an unknown route, country or
    indicator."""
    key_column, key = KINDS[table]
    existing = bundle.route_year if table == "route_year.csv" else bundle.country_year
    known = set(map(tuple, existing[key].astype(str).to_numpy()))
    allowed = set(bundle.route_ids) if table == "route_year.csv" else set(bundle.countries["iso3"])
    scope = "route" if table == "route_year.csv" else "country"
    indicators = set(bundle.indicators.loc[bundle.indicators["scope"] == scope, "indicator"])
    lines = [i + 2 for i in good[good].index]  # the file's line of each validated row
    problems, keep = [], []
    for line, row in zip(lines, rows.itertuples(index=False)):
        values = row._asdict()
        if values[key_column] not in allowed:
            problems.append(f"line {line}, column '{key_column}': unknown {scope} ({values[key_column]!r})")
        elif values["indicator"] not in indicators:
            problems.append(f"line {line}, column 'indicator': not a {scope} indicator ({values['indicator']!r})")
        elif tuple(str(values[k]) for k in key) in known:
            problems.append(f"line {line}: the data already has {values[key_column]} {values['year']} "
                            f"{values['indicator']}; the existing figure is kept")
        else:
            keep.append(True)
            continue
        keep.append(False)
    return rows[keep].reset_index(drop=True) if len(rows) else rows, problems


def _short(exc: Exception) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:150]
