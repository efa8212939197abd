"""Pandera schemas for every shipped table, and the function that turns their failures into plain messages.

Each table is read as text and coerced here, so a wrong type, a negative count or a duplicate key is reported
with the file, the line and the column, never as a bare traceback.
"""

from __future__ import annotations

from collections import defaultdict

import pandas as pd
import pandera.pandas as pa
from pandera.engines.pandas_engine import STRING
from pandera.errors import SchemaErrors

from core.errors import DataError
from core.text import LANGS

ISO3 = r"^[A-Z]{3}$"
SNAKE = r"^[a-z0-9_]+$"
LABEL_POSITIONS = [f"{v} {h}" for v in ("top", "middle", "bottom") for h in ("left", "center", "right")]
DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
YEARS = (2000, 2030)
_SCENE_PARTS = "(year|months|routes|indicator|country|weights|nationality|incidents|flows)"  # what a scene may fix
TIERS = ("1", "2", "2WL", "3", "special")
MONTH = r"^\d{4}-(0[1-9]|1[0-2])$"
DAY = r"^\d{4}-\d{2}-\d{2}$"
MMP_TYPE = r"(Incident|Split Incident|Cumulative Incident)"
MONTH_COLUMNS = tuple(f"m{m:02d}" for m in range(1, 13))
UNHCR_YEAR_COLUMNS = tuple(f"y{y}" for y in range(2009, 2025))
LIST_COVERS = ("all tiers", "tiers 1 and 2 only")
# How the UNODC citizenship crosswalk classifies a label (data/unodc_citizenship_crosswalk.csv).
CITIZENSHIP_KINDS = ("country", "region", "own_nationals", "unknown", "total")
CONFIDENCE = r"^(exact|approximate|lower bound|secondary|user data$)"
# A tier may also be inferred from the State narrative of an adjacent report year ("remained on Tier 2").
TIER_CONFIDENCE = r"^(exact|secondary|inferred \(adjacent year's State text\)$)"

_text = pa.Column(str, pa.Check.str_length(min_value=1))
_optional_text = pa.Column(str, nullable=True, required=False)
# No count of people exceeds the world's population: a larger value is a typo or a unit slip (1e300 was accepted).
MAX_COUNT = 10_000_000_000
_count = pa.Column(float, [pa.Check.ge(0), pa.Check.le(MAX_COUNT)], coerce=True)
_year = pa.Column(int, pa.Check.in_range(*YEARS), coerce=True)
_source = pa.Column(str, pa.Check.str_matches(SNAKE))
_confidence = pa.Column(str, pa.Check.str_matches(CONFIDENCE))
# A cell of a month or year column: empty when the publisher's file has no figure for it.
_optional_count = pa.Column(float, [pa.Check.ge(0), pa.Check.le(MAX_COUNT)], coerce=True, nullable=True)
# In the large imported tables, route_id and source_id are checked against routes.csv and sources.csv when the
# bundle loads (a stricter test than a pattern), so the schema only asks for text: a pattern costs time per row.
_key = pa.Column(str)
_optional_key = pa.Column(str, nullable=True)


def _schema(columns: dict[str, pa.Column], unique: list[str] | None = None) -> pa.DataFrameSchema:
    return pa.DataFrameSchema({name: _as_read(column) for name, column in columns.items()}, unique=unique,
                              strict=True, report_duplicates="all")


def _as_read(column: pa.Column) -> pa.Column:
    """The column as `validate` checks it in a frame read here: a text column is read as text, so its type holds by
    construction, and pandera's check of it (element by element, with a failure report built even when it passes)
    cost 0.13 s of every start. Every other check of it, and every number column's type, stays."""
    if not isinstance(column.dtype, STRING):
        return column
    return pa.Column(**{**column.properties, "dtype": None})


def _figures(key: str, pattern: str) -> pa.DataFrameSchema:
    """A table of figures: one value per key (route, country or area), year and indicator, with its source."""
    return _schema(
        {
            key: pa.Column(str, pa.Check.str_matches(pattern)),
            "year": _year,
            "indicator": pa.Column(str, pa.Check.str_matches(SNAKE)),
            "value": _count,
            "period": _text,
            "source_id": _source,
            "confidence": _confidence,
            "note": _optional_text,
        },
        unique=[key, "year", "indicator"],
    )


