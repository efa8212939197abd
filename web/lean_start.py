"""Start a server without the test-only libraries that pandera would import on the way.

pandera imports hypothesis whenever it is installed (for its data-synthesis strategies, which validation never
uses), and hypothesis loads its plugins: about a second of every start-up once `make test` has installed them. A
server process marks hypothesis as absent before pandera is imported; pandera then takes its documented
no-hypothesis path. Only the two server entry points call this (never the tests, which need hypothesis).
"""

from __future__ import annotations

import sys

TEST_ONLY = ("hypothesis",)


def skip_test_only_imports() -> None:
    """Make the test-only libraries look absent to this process, unless something already imported them."""
    for name in TEST_ONLY:
        sys.modules.setdefault(name, None)  # type: ignore[arg-type]  # None: "import" raises ImportError
