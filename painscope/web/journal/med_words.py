"""What the medications page says about run-out dates, as-needed use and the history, in the
page's language (the numbers come from painscope.diary.medication_use, whose own sentences
are English for the CLI).

Sources: the run-out range of an as-needed medicine and the doses-per-week range are exact
(Garwood) 95 % Poisson intervals; pain before and after a dose is a paired mean difference
with a t interval, shown only from ``MIN_PAIRS`` pairs (painscope/diary/medication_use.py).
"""

from __future__ import annotations

from typing import Any

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from painscope.diary import medication_use
from painscope.web.journal.med_use import MAX_PACK, MedicationUse, RefillError
from painscope.web.journal.models import Medication, MedicationEvent


def _day(d) -> str:
    return date_format(d, "D j M Y")


def _n(x: float | None) -> str:
    return "" if x is None else number_format(x, decimal_pos=None if float(x) != int(x) else 0)


def part_of_day(name: str) -> str:
    return {"night": _("at night"), "morning": _("in the morning"), "afternoon": _("in the afternoon"),
            "evening": _("in the evening")}.get(name, name)


def run_out_sentence(med: Medication, use: MedicationUse) -> str:
    out = use.run_out
    if med.pills_left is None:
        return _("Add how many are left (Change) to see when they run out.")
    if med.stop_date is not None and med.stop_date < use.today:
        return _("This plan ended on %(date)s.") % {"date": _day(med.stop_date)}
    if med.stop_date is not None and out.date is None and not med.as_needed and med.times:
        return _("The pills last past the plan's stop date.")
    if out.doses_left == 0:
        return _("No full dose left.")
    if out.date is None:
        if med.as_needed:
            return _("Run-out date: not enough data yet (it needs at least 3 doses logged in the last 4 weeks).")
        if not med.times:
            return _("Run-out date: the plan has no times.")
        return _("The pills last more than two years at this plan.")
    if not med.as_needed:
        return ngettext("Enough for %(n)s more dose: until %(date)s.", "Enough for %(n)s more doses: until %(date)s.",
                        int(out.doses_left or 0)) % {"n": _n(out.doses_left), "date": _day(out.date)}
    return _("At your use in the last 4 weeks, they last until about %(date)s (likely between %(earliest)s and "
             "%(latest)s).") % {"date": _day(out.date), "earliest": _day(out.earliest), "latest": _day(out.latest)}


def as_needed_sentences(summary: medication_use.AsNeededSummary | None) -> list[str]:
    if summary is None:
        return []
    if summary.doses == 0:
        return [_("No doses logged in the last %(weeks)s weeks.") % {"weeks": summary.weeks}]
    most = max(summary.parts_of_day, key=summary.parts_of_day.get)
    low, high = summary.per_week_range or (None, None)
    lines = [_("About %(per_week)s doses a week over the last %(weeks)s weeks (likely between %(low)s and %(high)s), "
               "most often %(when)s.") % {"per_week": _n(summary.per_week), "weeks": summary.weeks, "low": _n(low),
                                          "high": _n(high), "when": part_of_day(most)}]
    if summary.change is not None and summary.change_ci is not None:
        lines.append(_("Where you rated pain before and after a dose (%(pairs)s times), it went from %(before)s to "
                       "%(after)s on average (change %(change)s, likely between %(low)s and %(high)s). Pain often "
                       "eases by itself after a peak, so this is not proof of how well it works.") % {
            "pairs": summary.pairs, "before": _n(summary.pain_before), "after": _n(summary.pain_after),
            "change": _n(summary.change), "low": _n(summary.change_ci[0]), "high": _n(summary.change_ci[1])})
    else:
        lines.append(_("Pain before and after a dose: not enough data yet (%(pairs)s of %(needed)s doses with a "
                       "rating shortly before and 30 minutes to 4 hours after).") % {
            "pairs": summary.pairs, "needed": medication_use.MIN_PAIRS})
    return lines


def _plan_words(plan: dict[str, Any]) -> str:
    dose = f"{_n(plan.get('dose'))} {plan.get('unit', '')}".strip()
    if plan.get("as_needed"):
        return _("%(dose)s as needed") % {"dose": dose}
    return _("%(dose)s at %(times)s") % {"dose": dose, "times": ", ".join(plan.get("times") or []) or "—"}


def history_line(event: MedicationEvent) -> str:
    d = event.details or {}
    if event.kind == MedicationEvent.REFILL:
        return _("%(day)s: refilled, %(added)s added (%(after)s left then).") % {
            "day": _day(event.effective), "added": _n(d.get("added")), "after": _n(d.get("after"))}
    return _("%(day)s: plan changed from %(before)s to %(after)s.") % {
        "day": _day(event.effective), "before": _plan_words(d.get("before") or {}),
        "after": _plan_words(d.get("after") or {})}


def describe(med: Medication, use: MedicationUse) -> dict[str, Any]:
    return {"run_out": run_out_sentence(med, use), "as_needed": as_needed_sentences(use.as_needed),
            "history": [history_line(e) for e in use.history]}


def refill_problem(exc: RefillError) -> str:
    if exc.missing:
        return _("pack: how many pills (or doses) are in the new pack?")
    return _("pack: expected more than 0 and at most %(max)s") % {"max": number_format(MAX_PACK, force_grouping=True)}
