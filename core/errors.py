"""The one exception type for bad data, carrying the file, row and column a person must fix."""

from __future__ import annotations


class DataError(Exception):
    """A shipped or user-supplied data file is broken.

    The message names the file, the line (1-based, header is line 1) and the column, so that the
    person who has to fix it never needs to read a traceback.
    """

    def __init__(self, file: str, problems: list[str]) -> None:
        self.file = file
        self.problems = problems
        shown = "\n".join(f"  - {p}" for p in problems[:20])
        more = f"\n  ... and {len(problems) - 20} more" if len(problems) > 20 else ""
        super().__init__(f"Bad data in {file}:\n{shown}{more}")
