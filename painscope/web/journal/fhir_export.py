"""The FHIR R4 Bundle of everything a person keeps here (``painscope export-fhir``, My data),
and reading one back (``painscope import-fhir``).

Questionnaires and criteria (``assessments.services.fhir_bundle``), every diary
observation, every medication and every dose log (:mod:`painscope.diary.fhir`), in one
``collection`` Bundle. Every read passes the one gate for the viewer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser

from painscope.diary import fhir as diary_fhir
from painscope.web.accounts.models import Profile
from painscope.web.assessments import services as assessments
from painscope.web.journal import med_transfer, services


def everything_bundle(user: AbstractBaseUser, viewer: AbstractBaseUser | None = None) -> tuple[dict[str, Any], list[str]]:
    """The Bundle and the records left out with their reasons (see ``fhir_bundle``)."""
    bundle, skipped = assessments.fhir_bundle(user)
    ref = f"Patient/{assessments.patient_id(user)}"
    plans, doses = med_transfer.plans_and_doses(user, viewer)
    today = datetime.now(UTC).astimezone(Profile.for_user(user).zone).date()
    resources = [
        *diary_fhir.diary_observations(ref, services.diary_frame(user, viewer=viewer)),
        *diary_fhir.medication_statements(ref, plans, today),
        *diary_fhir.medication_administrations(ref, doses, {p.plan: p for p in plans}),
    ]
    entries = bundle.get("entry", []) + diary_fhir.entries(resources)
    if entries:
        bundle["entry"] = entries
    return bundle, skipped


@dataclass
class FhirImport:
    """What ``import_fhir`` stored and what the Bundle held that was left out."""

    result: services.ImportResult
    left_out: dict[str, int] = field(default_factory=dict)
    questionnaires_created: int = 0
    questionnaires_unchanged: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {**self.result.as_dict(), "questionnaires_created": self.questionnaires_created,
                "questionnaires_unchanged": self.questionnaires_unchanged,
                "left_out": dict(sorted(self.left_out.items()))}

    def summary(self) -> str:
        extra = "; ".join(f"{n} {what} left out" for what, n in sorted(self.left_out.items()))
        return (self.result.summary() + f"; {self.questionnaires_created} new questionnaires "
                f"({self.questionnaires_unchanged} already there)" + (f"; {extra}" if extra else ""))


def import_fhir(user: AbstractBaseUser, data: bytes) -> FhirImport:
    """Store a Bundle's diary Observations, medication plans, dose logs and the
    questionnaires the person completed (a Bundle painscope wrote restores them; scores are
    recomputed from the answers): the diary and medications with the same checks, merge and
    transactions as a tidy CSV import (``services.import_csv``). Everything is checked
    before anything is stored; raises ``diary.DiaryError`` naming the Bundle entry and
    field of each problem."""
    from painscope import diary
    from painscope import instruments as ins

    read = diary_fhir.read_bundle(data)
    administrations: list[tuple[int, ins.Administration]] = []
    problems: list[diary.RowProblem] = []
    for number, resource in read.questionnaires:
        try:
            adm = ins.read_questionnaire_response(resource)
            ins.score(adm.instrument, adm.answers)  # scorable, or refused now (nothing stored yet)
        except ins.AnswerError as exc:  # an answer the instrument refuses: "item peg-1: ..."
            link = getattr(exc, "link_id", None)
            problems.append(diary.RowProblem(number, f"item {link}" if link else "item", str(exc), unit="entry"))
            continue
        except ins.InstrumentError as exc:  # the response itself: "questionnaire: ..."
            column, _, message = str(exc).partition(": ")
            problems.append(diary.RowProblem(number, column[:40], message or str(exc), unit="entry"))
            continue
        administrations.append((number, adm))
    if problems:
        raise diary.DiaryError(problems)
    try:
        result = services.import_csv(user, read.csv_text)
    except diary.DiaryError as exc:
        remapped = [
            diary.RowProblem(read.entry_of_line.get(p.line), p.column, p.message, unit="entry")
            if p.line is not None else p
            for p in exc.problems
        ]
        raise diary.DiaryError(remapped, exc.total) from None
    done = FhirImport(result, read.left_out)
    for _number, adm in sorted(administrations, key=lambda x: x[1].authored):
        when = adm.authored.astimezone(UTC)
        if assessments.administrations_for_user(user).filter(instrument_id=adm.instrument, authored=when).exists():
            done.questionnaires_unchanged += 1
            continue
        assessments.score_and_store(user, adm.instrument, adm.answers, source="import", authored=when)
        done.questionnaires_created += 1
    return done
