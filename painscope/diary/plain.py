"""One plain opening sentence for each part of the overview (issue 16, "plain language first").

Built from the numbers :mod:`painscope.diary.summary` already computed (nothing is computed
anew); the exact figures and how they were worked out stay on the page behind a fold. Short
words, whole numbers ("about 6 out of 10"), no statistics terms, no blame, and "not enough
data yet" when that is the honest answer. The pages check them with ``textstat``
(tests/web/test_plain_language.py): Flesch-Kincaid grade 7 or lower.
"""

from __future__ import annotations

from collections.abc import Sequence

from painscope.diary.summary import Calendar, PainSummary, RegionShare


def _about(value: float) -> str:
    return f"about {value:.0f} out of 10"


def recent_pain(summaries: Sequence[PainSummary]) -> str:
    """"Your pain this week was about 6 out of 10, a bit higher than your usual 5."

    ``summaries`` are the overview's, shortest period first (7, 30, 90 days); "usual" is the
    longest period's average, and a week counts as higher or lower only when the two whole
    numbers differ and the averages are half a point or more apart.
    """
    week, longest = summaries[0], summaries[-1]
    if not week.enough:
        if longest.enough:
            return (f"Not enough data yet for this week; over the last {longest.days} days your "
                    f"pain was {_about(longest.mean)}.")
        return "Not enough data yet: after a few days of pain ratings, this shows how it has been."
    if not longest.enough or longest is week:
        return f"Your pain this week was {_about(week.mean)}."
    now, usual = round(week.mean), round(longest.mean)
    if now == usual or abs(week.mean - longest.mean) < 0.5:
        return f"Your pain this week was {_about(week.mean)}, close to your usual."
    word = "higher" if week.mean > longest.mean else "lower"
    return f"Your pain this week was {_about(week.mean)}, a bit {word} than your usual {usual}."


def period_pain(s: PainSummary) -> str:
    """The chart's period: "Over the last 90 days, your pain was about 5 out of 10 on an average day."""
    if not s.enough:
        return f"Not enough data yet to sum up the last {s.days} days."
    return f"Over the last {s.days} days, your pain was {_about(s.mean)} on an average day."


def calendar_days(calendar: Calendar) -> str:
    """"You rated your pain on 158 of the last 177 days." """
    rated = sum(d.pain is not None for d in calendar.days)
    if not rated:
        return "No pain ratings yet. The calendar fills in as you check in."
    return f"You rated your pain on {rated} of the last {len(calendar.days)} days."


def where_it_hurt(n_checkins: int, marked: Sequence[RegionShare]) -> str:
    """"Neck was the area you marked most often: on 73% of check-ins." """
    if not n_checkins:
        return "No check-ins in the last 90 days yet. The map fills in as you mark where it hurts."
    if not marked:
        return "No areas marked yet. The map fills in as you mark where it hurts."
    top = max(marked, key=lambda s: s.count)
    return f"{top.label} was the area you marked most often: on {top.share:.0%} of check-ins."


def doses_taken(rows: Sequence) -> str:
    """"You logged 23 of 28 planned doses as taken in the last 4 weeks." (``rows``: the
    overview's adherence rows, each with ``taken`` and ``scheduled``.)"""
    if not rows:
        return "No medications with set times yet."
    taken = sum(r.taken for r in rows)
    planned = sum(r.scheduled for r in rows)
    return f"You logged {taken} of {planned} planned doses as taken in the last 4 weeks."
