"""The clinician report download (PDF) and the one place that gathers its inputs.

The web layer adapts, it does not compute: :func:`report_inputs` reads the person's own
diary, medications (4-week adherence from the pure :mod:`painscope.diary.medications`
functions via :func:`painscope.web.journal.views.adherence_rows`), questionnaire results and
the cached insights, and :func:`painscope.reports.build_report` turns them into the report.
Everything is read through the owner-scoped helpers, so the PDF only ever holds the signed-in
person's data. The CLI (``painscope report``) uses the same function.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from painscope.web.accounts.models import Profile
from painscope.web.journal import services

#: Period lengths offered (days); anything else falls back to the default.
REPORT_DAYS = (30, 90, 180, 365)
DEFAULT_DAYS = 90


def _person(user: AbstractBaseUser) -> str:
    full = (user.get_full_name() or "").strip() if hasattr(user, "get_full_name") else ""
    return f"{full} ({user.get_username()})" if full else user.get_username()


#: Every kind of data the report can hold (``painscope.web.care.models.KINDS``).
ALL_KINDS = frozenset({"diary", "medications", "questionnaires", "wearables", "insights", "notes"})


def report_inputs(
    user: AbstractBaseUser, *, days: int = DEFAULT_DAYS, end: date | None = None, kinds: frozenset[str] = ALL_KINDS
) -> dict[str, Any]:
    """Keyword arguments for :func:`painscope.reports.build_report` for ``user``'s own data.

    ``kinds`` limits what is read (a clinician's share, checked by the caller through the
    gate ``painscope.web.care.gate``): kinds left out are not read from the store at all.
    """
    from painscope.web.assessments.services import administrations_for_user, title_of
    from painscope.web.insights_web.services import analyses_for_user
    from painscope.web.journal.views import _active, adherence_rows

    now = datetime.now(UTC)
    today = now.astimezone(Profile.for_user(user).zone).date()
    end = end or today
    adherence = {row.medication.pk: row for row in adherence_rows(user, now)} if "medications" in kinds else {}
    medications = []
    for med in services.medications_for_user(user).filter(_active(end)) if "medications" in kinds else ():
        row = adherence.get(med.pk)
        medications.append({
            "name": med.name, "dose": med.dose, "unit": med.unit, "as_needed": med.as_needed,
            "times": list(med.times or []), "weekdays": list(med.weekdays or []),
            "taken": row.taken if row else 0, "scheduled": row.scheduled if row else 0,
        })
    questionnaires = [
        {"instrument": a.instrument_id, "title": title_of(a.instrument_id), "authored": a.authored,
         "result": a.result, "answers": a.answers}
        for a in (administrations_for_user(user).filter(authored__date__lte=end) if "questionnaires" in kinds else ())
    ]
    analyses = analyses_for_user(user) if "insights" in kinds else None
    frame = services.diary_frame(user, end=end)
    if kinds != ALL_KINDS:
        from painscope.web.care.scope import frame_within

        frame = frame_within(frame, kinds)
    return {
        "frame": frame,
        "person": _person(user),
        "end": end,
        "days": days,
        "medications": medications,
        "questionnaires": questionnaires,
        # the insights page's cached whole-diary analyses; recomputed when the period ends earlier
        "triggers": analyses.triggers.to_dict() if analyses is not None and end >= today else None,
        "flares": analyses.flares.to_dict() if analyses is not None and end >= today else None,
        "generated": today,
    }


def report_pdf(user: AbstractBaseUser, *, days: int = DEFAULT_DAYS, end: date | None = None) -> tuple[bytes, Any]:
    """(PDF bytes, content model) of ``user``'s clinician report."""
    from painscope.reports import build_report, render_pdf

    inputs = report_inputs(user, days=days, end=end)
    content = build_report(**inputs)
    return render_pdf(content), content


@login_required
@require_GET
def clinician_report(request: HttpRequest) -> HttpResponse:
    """Download the signed-in person's one-page clinician report (PDF)."""
    try:
        days = int(request.GET.get("days", DEFAULT_DAYS))
    except ValueError:
        days = DEFAULT_DAYS
    days = days if days in REPORT_DAYS else DEFAULT_DAYS
    pdf, content = report_pdf(request.user, days=days)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="painscope-report-{content.period_end:%Y-%m-%d}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
