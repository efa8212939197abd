"""Each output has one writer; where a second one is needed, the code says why next to it."""

from __future__ import annotations

import re
from pathlib import Path

from layouts import ids
from tests.calls import outputs

ROOT = Path(__file__).resolve().parent.parent


def test_every_allow_duplicate_says_why_one_writer_could_not_do() -> None:
    unexplained = []
    for path in sorted((ROOT / "callbacks").glob("*.py")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for n, line in enumerate(lines):
            if "allow_duplicate=True" in line:
                before = " ".join(lines[max(0, n - 6):n + 1])
                if not re.search(r"#.*\b(other|second) writer", before):
                    unexplained.append(f"{path.name}:{n + 1}")
    assert unexplained == []


def test_outputs_with_two_writers_are_only_the_explained_ones(app) -> None:
    writers: dict[str, int] = {}
    for spec in app.callback_map.values():
        for o in outputs(spec):
            key = f"{o.component_id}.{o.component_property}"
            writers[key] = writers.get(key, 0) + 1
    shared = {k for k, n in writers.items() if n > 1}
    assert shared == {f"{ids.MAP}.figure", f"{ids.MAP_LEGEND}.children", f"{ids.MAP_DRAWN}.data",
                      f"{ids.NOTICE}.hidden"}
