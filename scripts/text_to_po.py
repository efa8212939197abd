"""Move interface texts written as a Python dict (``TEXT = {"en": {...}, "ru": {...}}``) into the catalogues.

For a branch that still adds keys to the old hand-written dict: save its ``core/text.py`` somewhere and run
``python scripts/text_to_po.py that_file.py``. Every key the catalogues lack is added to ``locale/<lang>/LC_MESSAGES/
messages.po`` (English text in the ``en`` catalogue, the other languages' texts in theirs); languages the dict lacks
get the key untranslated, so the missing-translation test names it until a translator fills it in. Existing
translations are kept unless ``--overwrite`` is given. Then run ``make messages``.
"""

from __future__ import annotations

import argparse
import ast
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
LOCALE_DIR = ROOT / "locale"


def read_text_dict(path: Path) -> dict[str, dict[str, str]]:
    """The literal ``TEXT`` dict of a Python module, read without running the module."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        target = getattr(node, "target", None) or (getattr(node, "targets", None) or [None])[0]
        if isinstance(node, ast.AnnAssign | ast.Assign) and isinstance(target, ast.Name) and target.id == "TEXT":
            return ast.literal_eval(node.value)
    raise SystemExit(f"no TEXT dict in {path.name}")


def merge(texts: dict[str, dict[str, str]], overwrite: bool = False) -> dict[str, int]:
    """Add the dict's keys to every catalogue present; how many messages each catalogue gained or changed."""
    changed: dict[str, int] = {}
    for po_path in sorted(LOCALE_DIR.glob("*/LC_MESSAGES/messages.po")):
        lang = po_path.parent.parent.name
        with po_path.open("rb") as handle:
            catalog = read_po(handle, locale=lang)
        count = 0
        for key in texts.get("en", {}):
            string = texts.get(lang, {}).get(key, "")
            message = catalog.get(key)
            if message is None:
                catalog.add(key, string)
                count += 1
            elif string and (overwrite or not message.string):
                message.string, count = string, count + 1
        with po_path.open("wb") as handle:
            write_po(handle, catalog, width=120, sort_output=True)
        changed[lang] = count
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("module", type=Path, help="a Python file holding a TEXT dict")
    parser.add_argument("--overwrite", action="store_true", help="replace translations the catalogues already hold")
    args = parser.parse_args(argv)
    print(merge(read_text_dict(args.module), args.overwrite))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
