"""Fibromyalgia survey (painscope wording) scored with the ACR 2016 criteria.

Items 1-19 are the WPI areas in :data:`painscope.instruments.regions.WPI_AREAS` order, items
20-22 the 0-3 symptom severities, 23-25 the 0/1 somatic symptoms, 26 the duration in months.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from painscope.instruments._common import ScoringContext, item_ids, missing_report, require
from painscope.instruments.criteria import acr_2016
from painscope.instruments.regions import WPI_AREAS
from painscope.instruments.result import Flag, ScoreResult

AREA_ITEMS = item_ids("acr-fm-survey", range(1, 20))
SSS_ITEMS = dict(
    zip(
        (
            "fatigue",
            "waking_unrefreshed",
            "cognitive",
            "headaches",
            "lower_abdominal",
            "depression",
        ),
        item_ids("acr-fm-survey", range(20, 26)),
        strict=True,
    )
)
DURATION_ITEM = "acr-fm-survey-26"
RULE = (
    "symptom items and duration required; an unanswered body area counts as no pain, as on "
    "the paper form (Wolfe 2016)"
)
MCID = None  # no published MCID for FS/PSD in INSTRUMENTS.md


def to_criteria_input(values: Mapping[str, Any]) -> dict[str, Any]:
    """Translate survey answers (by linkId) into the :func:`acr_2016` input."""
    require("acr-fm-survey", values, [*SSS_ITEMS.values(), DURATION_ITEM], RULE)
    return {
        "wpi_areas": [a for a, k in zip(WPI_AREAS, AREA_ITEMS, strict=True) if values.get(k)],
        "sss": {name: int(values[k]) for name, k in SSS_ITEMS.items()},
        "duration_months": values[DURATION_ITEM],
        "mode": "self_report",
    }


def score(
    values: Mapping[str, Any], *, strict: bool = False, context: ScoringContext | None = None
) -> ScoreResult:
    """Score the survey: total = FS (WPI + SSS, 0-31), band = PSD category (Wolfe 2015).

    Subscales ``wpi`` (0-19) and ``sss`` (0-12); a flag says whether the ACR 2016 survey
    criteria are met (Wolfe F et al., Semin Arthritis Rheum 2016;46:319-329). With
    ``strict=True`` every body area must be answered yes or no.
    """
    if strict:
        require(
            "acr-fm-survey", values, AREA_ITEMS, "strict mode: every body area must be answered"
        )
    res = acr_2016(to_criteria_input(values))
    unanswered = [k for k in AREA_ITEMS if values.get(k) is None]
    flag = Flag(
        "acr2016-survey-criteria-met" if res["criteria_met"] else "acr2016-survey-criteria-not-met",
        res["label"] + "; " + "; ".join(res["reasons"]),
        "info",
        res["source"],
        {
            "regions_with_pain": res["regions_with_pain"],
            "generalized_pain": res["generalized_pain"],
        },
    )
    return ScoreResult(
        "acr-fm-survey",
        res["fs"],
        res["psd_band"],
        {"wpi": res["wpi"], "sss": res["sss"]},
        (flag,),
        missing_report(AREA_ITEMS, unanswered, RULE, official=False, prorated=False),
    )
