"""PROMIS short forms: Pain Interference 6a, Fatigue 6a, Sleep Disturbance 6a (HealthMeasures)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from painscope.instruments._common import (
    DEFAULT_CONTEXT,
    ScoringContext,
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
#: HealthMeasures score cut points for symptom domains (higher = worse; "PROMIS Score Cut
#: Points", healthmeasures.net): T ≤ 55 within normal limits, 55–60 mild, 60–70 moderate,
#: above 70 severe. Each band includes its upper bound ("less than or equal to 55 ... within
#: normal limits", "above 70 ... severe"), so 55.0 is within normal limits, 60.0 mild (the
#: border HealthMeasures names) and 70.0 moderate (issue 14: 55.0 was mild, 70.0 severe).
#: (upper bound inclusive, band); the last band has no upper bound.
T_BANDS = ((55.0, "within_normal_limits"), (60.0, "mild"), (70.0, "moderate"), (float("inf"), "severe"))
MCID = None


def t_band(t_score: float) -> str:
    """The HealthMeasures band of a symptom-domain T-score (see :data:`T_BANDS`)."""
    for upper, name in T_BANDS:
        if t_score <= upper:
            return name
    return T_BANDS[-1][1]


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
    band = None if t_score is None else t_band(t_score)
    return ScoreResult(
        form,
        raw,
        band,
        {"t_score": t_score},
        tuple(flags),
        missing_report(ids, [], RULE, official=False, prorated=False),
    )
