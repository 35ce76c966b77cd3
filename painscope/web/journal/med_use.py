"""Medications as people need them (issue 15): the run-out date, as-needed use, refills with
the pack size, and changes of the plan kept as a history.

The numbers come from :mod:`painscope.diary.medication_use` (pure, tested there); this module
gathers the person's rows for it, and writes refills and plan changes so that nothing is
overwritten: each is a :class:`~painscope.web.journal.models.MedicationEvent`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.db import transaction

from painscope.diary import medication_use
from painscope.web.journal import services
from painscope.web.journal.forms import zone_or_none
from painscope.web.journal.models import DoseLog, Medication, MedicationEvent, Observation

#: the fields whose change is a new plan (kept in the history), not a correction of a typo
PLAN_FIELDS = ("dose", "unit", "pills_per_dose", "as_needed", "times", "weekdays")
#: the biggest pack a refill may add (a typo of 3000 for 30 would otherwise run out in years)
MAX_PACK = 10_000


@dataclass
class MedicationUse:
    today: date  # in the medication's zone
    run_out: medication_use.RunOut
    as_needed: medication_use.AsNeededSummary | None
    history: list[MedicationEvent]


def plan_of(med: Medication) -> dict[str, Any]:
    """The plan fields of ``med`` as stored (JSON-ready)."""
    return {"dose": med.dose, "unit": med.unit, "pills_per_dose": med.pills_per_dose, "as_needed": med.as_needed,
            "times": list(med.times), "weekdays": list(med.weekdays)}


def pain_ratings(user, now: datetime) -> list[tuple[datetime, float]]:
    """The person's pain ratings of the weeks an as-needed summary looks at."""
    return list(Observation.objects.filter(
        entry__in=services.entries_for_user(user).filter(utc__gte=now - timedelta(weeks=12, hours=5)),
        kind="rating", name="pain").values_list("entry__utc", "value"))


def use_of(med: Medication, now: datetime, pain: list[tuple[datetime, float]] | None = None) -> MedicationUse:
    """Run-out date, as-needed summary (as-needed medicines) and the history of ``med``.
    ``pain``: the person's :func:`pain_ratings`, read once for a page of several medicines."""
    zone = med.timezone or "UTC"
    taken = list(DoseLog.objects.filter(medication=med, status=DoseLog.TAKEN, at__gte=now - timedelta(weeks=12),
                                        at__lte=now).values_list("at", flat=True))
    out = medication_use.run_out(
        pills_left=med.pills_left, pills_per_dose=med.pills_per_dose, as_needed=med.as_needed,
        times=med.times, weekdays=med.weekdays, tz=zone, start=med.start_date, stop=med.stop_date, now=now,
        taken_at=taken)
    summary = None
    if med.as_needed:
        summary = medication_use.as_needed_summary(taken, pain_ratings(med.owner, now) if pain is None else pain,
                                                   zone, now)
    today = now.astimezone(zone_or_none(zone) or UTC).date()
    return MedicationUse(today, out, summary, list(med.events.all()[:20]))


class RefillError(ValueError):
    """A refill that cannot be stored; the message names the field. ``missing``: no pack
    size was given or remembered (else the size is out of range)."""

    def __init__(self, message: str, *, missing: bool = False) -> None:
        super().__init__(message)
        self.missing = missing


def refill(med: Medication, pack: float | None, today: date) -> MedicationEvent:
    """Add a pack to ``med``'s pills left (the pack size is remembered for next time)."""
    size = pack if pack is not None else med.pack_size
    if size is None:
        raise RefillError("pack: how many pills (or doses) are in the new pack?", missing=True)
    if not 0 < size <= MAX_PACK:  # NaN too: every comparison with it is false
        raise RefillError(f"pack: expected more than 0 and at most {MAX_PACK:,}")
    with transaction.atomic():
        locked = Medication.objects.select_for_update().get(pk=med.pk)
        before = locked.pills_left
        locked.pills_left = (before or 0) + size
        locked.pack_size = size
        locked.save(update_fields=["pills_left", "pack_size"])
        event = MedicationEvent.objects.create(owner=locked.owner, medication=locked, kind=MedicationEvent.REFILL,
                                               effective=today,
                                               details={"added": size, "before": before, "after": locked.pills_left})
    med.pills_left, med.pack_size = locked.pills_left, locked.pack_size
    return event


def record_plan_change(med: Medication, before: dict[str, Any], effective: date) -> MedicationEvent | None:
    """Keep the plan ``med`` had (``before``) beside the plan it has now, from ``effective``
    on; None when no plan field changed (a new note or pill count is not a new plan)."""
    after = plan_of(med)
    changed = [k for k in PLAN_FIELDS if before.get(k) != after.get(k)]
    if not changed:
        return None
    return MedicationEvent.objects.create(owner=med.owner, medication=med, kind=MedicationEvent.CHANGE,
                                          effective=effective,
                                          details={"before": before, "after": after, "changed": changed})


def plan_changes_for(user, since: date | None = None) -> list[MedicationEvent]:
    """The person's plan changes, newest first (for "Did it help": a change date is a start)."""
    rows = MedicationEvent.objects.filter(owner=user, kind=MedicationEvent.CHANGE).select_related("medication")
    if since is not None:
        rows = rows.filter(effective__gte=since)
    return list(rows)
