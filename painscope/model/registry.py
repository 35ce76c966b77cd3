"""The model's target registry: every published figure it is checked against, with its set.

``targets.json`` (beside this file) lists each target's source, design, read-out, target,
tolerance and ``set``: **calibration** targets are the ones parameters were set against
(T1-T14 and the figures earlier calibrations used, see docs/model.md section 4);
**validation** targets were never used to set anything. Calibration code must call
:func:`calibration_ids` and nothing else (a test checks that no calibration module names a
validation target), so the validation score is an honest out-of-sample figure.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

SETS = ("calibration", "validation")


@lru_cache(maxsize=1)
def targets() -> list[dict[str, Any]]:
    """The registry's entries, in file order."""
    doc = json.loads(Path(__file__).with_name("targets.json").read_text(encoding="utf-8"))
    return list(doc["targets"])


def by_id() -> dict[str, dict[str, Any]]:
    return {t["id"]: t for t in targets()}


def calibration_ids() -> list[str]:
    """The only targets calibration may read."""
    return [t["id"] for t in targets() if t["set"] == "calibration"]


def validation_ids() -> list[str]:
    return [t["id"] for t in targets() if t["set"] == "validation"]


def _runner(tid: str) -> Callable[[int], tuple[Any, bool, dict[str, Any]]]:
    from painscope.model.experiments import EXPERIMENTS, run_experiment
    from painscope.model.registry_runs import RUNS

    if tid in EXPERIMENTS:
        def run(off: int) -> tuple[Any, bool, dict[str, Any]]:
            r = run_experiment(tid, seed_offset=off)
            return r["achieved"], r["pass"], r["figures"]

        return run
    if tid in RUNS:
        return RUNS[tid]
    raise KeyError(tid)


def run_target(tid: str, *, seed_offset: int = 0) -> dict[str, Any]:
    """Run one registry target: ``{id, set, pass, value, target, tolerance, source, ...}``."""
    meta = by_id()[tid]
    value, ok, figures = _runner(tid)(seed_offset)
    row = {"id": tid, "set": meta["set"], "pass": bool(ok), "value": value, "achieved": value,
           "target": meta["target"], "tolerance": meta["tolerance"], "phenomenon": meta["phenomenon"],
           "source": meta["source"], "source_checked": meta["source_checked"]}
    note = figures.get("note") if isinstance(figures, dict) else None
    if note:
        row["note"] = note
    return row


def run_all(ids: Iterable[str] | None = None, *, seed_offset: int = 0,
            progress: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Run the registry (or ``ids``) and score each set."""
    rows = []
    for tid in ids or [t["id"] for t in targets()]:
        rows.append(run_target(tid, seed_offset=seed_offset))
        if progress:
            progress(tid)
    score = {}
    for s in SETS:
        mine = [r for r in rows if r["set"] == s]
        score[s] = {"passed": sum(r["pass"] for r in mine), "total": len(mine),
                    "share": round(sum(r["pass"] for r in mine) / len(mine), 3) if mine else None}
    return {"targets": rows, "score": score}
