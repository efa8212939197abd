"""Figures that do not come from a publisher: a visitor's own files, files carried by a link, the operator's files.

Each is a CSV in one documented format (`route_id|iso3, year, indicator, value, period[, note]`), validated here
as a whole with vectorised checks (10,000 rows in a few milliseconds), never row by row. They are kept apart from the
shipped data: they never join its tables, never take a publisher's label, never change a risk score, and every
figure, hover, CSV row and image that shows one names its file and says it is not checked.

Where they live: a visitor's files in that visitor's browser only (sent with the requests that draw figures and
validated again each time, since a client can send anything); a link's files inside the link's fragment; the
operator's files in a folder on the server, read once at start-up. Nothing here writes a file.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
import json
import re
import zlib
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from core.text import fmt_number, t

MAX_BYTES = 512 * 1024  # one file
MAX_ROWS = 10_000  # one file, and a visitor's files together
MAX_FILES = 10  # a visitor's files together
MAX_LINK_CHARS = 60_000  # the `#figures=` fragment of a shared link
MAX_TEXT = 120  # characters of `period` and `note` kept
MAX_NAME = 80
ORIGINS = ("operator", "visitor", "link")
KEYS = {"route_id": "route", "iso3": "country"}
COLUMNS = ("year", "indicator", "value", "period")
LINK_PREFIX = "figures="
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
MAX_REQUEST_BYTES = 1024 * 1024  # a visitor's stored files, or a link's, in one request (a callback body's limit)
CACHE_BYTES = 64 * 1024 * 1024  # checked figure sets kept per process, by the bytes of their rows
EXPLAINED = 200  # problems of one file said as sentences; the page shows 50 of them and counts the rest
REPEATED = 99  # the check number of a repeated row, said after a row's other problems


@dataclass(frozen=True)
class Vocabulary:
    """What a row may name, taken once from the shipped data: routes, countries, indicators per scope, years."""

    routes: frozenset[str]
    countries: frozenset[str]
    route_indicators: frozenset[str]
    country_indicators: frozenset[str]
    years: tuple[int, int]

    @classmethod
    def of(cls, bundle) -> Vocabulary:
        ind = bundle.indicators
        return cls(
            routes=frozenset(bundle.route_ids),
            countries=frozenset(bundle.countries["iso3"]),
            route_indicators=frozenset(ind.loc[ind["scope"] == "route", "indicator"]),
            country_indicators=frozenset(ind.loc[ind["scope"] == "country", "indicator"]),
            years=bundle.years,
        )


ROW_COLUMNS = ["scope", "key", "year", "indicator", "value", "period", "note", "line"]


class Said(str):
    """One problem with a file. The string itself is the English sentence (logs, tests); ``key`` and ``values``
    say it again in the reader's language (`say`), numbers grouped as that language groups them."""

    key: str
    values: dict[str, object]

    def __new__(cls, key: str, **values: object) -> Said:
        said = super().__new__(cls, _words(key, "en", values))
        said.key, said.values = key, values
        return said

    def say(self, lang: str) -> str:
        """The sentence in ``lang``."""
        return _words(self.key, lang, self.values)


def _words(key: str, lang: str, values: dict[str, object]) -> str:
    # A reason is a message of its own; a quoted cell keeps the visitor's text, an empty one is said as "empty";
    # counts are grouped as the language groups them (line numbers are passed as text: they are labels).
    shown = {k: fmt_number(v, lang) if isinstance(v, int) else v for k, v in values.items()}
    if "reason" in values:
        shown["reason"] = t(f"upload.reason.{values['reason']}", lang, **{k: v for k, v in shown.items()
                                                                        if k in ("first", "last")})
    if "quoted" in values:
        quoted = values["quoted"]
        shown["quoted"] = "" if quoted is None else f" ({quoted!r})" if quoted else f" ({t('upload.empty', lang)})"
    return t(key, lang, **shown)


@dataclass(frozen=True)
class FigureFile:
    """One checked file: its good rows (columns ROW_COLUMNS) and a message per problem, in line order."""

    name: str
    origin: str
    rows: pd.DataFrame = field(repr=False, compare=False)
    problems: tuple[Said, ...] = ()  # the first problems in line order, as sentences (at most EXPLAINED)
    problem_count: int = -1  # every problem found; -1: as many as `problems`

    def __post_init__(self) -> None:
        if self.problem_count < 0:
            object.__setattr__(self, "problem_count", len(self.problems))

    @property
    def accepted(self) -> int:
        return len(self.rows)

    def canonical_csv(self) -> str:
        """The good rows in the documented format (what a browser keeps and a link carries)."""
        out = []
        for scope, key_column in (("route", "route_id"), ("country", "iso3")):
            part = self.rows[self.rows["scope"] == scope]
            if len(part):
                frame = part.rename(columns={"key": key_column})[[key_column, *COLUMNS, "note"]]
                frame = frame.assign(value=frame["value"].map(format_value))
                out.append(frame.to_csv(index=False, lineterminator="\n"))
        return "".join(out)


