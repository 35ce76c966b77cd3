"""Örebro Musculoskeletal Pain Screening Questionnaire, short form (Linton SJ, Nicholas M, MacDonald S, Spine 2011;36:1891-1895)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from painscope.instruments._common import ScoringContext, item_ids, missing_report, require
from painscope.instruments.result import Flag, ScoreResult

ITEMS = item_ids("ompsq-sf", range(1, 11))
#: Linton 2011: items 3 (light work for an hour), 4 (sleep) and 8 (chance of working in
#: 6 months) are reversed: score = 10 - response.
REVERSED = frozenset(item_ids("ompsq-sf", (3, 4, 8)))
#: Linton 2011: total >= 50 = high risk of long-term disability / work absence.
CUTOFF = 50
RULE = "all 10 items required (painscope convention)"
MCID = None


def score(
    values: Mapping[str, Any], *, strict: bool = False, context: ScoringContext | None = None
) -> ScoreResult:
    """Score the ÖMPSQ-SF.

    Rule (Linton 2011): item 1 (pain duration) is scored 1-10 by category; items 2-10 are
    0-10 with items 3, 4 and 8 reversed (10 - response). Total 1-100; >= 50 = high risk.
    """
    require("ompsq-sf", values, ITEMS, RULE)
    total = int(sum(10 - values[k] if k in REVERSED else values[k] for k in ITEMS))
    flags = []
    if total >= CUTOFF:
        flags.append(
            Flag(
                "ompsq-sf-high-risk",
                "ÖMPSQ-SF >= 50: high risk of long-term disability or work absence",
                "info",
                "Linton SJ et al., Spine 2011;36:1891-1895",
            )
        )
    return ScoreResult(
        "ompsq-sf",
        total,
        "high_risk" if total >= CUTOFF else "below_cutoff",
        {},
        tuple(flags),
        missing_report(ITEMS, [], RULE, official=False, prorated=False),
    )
