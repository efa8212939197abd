"""The page's own script names the components it drives by id: every such id is one that layouts/ids.py gives a
component, so renaming an id in Python cannot silently leave the browser side looking for the old one."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from layouts import ids

SCRIPT = Path(__file__).resolve().parent.parent / "assets" / "dashboard.js"

# The ways dashboard.js names a component: looked up by id, compared with a callback's triggering id, kept in a
# constant that says which ids.py name it mirrors, or listed for a loop of lookups.
BY_ID = re.compile(r'getElementById\("([\w-]+)"\)')
TRIGGER_ID = re.compile(r'\bid === "([\w-]+)"')
MIRRORED = re.compile(r'var \w+ = "([\w./-]+)";\s*// layouts/ids\.py (\w+)')
# ... or by a CSS selector: `querySelector("#map ...")`, `closest("#controls-toggle")`, a selector in a constant.
SELECTOR_ID = re.compile(r'(?:querySelector|querySelectorAll|closest|text)\("#([\w-]+)|= "#([a-z][\w-]*) ')
ID_LISTS = re.compile(r'\[((?:"[\w-]+",\s*)*"[\w-]+")\]\.forEach\(function \(id\)')


def script_ids() -> tuple[set[str], dict[str, str]]:
    """Every id the script uses, and the ids.py constant each mirrored one names."""
    source = SCRIPT.read_text(encoding="utf-8")
    used = set(BY_ID.findall(source)) | set(TRIGGER_ID.findall(source))
    used |= {a or b for a, b in SELECTOR_ID.findall(source)}
    for group in ID_LISTS.findall(source):
        used |= set(re.findall(r'"([\w-]+)"', group))
    mirrored = dict(MIRRORED.findall(source))
    return used | set(mirrored), mirrored


def component_ids() -> set[str]:
    return {v for k, v in vars(ids).items() if k.isupper() and isinstance(v, str) and "{" not in v}


def test_every_id_the_script_uses_is_a_component_id() -> None:
    used, _ = script_ids()
    assert {"play-button", "clear-selection", "present-button", "controls-panel", "events-store", "map",
            "controls-toggle", "disclaimer"} <= used  # each way of naming an id is found
    assert used - component_ids() == set(), "dashboard.js names ids that layouts/ids.py does not define"


def test_each_mirrored_constant_equals_its_ids_py_name() -> None:
    _, mirrored = script_ids()
    assert mirrored, "the script's mirrored constants were not found"
    assert {value: getattr(ids, name, None) for value, name in mirrored.items()} == {v: v for v in mirrored}


def test_the_paths_the_script_builds_are_the_pages_paths() -> None:
    _, mirrored = script_ids()
    assert {ids.SOURCES_PATH, ids.MAP_PICTURE_PATH} <= set(mirrored)
    source = SCRIPT.read_text(encoding="utf-8")
    paths = re.findall(r'"(/[\w./-]+)"', source)  # every absolute path written in the script
    assert paths == [ids.SOURCES_PATH, ids.MAP_PICTURE_PATH], "the script writes a path outside its mirrored constants"


def test_the_event_queue_passes_its_node_tests() -> None:
    """tests/js/dashboard.test.mjs runs the script's queue in node's own test runner (node is on the machine, as
    npm is for the accessibility tests)."""
    node = shutil.which("node")
    assert node, "node is needed for tests/js (Debian's nodejs)"
    run = subprocess.run([node, "--test", str(SCRIPT.parent.parent / "tests" / "js")], capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert "# fail 0" in run.stdout and "# pass 0" not in run.stdout
