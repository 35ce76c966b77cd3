"""painDETECT (Freynhagen R, Baron R, Gockel U, Tölle TR, Curr Med Res Opin 2006;22:1911-1920)."""

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

SENSORY = item_ids("paindetect", range(1, 8))
PATTERN = "paindetect-8"
RADIATING = "paindetect-9"
RULE = "all 7 sensory items, the pain-course pattern and radiation required (painscope convention)"
#: Freynhagen 2006: <= 12 neuropathic component unlikely (< 15 %), 13-18 ambiguous,
#: >= 19 likely (> 90 %). (The NINDS CDE text's "<= 19" is a typo.)
BANDS = ((-1, "unlikely"), (13, "ambiguous"), (19, "likely"))
MCID = None


def score(
    values: Mapping[str, Any], *, strict: bool = False, context: ScoringContext | None = None
) -> ScoreResult:
    """Score painDETECT.

    Rule (Freynhagen 2006): sum of 7 sensory items (0-5) + pain-course pattern (persistent
    with slight fluctuations 0; persistent with attacks -1; attacks without or with pain
    between them +1) + radiating pain (yes +2); range -1 to 38. Items 10-12 (pain NRS) are
    not scored. Present the result as "neuropathic-like symptoms": specificity is poor in
    fibromyalgia (Gauffin 2013), and painDETECT is not part of NeuPSIG grading.
    """
    require("paindetect", values, [*SENSORY, PATTERN, RADIATING], RULE)
    sensory = int(sum(values[k] for k in SENSORY))
    total = sensory + int(values[PATTERN]) + (2 if values[RADIATING] else 0)
    flag = Flag(
        "paindetect-screening-only",
        "screening for neuropathic-like symptoms, not a diagnosis of neuropathic pain; high scores "
        "are common in fibromyalgia",
        "info",
        "INSTRUMENTS.md §3.19 (Gauffin 2013)",
    )
    return ScoreResult(
        "paindetect",
        total,
        band_for(total, BANDS),
        {"sensory": sensory},
        (flag,),
        missing_report([*SENSORY, PATTERN, RADIATING], [], RULE, official=False, prorated=False),
    )
