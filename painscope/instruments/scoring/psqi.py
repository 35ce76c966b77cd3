"""Pittsburgh Sleep Quality Index (Buysse DJ et al., Psychiatry Res 1989;28:193-213)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from painscope.instruments._common import ScoringContext, item_ids, missing_report, require
from painscope.instruments.errors import AnswerError
from painscope.instruments.result import Flag, ScoreResult

Q5_OTHER = ["psqi-5b", "psqi-5c", "psqi-5d", "psqi-5e", "psqi-5f", "psqi-5g", "psqi-5h", "psqi-5i"]
REQUIRED = [
    "psqi-1",
    "psqi-2",
    "psqi-3",
    "psqi-4",
    "psqi-5a",
    *Q5_OTHER,
    *item_ids("psqi", (6, 7, 8, 9)),
]
RULE = (
    "every component must be computable, otherwise no global score (common practice, "
    "INSTRUMENTS.md §3.15); Q5j counts only when a frequency is given"
)
#: Buysse 1989: global > 5 = poor sleeper (sensitivity 89.6 %, specificity 86.5 %).
CUTOFF = 5
MCID = None


def _minutes(hhmm: str) -> int:
    h, m = hhmm.split(":")[:2]
    return int(h) * 60 + int(m)


def _stepped(total: float, steps: tuple[float, float, float]) -> int:
    """0 for total <= 0 ... : returns how many of ``steps`` (lower bounds of 1, 2, 3) are reached."""
    return sum(total >= s for s in steps)


def latency_component(minutes: float, q5a: int) -> int:
    """C2 (Buysse 1989): Q2 <= 15 min → 0, 16-30 → 1, 31-60 → 2, > 60 → 3; plus Q5a;
    sum 0 → 0, 1-2 → 1, 3-4 → 2, 5-6 → 3."""
    q2 = 0 if minutes <= 15 else 1 if minutes <= 30 else 2 if minutes <= 60 else 3
    return _stepped(q2 + q5a, (1, 3, 5))


def duration_component(hours: float) -> int:
    """C3: painscope's reading of Buysse's ">7, 6-7, 5-6, <5": >= 7 h → 0, 6 <= h < 7 → 1,
    5 <= h < 6 → 2, < 5 → 3 (the paper is ambiguous at exactly 5, 6 and 7 h;
    INSTRUMENTS.md §3.15 asks for one documented rule)."""
    return 0 if hours >= 7 else 1 if hours >= 6 else 2 if hours >= 5 else 3


def hours_in_bed(bed_time: str, rise_time: str) -> float:
    """Hours from bed time to getting-up time, wrapping at midnight (23:00 → 07:00 = 8 h)."""
    return ((_minutes(rise_time) - _minutes(bed_time)) % (24 * 60)) / 60


def efficiency_component(hours_asleep: float, bed_time: str, rise_time: str) -> tuple[int, float]:
    """C4 (Buysse 1989): efficiency = hours asleep / hours in bed x 100, capped at 100 %;
    >= 85 % → 0, 75-84 % → 1, 65-74 % → 2, < 65 % → 3. Returns (component, efficiency %)."""
    in_bed = hours_in_bed(bed_time, rise_time)
    if in_bed == 0:
        raise AnswerError(
            "psqi sleep efficiency cannot be computed: bed time (psqi-1) equals getting-up time (psqi-3)",
            link_id="psqi-3",
        )
    eff = min(100.0, hours_asleep / in_bed * 100)
    comp = 0 if eff >= 85 else 1 if eff >= 75 else 2 if eff >= 65 else 3
    return comp, eff


def score(
    values: Mapping[str, Any], *, strict: bool = False, context: ScoringContext | None = None
) -> ScoreResult:
    """Score the PSQI.

    Rule (Buysse 1989): seven components 0-3 — C1 subjective quality (Q6); C2 latency
    (Q2 + Q5a); C3 duration (Q4); C4 habitual efficiency (Q4 / time in bed from Q1 and Q3);
    C5 disturbances (sum of Q5b-Q5j: 0 → 0, 1-9 → 1, 10-18 → 2, 19-27 → 3); C6 medication
    (Q7); C7 daytime dysfunction (Q8 + Q9: 0 → 0, 1-2 → 1, 3-4 → 2, 5-6 → 3). Global =
    sum (0-21); > 5 = poor sleeper. Q10 (bed partner) is not scored.
    """
    require("psqi", values, REQUIRED, RULE)
    c4, eff = efficiency_component(values["psqi-4"], values["psqi-1"], values["psqi-3"])
    disturbances = sum(values[k] for k in Q5_OTHER) + (values.get("psqi-5j") or 0)
    comps = {
        "subjective_sleep_quality": int(values["psqi-6"]),
        "sleep_latency": latency_component(values["psqi-2"], values["psqi-5a"]),
        "sleep_duration": duration_component(values["psqi-4"]),
        "sleep_efficiency": c4,
        "sleep_disturbances": _stepped(disturbances, (1, 10, 19)),
        "sleep_medication": int(values["psqi-7"]),
        "daytime_dysfunction": _stepped(values["psqi-8"] + values["psqi-9"], (1, 3, 5)),
    }
    total = sum(comps.values())
    flags = []
    if total > CUTOFF:
        flags.append(
            Flag(
                "psqi-poor-sleeper",
                "PSQI global > 5: poor sleep quality",
                "info",
                "Buysse DJ et al., Psychiatry Res 1989;28:193-213",
            )
        )
    subscales: dict[str, int | float | None] = {**comps, "sleep_efficiency_percent": eff}
    return ScoreResult(
        "psqi",
        total,
        "poor_sleeper" if total > CUTOFF else "good_sleeper",
        subscales,
        tuple(flags),
        missing_report(REQUIRED, [], RULE, official=False, prorated=False),
    )
