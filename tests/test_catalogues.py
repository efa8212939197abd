"""Every interface message is translated in every catalogue, and the catalogues hold what the code uses.

A message counts as missing when its translation is absent, empty or fuzzy; the English catalogue is checked like
the others, since its texts are what readers of English see. The POT must be what ``pybabel extract`` finds in the
code today (so a new ``t("key")`` cannot hide from translators), and each catalogue must hold every POT message.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from babel.messages.extract import extract_from_dir, extract_from_file
from babel.messages.pofile import read_po

from core.text import LANG_NAMES, LANGS, LOCALE_DIR, TEXT, t

ROOT = Path(__file__).resolve().parent.parent
PLACEHOLDER = re.compile(r"{(\w+)}")
KEYWORDS = {"t": None, "text": None, "N_": None, "Problem": None, "Rejected": None}
CODE_DIRS = ("core", "state", "figures", "answers", "layouts", "callbacks", "web")


def read(path: Path):
    with path.open("rb") as handle:
        return read_po(handle)


CATALOGUES = sorted(LOCALE_DIR.glob("*/LC_MESSAGES/messages.po"))
TEMPLATE = {m.id for m in read(LOCALE_DIR / "messages.pot") if m.id}


def test_every_catalogue_is_a_language_of_the_switch() -> None:
    assert [p.parent.parent.name for p in CATALOGUES] == sorted(LANGS) and {"en", "ru", "uk"} <= set(LANGS)
    assert LANG_NAMES == {"en": "English", "ru": "Русский", "uk": "Українська"} | {
        k: v for k, v in LANG_NAMES.items() if k not in ("en", "ru", "uk")}


def test_the_template_is_what_extraction_finds_today() -> None:
    found: set[str] = set()
    for folder in CODE_DIRS:
        for *_, message, _comments, _context in extract_from_dir(
                ROOT / folder, keywords=KEYWORDS, comment_tags=(), strip_comment_tags=True):
            found.add(message if isinstance(message, str) else message[0])
    found |= {m[1] for m in extract_from_file("python", ROOT / "app.py", keywords=KEYWORDS)}
    assert found == TEMPLATE, f"run `make messages`: new {sorted(found - TEMPLATE)}, gone {sorted(TEMPLATE - found)}"


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: p.parent.parent.name)
def test_every_message_is_translated_and_none_is_fuzzy(po_path: Path) -> None:
    catalog = read(po_path)
    assert not catalog.fuzzy, "the catalogue's header is fuzzy: pybabel compile would skip the whole catalogue"
    messages = {m.id: m for m in catalog if m.id}
    missing = sorted(TEMPLATE - set(messages))
    untranslated = sorted(k for k, m in messages.items() if not (m.string or "").strip())
    fuzzy = sorted(k for k, m in messages.items() if m.fuzzy)
    assert not (missing or untranslated or fuzzy), f"missing {missing}; untranslated {untranslated}; fuzzy {fuzzy}"
    assert set(messages) == TEMPLATE, f"not in the code: {sorted(set(messages) - TEMPLATE)}"


@pytest.mark.parametrize("lang", [lang for lang in LANGS if lang != "en"])
def test_translations_keep_the_placeholders_and_are_not_english(lang: str) -> None:
    english_left = []
    for key, en in TEXT["en"].items():
        text = TEXT[lang][key]
        assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(en)), key
        if len(en) > 12 and text == en and not key.startswith("period."):
            english_left.append(key)
    assert not english_left, f"left in English: {english_left}"


def test_data_columns_exist_in_every_language() -> None:
    """A data word translated in one language (a `_ru` column) is translated in all of them, with no gaps."""
    for path in sorted((ROOT / "data").glob("*.csv")):
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, nrows=None if path.stat().st_size < 200_000 else 5)
        for name in [c[:-3] for c in frame.columns if c.endswith("_ru")]:
            for lang in LANGS[1:]:
                assert f"{name}_{lang}" in frame.columns, f"{path.name}: no {name}_{lang}"
                gaps = (frame[name].str.strip() != "") & (frame[f"{name}_{lang}"].str.strip() == "")
                assert not gaps.any(), f"{path.name}: {name}_{lang} empty on lines {list(frame.index[gaps] + 2)}"


def test_a_lookup_is_a_dict_access_and_falls_back_to_english() -> None:
    assert t("title", "xx") == t("title", "en") and t("title", "uk") != t("title", "en")


def test_every_period_and_confidence_label_in_the_data_is_a_message() -> None:
    """The data's period and confidence words ("as of 9 Jul 2015", "exact (secondary)") are read out in every
    language: each one the data uses is a catalogue message, so a new one cannot reach a reader untranslated."""
    missing = set()
    for path in sorted((ROOT / "data").glob("*.csv")):
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        for kind in ("period", "confidence"):
            if kind in frame.columns:
                missing |= {f"{kind}.{v}" for v in frame[kind] if v and f"{kind}.{v}" not in TEXT["en"]}
    assert not missing, sorted(missing)
