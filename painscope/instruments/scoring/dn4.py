"""DN4 (Bouhassira D et al., Pain 2005;114:29-36)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from painscope.instruments._common import ScoringContext, item_ids, missing_report, require
from painscope.instruments.errors import AnswerError
from painscope.instruments.result import Flag, ScoreResult

INTERVIEW = item_ids("dn4", range(1, 8))
EXAMINATION = item_ids("dn4", range(8, 11))
#: Bouhassira 2005: DN4 >= 4/10 likely neuropathic; DN4-interview >= 3/7.
CUTOFF = 4
INTERVIEW_CUTOFF = 3
RULE = (
    "interview items 1-7 required; the examination items 8-10 are all answered (full DN4) or all "
    "left out (DN4-interview, cut-off 3/7) (painscope convention)"
)
MCID = None


def score(
    values: Mapping[str, Any], *, strict: bool = False, context: ScoringContext | None = None
) -> ScoreResult:
    """Score the DN4.

    Rule (Bouhassira 2005): yes = 1, no = 0; total 0-10, >= 4 = positive screen for
    neuropathic pain. Without the three examination items the DN4-interview (0-7, >= 3 =
    positive) is scored instead and flagged. A screening tool, not part of NeuPSIG grading.
    """
    require("dn4", values, INTERVIEW, RULE)
    interview = sum(int(values[k]) for k in INTERVIEW)
    exam_absent = [k for k in EXAMINATION if values.get(k) is None]
    flags = []
    if len(exam_absent) == len(EXAMINATION) and not strict:
        total, cutoff, examination = interview, INTERVIEW_CUTOFF, None
        flags.append(
            Flag(
                "dn4-interview-only",
                "examination items not given: DN4-interview score (0-7, cut-off 3)",
                "info",
                "Bouhassira D et al., Pain 2005;114:29-36",
            )
        )
    elif exam_absent:
        raise AnswerError(
            f"dn4 cannot be scored: examination item {exam_absent[0]} is missing; {RULE}",
            link_id=exam_absent[0],
        )
    else:
        examination = sum(int(values[k]) for k in EXAMINATION)
        total, cutoff = interview + examination, CUTOFF
    band = "positive" if total >= cutoff else "negative"
    return ScoreResult(
        "dn4",
        total,
        band,
        {"interview": interview, "examination": examination},
        tuple(flags),
        missing_report(INTERVIEW + EXAMINATION, exam_absent, RULE, official=False, prorated=False),
    )
