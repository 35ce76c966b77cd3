"""The FHIR R4 Bundle of everything a person keeps here (``painscope export-fhir``, My data).

Questionnaires and criteria (``assessments.services.fhir_bundle``), every diary
observation, every medication and every dose log (:mod:`painscope.diary.fhir`), in one
``collection`` Bundle. Every read passes the one gate for the viewer.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser

from painscope.diary import fhir as diary_fhir
from painscope.web.accounts.models import Profile
from painscope.web.assessments import services as assessments
from painscope.web.journal import services


def medication_records(user: AbstractBaseUser, viewer: AbstractBaseUser | None = None) -> list[diary_fhir.MedicationRecord]:
    return [
        diary_fhir.MedicationRecord(
            id=m.pk, name=m.name, dose=float(m.dose), unit=m.unit, as_needed=m.as_needed,
            times=tuple(m.times or ()), start_date=m.start_date, stop_date=m.stop_date,
        )
        for m in services.medications_for_user(user, viewer=viewer).order_by("start_date", "pk")
    ]


def dose_records(user: AbstractBaseUser, viewer: AbstractBaseUser | None = None) -> list[diary_fhir.DoseRecord]:
    return [
        diary_fhir.DoseRecord(id=d.pk, medication_id=d.medication_id, status=d.status, at=d.at,
                              scheduled_for=d.scheduled_for, dose=d.dose)
        for d in services.doses_for_user(user, viewer=viewer).order_by("at", "pk")
    ]


def everything_bundle(user: AbstractBaseUser, viewer: AbstractBaseUser | None = None) -> tuple[dict[str, Any], list[str]]:
    """The Bundle and the records left out with their reasons (see ``fhir_bundle``)."""
    bundle, skipped = assessments.fhir_bundle(user)
    ref = f"Patient/{assessments.patient_id(user)}"
    meds = medication_records(user, viewer)
    today = datetime.now(UTC).astimezone(Profile.for_user(user).zone).date()
    resources = [
        *diary_fhir.diary_observations(ref, services.diary_frame(user, viewer=viewer)),
        *diary_fhir.medication_statements(ref, meds, today),
        *diary_fhir.medication_administrations(ref, dose_records(user, viewer), {m.id: m for m in meds}),
    ]
    entries = bundle.get("entry", []) + diary_fhir.entries(resources)
    if entries:
        bundle["entry"] = entries
    return bundle, skipped