SCHEMAS: dict[str, pa.DataFrameSchema] = {
    "sources.csv": _schema(
        {
            "source_id": pa.Column(str, pa.Check.str_matches(SNAKE)),
            "publisher": _text,
            "publisher_ru": _text,
            "publisher_uk": _text,
            "title": _text,
            "url": pa.Column(str, pa.Check.str_matches(r"^https?://\S+$")),
            "refers_to": _text,
            "refers_to_ru": _text,
            "refers_to_uk": _text,
            "published": pa.Column(str, pa.Check.str_matches(DATE)),
            "licence": _text,
            "licence_ru": _text,
            "licence_uk": _text,
            "via": _optional_text,
            "via_ru": _optional_text,
            "via_uk": _optional_text,
            "caveat": _optional_text,
            "caveat_ru": _optional_text,
            "caveat_uk": _optional_text,
        },
        unique=["source_id"],
    ),
    "indicators.csv": _schema(
        {
            "indicator": pa.Column(str, pa.Check.str_matches(SNAKE)),
            "scope": pa.Column(str, pa.Check.isin(["route", "country", "area", "derived"])),
            # The indicator's place in the map's menu (1 first); empty: the map does not colour countries by it.
            "map_order": pa.Column(str, pa.Check.str_matches(r"^[1-9][0-9]*$"), nullable=True),
            "label": _text,
            "label_ru": _text,
            "label_uk": _text,
            "unit": _text,
            "unit_ru": _text,
            "unit_uk": _text,
            "caveat": _optional_text,
            "caveat_ru": _optional_text,
            "caveat_uk": _optional_text,
        },
        unique=["indicator"],
    ),
    "routes.csv": _schema(
        {
            "route_id": pa.Column(str, pa.Check.str_matches(SNAKE)),
            "name": _text,
            "name_ru": _text,
            "name_uk": _text,
            # The name on the map's label: short, so ten labels fit a phone's map without overprinting.
            "short": _text,
            "short_ru": _text,
            "short_uk": _text,
            # Where the label sits beside its marker (plotly's textposition), so that no two labels overprint.
            "label_position": pa.Column(str, pa.Check.isin(LABEL_POSITIONS)),
            # What sets the line's width: a route indicator of route_year.csv (Frontex routes: detections), or a
            # country indicator of country_year.csv totalled over every country that has it (a corridor's stock).
            "volume": pa.Column(str, pa.Check.str_matches(SNAKE)),
            "kind": pa.Column(str, pa.Check.isin(["frontex_route", "displacement_corridor"])),
            # The route's name in Frontex's and IOM Missing Migrants' files, as spelled there: what the data import
            # (scripts/import_gdidata.py) maps to this route_id; empty where the publisher has no such route.
            "frontex_name": _optional_text,
            "iom_mmp_name": _optional_text,
            "origin": pa.Column(str, pa.Check.str_matches(r"^[A-Z]{3}(;[A-Z]{3})*$")),
            "transit": pa.Column(str, pa.Check.str_matches(r"^([A-Z]{3}(;[A-Z]{3})*)?$"), nullable=True),
            "arrival": pa.Column(str, pa.Check.str_matches(r"^[A-Z]{3}(;[A-Z]{3})*$")),
            "description": _text,
            "source_id": _source,
        },
        unique=["route_id"],
    ),
    "route_year.csv": _figures("route_id", SNAKE),
    "country_year.csv": _figures("iso3", ISO3),
    "area_year.csv": _figures("area", SNAKE),
    "tip_tiers.csv": _schema(
        {
            "iso3": pa.Column(str, pa.Check.str_matches(ISO3)),
            "report_year": _year,
            "tier": pa.Column(str, pa.Check.isin(list(TIERS))),
            "source_id": _source,
            "confidence": pa.Column(str, pa.Check.str_matches(TIER_CONFIDENCE)),
            # What the list the row was read from can hold: a list of Tier 1 and Tier 2 countries only says nothing
            # about the countries absent from it, so a report year with such rows is not a fair governance input.
            "list_covers": pa.Column(str, pa.Check.isin(list(LIST_COVERS))),
            # What the tier rests on, in the compiler's words, and the page it was read from (empty for the rows of
            # a dataset or a copy whose address was not recorded: the source's own url then stands for them).
            "basis": _optional_text,
            "source_url": pa.Column(str, pa.Check.str_matches(r"^https?://\S+$"), nullable=True, required=False),
        },
        unique=["iso3", "report_year"],
    ),
    "headlines.csv": _schema(
        {
            "headline_id": pa.Column(str, pa.Check.str_matches(SNAKE)),
            "value": _count,
            "unit": _text,
            "unit_ru": _text,
            "unit_uk": _text,
            "as_of": pa.Column(str, pa.Check.str_matches(DATE)),
            "period": _text,
            "period_ru": _text,
            "period_uk": _text,
            "seed_wording": _text,
            "seed_wording_ru": _text,
            "seed_wording_uk": _text,
            "official_wording": _text,
            "official_wording_ru": _text,
            "official_wording_uk": _text,
            "source_id": _source,
            "confidence": _confidence,
            "note": _optional_text,
            "note_ru": _optional_text,
            "note_uk": _optional_text,
            # What the headline figure measures (an indicator key, or a key of its own when no indicator holds that
            # measure): a "Latest" figure is called comparable only when its indicator is this (core/cards.py).
            "measure": pa.Column(str, pa.Check.str_matches(SNAKE)),
            # The newest figure to show beside the 2015 one: "<area>:<indicator>" in area_year.csv or
            # "<ISO3>:<indicator>" in country_year.csv; empty when no later comparable figure was found.
            "latest": pa.Column(str, pa.Check.str_matches(r"^[A-Za-z0-9_]+:[a-z0-9_]+$"), nullable=True),
        },
        unique=["headline_id"],
    ),
    "headline_parts.csv": _schema(
        {
            "headline_id": pa.Column(str, pa.Check.str_matches(SNAKE)),
            "label": _text,
            "iso3": pa.Column(str, pa.Check.str_matches(ISO3), nullable=True),
            "value": _count,
            "source_id": _source,
            "confidence": _confidence,
        },
        unique=["headline_id", "label"],
    ),
    "country_names.csv": _schema(
        {"iso3": pa.Column(str, pa.Check.str_matches(ISO3)), "name": _text, "name_ru": _text, "name_uk": _text},
        unique=["iso3"],
    ),
    "scenes.csv": _schema(
        {
            "scene_id": pa.Column(str, pa.Check.str_matches(SNAKE)),
            "order": pa.Column(int, pa.Check.ge(1), coerce=True),
            "title": _text,
            "title_ru": _text,
            "title_uk": _text,
            "caption": _text,
            "caption_ru": _text,
            "caption_uk": _text,
            # A scene fixes only what a presenter chooses; map position, language and mode stay the viewer's.
            "query": pa.Column(str, pa.Check.str_matches(rf"^{_SCENE_PARTS}=[^&]*(&{_SCENE_PARTS}=[^&]*)*$")),
            "show_headlines": pa.Column(str, pa.Check.isin(["yes", "no"])),
            # The charts a scene's caption promises, shown beside its map in presenter mode (space-separated ids
            # from layouts/ids.py CHARTS; empty for none).
            "charts": pa.Column(str, pa.Check.str_matches(r"^chart-[a-z]+( chart-[a-z]+)*$"), nullable=True),
        },
        unique=["scene_id"],
    ),
    "arrival_points.csv": _schema(
        {
            "name": _text,
            "name_ru": _text,
            "name_uk": _text,
            "route_id": pa.Column(str, pa.Check.str_matches(SNAKE)),
            "lon": pa.Column(float, pa.Check.in_range(-180, 180), coerce=True),
            "lat": pa.Column(float, pa.Check.in_range(-90, 90), coerce=True),
            "iso3": pa.Column(str, pa.Check.str_matches(ISO3)),
        },
        unique=["name"],
    ),
    # The four tables below are written by scripts/import_gdidata.py from the IOM gdidata package files.
    "route_month.csv": _schema(
        {
            "route_id": _key,
            "month": pa.Column(str, pa.Check.str_matches(MONTH)),
            "detections": _count,
            "source_id": _key,
        },
        unique=["route_id", "month"],
    ),
    "route_nationality_month.csv": _schema(
        {
            "route_id": _key,
            "year": _year,
            "nationality": pa.Column(str, pa.Check.str_matches(ISO3)),
            **{column: _optional_count for column in MONTH_COLUMNS},
            "source_id": _key,
        },
        unique=["route_id", "year", "nationality"],
    ),
    "incidents.csv": _schema(
        {
            "date": pa.Column(str, pa.Check.str_matches(DAY)),
            "month": pa.Column(str, pa.Check.str_matches(MONTH)),
            "type": pa.Column(str, pa.Check.str_matches(rf"^{MMP_TYPE}(;{MMP_TYPE})*$")),
            "route_id": _optional_key,
            "iom_route": _text,
            "country": pa.Column(str, pa.Check.str_matches(ISO3)),
            "dead_missing": _count,
            "survivors": _optional_count,
            "cause": _text,
            "nationalities": pa.Column(str, pa.Check.str_matches(r"^[A-Z]{3}(;[A-Z]{3})*$")),
            "location": _text,
            "lon": pa.Column(float, pa.Check.in_range(-180, 180), coerce=True),
            "lat": pa.Column(float, pa.Check.in_range(-90, 90), coerce=True),
            "source_id": _key,
            # core/placement.py: "as given" is drawn; "not given precisely" is listed apart, still counted.
            "placement": pa.Column(str, pa.Check.isin(["as given", "not given precisely"])),
            "placement_note": _optional_text,
        },
    ),
    "unhcr_asylum_origin.csv": _schema(
        {
            "asylum": pa.Column(str, pa.Check.str_matches(ISO3)),
            "origin": pa.Column(str, pa.Check.str_matches(ISO3)),
            "group": pa.Column(str, pa.Check.isin(["refugee", "asylum_seeker"])),
            **{column: _optional_count for column in UNHCR_YEAR_COLUMNS},
            "source_id": _key,
        },
        unique=["asylum", "origin", "group"],
    ),
    # The two tables below are written by scripts/import_unodc.py from UNODC's trafficking-in-persons data file.
    # A censored cell ("<5" in the file) has no value and censored = "yes": never 0, never 5.
    "unodc_victims.csv": _schema(
        {
            "iso3": pa.Column(str, pa.Check.str_matches(ISO3)),
            "year": _year,
            "value": _optional_count,
            "censored": pa.Column(str, pa.Check.isin(["yes", "no"])),
            "release": pa.Column(str, pa.Check.str_matches(DAY)),
            "source_id": _key,
        },
        unique=["iso3", "year"],
    ),
    "unodc_victims_citizenship.csv": _schema(
        {
            "detected_in": pa.Column(str, pa.Check.str_matches(ISO3)),
            "year": _year,
            "label": _optional_key,  # the file's own citizenship label, as written (one is empty)
            "kind": pa.Column(str, pa.Check.isin(list(CITIZENSHIP_KINDS))),
            "citizenship": pa.Column(str, pa.Check.str_matches(ISO3), nullable=True),
            "region": _optional_key,
            "value": _optional_count,
            "censored": pa.Column(str, pa.Check.isin(["yes", "no"])),
            "release": pa.Column(str, pa.Check.str_matches(DAY)),
            "source_id": _key,
        },
        unique=["detected_in", "year", "label"],
    ),
}


