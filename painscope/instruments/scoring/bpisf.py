"""Brief Pain Inventory, short form (Cleeland CS, Ryan KM, Ann Acad Med Singapore 1994;23:129-138)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from painscope.instruments._common import (
    ScoringContext,
    band_for,
    item_ids,
    missing_report,
    require,
)
from painscope.instruments.result import Flag, ScoreResult

SEVERITY = ["bpisf-3", "bpisf-4", "bpisf-5", "bpisf-6"]  # worst, least, average, now
INTERFERENCE = item_ids("bpisf", ("9a", "9b", "9c", "9d", "9e", "9f", "9g"))
#: BPI User Guide: interference is scored only if >= 4 of the 7 items are answered.
MIN_INTERFERENCE = 4
RULE = (
    "severity items Q3-Q6 required (painscope convention); interference = mean of the answered "
    "Q9 items when at least 4 of 7 are answered (BPI User Guide)"
)
#: Serlin RC et al., Pain 1995;61:277-284 (cancer pain): worst pain 1-4 mild, 5-6 moderate,
#: 7-10 severe. Indicative only in non-cancer chronic pain.
WORST_BANDS = ((0, "none"), (1, "mild"), (5, "moderate"), (7, "severe"))
MCID = None


def score(
    values: Mapping[str, Any], *, strict: bool = False, context: ScoringContext | None = None
) -> ScoreResult:
    """Score the BPI-SF.

    Rule (BPI User Guide): pain severity = mean of Q3-Q6 (worst, least, average, now; 0-10);
    pain interference = mean of Q9 A-G, only if >= 4 of 7 are answered. The BPI has no total:
    ``total`` carries the pain-severity mean (not rounded) and ``band`` the Serlin 1995
    category of worst pain (Q3). Subscales: ``severity``, ``interference``, ``worst``.
    """
    require("bpisf", values, SEVERITY, RULE)
    severity = sum(values[k] for k in SEVERITY) / 4
    answered = [values[k] for k in INTERFERENCE if values.get(k) is not None]
    absent = [k for k in INTERFERENCE if values.get(k) is None]
    need = len(INTERFERENCE) if strict else MIN_INTERFERENCE
    interference = sum(answered) / len(answered) if len(answered) >= need else None
    flags = []
    if interference is None:
        flags.append(
            Flag(
                "bpisf-interference-not-scored",
                f"pain interference not scored: {len(answered)} of 7 items answered (needs {need})",
                "warning",
                "BPI User Guide (>= 4 of 7 interference items)",
            )
        )
    elif absent:
        flags.append(
            Flag(
                "bpisf-interference-partial",
                f"pain interference is the mean of {len(answered)} of 7 items",
                "info",
                "BPI User Guide (>= 4 of 7 interference items)",
            )
        )
    worst = values["bpisf-3"]
    return ScoreResult(
        "bpisf",
        severity,
        band_for(worst, WORST_BANDS),
        {"severity": severity, "interference": interference, "worst": worst},
        tuple(flags),
        missing_report(SEVERITY + INTERFERENCE, absent, RULE, official=True, prorated=False),
    )
