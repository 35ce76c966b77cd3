"""Pain Catastrophizing Scale (Sullivan MJL, Bishop SR, Pivik J, Psychol Assess 1995;7:524-532)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from painscope.instruments._common import (
    MissingRule,
    ScoringContext,
    item_ids,
    missing_report,
    prorated_flag,
    prorated_sum,
)
from painscope.instruments.result import Flag, ScoreResult

#: PCS User Manual / awell-score README: rumination 8-11, magnification 6, 7, 13,
#: helplessness 1-5 and 12.
SUBSCALES = {
    "rumination": item_ids("pcs", (8, 9, 10, 11)),
    "magnification": item_ids("pcs", (6, 7, 13)),
    "helplessness": item_ids("pcs", (1, 2, 3, 4, 5, 12)),
}
ITEMS = item_ids("pcs", range(1, 14))
#: Sullivan, PCS manual: total >= 30 is clinically relevant catastrophizing (~75th percentile).
CUTOFF = 30
MISSING = MissingRule(
    1,
    "prorate a subscale when at most 1 of its items is missing (round(mean x n)); the total is "
    "the sum of the subscales and valid only if all are valid (INSTRUMENTS.md §3.11; no official rule)",
)
MCID = None


def score(
    values: Mapping[str, Any], *, strict: bool = False, context: ScoringContext | None = None
) -> ScoreResult:
    """Score the PCS.

    Rule (Sullivan 1995; PCS manual): total = sum of 13 items (0-4), 0-52; rumination =
    items 8-11 (0-16); magnification = 6, 7, 13 (0-12); helplessness = 1-5, 12 (0-24).
    Total >= 30 = clinically relevant. Missing data: project convention ``MISSING``.
    """
    subscales: dict[str, int | float | None] = {}
    absent_all: list[str] = []
    for name, ids in SUBSCALES.items():
        value, absent = prorated_sum(
            "pcs", values, ids, MISSING, strict=strict, what=f"{name} subscale"
        )
        subscales[name] = value
        absent_all += absent
    total = sum(v for v in subscales.values() if v is not None)
    band = "clinically_relevant" if total >= CUTOFF else "below_cutoff"
    flags: list[Flag] = []
    if total >= CUTOFF:
        flags.append(
            Flag(
                "pcs-cutoff-30",
                "PCS total >= 30: clinically relevant catastrophizing",
                "info",
                "Sullivan MJL, PCS User Manual (>= 30, ~75th percentile)",
            )
        )
    absent_all = [k for k in ITEMS if k in absent_all]
    if absent_all:
        flags.append(prorated_flag(absent_all, MISSING.text, False))
    return ScoreResult(
        "pcs",
        total,
        band,
        subscales,
        tuple(flags),
        missing_report(ITEMS, absent_all, MISSING.text, official=False, prorated=bool(absent_all)),
    )
