"""Central Sensitization Inventory, Part A (Mayer TG et al., Pain Pract 2012;12:276-285)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from painscope.instruments._common import (
    MissingRule,
    ScoringContext,
    item_ids,
    prorated_sum,
    screened_sum_result,
)
from painscope.instruments.result import Flag, ScoreResult

ITEMS = item_ids("csi", range(1, 26))
#: Neblett R et al., Pain Pract 2017;17:166-175: subclinical 0-29, mild 30-39, moderate
#: 40-49, severe 50-59, extreme 60-100.
BANDS = ((0, "subclinical"), (30, "mild"), (40, "moderate"), (50, "severe"), (60, "extreme"))
#: Neblett R et al., J Pain 2013;14:438-445: >= 40 indicates a likely central sensitivity
#: syndrome (sensitivity ~81 %, specificity ~75 %).
CUTOFF = 40
MISSING = MissingRule(
    2,
    "prorate when at most 2 of 25 items (<= 10 %) are missing: round(mean x 25) "
    "(INSTRUMENTS.md §3.1; no official rule published)",
)
MCID = None
CUTOFF_FLAG = Flag(
    "csi-cutoff-40",
    "CSI >= 40: symptom burden typical of central sensitivity syndromes "
    "(a symptom measure, not a test of central sensitisation)",
    "info",
    "Neblett R et al., J Pain 2013;14:438-445",
)


def score(
    values: Mapping[str, Any], *, strict: bool = False, context: ScoringContext | None = None
) -> ScoreResult:
    """Score CSI Part A.

    Rule (Mayer 2012): total = sum of the 25 items (0-4), 0-100; no reverse items and no
    subscales in clinical use. Bands: Neblett 2017; cut-off >= 40: Neblett 2013. The CSI
    measures central-sensitivity-related symptom burden, not central sensitisation itself
    (Adams et al., Pain 2023). Part B is not scored.
    """
    total, absent = prorated_sum("csi", values, ITEMS, MISSING, strict=strict)
    return screened_sum_result(
        "csi",
        total,
        absent,
        items=ITEMS,
        bands=BANDS,
        rule=MISSING,
        cutoff=CUTOFF,
        cutoff_flag=CUTOFF_FLAG,
    )