def _every_language(schema: pa.DataFrameSchema) -> pa.DataFrameSchema:
    """The schema with a ``<name>_<lang>`` column, checked like ``<name>_ru``, for every catalogue under locale/:
    a translator adds a language's data columns without editing this file."""
    extra = {f"{name[:-3]}_{lang}": col for name, col in schema.columns.items() if name.endswith("_ru")
             for lang in LANGS[1:] if f"{name[:-3]}_{lang}" not in schema.columns}
    return schema.add_columns(extra) if extra else schema


SCHEMAS = {name: _every_language(schema) for name, schema in SCHEMAS.items()}



def read_table(path: pd.io.common.FilePath, name: str | None = None) -> pd.DataFrame:
    """Read one CSV as text and validate it against its schema; raise DataError naming line and column."""
    name = name or str(path).replace("\\", "/").rsplit("/", 1)[-1]
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8")
    except FileNotFoundError:
        raise DataError(name, ["the file is missing"]) from None
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise DataError(name, [f"the file cannot be read as UTF-8 CSV ({_first_line(exc)})"]) from None
    return validate(raw, name)


def read_large_table(path: pd.io.common.FilePath, name: str) -> pd.DataFrame:
    """Like read_table, but the C parser reads the number columns directly (coercing text is most of the cost).

    A cell that is not a number makes the fast read fail; the file is then read again as text, so the message
    names the line and column exactly as read_table's would.
    """
    numbers = {column: "float64" for column, spec in SCHEMAS[name].columns.items() if str(spec.dtype) == "float64"}
    try:  # every other column as text, as read_table reads it (validate relies on that)
        raw = pd.read_csv(path, dtype=defaultdict(lambda: str, numbers), keep_default_na=False, na_values=[""],
                          encoding="utf-8")
    except (ValueError, OverflowError):
        return read_table(path, name)
    except FileNotFoundError:
        raise DataError(name, ["the file is missing"]) from None
    if not set(numbers) <= set(raw.columns):
        return read_table(path, name)  # a missing number column: let validate name it
    return validate(raw, name)


