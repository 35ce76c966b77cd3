"""Insomnia Severity Index (Bastien CH, Vallières A, Morin CM, Sleep Med 2001;2:297-307)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from painscope.instruments._common import (
    ScoringContext,
    band_for,
    item_ids,
    missing_report,
    require,
)
from painscope.instruments.result import ScoreResult

#: Items are identified by meaning (Questionnaire item.code), not by printed position: the
#: interference item is item 3 in some versions and item 7 in others. painscope's linkIds:
#: 1 falling asleep, 2 staying asleep, 3 early waking, 4 satisfaction, 5 noticeable to others,
#: 6 worry/distress, 7 interference with daily functioning.
ITEMS = item_ids("isi", range(1, 8))
#: Bastien 2001 / Morin 2011: 0-7 none, 8-14 subthreshold, 15-21 moderate, 22-28 severe.
BANDS = ((0, "none"), (8, "subthreshold"), (15, "moderate"), (22, "severe"))
RULE = "all 7 items required (INSTRUMENTS.md §3.14; no official rule)"
MCID = None


def score(
    values: Mapping[str, Any], *, strict: bool = False, context: ScoringContext | None = None
) -> ScoreResult:
    """Score the ISI.

    Rule (Bastien 2001): total = sum of 7 items (0-4), 0-28; 0-7 no clinically significant
    insomnia, 8-14 subthreshold, 15-21 moderate clinical insomnia, 22-28 severe.
    """
    require("isi", values, ITEMS, RULE)
    total = int(sum(values[k] for k in ITEMS))
    return ScoreResult(
        "isi",
        total,
        band_for(total, BANDS),
        {},
        (),
        missing_report(ITEMS, [], RULE, official=False, prorated=False),
    )
