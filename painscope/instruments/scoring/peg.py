"""PEG three-item pain scale (Krebs EE et al., J Gen Intern Med 2009;24:733-738)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from painscope.instruments._common import Mcid, ScoringContext, item_ids, missing_report, require
from painscope.instruments.result import ScoreResult

ITEMS = item_ids("peg", range(1, 4))
RULE = "all 3 items required: the PEG is validated as a 3-item mean (INSTRUMENTS.md §3.9)"
#: INSTRUMENTS.md §3.9: a ~30 % reduction is commonly used as meaningful change (Krebs 2009
#: report responsiveness comparable to the BPI).
MCID = Mcid(
    30,
    "percent",
    "~30 % change, as commonly used with the PEG (Krebs EE et al., J Gen Intern Med 2009;24:733-738)",
)


def score(
    values: Mapping[str, Any], *, strict: bool = False, context: ScoringContext | None = None
) -> ScoreResult:
    """Score the PEG.

    Rule (Krebs 2009): score = mean of the three 0-10 items (pain on average, interference
    with enjoyment of life, interference with general activity), **not rounded** (the CQL
    in AHRQ CDS Connect rounds to an integer; the paper does not). No official bands.
    Missing data: all three items are required.
    """
    require("peg", values, ITEMS, RULE)
    total = sum(values[k] for k in ITEMS) / 3
    return ScoreResult(
        "peg", total, None, {}, (), missing_report(ITEMS, [], RULE, official=False, prorated=False)
    )
