"""Figure updates as Dash sends them: the whole figure, nothing, or a `Patch` of the differences (figures.diff)."""

from __future__ import annotations

from dash import Patch

from figures.diff import Operation, apply, diff


def to_patch(operations: list[Operation]) -> Patch:
    """The operations as a Dash `Patch` for a figure property (never a whole-figure replacement)."""
    return apply(Patch(), operations)


def figure_update(old: dict | None, new: dict) -> dict | Patch | None:
    """What to send for a figure: the whole figure when there is no previous one (or the two are not both dicts),
    None when nothing changed, and otherwise a Patch of the differences."""
    if old is None:
        return new
    operations = diff(old, new)
    if not operations:
        return None
    if any(not path for _, path, _ in operations):
        return new
    return to_patch(operations)
