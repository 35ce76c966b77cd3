"""GAD-7 (Spitzer, Kroenke, Williams & Löwe, Arch Intern Med 2006;166:1092-1097)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from painscope.instruments._common import (
    Mcid,
    MissingRule,
    ScoringContext,
    item_ids,
    prorated_sum,
    screened_sum_result,
)
from painscope.instruments.result import Flag, ScoreResult

ITEMS = item_ids("gad7", range(1, 8))
#: Spitzer 2006: 5 / 10 / 15 mark mild / moderate / severe anxiety.
BANDS = ((0, "minimal"), (5, "mild"), (10, "moderate"), (15, "severe"))
SCREEN_CUTOFF = 10  # Spitzer 2006: >= 10 screen cut-off
MISSING = MissingRule(
    1,
    "prorate when at most 1 of 7 items is missing: round(mean x 7) (INSTRUMENTS.md §3.8; no official rule)",
)
#: Toussaint A et al., J Affect Disord 2020;265:395-401: MCID estimated at 4 points.
MCID = Mcid(4, "points", "Toussaint A, Hüsing P, Gumz A, et al., J Affect Disord 2020;265:395-401")
SCREEN_FLAG = Flag(
    "screen-positive",
    "GAD-7 total >= 10: screen positive for anxiety disorder",
    "warning",
    "Spitzer 2006, cut-off 10",
)


def score(
    values: Mapping[str, Any], *, strict: bool = False, context: ScoringContext | None = None
) -> ScoreResult:
    """Score the GAD-7.

    Rule (Spitzer 2006): total = sum of items 1-7 (0-3 each), 0-21; bands 0-4 minimal,
    5-9 mild, 10-14 moderate, 15-21 severe; >= 10 screen positive. Item 8 (difficulty) is
    not scored. Missing data: project convention ``MISSING``.
    """
    total, absent = prorated_sum("gad7", values, ITEMS, MISSING, strict=strict)
    return screened_sum_result(
        "gad7",
        total,
        absent,
        items=ITEMS,
        bands=BANDS,
        rule=MISSING,
        cutoff=SCREEN_CUTOFF,
        cutoff_flag=SCREEN_FLAG,
    )
