"""Tampa Scale of Kinesiophobia: TSK-17 (Miller, Kori & Todd 1991) and TSK-11 (Woby 2005)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from painscope.instruments._common import (
    Mcid,
    MissingRule,
    ScoringContext,
    item_ids,
    missing_report,
    prorated_flag,
    prorated_sum,
)
from painscope.instruments.result import Flag, ScoreResult

#: TSK-17 reverse-worded items (score = 5 - response): 4, 8, 12, 16.
TSK17_REVERSED = frozenset(item_ids("tsk17", (4, 8, 12, 16)))
#: Vlaeyen JWS et al., Pain 1995;62:363-372: TSK-17 > 37 = high kinesiophobia.
TSK17_CUTOFF = 37
#: Woby SR et al., Pain 2005;117:137-144: TSK-11 drops TSK-17 items 4, 8, 9, 12, 14, 16
#: (all reverse-worded items among them), so the TSK-11 has no reverse scoring.
TSK11_FROM_TSK17 = (1, 2, 3, 5, 6, 7, 10, 11, 13, 15, 17)
FORMS = {
    "tsk17": (
        item_ids("tsk17", range(1, 18)),
        MissingRule(
            2,
            "prorate when at most 2 of 17 items are missing: round(mean x 17) (INSTRUMENTS.md §3.12; no official rule)",
        ),
    ),
    "tsk11": (
        item_ids("tsk11", range(1, 12)),
        MissingRule(
            1,
            "prorate when at most 1 of 11 items is missing: round(mean x 11) (INSTRUMENTS.md §3.12; no official rule)",
        ),
    ),
}
#: Woby SR et al., Pain 2005;117:137-144: a reduction of >= 4 points is an important change (TSK-11).
MCID = {
    "tsk11": Mcid(4, "points", "Woby SR, Roach NK, Urmston M, Watson PJ, Pain 2005;117:137-144"),
    "tsk17": None,
}


def score(
    values: Mapping[str, Any],
    *,
    form: str,
    strict: bool = False,
    context: ScoringContext | None = None,
) -> ScoreResult:
    """Score the TSK-17 or TSK-11.

    Rule: responses 1-4 (strongly disagree ... strongly agree). TSK-17: items 4, 8, 12, 16
    reversed (5 - response), total 17-68, > 37 = high kinesiophobia (Vlaeyen 1995). TSK-11
    (Woby 2005): plain sum, 11-44, no reverse items and no agreed cut-off; MCID 4 points.
    Subscales are not reported: their item sets vary between papers. Missing data: project
    convention in ``FORMS``.
    """
    ids, rule = FORMS[form]
    scored = {
        k: (5 - v if k in TSK17_REVERSED else v)
        for k, v in values.items()
        if v is not None and k in ids
    }
    total, absent = prorated_sum(form, scored, ids, rule, strict=strict)
    flags: list[Flag] = []
    band = None
    if form == "tsk17":
        band = "high" if total > TSK17_CUTOFF else "not_high"
        if total > TSK17_CUTOFF:
            flags.append(
                Flag(
                    "tsk17-high",
                    "TSK-17 > 37: high kinesiophobia",
                    "info",
                    "Vlaeyen JWS et al., Pain 1995;62:363-372",
                )
            )
    if absent:
        flags.append(prorated_flag(absent, rule.text, False))
    return ScoreResult(
        form,
        total,
        band,
        {},
        tuple(flags),
        missing_report(ids, absent, rule.text, official=False, prorated=bool(absent)),
    )