@dataclass(frozen=True, eq=False)
class AddedFigures:
    """Every added file a request may show, with a digest that names exactly these rows (for caches)."""

    files: tuple[FigureFile, ...] = ()
    digest: str = ""
    _rows: pd.DataFrame | None = field(default=None, repr=False, compare=False)

    def __hash__(self) -> int:
        return hash(self.digest)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, AddedFigures) and other.digest == self.digest

    def __bool__(self) -> bool:
        return any(f.accepted for f in self.files)

    def rows(self) -> pd.DataFrame:
        """All good rows with their file's name, origin and a short id (`file`), in file order (built once per set:
        every figure asks, and most sets are empty). Callers filter it and must not change it."""
        if self._rows is None:
            frames = [f.rows.assign(file=f.name, origin=f.origin, file_id=f"{f.origin}_{i + 1}")
                      for i, f in enumerate(self.files) if f.accepted]
            rows = (pd.concat(frames, ignore_index=True) if frames
                    else pd.DataFrame(columns=[*ROW_COLUMNS, "file", "origin", "file_id"]))
            object.__setattr__(self, "_rows", rows)
        return self._rows

    def __add__(self, other: AddedFigures) -> AddedFigures:
        return combine(*self.files, *other.files)


NONE = AddedFigures()


def combine(*files: FigureFile) -> AddedFigures:
    """Files as one set, named by a digest of their origin, name and rows."""
    if not files:
        return NONE
    h = hashlib.sha256()
    for f in files:
        h.update(f"{f.origin}\0{f.name}\0{f.canonical_csv()}\0".encode())
    return AddedFigures(tuple(files), h.hexdigest()[:16])


def format_value(value: float) -> str:
    """A figure as written in a file: whole numbers without a decimal point, others in full."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def clean_text(value: object, limit: int = MAX_TEXT) -> str:
    """Text from a file as plain characters: no control characters (NUL, CR, TAB...), trimmed, at most ``limit``."""
    return _CONTROL.sub(" ", str(value)).strip()[:limit]


def clean_name(name: object) -> str:
    """A file's name for display: its last path part, plain text, at most MAX_NAME characters."""
    text = clean_text(str(name).replace("\\", "/").rsplit("/", 1)[-1], MAX_NAME)
    return text or "figures.csv"


