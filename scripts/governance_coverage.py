"""Print the share of route-years 2009-2025 whose route-risk score has a counted governance (TIP tier) input.

Its single job is the figure the tier import is measured by: how many of the route-years (every route and corridor,
every year from 2009 to 2025) have a governance input that meets the coverage rule of docs/risk-method.md, with the
count per year. ``--data DIR`` reads another data directory (default: data/).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from core.bundle import load_bundle  # noqa: E402
from core.risk import governance_share, risk_inputs  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", metavar="DIR", default=None, help="data directory (default: data/)")
    parser.add_argument("--first", type=int, default=2009)
    parser.add_argument("--last", type=int, default=2025)
    args = parser.parse_args(argv)
    bundle = load_bundle(Path(args.data) if args.data else None)
    inputs = risk_inputs(bundle.route_year, bundle.tip_tiers, bundle.routes)
    counted, total = governance_share(inputs, args.first, args.last)
    print(f"route-years {args.first}-{args.last} with a counted governance input: {counted} of {total} "
          f"({counted / total:.1%})")
    status = inputs.raw["tier_status"]
    for year in range(args.first, args.last + 1):
        here = status.xs(year, level="year") if year in status.index.get_level_values("year") else status.iloc[:0]
        print(f"  {year}: {int((here == 'counted').sum())} of {len(here)}"
              + "".join(f"; {k} {v}" for k, v in here[here != "counted"].value_counts().sort_index().items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
