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
from painscope.i18n import gettext as _
from painscope.i18n import ngettext, number, percent

# The sentences are marked for translation (painscope/i18n.py): each is one whole sentence
# with named placeholders, so that another language can order its words its own way.


def _about(value: float) -> str:
    return _("about %(n)s out of 10") % {"n": number(value)}


def recent_pain(summaries: Sequence[PainSummary]) -> str:
    """"Your pain this week was about 6 out of 10, a bit higher than your usual 5."

    ``summaries`` are the overview's, shortest period first (7, 30, 90 days); "usual" is the
    longest period's average, and a week counts as higher or lower only when the two whole
    numbers differ and the averages are half a point or more apart.
    """
    week, longest = summaries[0], summaries[-1]
    if not week.enough:
        if longest.enough:
            return _("Not enough data yet for this week; over the last %(days)s days your pain was %(about)s.") % {
                "days": longest.days, "about": _about(longest.mean)}
        return _("Not enough data yet: after a few days of pain ratings, this shows how it has been.")
    if not longest.enough or longest is week:
        return _("Your pain this week was %(about)s.") % {"about": _about(week.mean)}
    now, usual = round(week.mean), round(longest.mean)
    if now == usual or abs(week.mean - longest.mean) < 0.5:
        return _("Your pain this week was %(about)s, close to your usual.") % {"about": _about(week.mean)}
    if week.mean > longest.mean:
        text = _("Your pain this week was %(about)s, a bit higher than your usual %(usual)s.")
    else:
        text = _("Your pain this week was %(about)s, a bit lower than your usual %(usual)s.")
    return text % {"about": _about(week.mean), "usual": usual}


def period_pain(s: PainSummary) -> str:
    """The chart's period: "Over the last 90 days, your pain was about 5 out of 10 on an average day."""
    if not s.enough:
        return _("Not enough data yet to sum up the last %(days)s days.") % {"days": s.days}
    return _("Over the last %(days)s days, your pain was %(about)s on an average day.") % {
        "days": s.days, "about": _about(s.mean)}


def calendar_days(calendar: Calendar) -> str:
    """"You rated your pain on 158 of the last 177 days." """
    rated = sum(d.pain is not None for d in calendar.days)
    if not rated:
        return _("No pain ratings yet. The calendar fills in as you check in.")
    return _("You rated your pain on %(rated)s of the last %(days)s days.") % {"rated": rated, "days": len(calendar.days)}


def where_it_hurt(n_checkins: int, marked: Sequence[RegionShare], label: str | None = None) -> str:
    """"Neck was the area you marked most often: on 73% of check-ins." (``label``: the top
    area's name in the page's language, when the caller has it.)"""
    if not n_checkins:
        return _("No check-ins in the last 90 days yet. The map fills in as you mark where it hurts.")
    if not marked:
        return _("No areas marked yet. The map fills in as you mark where it hurts.")
    top = max(marked, key=lambda s: s.count)
    return _("%(area)s was the area you marked most often: on %(share)s of check-ins.") % {
        "area": label or top.label, "share": percent(top.share)}


def top_area(marked: Sequence[RegionShare]) -> RegionShare | None:
    """The area :func:`where_it_hurt` leads with."""
    return max(marked, key=lambda s: s.count) if marked else None


def doses_taken(rows: Sequence) -> str:
    """"You logged 23 of 28 planned doses as taken in the last 4 weeks." (``rows``: the
    overview's adherence rows, each with ``taken`` and ``scheduled``.)"""
    if not rows:
        return _("No medications with set times yet.")
    taken = sum(r.taken for r in rows)
    planned = sum(r.scheduled for r in rows)
    return ngettext("You logged %(taken)s of %(planned)s planned dose as taken in the last 4 weeks.",
                    "You logged %(taken)s of %(planned)s planned doses as taken in the last 4 weeks.",
                    planned) % {"taken": taken, "planned": planned}
