"""The data every request sees: the shipped bundle, plus the user files in the user-data folder.

The shipped data is loaded and validated once. User files are re-read only when the folder changes (a cheap
listing of names, sizes and times per request), so a file dropped into the folder, or uploaded, shows up without
a restart, in every worker, and a broken one is reported instead of stopping the app.
"""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path

from core.bundle import Bundle
from core.prepared import Prepared, prepare
from core.user_data import UserFile, merge, read_folder


class DataStore:
    """Hands out the current Prepared data; rebuilds it when the user-data folder changes."""

    def __init__(self, bundle: Bundle, user_dir: Path | None) -> None:
        self.bundle = bundle
        self.user_dir = user_dir
        self._lock = threading.Lock()
        self._signature: tuple | None = None
        self._prep: Prepared = prepare(bundle)
        self._files: list[UserFile] = []
        # Names the user rows in use: a digest of the folder's listing, so every worker and every instance that sees
        # the same files gives the same version, and figures drawn from other rows are never patched as if current.
        self.version = ""
        self.prep()

    def prep(self) -> Prepared:
        """The prepared data including every valid user row."""
        signature = self._folder_signature()
        if signature != self._signature:
            with self._lock:
                if signature != self._signature:
                    files = read_folder(self.user_dir, self.bundle) if self.user_dir else []
                    self._prep = prepare(merge(self.bundle, files))
                    self._files = files
                    self._signature = signature
                    self.version = hashlib.sha256(repr(signature).encode()).hexdigest()[:16]
        return self._prep

    def user_files(self) -> list[UserFile]:
        """The user files as last read, with their problems."""
        self.prep()
        return list(self._files)

    def _folder_signature(self) -> tuple:
        if not self.user_dir or not self.user_dir.is_dir():
            return ()
        return tuple(sorted((p.name, s.st_size, s.st_mtime_ns) for p in self.user_dir.glob("*.csv")
                            for s in [p.stat()]))
