"""Extract the base-map topologies that plotly.js geo traces fetch at run time.

This module's single job is to write ``assets/topojson/world_110m.json`` and
``assets/topojson/world_50m.json`` so that the offline dashboard can pass
``config={"topojsonURL": "/assets/topojson/"}`` to ``dcc.Graph``. plotly.js
fetches ``<scope>_<resolution>m.json`` from a CDN for every geo subplot (even
when the figure brings its own GeoJSON), so without these files the map stays
blank offline. The topologies come from ``dist/plotly-geo-assets.js`` in the
pinned npm package ``plotly.js@4.1.1`` (the version bundled by the Python
plotly package); that JS file itself is never copied into assets, because
Dash would load it and it overwrites ``window.Plotly``.
Run it with ``--check`` to verify that the committed files are up to date.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from npm_package import extract_member, fetch_package  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parents[1]
OUT_DIR = REPO_ROOT / "assets" / "topojson"

# Pinned source; the integrity string is what `npm view plotly.js@4.1.1
# dist.integrity` reports, so a tampered or re-published tarball is rejected.
PACKAGE = "plotly.js@4.1.1"
INTEGRITY = "sha512-fYLAOj091/+M4h1rmtVIkRIpdkz5/P9IdNUeB9wKmCUyvewuUdlCYR5ryqDWP7Cb36Dn4EvSrs6YKvRJ9ukNdQ=="
MEMBER = "package/dist/plotly-geo-assets.js"
# Names as plotly.js builds them: `${scope}_${resolution}m`.
TOPOLOGIES = ("world_110m", "world_50m")
LOCALE_DIR = REPO_ROOT / "locale"


def locale_names(locale_dir: Path = LOCALE_DIR) -> tuple[str, ...]:
    """plotly's own locales (toolbar tooltips, number and date formats) for every non-English catalogue in
    ``locale_dir``: a new language's catalogue is enough, no list here to edit."""
    langs = sorted(d.name for d in locale_dir.iterdir() if (d / "LC_MESSAGES" / "messages.po").is_file())
    return tuple(f"plotly-locale-{lang}.js" for lang in langs if lang != "en")

# The asset file is a UMD bundle of JS object literals (unquoted keys), not
# JSON, so Node evaluates it in an empty vm context (no require, no process)
# with just the globals the wrapper touches, and prints the topologies as JSON.
NODE_EXTRACT = """
const fs = require("fs");
const vm = require("vm");
const [path, ...names] = process.argv.slice(1);
const sandbox = { module: { exports: {} }, window: {} };
vm.runInNewContext(fs.readFileSync(path, "utf8"), sandbox, { filename: path });
const topojson = sandbox.module.exports.topojson;
const out = {};
for (const name of names) {
  if (!topojson || !topojson[name]) throw new Error("missing topology " + name);
  out[name] = topojson[name];
}
process.stdout.write(JSON.stringify(out));
"""


def read_topologies(assets_js: Path) -> dict[str, dict]:
    result = subprocess.run(
        ["node", "-e", NODE_EXTRACT, str(assets_js), *TOPOLOGIES],
        check=True,
        capture_output=True,
        text=True,
    )
    topologies: dict[str, dict] = json.loads(result.stdout)
    for name, topology in topologies.items():
        if topology.get("type") != "Topology" or not topology.get("objects"):
            sys.exit(f"{name} is not a TopoJSON topology")
    return topologies


def write_outputs(out_dir: Path) -> dict[str, int]:
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        tarball = fetch_package(PACKAGE, INTEGRITY, workdir)
        topologies = read_topologies(extract_member(tarball, MEMBER, workdir))
        # The locales (number and date formats, toolbar words). Safe to load as page scripts: each only
        # queues itself in window.PlotlyLocales until plotly.js registers it.
        locales = {name: extract_member(tarball, f"package/dist/{name}", workdir).read_bytes()
                   for name in locale_names()}
    out_dir.mkdir(parents=True, exist_ok=True)
    sizes = {}
    for name, locale in locales.items():
        (out_dir / name).write_bytes(locale)
        sizes[name] = len(locale)
    for name, topology in topologies.items():
        # Compact, key order as shipped: re-running yields byte-identical files.
        text = json.dumps(topology, ensure_ascii=False, separators=(",", ":")) + "\n"
        (out_dir / f"{name}.json").write_text(text, encoding="utf-8")
        sizes[f"{name}.json"] = len(text.encode("utf-8"))
    return sizes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="rebuild in a temp dir and diff with the committed files")
    args = parser.parse_args(argv)

    if not args.check:
        print(f"wrote {write_outputs(OUT_DIR)}")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp)
        stale = [
            name
            for name in write_outputs(fresh)
            if not (OUT_DIR / name).exists() or (fresh / name).read_bytes() != (OUT_DIR / name).read_bytes()
        ]
    if stale:
        print(f"out of date: {', '.join(stale)}; run scripts/build_plotly_topojson.py", file=sys.stderr)
        return 1
    print("plotly topojson up to date")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
