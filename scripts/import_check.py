"""What the data imports share: write their tables into data/, or with --check rebuild them in a scratch directory
and say which committed file differs (exit 1), so a test can prove the committed tables are what the source gives."""

from __future__ import annotations

import filecmp
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path


def write_or_check(write_outputs: Callable[[Path], list[str]], out_dir: Path, outputs: Sequence[str], *,
                   check: bool, quiet: bool, name: str, rerun: str) -> int:
    """Run an import: ``write_outputs(directory)`` writes ``outputs`` there and returns its report lines. Without
    ``check`` they go into ``out_dir``; with it into a scratch directory, compared byte for byte with ``out_dir``."""
    if not check:
        notes = write_outputs(out_dir)
        if not quiet:
            print("\n".join(notes))
            print(f"wrote {', '.join(outputs)}")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        notes = write_outputs(Path(tmp))
        stale = [f for f in outputs
                 if not (out_dir / f).exists() or not filecmp.cmp(Path(tmp) / f, out_dir / f, shallow=False)]
    if stale:
        print(f"out of date: {', '.join(stale)}; run {rerun}", file=sys.stderr)
        return 1
    if not quiet:
        print("\n".join(notes))
        print(f"{name} tables up to date")
    return 0
