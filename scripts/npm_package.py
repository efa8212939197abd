"""Fetch a pinned npm package and read files out of it, for the build scripts.

The tarball comes from `npm pack` (the registry, never a browser download) and is checked against the integrity
string `npm view <package> dist.integrity` reports, so a tampered or re-published tarball is refused. Files are
read one by one by name, never with extractall, so no path inside an archive is trusted.
"""

from __future__ import annotations

import base64
import hashlib
import subprocess
import sys
import tarfile
from pathlib import Path


def fetch_package(package: str, integrity: str, workdir: Path) -> Path:
    """Download the pinned tarball into ``workdir`` and verify its integrity hash."""
    subprocess.run(
        ["npm", "pack", package, "--silent", "--pack-destination", str(workdir)],
        check=True,
        cwd=workdir,
        stdout=subprocess.DEVNULL,
    )
    (tarball,) = workdir.glob("*.tgz")
    algo, _, expected = integrity.partition("-")
    digest = base64.b64encode(hashlib.new(algo, tarball.read_bytes()).digest()).decode()
    if digest != expected:
        sys.exit(f"integrity mismatch for {package}: got {algo}-{digest}")
    return tarball


def extract_member(tarball: Path, member: str, workdir: Path) -> Path:
    """Copy one named file out of the tarball into ``workdir``."""
    with tarfile.open(tarball) as tar:
        handle = tar.extractfile(member)
        if handle is None:
            sys.exit(f"{member} missing from {tarball.name}")
        target = workdir / Path(member).name
        target.write_bytes(handle.read())
    return target
