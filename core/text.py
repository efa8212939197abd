"""The interface's words in every language, from the gettext catalogues under ``locale/``, and number formatting.

Each ``locale/<lang>/LC_MESSAGES/messages.po`` is a standard catalogue (managed with ``pybabel``, see
``make messages``); its message ids are short keys (``"chart.deaths"``), the ``en`` catalogue holds the English
text. The languages are the catalogues present, so adding one is adding a catalogue. Catalogues are compiled to
``.mo`` when stale and read once at import: a lookup is a dict access, never a file read. A message that is
missing, empty or fuzzy in a catalogue falls back to English (and the catalogue test fails on it).
"""

from __future__ import annotations

import io
import math
from datetime import date
from pathlib import Path

from babel.dates import format_date, format_skeleton
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, get_decimal_symbol, get_group_symbol

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "messages"
SOURCE_LANG = "en"


def N_(key: str) -> str:  # noqa: N802 - the gettext convention that pybabel extract looks for
    """Marks a message id used through a computed key (``t(f"tier.{k}")``) so ``pybabel extract`` finds it."""
    return key


def compile_catalogue(po_path: Path) -> bytes:
    """The ``.mo`` bytes of one catalogue (fuzzy entries left out, as ``pybabel compile`` does), written beside it
    when it is missing or older than the ``.po``; a read-only install compiles in memory instead."""
    mo_path = po_path.with_suffix(".mo")
    if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
        return mo_path.read_bytes()
    with po_path.open("rb") as handle:
        catalog = read_po(handle, locale=po_path.parent.parent.name)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    data = buffer.getvalue()
    try:
        mo_path.write_bytes(data)
    except OSError:  # a read-only checkout still serves every language
        pass
    return data


