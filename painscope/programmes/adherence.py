"""Adherence to a programme: days with a session against the plan's target, week by week.

PROGRAMMES.md §0 asks every programme to log adherence (quota done, trials a day, records,
diary nights, minutes, lessons). Here it is counted the same way for all six: the share of
days since the start with at least one session, and this week's sessions against the
programme's weekly target. A week is 7 days from the start date, so "this week" is the
programme's week, not the calendar's.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date

from painscope.i18n import current, day_month_year, gettext

#: Sessions a week each programme asks for (project choices for sessions of < 5 minutes).
TARGET_PER_WEEK = {"pacing": 7, "gmi": 7, "thought-record": 3, "sleep": 7, "breathing": 7, "education": 2}


@dataclass(frozen=True)
class Adherence:
    week: int
    days_since_start: int
    days_with_session: int
    sessions: int
    this_week: int
    target_per_week: int
    share: float
    sentence: str

    def to_dict(self) -> dict:
        return asdict(self)


def adherence(start: date, today: date, session_days: list[date], target_per_week: int) -> Adherence:
    """Counts of sessions since ``start`` (inclusive) up to ``today``; sessions outside are ignored."""
    if target_per_week < 1:
        raise ValueError("target_per_week must be at least 1")
    days = max(0, (today - start).days + 1)
    inside = [d for d in session_days if start <= d <= today]
    week = max(1, (today - start).days // 7 + 1) if days else 0
    week_start = (week - 1) * 7
    this_week = sum(1 for d in inside if (d - start).days >= week_start)
    distinct = len(set(inside))
    share = distinct / days if days else 0.0
    if days == 0:
        when = f"{start:%d %b %Y}" if current() == "en" else day_month_year(start)
        sentence = gettext("The programme starts on %(date)s.") % {"date": when}
    elif not inside:
        sentence = gettext("Week %(week)s: no sessions yet. One short session is a good start.") % {"week": week}
    else:
        sentence = gettext("Week %(week)s: %(this_week)s of %(target)s sessions this week; "
                           "sessions on %(distinct)s of %(days)s days since you started.") % {
            "week": week, "this_week": this_week, "target": target_per_week, "distinct": distinct, "days": days}
    return Adherence(week, days, distinct, len(inside), this_week, target_per_week, share, sentence)
