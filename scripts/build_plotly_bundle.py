"""Build assets/plotly-partial.min.js: plotly.js with only the trace types the dashboard draws.

The full plotly.min.js that Dash ships holds every trace type (4.8 MB, 1.5 MB gzipped) and is the largest thing a
first visit downloads and parses before the map can draw. This bundle holds the core (with scatter), bar, scattergeo
and choropleth: about 1.4 MB, 0.5 MB gzipped. Its sources are pinned with their integrity hashes in
scripts/plotly-bundle/package-lock.json and installed with `npm ci` from the npm registry into a temporary folder;
esbuild (pinned there too) bundles them. dcc.Graph uses `window.Plotly` when a page script has defined it, so Dash's
own plotly.min.js is then never requested.

    python scripts/build_plotly_bundle.py          # rebuild the committed file
    python scripts/build_plotly_bundle.py --check  # exit 1 if the committed file differs from a fresh build
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "scripts" / "plotly-bundle"
TARGET = ROOT / "assets" / "plotly-partial.min.js"
TRACES = "scatter, bar, scattergeo, choropleth"
# plotly.js's two defaults that name another origin, set to this server's own: the base-map topology (the page also
# sets `topojsonURL`; this keeps a graph that forgets to from reaching a CDN) and the "send to cloud" address (the
# button is removed; with no address there is nowhere to send a chart). Each must occur exactly once, so a new
# plotly.js version that moves them stops the build instead of slipping through.
OWN_ORIGIN = {
    'topojsonURL:{valType:"string",noBlank:!0,dflt:"https://cdn.plot.ly/un/"':
        'topojsonURL:{valType:"string",noBlank:!0,dflt:"/assets/topojson/"',
    'plotlyServerURL:{valType:"string",dflt:"https://cloud.plotly.com/newchart"':
        'plotlyServerURL:{valType:"string",dflt:""',
}


def build(workdir: Path) -> bytes:
    """Install the pinned sources with `npm ci` and bundle them; the bundle's bytes."""
    for name in ("package.json", "package-lock.json", "entry.js"):
        shutil.copy(SOURCES / name, workdir / name)
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit("npm is needed to build the plotly.js bundle (Debian: apt-get install npm)")
    subprocess.run([npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"], cwd=workdir,
                   check=True)
    version = json.loads((workdir / "node_modules" / "plotly.js" / "package.json").read_text())["version"]
    out = workdir / "bundle.js"
    subprocess.run([str(workdir / "node_modules" / ".bin" / "esbuild"), "entry.js", "--bundle", "--minify",
                    "--format=iife", "--global-name=Plotly", "--define:global=window", "--legal-comments=eof",
                    f"--banner:js=/*! plotly.js {version} (MIT licence), partial bundle: {TRACES}. "
                    "Built by scripts/build_plotly_bundle.py */", f"--outfile={out}", "--log-level=warning"],
                   cwd=workdir, check=True)
    return keep_to_own_origin(out.read_text(encoding="utf-8")).encode("utf-8")


def keep_to_own_origin(bundle: str) -> str:
    """The bundle with plotly.js's defaults that name other origins replaced (see OWN_ORIGIN)."""
    for theirs, ours in OWN_ORIGIN.items():
        if bundle.count(theirs) != 1:
            raise SystemExit(f"expected one default to replace, found {bundle.count(theirs)}: {theirs[:60]}")
        bundle = bundle.replace(theirs, ours)
    return bundle


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="compare with the committed file; write nothing")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="plotly-bundle-") as tmp:
        built = build(Path(tmp))
    if args.check:
        same = TARGET.exists() and TARGET.read_bytes() == built
        print(f"{TARGET.relative_to(ROOT)}: {'up to date' if same else 'DIFFERS from a fresh build'}")
        return 0 if same else 1
    TARGET.write_bytes(built)
    print(f"wrote {TARGET.relative_to(ROOT)} ({len(built) / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
