"""Pain Self-Efficacy Questionnaire (Nicholas MK, Eur J Pain 2007;11:153-163)."""

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

ITEMS = item_ids("pseq", range(1, 11))
MISSING = MissingRule(
    1,
    "prorate when at most 1 of 10 items is missing: round(mean x 10) (INSTRUMENTS.md §3.13; no official rule)",
)
#: Reference ranges, not diagnostic bands (INSTRUMENTS.md §3.13, *to verify*): >= 40 goes with
#: better function and return to work; <= 20 indicates low self-efficacy.
HIGH_REFERENCE = 40
LOW_REFERENCE = 20
MCID = None
HIGHER_IS_BETTER = True


def score(
    values: Mapping[str, Any], *, strict: bool = False, context: ScoringContext | None = None
) -> ScoreResult:
    """Score the PSEQ.

    Rule (Nicholas 2007): total = sum of 10 items (0-6), 0-60; higher = more confident. No
    reverse items, no official bands: reference ranges (>= 40, <= 20; to verify) are given
    as flags, not as a band.
    """
    total, absent = prorated_sum("pseq", values, ITEMS, MISSING, strict=strict)
    flags: list[Flag] = []
    src = "reference range, INSTRUMENTS.md §3.13 (to verify against Nicholas 2007)"
    if total >= HIGH_REFERENCE:
        flags.append(
            Flag(
                "pseq-reference-high",
                "PSEQ >= 40: range associated with better function",
                "info",
                src,
            )
        )
    elif total <= LOW_REFERENCE:
        flags.append(
            Flag(
                "pseq-reference-low", "PSEQ <= 20: range indicating low self-efficacy", "info", src
            )
        )
    if absent:
        flags.append(prorated_flag(absent, MISSING.text, False))
    return ScoreResult(
        "pseq",
        total,
        None,
        {},
        tuple(flags),
        missing_report(ITEMS, absent, MISSING.text, official=False, prorated=bool(absent)),
    )