def check_file(name: str, content: bytes, vocab: Vocabulary, origin: str = "visitor",
               explain: int = EXPLAINED) -> FigureFile:
    """Validate one CSV as a whole; never raises. Problems name the line (the header is line 1) and column; the
    first ``explain`` of them in line order are said as sentences, the rest only counted (`problem_count`)."""
    name = clean_name(name)

    def rejected(*problems: Said) -> FigureFile:
        return FigureFile(name, origin, _empty(), problems)

    if len(content) > MAX_BYTES:
        return rejected(Said("upload.too_big", kb=MAX_BYTES // 1024))
    try:
        text = content.decode("utf-8-sig")
        raw = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, skipinitialspace=True)
    except UnicodeDecodeError:
        return rejected(Said("upload.not_utf8"))
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as exc:
        return rejected(Said("upload.not_csv", detail=clean_text(str(exc).splitlines()[0] if str(exc) else "")))
    raw.columns = [clean_text(c, 40).lower() for c in raw.columns]
    key_column = raw.columns[0] if len(raw.columns) else ""
    if key_column not in KEYS:
        return rejected(Said("upload.first_column"))
    missing = [c for c in COLUMNS if c not in raw.columns]
    extra = [c for c in raw.columns[1:] if c not in (*COLUMNS, "note")]
    if missing or extra or raw.columns.duplicated().any():
        return rejected(*[Said("upload.missing_column", column=c) for c in missing],
                        *[Said("upload.unexpected_column", column=clean_text(c, 40)) for c in extra],
                        *([Said("upload.column_twice")] if raw.columns.duplicated().any() else []))
    if len(raw) > MAX_ROWS:
        return rejected(Said("upload.too_many_rows", n=len(raw), most=MAX_ROWS))
    if raw.empty:
        return rejected(Said("upload.no_rows"))
    return _check_rows(name, origin, raw, key_column, vocab, explain)


def _check_rows(name: str, origin: str, raw: pd.DataFrame, key_column: str, vocab: Vocabulary,
                explain: int) -> FigureFile:
    scope = KEYS[key_column]
    lines = pd.Series(range(2, len(raw) + 2), index=raw.index)
    key = raw[key_column].str.strip()
    key = key.str.upper() if scope == "country" else key.str.lower()
    year_text = raw["year"].str.strip()
    year = pd.to_numeric(year_text.where(year_text.str.fullmatch(r"\d{4}")), errors="coerce")
    indicator = raw["indicator"].str.strip().str.lower()
    value_text = raw["value"].str.strip()
    value = pd.to_numeric(value_text.where(value_text.str.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")),
                          errors="coerce")
    period = raw["period"].map(clean_text)
    note = raw["note"].map(clean_text) if "note" in raw.columns else pd.Series("", index=raw.index)
    known = vocab.routes if scope == "route" else vocab.countries
    allowed = vocab.route_indicators if scope == "route" else vocab.country_indicators
    first, last = vocab.years
    checks = [
        (~key.isin(known), key_column, f"unknown_{scope}", raw[key_column]),
        (year.isna(), "year", "not_a_year", raw["year"]),
        (year.notna() & ((year < first) | (year > last)), "year", "outside_years", raw["year"]),
        (~indicator.isin(allowed), "indicator", f"not_{scope}_indicator", raw["indicator"]),
        (value.isna(), "value", "not_a_number", raw["value"]),
        (value < 0, "value", "negative", raw["value"]),
        (period == "", "period", "no_period", None),
    ]
    # Each problem is a (line, check) pair found by array operations; only the first `explain` in line order
    # become sentences (a file of 10,000 bad rows has 50,000 problems: building them all took a second and 20 MB).
    bad = np.zeros(len(raw), dtype=bool)
    found_lines, found_checks, found_rows = [], [], []
    line_numbers = lines.to_numpy()
    for order, (mask, _column, _reason, _shown) in enumerate(checks):
        mask = mask.fillna(True).to_numpy(dtype=bool)
        bad |= mask
        where = np.flatnonzero(mask)
        found_lines.append(line_numbers[where])
        found_checks.append(np.full(len(where), order))
        found_rows.append(where)
    frame = pd.DataFrame({"scope": scope, "key": key, "year": year, "indicator": indicator, "value": value,
                          "period": period, "note": note, "line": lines})
    ok = frame[~bad]
    first_line = ok.groupby(["key", "year", "indicator"])["line"].transform("first")
    twice = (ok["line"] != first_line).to_numpy()
    repeated = np.flatnonzero(~bad)[twice]
    found_lines.append(line_numbers[repeated])
    found_checks.append(np.full(len(repeated), REPEATED))
    found_rows.append(repeated)
    bad[repeated] = True
    all_lines, all_checks, all_rows = (np.concatenate(found) for found in (found_lines, found_checks, found_rows))
    first_said = np.lexsort((all_checks, all_lines))[:explain]
    problems = []
    for at in first_said:
        row, order = int(all_rows[at]), int(all_checks[at])
        line = str(int(all_lines[at]))
        if order == REPEATED:
            problems.append(Said(f"upload.repeated_{scope}", line=line, same=str(int(first_line.loc[row]))))
            continue
        _mask, column, reason, shown = checks[order]
        quoted = clean_text(shown.iloc[row], 40) if shown is not None else None
        problems.append(Said("upload.cell", line=line, column=column, reason=reason, quoted=quoted,
                             first=str(first), last=str(last)))
    good = frame[~bad].astype({"year": int, "value": float}).reset_index(drop=True)
    return FigureFile(name, "visitor" if origin not in ORIGINS else origin, good, tuple(problems), len(all_lines))


def _empty() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in ROW_COLUMNS})


# --- where they live -----------------------------------------------------------------------------------------------

def read_folder(folder: Path | None, vocab: Vocabulary) -> AddedFigures:
    """The operator's files: every `*.csv` in ``folder``, checked once at start-up (a broken one never stops the
    app; its problems are listed)."""
    if folder is None or not folder.is_dir():
        return NONE
    files = []
    for path in sorted(folder.glob("*.csv")):
        try:
            content = path.read_bytes()[: MAX_BYTES + 1]
        except OSError as exc:
            files.append(FigureFile(clean_name(path.name), "operator", _empty(),
                                    (Said("upload.cannot_read", error=type(exc).__name__),)))
            continue
        files.append(check_file(path.name, content, vocab, origin="operator"))
    return combine(*files)


def to_store(files: list[FigureFile] | tuple[FigureFile, ...]) -> dict | None:
    """What a browser keeps of a visitor's files: names and good rows, nothing else."""
    kept = [{"name": f.name, "csv": f.canonical_csv()} for f in files if f.accepted]
    return {"v": 1, "files": kept} if kept else None


