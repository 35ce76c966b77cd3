"""Fatigue Severity Scale (Krupp LB et al., Arch Neurol 1989;46:1121-1123)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from painscope.instruments._common import ScoringContext, item_ids, missing_report, prorated_flag
from painscope.instruments.errors import AnswerError
from painscope.instruments.result import Flag, ScoreResult

ITEMS = item_ids("fss", range(1, 10))
MIN_ANSWERED = 7
RULE = "mean of the answered items when at least 7 of 9 are answered (INSTRUMENTS.md §3.18; no official rule)"
#: Krupp 1989: mean >= 4 = significant fatigue.
CUTOFF = 4
MCID = None


def score(
    values: Mapping[str, Any], *, strict: bool = False, context: ScoringContext | None = None
) -> ScoreResult:
    """Score the FSS.

    Rule (Krupp 1989): score = **mean** of the 9 items (1-7), not the sum (9-63) that some
    papers use; the sum is given as subscale ``sum`` when all items are answered. Mean >= 4 =
    significant fatigue. Not rounded.
    """
    answered = [values[k] for k in ITEMS if values.get(k) is not None]
    absent = [k for k in ITEMS if values.get(k) is None]
    need = len(ITEMS) if strict else MIN_ANSWERED
    if len(answered) < need:
        raise AnswerError(
            f"fss cannot be scored: {len(absent)} items missing ({', '.join(absent)}); {RULE}",
            link_id=absent[0],
        )
    mean = sum(answered) / len(answered)
    flags: list[Flag] = []
    if mean >= CUTOFF:
        flags.append(
            Flag(
                "fss-significant-fatigue",
                "FSS mean >= 4: significant fatigue",
                "info",
                "Krupp LB et al., Arch Neurol 1989;46:1121-1123",
            )
        )
    if absent:
        flags.append(prorated_flag(absent, RULE, False))
    return ScoreResult(
        "fss",
        mean,
        "significant_fatigue" if mean >= CUTOFF else "not_significant",
        {"sum": sum(answered) if not absent else None},
        tuple(flags),
        missing_report(ITEMS, absent, RULE, official=False, prorated=bool(absent)),
    )
