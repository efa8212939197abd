"""How a server process starts: without the test-only libraries, and without the garbage collector while it loads.

pandera imports hypothesis whenever it is installed (for its data-synthesis strategies, which validation never
uses), and hypothesis loads its plugins: about a second of every start-up once `make test` has installed them. A
server process marks hypothesis as absent before pandera is imported; pandera then takes its documented
no-hypothesis path.

Loading the app builds some 260,000 long-lived objects (modules, frames, the layout), and the cyclic garbage
collector walked them again and again while they were built: 0.2-0.3 s of every start, for about 2,000 objects of
garbage (parsed Markdown tokens). So the collector is off while the app loads, and afterwards everything loaded is
frozen (`gc.freeze`: out of every later collection's sight, so no request pays for walking it) before it is switched
back on. Python's documentation gives this recipe for servers that fork workers after loading: the workers then
share those memory pages instead of copying them when a collection touches them.

Only the two server entry points call this (never the tests, which need hypothesis).
"""

from __future__ import annotations

import gc
import sys

TEST_ONLY = ("hypothesis",)


def skip_test_only_imports() -> None:
    """Make the test-only libraries look absent to this process, unless something already imported them."""
    for name in TEST_ONLY:
        sys.modules.setdefault(name, None)  # type: ignore[arg-type]  # None: "import" raises ImportError


def hold_collection() -> None:
    """Before loading: no cyclic garbage collection until `settle_collection`."""
    gc.disable()


def settle_collection() -> None:
    """After loading (and before any fork): everything alive now is kept out of later collections, which resume."""
    gc.freeze()
    gc.enable()
