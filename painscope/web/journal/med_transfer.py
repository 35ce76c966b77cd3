"""Medications and dose logs in and out of the tidy CSV (format version 2).

The rows themselves are :mod:`painscope.diary.med_rows` (pure); this module maps them to
``Medication`` and ``DoseLog`` of one person. Import merges like the diary's import does:
a plan identical to one the person has (whatever the pills left) is reused, and a dose log
already there is not added again, so importing a file twice adds nothing the second time.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction

from painscope.diary.med_rows import DoseRow, MedicationRows, PlanRow, record_rows
from painscope.web.journal.models import DoseLog, Medication


@dataclass
class MedicationImport:
    medications_created: int = 0
    medications_unchanged: int = 0
    doses_created: int = 0
    doses_unchanged: int = 0

    def summary(self) -> str:
        return (f"{self.medications_created} new medications ({self.medications_unchanged} already there), "
                f"{self.doses_created} new dose logs ({self.doses_unchanged} already there)")


def _plan_of(med: Medication, number: int) -> PlanRow:
    return PlanRow(
        plan=number, name=med.name, dose=float(med.dose), unit=med.unit, start_date=med.start_date,
        as_needed=bool(med.as_needed), times=tuple(med.times or ()), weekdays=tuple(int(d) for d in med.weekdays or ()),
        timezone=med.timezone, stop_date=med.stop_date,
        pills_left=None if med.pills_left is None else float(med.pills_left), pills_per_dose=float(med.pills_per_dose),
        refill_threshold=med.refill_threshold, notes=med.notes,
    )


def _dose_of(log: DoseLog, number: int) -> DoseRow:
    return DoseRow(plan=number, at=log.at.astimezone(UTC), status=log.status,
                   scheduled_for=None if log.scheduled_for is None else log.scheduled_for.astimezone(UTC),
                   dose=None if log.dose is None else float(log.dose), note=log.note)


def plans_and_doses(user: AbstractBaseUser, viewer: AbstractBaseUser | None = None) -> tuple[list[PlanRow], list[DoseRow]]:
    """The person's medication plans (numbered by start date, name, then creation) and their
    dose logs (in the order they were stored), read through the gate for ``viewer``."""
    from painscope.web.journal.services import doses_for_user, medications_for_user

    meds = list(medications_for_user(user, viewer=viewer).order_by("start_date", "name", "pk"))
    numbers = {med.pk: i for i, med in enumerate(meds, start=1)}
    plans = [_plan_of(med, numbers[med.pk]) for med in meds]
    logs = doses_for_user(user, viewer=viewer).filter(medication__owner=user).order_by("pk").iterator(chunk_size=2000)
    doses = [_dose_of(log, numbers[log.medication_id]) for log in logs]
    return plans, doses


def export_rows(user: AbstractBaseUser) -> list[tuple[str, str, str, str, str, str]]:
    """The person's medication plans and dose logs as tidy rows (canonical order)."""
    plans, doses = plans_and_doses(user)
    return list(record_rows(plans, doses))


def store(user: AbstractBaseUser, rows: MedicationRows) -> MedicationImport:
    """Store the plans and dose logs of a validated file for ``user``, in one transaction."""
    result = MedicationImport()
    if not rows:
        return result
    with transaction.atomic():
        existing = list(Medication.objects.select_for_update().filter(owner=user).order_by("pk"))
        claimed: set[int] = set()
        by_number: dict[int, Medication] = {}
        for plan in rows.plans:
            match = next((m for m in existing if m.pk not in claimed and _plan_of(m, plan.plan).same_plan(plan)), None)
            if match is None:
                match = Medication.objects.create(
                    owner=user, name=plan.name, dose=plan.dose, unit=plan.unit, as_needed=plan.as_needed,
                    times=list(plan.times), weekdays=list(plan.weekdays), timezone=plan.timezone,
                    start_date=plan.start_date, stop_date=plan.stop_date, pills_left=plan.pills_left,
                    pills_per_dose=plan.pills_per_dose, refill_threshold=plan.refill_threshold, notes=plan.notes,
                )
                result.medications_created += 1
            else:
                result.medications_unchanged += 1
            claimed.add(match.pk)
            by_number[plan.plan] = match
        numbers = {med.pk: number for number, med in by_number.items()}
        # a dose log is "already there" when one of the same plan, time (to the microsecond),
        # status, scheduled time, dose and note exists; as many are added as the file has more
        there = Counter(_dose_of(log, numbers[log.medication_id]).key()
                        for log in DoseLog.objects.filter(owner=user, medication_id__in=list(numbers)))
        new: list[DoseLog] = []
        for dose in rows.doses:
            key = dose.key()
            if there[key] > 0:
                there[key] -= 1
                result.doses_unchanged += 1
                continue
            new.append(DoseLog(owner=user, medication=by_number[dose.plan], status=dose.status, at=dose.at,
                               scheduled_for=dose.scheduled_for, dose=dose.dose, note=dose.note))
        DoseLog.objects.bulk_create(new, batch_size=1000)
        result.doses_created = len(new)
    return result
