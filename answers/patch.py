"""Figure updates as Dash sends them: the whole figure, nothing, or a `Patch` of the differences (figures.diff)."""

from __future__ import annotations

from typing import Any

from dash import Patch

from figures.diff import Operation, apply, diff


def to_patch(operations: list[Operation]) -> Patch:
    """The operations as a Dash `Patch` for a figure property (never a whole-figure replacement)."""
    return apply(Patch(), operations)


def figure_update(old: dict | None, new: dict) -> dict | Patch | None:
    """What to send for a figure: the whole figure when there is no previous one (or the two are not both dicts),
    None when nothing changed, and otherwise a Patch of the differences."""
    return _update(old, new, new)


def as_json(node: Any) -> Any:
    """Dash components (and lists of them) as the plain JSON the browser holds for them, so they can be diffed."""
    if hasattr(node, "to_plotly_json"):
        shape = node.to_plotly_json()
        return {**shape, "props": {key: as_json(value) for key, value in shape["props"].items()}}
    if isinstance(node, list | tuple):
        return [as_json(item) for item in node]
    return node


def children_update(old: Any, new: Any, whole: Any) -> Any:
    """What to send for a `children` property, given the old and new children as JSON (`as_json`) and the new
    ones as components: them whole when there were none before (or nothing of them can be kept), None when nothing
    changed, else a Patch of the differences (the year in the map's legend, say, not the whole legend)."""
    return _update(old, new, whole)


def _update(old: Any, new: Any, whole: Any) -> Any:
    if old is None:
        return whole
    operations = diff(old, new)
    if not operations:
        return None
    if any(not path for _, path, _ in operations):
        return whole
    return to_patch(operations)
