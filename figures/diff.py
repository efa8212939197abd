"""Turn "the figure the browser holds" and "the figure it should hold" into the smallest list of changes.

Figures are plain dicts built by pure functions, so the figure a browser last drew can be rebuilt from the view it
was drawn for (cheaply: the builders are memoised) and compared with the new one. Only the leaves that differ go on
the wire; the rest (route geometry, country names, hover templates that did not change) stays in the browser.
"""

from __future__ import annotations

from typing import Any

Path = tuple[str | int, ...]
Operation = tuple[str, Path, Any]  # ("set", path, value) or ("del", path, None)
MIN_ITEMWISE = 8  # arrays at least this long may be patched item by item


def diff(old: Any, new: Any, path: Path = ()) -> list[Operation]:
    """The operations that turn ``old`` into ``new``: dicts are compared key by key, lists of dicts of one length
    item by item (traces, annotations, shapes), long lists of one length item by item when at most half of them
    changed, and any other differing value is replaced whole."""
    if isinstance(old, dict) and isinstance(new, dict):
        ops: list[Operation] = [("del", (*path, key), None) for key in old if key not in new]
        for key, value in new.items():
            if key not in old:
                ops.append(("set", (*path, key), value))
            elif old[key] != value:
                ops.extend(diff(old[key], value, (*path, key)))
        return ops
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        changed = [i for i, (a, b) in enumerate(zip(old, new)) if a != b]
        records = all(isinstance(a, dict) and isinstance(b, dict) for a, b in zip(old, new))
        # A long array with few changes (a year step changes a handful of the map's 119 countries) sends only the
        # changed items; one where most items change goes whole, which is shorter than an operation per item.
        if records or (len(old) >= MIN_ITEMWISE and len(changed) * 2 <= len(old)):
            return [op for i in changed for op in diff(old[i], new[i], (*path, i))]
    return [] if old == new else [("set", path, new)]


def apply(target: Any, operations: list[Operation]) -> Any:
    """Apply operations to a target that supports item access (a plain figure, or anything that records them)."""
    for kind, path, value in operations:
        if not path:
            target = value
            continue
        node = target
        for key in path[:-1]:
            node = node[key]
        if kind == "del":
            del node[path[-1]]
        else:
            node[path[-1]] = value
    return target