def load_catalogues(locale_dir: Path = LOCALE_DIR) -> dict[str, dict[str, str]]:
    """Every catalogue's translated messages, ``lang -> key -> text``; the source language first."""
    found: dict[str, dict[str, str]] = {}
    for po_path in sorted(locale_dir.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        catalog = read_mo(io.BytesIO(compile_catalogue(po_path)))
        found[po_path.parent.parent.name] = {m.id: m.string for m in catalog if m.id and m.string}
    if SOURCE_LANG not in found:
        raise RuntimeError(f"no {SOURCE_LANG} catalogue under locale/: the English texts are the fallback")
    return {SOURCE_LANG: found.pop(SOURCE_LANG), **found}


TEXT: dict[str, dict[str, str]] = load_catalogues()
LANGS: tuple[str, ...] = tuple(TEXT)


def known_lang(lang: object) -> str:
    """The language to speak: ``lang`` when the interface has it, else the source language (English)."""
    return lang if lang in LANGS else SOURCE_LANG


# Each language's own name, from its own catalogue (the language switch shows these).
LANG_NAMES: dict[str, str] = {lang: TEXT[lang].get("language.name", lang) for lang in LANGS}
# plotly's layout.separators (decimal point, then thousands separator), as Babel's CLDR data gives them.
SEPARATORS: dict[str, str] = {lang: get_decimal_symbol(lang) + get_group_symbol(lang) for lang in LANGS}


def t(key: str, lang: str = "en", **values: object) -> str:
    """The text for ``key`` in ``lang`` (English if the language or the translation is missing), with
    {placeholders} filled."""
    table = TEXT.get(lang, TEXT[SOURCE_LANG])
    text = table.get(key) or TEXT[SOURCE_LANG][key]
    return text.format(**values) if values else text


def column(name: str, lang: str) -> str:
    """The data column holding ``name`` in ``lang``: ``name_ru`` for Russian, ``name`` itself for English."""
    return name if lang == SOURCE_LANG or lang not in LANGS else f"{name}_{lang}"


def period(value: str, lang: str = "en") -> str:
    """A data row's period in ``lang`` where the catalogue knows it (e.g. "end of year"), else as written."""
    return TEXT.get(lang, TEXT[SOURCE_LANG]).get(f"period.{value}", value)


def confidence_words(label: object, lang: str = "en") -> str:
    """A data row's confidence label ("exact (secondary)", "lower bound") in ``lang``, else as written."""
    text = label if isinstance(label, str) else ""
    return TEXT.get(lang, TEXT[SOURCE_LANG]).get(f"confidence.{text}", text) if text else ""


def fmt_date(value: object, lang: str = "en") -> str:
    """An ISO date as the language writes it (Babel's CLDR data): "2020-06-18" -> "18 June 2020" / "18 июня 2020 г.",
    "2015-06" -> "June 2015" / "июнь 2015 г."; a bare year or any other text stays as written."""
    text = value if isinstance(value, str) else str(value)
    locale = known_lang(lang)
    try:
        if len(text) == 10:
            return format_date(date.fromisoformat(text), format="long", locale=locale)
        if len(text) == 7:
            return format_skeleton("yMMMM", date.fromisoformat(text + "-01"), locale=locale)
    except ValueError:
        pass
    return text


def month_label(month: str, lang: str = "en") -> str:
    """'2016-10' as the language writes a month (Babel's CLDR data): "Oct 2016", "окт. 2016 г.", "жовт. 2016 р."."""
    locale = known_lang(lang)
    return format_skeleton("yMMM", date.fromisoformat(month + "-01"), locale=locale)


def months_label(first: str, last: str, lang: str = "en") -> str:
    """A month range, "Jan 2016 – Dec 2016" (one month alone: "Oct 2016")."""
    return month_label(first, lang) if first == last else f"{month_label(first, lang)} – {month_label(last, lang)}"


def qualifier(confidence: object) -> str:
    """How a figure's confidence label qualifies its number: "more_than" or "at_least" for a lower bound, "almost"
    or "about" for a figure the publisher rounded, else ""."""
    label = confidence if isinstance(confidence, str) else ""
    if label.startswith("lower bound"):
        return "at_least" if "at least" in label else "more_than"
    if "almost" in label:
        return "almost"
    if "rounded" in label:
        return "about"
    return ""


def fmt_figure(value: float | None, confidence: object, lang: str = "en", decimals: int = 0) -> str:
    """A sourced number as the source words it: "more than 4,013,000", "about 103,000", "66,328 (preliminary)"."""
    text = fmt_number(value, lang, decimals)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return text
    kind = qualifier(confidence)
    if kind:
        text = t(f"qualifier.{kind}", lang, value=text)
    if isinstance(confidence, str) and "preliminary" in confidence:
        text += " " + t("qualifier.preliminary", lang)
    return text


def later_release(confidence: object) -> bool:
    """A figure from another release or a secondary source than the series it continues (the 2025 figures, seen
    through news agencies, after the 2009-2024 files): drawn apart, never joined to the series' line."""
    return isinstance(confidence, str) and "secondary" in confidence


def later_release_words(confidence: object, lang: str = "en") -> str:
    """"later release, secondary source" for such a figure, else ""."""
    return t("series.later_release", lang) if later_release(confidence) else ""


# A figure computed from others of which one is a later, secondary release (and maybe preliminary) inherits their
# weakest confidence: "computed (from a later, secondary release)" for a rate or a sum, "analytic composite (...)" for
# a risk score (catalogue messages `confidence.*`, tests/test_catalogues.py checks each one the data can reach).
LATER_INPUTS = ("from a later, secondary release", "from a later, secondary release; preliminary")


def computed_confidence(*inputs: object, base: str = "computed") -> str:
    """The confidence a figure computed from ``inputs`` (their confidence labels) inherits: the weakest, said after
    ``base`` ("computed", or "analytic composite" for a risk score)."""
    if not any(later_release(c) for c in inputs):
        return base
    return f"{base} ({LATER_INPUTS[any('preliminary' in str(c) for c in inputs)]})"


def qualifier_words(confidence: object, lang: str = "en") -> str:
    """The qualifier alone, for hovers and the CSV: "more than", "about", "preliminary", or ""."""
    kind = qualifier(confidence)
    words = [t(f"qualifier.{kind}", lang, value="").strip()] if kind else []
    if isinstance(confidence, str) and "preliminary" in confidence:
        words.append(t("qualifier.preliminary", lang).strip("()"))
    return ", ".join(words)


def when(year: int, periods: list[str] | set[str], lang: str = "en") -> str:
    """The year a figure is filed under, with its period unless that is the calendar year or its end: a mid-year
    stock says "2024 (mid-2024)", a cumulative count says its dates, so no partial period reads as a whole year."""
    shown = sorted({period(p, lang) for p in periods if p not in ("calendar year", "end of year")})
    return f"{year} ({'; '.join(shown)})" if shown else str(year)


def fmt_number(value: float | None, lang: str = "en", decimals: int = 0) -> str:
    """A number grouped as the language groups it (Babel's CLDR data): 1,234,567 in English, 1 234 567 in
    Russian and Ukrainian; "no data" in the language if missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return t("no_data", lang)
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=known_lang(lang))