def from_store(payload: object, vocab: Vocabulary, origin: str) -> AddedFigures:
    """A visitor's (or a link's) files as sent by the browser, checked again as if new; garbage gives none.

    What one request may cost is bounded before anything is parsed: at most MAX_FILES files holding at most
    MAX_ROWS lines and MAX_REQUEST_BYTES bytes together (what a browser keeps never exceeds these: it holds only
    good rows, within the same caps), else none are used. Stored files were checked when added, so their problems
    are only counted here, never put into sentences.
    """
    files = _stored_files(payload)
    if not files:
        return NONE
    key = _store_key(origin, files)
    cached = _CACHE.get(key, vocab)
    if cached is not None:
        return cached
    checked, rows = [], 0
    for name, csv in files:
        one = check_file(name, csv.encode(), vocab, origin, explain=0)
        if rows + one.accepted > MAX_ROWS:
            break
        rows += one.accepted
        checked.append(one)
    result = combine(*[f for f in checked if f.accepted])
    _CACHE.put(key, vocab, result)
    return result


def is_checked(payload: object, vocab: Vocabulary, origin: str) -> bool:
    """Whether from_store would answer ``payload`` from its cache (or without any work: nothing, or too much)."""
    files = _stored_files(payload)
    return not files or _CACHE.get(_store_key(origin, files), vocab) is not None


def _store_key(origin: str, files: list[tuple[str, str]]) -> str:
    return hashlib.sha256(json.dumps([origin, files], default=str).encode()).hexdigest()


def _stored_files(payload: object) -> list[tuple[str, str]] | None:
    """(name, csv) of each file in a stored payload, or None if it is not one or exceeds one request's bounds."""
    if not isinstance(payload, dict) or not isinstance(payload.get("files"), list):
        return None
    items = payload["files"]
    if len(items) > MAX_FILES:
        return None
    files = []
    size = lines = 0
    for item in items:
        if not isinstance(item, dict) or not isinstance(item.get("csv"), str):
            continue
        name, csv = str(item.get("name", "figures.csv"))[:MAX_NAME * 4], item["csv"]
        size += len(csv) + len(name)
        lines += csv.count("\n")
        # a stored file has a header per scope (two at most) above its rows
        if size > MAX_REQUEST_BYTES or lines > MAX_ROWS + 2 * MAX_FILES:
            return None
        files.append((name, csv))
    return files


class ByteBudgetCache:
    """Checked figure sets by request digest, least recently used first out, bounded by the bytes they hold
    (a set of 10,000 rows holds a few MB; a count of entries bounds nothing)."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.held = 0
        self._items: OrderedDict[tuple[str, Vocabulary], tuple[AddedFigures, int]] = OrderedDict()

    def get(self, key: str, vocab: Vocabulary) -> AddedFigures | None:
        found = self._items.get((key, vocab))
        if found is None:
            return None
        self._items.move_to_end((key, vocab))
        return found[0]

    def put(self, key: str, vocab: Vocabulary, value: AddedFigures) -> None:
        size = 512 + sum(int(f.rows.memory_usage(deep=True).sum()) for f in value.files)
        if size > self.budget or (key, vocab) in self._items:
            return
        self._items[(key, vocab)] = (value, size)
        self.held += size
        while self.held > self.budget:
            _, (_, dropped) = self._items.popitem(last=False)
            self.held -= dropped

    def __len__(self) -> int:
        return len(self._items)


_CACHE = ByteBudgetCache(CACHE_BYTES)


def to_link_fragment(files: AddedFigures) -> str | None:
    """The `figures=...` fragment that carries files in a link (compressed JSON, base64url), or None if too long."""
    payload = to_store(files.files)
    if payload is None:
        return None
    packed = zlib.compress(json.dumps(payload, separators=(",", ":")).encode(), 9)
    fragment = LINK_PREFIX + base64.urlsafe_b64encode(packed).decode().rstrip("=")
    return fragment if len(fragment) <= MAX_LINK_CHARS else None


def from_link_fragment(fragment: object) -> dict | None:
    """The payload a link's fragment carries, or None for anything else; never raises, never inflates past a
    bounded size (a small fragment cannot unpack into a huge one)."""
    if not isinstance(fragment, str):
        return None
    text = fragment.lstrip("#")
    if not text.startswith(LINK_PREFIX) or len(text) > MAX_LINK_CHARS:
        return None
    body = text[len(LINK_PREFIX):]
    try:
        packed = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        inflater = zlib.decompressobj()
        raw = inflater.decompress(packed, MAX_REQUEST_BYTES)
        if inflater.unconsumed_tail:
            return None
        payload = json.loads(raw.decode("utf-8"))
    except (binascii.Error, ValueError, zlib.error, UnicodeDecodeError, RecursionError):
        return None
    return payload if isinstance(payload, dict) else None