def validate(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    """Validate a frame read as text (number columns of a large table aside) against the schema called ``name``;
    return the coerced frame."""
    schema = SCHEMAS[name]
    missing = [c for c, col in schema.columns.items() if col.required and c not in frame.columns]
    extra = [c for c in frame.columns if c not in schema.columns]
    if missing or extra:
        problems = [f"line 1: missing column '{c}'" for c in missing]
        problems += [f"line 1: unexpected column '{c}'" for c in extra]
        raise DataError(name, problems)
    if frame.empty:  # every shipped table has rows; one cut to its header once stopped start-up with a bare ValueError
        raise DataError(name, ["the file has its header but no rows"])
    try:
        return schema.validate(frame, lazy=True)
    except SchemaErrors as exc:
        raise DataError(name, describe_failures(exc.failure_cases, frame)) from None


def describe_failures(cases: pd.DataFrame, frame: pd.DataFrame) -> list[str]:
    """One sentence per (line, column) from pandera's failure cases, in file order."""
    seen: set[tuple[int, str]] = set()
    rows: list[tuple[int, str, str]] = []
    for case in cases.itertuples(index=False):
        if case.index is None or pd.isna(case.index):
            continue
        line = int(case.index) + 2  # header is line 1
        column = str(case.column)
        if (line, column) in seen:
            continue
        seen.add((line, column))
        value = frame.iloc[int(case.index)][column] if column in frame.columns else case.failure_case
        rows.append((line, column, f"line {line}, column '{column}': {_explain(str(case.check), value)}"))
    rows.sort()
    return [text for _, _, text in rows] or ["the table does not match its schema"]


def fail(name: str, frame: pd.DataFrame, mask: pd.Series, column: str, reason: str) -> list[str]:
    """Messages for the rows where ``mask`` is true, in the same form as schema failures."""
    return [
        f"line {pos + 2}, column '{column}': {reason} (value {frame.iloc[pos][column]!r})"
        for pos in [frame.index.get_loc(i) for i in frame.index[mask.to_numpy()]]
    ]


def _explain(check: str, value: object) -> str:
    shown = "empty" if value is None or (isinstance(value, float) and pd.isna(value)) else repr(value)
    if check.startswith("coerce_dtype") or check.startswith("dtype"):
        return f"not a valid {'number' if 'float' in check or 'int' in check else 'value'} ({shown})"
    if check.startswith("greater_than_or_equal_to"):
        return f"must not be negative ({shown})"
    if check.startswith("less_than_or_equal_to"):
        return f"larger than any count of people ({shown}; at most {MAX_COUNT:,})"
    if check.startswith("in_range"):
        return f"out of range {check.removeprefix('in_range')} ({shown})"
    if check.startswith("str_matches") or check.startswith("isin"):
        return f"not an allowed value ({shown})"
    if check.startswith("str_length"):
        return "must not be empty"
    if "uniqueness" in check or "unique" in check:
        return f"duplicate key ({shown})"
    if check == "not_nullable":
        return "must not be empty"
    return f"failed check {check} ({shown})"


def _first_line(exc: Exception) -> str:
    return str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
