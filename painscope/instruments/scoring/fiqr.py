"""Revised Fibromyalgia Impact Questionnaire (Bennett RM et al., Arthritis Res Ther 2009;11:R120)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from painscope.instruments._common import (
    DEFAULT_CONTEXT,
    ScoringContext,
    band_for,
    item_ids,
    missing_report,
    prorated_flag,
)
from painscope.instruments.errors import AnswerError
from painscope.instruments.result import ScoreResult

FUNCTION = item_ids("fiqr", range(1, 10))
OVERALL = item_ids("fiqr", range(10, 12))
SYMPTOMS = item_ids("fiqr", range(12, 22))
ITEMS = FUNCTION + OVERALL + SYMPTOMS
RULE = (
    "fiqr.info: each domain sum is scaled by the number of answered items; invalid if >= 2 "
    "function items or any overall or symptom item is missing (so only 1 missing function item "
    "can be prorated)"
)
#: Salaffi F et al., Rheumatology 2020 (n = 2339): 0-23 remission, 24-40 mild, 41-63
#: moderate, 64-82 severe, >= 83 very severe.
BANDS_2020 = ((0, "remission"), (24, "mild"), (41, "moderate"), (64, "severe"), (83, "very_severe"))
#: Salaffi F et al., Clin Exp Rheumatol 2018: <= 30 remission, 30-45 mild, 46-65 moderate,
#: > 65 severe (the published bounds overlap at 30; painscope puts 30 in remission).
BANDS_2018 = ((0, "remission"), (30.5, "mild"), (46, "moderate"), (65.5, "severe"))
BAND_SETS = {"salaffi2020": BANDS_2020, "salaffi2018": BANDS_2018}
MCID = None


def score(
    values: Mapping[str, Any], *, strict: bool = False, context: ScoringContext | None = None
) -> ScoreResult:
    """Score the FIQR.

    Rule (Bennett 2009): function = sum of items 1-9 / 3 (0-30); overall = sum of items
    10-11 (0-20); symptoms = sum of items 12-21 / 2 (0-50); total = function + overall +
    symptoms (0-100). Missing data: the developers' rule (fiqr.info) — one missing function
    item is prorated (function sum x 9/8), anything more makes the questionnaire invalid.
    Bands: Salaffi 2020 by default, Salaffi 2018 on request. Totals are not rounded.
    """
    context = context or DEFAULT_CONTEXT
    if context.fiqr_bands not in BAND_SETS:
        raise AnswerError(
            f"unknown FIQR band set {context.fiqr_bands!r}; use {', '.join(BAND_SETS)}"
        )
    for group, name in ((OVERALL, "overall impact"), (SYMPTOMS, "symptom")):
        absent = [k for k in group if values.get(k) is None]
        if absent:
            raise AnswerError(
                f"fiqr cannot be scored: {name} item {absent[0]} is missing; {RULE}",
                link_id=absent[0],
            )
    absent = [k for k in FUNCTION if values.get(k) is None]
    if len(absent) > (0 if strict else 1):
        raise AnswerError(
            f"fiqr cannot be scored: {len(absent)} function items missing ({', '.join(absent)}); {RULE}",
            link_id=absent[0],
        )
    answered = [values[k] for k in FUNCTION if values.get(k) is not None]
    function = sum(answered) * 9 / len(answered) / 3
    overall = float(sum(values[k] for k in OVERALL))
    symptoms = sum(values[k] for k in SYMPTOMS) / 2
    total = function + overall + symptoms
    flags = [prorated_flag(absent, RULE, True)] if absent else []
    subscales = {"function": function, "overall": overall, "symptoms": symptoms}
    return ScoreResult(
        "fiqr",
        total,
        band_for(total, BAND_SETS[context.fiqr_bands]),
        subscales,
        tuple(flags),
        missing_report(ITEMS, absent, RULE, official=True, prorated=bool(absent)),
    )
