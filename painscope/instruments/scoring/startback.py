"""Keele STarT Back Screening Tool (Hill JC et al., Arthritis Rheum 2008;59:632-641)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from painscope.instruments._common import ScoringContext, item_ids, missing_report, require
from painscope.instruments.result import ScoreResult

ITEMS = item_ids("startback", range(1, 10))
#: Hill 2008: the psychosocial subscale is items 5-9 (not 4-9).
PSYCHOSOCIAL = item_ids("startback", range(5, 10))
RULE = "all 9 items required (painscope convention)"
MCID = None


def item9_point(bothersomeness: int) -> int:
    """Item 9 is dichotomised (Hill 2008): not at all / slightly / moderately (0-2) → 0;
    very much / extremely (3-4) → 1."""
    return 1 if bothersomeness >= 3 else 0


def score(
    values: Mapping[str, Any], *, strict: bool = False, context: ScoringContext | None = None
) -> ScoreResult:
    """Score the STarT Back tool.

    Rule (Hill 2008): items 1-8 agree = 1 / disagree = 0; item 9 dichotomised
    (:func:`item9_point`). Total = items 1-9 (0-9); psychosocial subscale = items 5-9 (0-5).
    Low risk: total <= 3; medium: total >= 4 and subscale <= 3; high: subscale >= 4.
    """
    require("startback", values, ITEMS, RULE)
    points = {k: int(values[k]) for k in ITEMS[:8]}
    points["startback-9"] = item9_point(int(values["startback-9"]))
    total = sum(points.values())
    psychosocial = sum(points[k] for k in PSYCHOSOCIAL)
    band = "high" if psychosocial >= 4 else "low" if total <= 3 else "medium"
    return ScoreResult(
        "startback",
        total,
        band,
        {"psychosocial": psychosocial},
        (),
        missing_report(ITEMS, [], RULE, official=False, prorated=False),
    )
