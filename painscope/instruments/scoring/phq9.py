"""PHQ-9 (Kroenke, Spitzer & Williams, J Gen Intern Med 2001;16:606-613)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from painscope.instruments._common import (
    DEFAULT_CONTEXT,
    Mcid,
    MissingRule,
    ScoringContext,
    item_ids,
    missing_items,
    prorated_sum,
    require,
    screened_sum_result,
)
from painscope.instruments.errors import AnswerError
from painscope.instruments.result import Flag, ScoreResult
from painscope.instruments.safety import phq9_item9_flag

ITEMS = item_ids("phq9", range(1, 10))
#: Kroenke 2001: 0-4 minimal, 5-9 mild, 10-14 moderate, 15-19 moderately severe, 20-27 severe.
BANDS = ((0, "minimal"), (5, "mild"), (10, "moderate"), (15, "moderately_severe"), (20, "severe"))
#: Kroenke 2001: >= 10 is the usual screening cut-off for major depression.
SCREEN_CUTOFF = 10
SCREEN_FLAG = Flag(
    "screen-positive",
    "PHQ-9 total >= 10: screen positive for major depression",
    "warning",
    "Kroenke 2001, cut-off 10",
)
MISSING = MissingRule(
    2,
    "prorate when at most 2 of items 1-9 are missing: round(mean x 9); item 9 is never "
    "prorated (INSTRUMENTS.md §3.7; no official rule)",
)
#: Löwe B et al., Med Care 2004;42:1194-1201: MCID for individual change 5 points (2 SEM).
MCID = Mcid(
    5, "points", "Löwe B, Unützer J, Callahan CM, Perkins AJ, Kroenke K, Med Care 2004;42:1194-1201"
)


def score(
    values: Mapping[str, Any], *, strict: bool = False, context: ScoringContext | None = None
) -> ScoreResult:
    """Score the PHQ-9.

    Rule (Kroenke 2001): total = sum of items 1-9 (0-3 each), 0-27; bands 0-4 minimal, 5-9
    mild, 10-14 moderate, 15-19 moderately severe, 20-27 severe; >= 10 screen positive.
    Item 10 (difficulty) is not scored. Item 9 > 0 raises a safety flag with the site's crisis
    contacts whatever the total. Missing data: project convention ``MISSING`` (no official
    rule); item 9 must be answered because it drives the safety check.
    """
    context = context or DEFAULT_CONTEXT
    absent = missing_items(values, ITEMS)
    allowed = 0 if strict else MISSING.max_missing
    if "phq9-9" in absent and len(absent) > allowed:
        # item 9 and too many others: name them all at once, not item 9 alone
        raise AnswerError(
            f"phq9 cannot be scored: {len(absent)} of {len(ITEMS)} items missing "
            f"({', '.join(absent)}); item 9 must be answered (it drives the safety check and is "
            f"never prorated) and at most {allowed} items may be missing ({MISSING.text})",
            missing=absent,
        )
    require("phq9", values, ["phq9-9"], "item 9 drives the safety check and is never prorated")
    safety = phq9_item9_flag(values.get("phq9-9"), context.crisis_contacts)
    try:
        total, absent = prorated_sum("phq9", values, ITEMS, MISSING, strict=strict)
    except AnswerError as exc:
        if safety is None:
            raise
        # an unscorable PHQ-9 must not hide a positive item 9
        raise AnswerError(
            f"{exc} -- SAFETY: {safety.message}",
            link_id=exc.link_id,
            flags=(safety,),
            missing=exc.missing,
        ) from exc
    return screened_sum_result(
        "phq9",
        total,
        absent,
        items=ITEMS,
        bands=BANDS,
        rule=MISSING,
        cutoff=SCREEN_CUTOFF,
        cutoff_flag=SCREEN_FLAG,
        leading_flags=(safety,) if safety else (),
    )
