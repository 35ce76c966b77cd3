"""Revised Neurophysiology of Pain Questionnaire (Catley MJ, O'Connell NE, Moseley GL, J Pain 2013;14:818-827)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from painscope.instruments._common import ScoringContext, item_ids, missing_report, require
from painscope.instruments.result import Flag, ScoreResult

ITEMS = item_ids("npqr", range(1, 13))
#: Answer key from a secondary source citing Catley 2013's appendix (INSTRUMENTS.md §3.17,
#: *to verify against the appendix before release*).
KEY = dict(zip(ITEMS, ("F", "F", "F", "T", "T", "T", "F", "F", "F", "F", "F", "T"), strict=True))
RULE = "all 12 items required ('undecided' is an answer scored 0) (painscope convention)"
MCID = None
HIGHER_IS_BETTER = True


def score(
    values: Mapping[str, Any], *, strict: bool = False, context: ScoringContext | None = None
) -> ScoreResult:
    """Score the NPQ-R.

    Rule (Catley 2013): 1 point per correct answer; incorrect or "undecided" = 0; total 0-12,
    higher = better knowledge of pain neurophysiology. No cut-offs.
    """
    require("npqr", values, ITEMS, RULE)
    correct = {"T": "tfu-true", "F": "tfu-false"}
    total = sum(1 for k in ITEMS if values[k] == correct[KEY[k]])
    flag = Flag(
        "npqr-key-to-verify",
        "answer key taken from a secondary source; verify against Catley 2013",
        "info",
        "INSTRUMENTS.md §3.17",
    )
    return ScoreResult(
        "npqr",
        total,
        None,
        {},
        (flag,),
        missing_report(ITEMS, [], RULE, official=False, prorated=False),
    )
