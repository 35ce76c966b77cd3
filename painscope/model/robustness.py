"""Seed robustness of the target table: pass rates of T1-T14 over shifted seeds.

Each built-in experiment fixes its seeds. Running it again with every seed shifted by
``K`` draws other virtual people for the same design; a target that passes for one seed
and fails for another is sampling noise (too small a virtual cohort for a between-group
effect size) or a mechanism sitting on the edge of its tolerance. This module runs the
whole table for several offsets and reports, per target, the fraction of offsets that
pass and the achieved values.

Usage (run by hand or from a slow test; about a minute per offset)::

    .venv/bin/python -m painscope.model.robustness --offsets 0 1000 2000 3000 4000 [--json] [--ids T1 T2]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any

from painscope.model.experiments import EXPERIMENTS, validate_all

DEFAULT_OFFSETS = (0, 1000, 2000, 3000, 4000)


def pass_rates(offsets: Sequence[int] = DEFAULT_OFFSETS, ids: list[str] | None = None) -> dict[str, Any]:
    """``{"offsets": [...], "targets": [{"id", "pass_rate", "passes", "achieved"}, ...]}``.

    ``passes`` and ``achieved`` are listed in the order of ``offsets``.
    """
    runs = {k: {r["id"]: r for r in validate_all(ids, seed_offset=k)} for k in offsets}
    rows = []
    for eid in ids or list(EXPERIMENTS):
        passes = [bool(runs[k][eid]["pass"]) for k in offsets]
        rows.append({"id": eid, "pass_rate": sum(passes) / len(passes), "passes": passes,
                     "achieved": [runs[k][eid]["achieved"] for k in offsets]})
    return {"offsets": list(offsets), "targets": rows}


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m painscope.model.robustness", description=__doc__.split("\n\n")[0])
    ap.add_argument("--offsets", type=int, nargs="+", default=list(DEFAULT_OFFSETS), help="seed offsets (default: 0 1000 2000 3000 4000)")
    ap.add_argument("--ids", nargs="+", default=None, help="targets to run (default: all)")
    ap.add_argument("--json", action="store_true", help="one JSON document on stdout")
    args = ap.parse_args(argv)
    doc = pass_rates(args.offsets, args.ids)
    if args.json:
        json.dump(doc, sys.stdout)
        sys.stdout.write("\n")
    else:
        print("target  pass rate  per offset " + " ".join(f"{k:>6}" for k in doc["offsets"]))
        for r in doc["targets"]:
            marks = " ".join(f"{'pass' if p else 'FAIL':>6}" for p in r["passes"])
            print(f"{r['id']:<6}  {r['pass_rate']:>9.0%}  {'':10} {marks}")
            print(f"{'':6}  achieved: {json.dumps(r['achieved'], default=float)}")
    return 0 if all(r["pass_rate"] == 1.0 for r in doc["targets"]) else 1


if __name__ == "__main__":
    raise SystemExit(main())
