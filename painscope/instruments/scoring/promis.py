"""PROMIS short forms: Pain Interference 6a, Fatigue 6a, Sleep Disturbance 6a (HealthMeasures)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from painscope.instruments._common import (
    DEFAULT_CONTEXT,
    ScoringContext,
    band_for,
    item_ids,
    missing_report,
    require,
)
from painscope.instruments.result import Flag, ScoreResult

FORMS = {f: item_ids(f, range(1, 7)) for f in ("promis-pi-6a", "promis-fatigue-6a", "promis-sd-6a")}
RULE = (
    "all items required: the raw-sum to T-score table is valid only for complete forms "
    "(HealthMeasures scoring manuals); painscope flags rather than prorates"
)
#: HealthMeasures interpretation for symptom domains (higher = worse), *to verify*
#: (INSTRUMENTS.md §3.16): < 55 within normal limits, 55-59.9 mild, 60-69.9 moderate, >= 70 severe.
T_BANDS = ((0, "within_normal_limits"), (55, "mild"), (60, "moderate"), (70, "severe"))
MCID = None


def score(
    values: Mapping[str, Any],
    *,
    form: str,
    strict: bool = False,
    context: ScoringContext | None = None,
) -> ScoreResult:
    """Score a PROMIS short form.

    Rule (HealthMeasures scoring manuals): raw score = sum of the item scores (1-5 each, as
    printed on the official form, so reverse-keyed sleep items arrive already reversed),
    6-30 for the 6a forms. The T-score (mean 50, SD 10) comes only from the raw-sum →
    T-score table the site supplies in its text pack (painscope ships no table: see
    INSTRUMENTS.md §3.16); the band is derived from the T-score. Subscale ``t_score``.
    """
    context = context or DEFAULT_CONTEXT
    ids = FORMS[form]
    require(form, values, ids, RULE)
    raw = int(sum(values[k] for k in ids))
    table = (context.tscore_tables or {}).get(form)
    flags = []
    if table is None:
        t_score = None
        flags.append(
            Flag(
                "t-score-unavailable",
                "raw score only: no raw-to-T-score table for this short form was supplied by the site",
                "info",
                "HealthMeasures scoring manual tables are site-supplied (INSTRUMENTS.md §3.16)",
            )
        )
    else:
        t_score = float(table[raw])
    band = None if t_score is None else band_for(t_score, T_BANDS)
    return ScoreResult(
        form,
        raw,
        band,
        {"t_score": t_score},
        tuple(flags),
        missing_report(ids, [], RULE, official=False, prorated=False),
    )
