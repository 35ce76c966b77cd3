"""Sharing pages: the patient's shares, invite codes and audit log; the clinician's patients.

Plain function views. Every read of a patient's data goes through
:mod:`painscope.web.care.services`, which asks the gate (:mod:`painscope.web.care.gate`) with
the signed-in viewer; no view decides by itself who may see what.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from painscope.web.care import gate, services, words
from painscope.web.care.models import KINDS

#: Share lengths offered on the page (days).
DAY_CHOICES = (7, 30, 90, 365)
#: What a new invite offers ticked: the kinds a first appointment usually needs.
DEFAULT_SCOPE = ("diary", "medications", "questionnaires")


def _render(request: HttpRequest, template: str, ctx: dict, status: int = 200) -> HttpResponse:
    response = render(request, template, {"nav": "sharing", **ctx}, status=status)
    response["Cache-Control"] = "private, no-store"
    return response


def _clinician_only(request: HttpRequest) -> HttpResponse | None:
    if gate.is_clinician(request.user):
        return None
    return _render(request, "care/clinicians_only.html", {}, status=403)


# -- the patient's side ---------------------------------------------------------------------


def _sharing_page(request: HttpRequest, *, error: str = "", error_field: str = "", posted=None, status: int = 200):
    shares = list(services.shares_of(request.user))
    posted = posted or {}
    ctx = {
        "shares": [(s, services.share_state(s)) for s in shares],
        "kinds": [(k, words.KIND_LABELS[k]) for k in KINDS],
        "checked": set(posted.get("scope", DEFAULT_SCOPE)),
        "day_choices": DAY_CHOICES,
        "days": str(posted.get("days", services.DEFAULT_DAYS)),
        "error": error,
        "error_field": error_field,
    }
    return _render(request, "care/sharing.html", ctx, status=status)


@login_required
@require_GET
def sharing(request: HttpRequest) -> HttpResponse:
    """Who can see my data: shares, a new code, the audit log (clinicians: their patients)."""
    if gate.is_clinician(request.user):
        return redirect("care_patients")
    return _sharing_page(request)


@login_required
@require_POST
def invite(request: HttpRequest) -> HttpResponse:
    scope = request.POST.getlist("scope")
    days_text = request.POST.get("days", "")
    posted = {"scope": scope, "days": days_text}
    try:
        days = int(days_text)
    except ValueError:
        return _sharing_page(request, error=_("Choose how long to share, in days (got '%(days)s').") % {"days": days_text},
                             error_field="days", posted=posted, status=400)
    try:
        share, code = services.invite(request.user, scope, days=days)
    except services.CareError as exc:
        return _sharing_page(request, error=words.error_sentence(exc), error_field=exc.field, posted=posted, status=400)
    return _render(request, "care/invite_code.html", {"share": share, "code": code,
                                                       "labels": words.kind_labels(share.scope)})


@login_required
@require_POST
def revoke(request: HttpRequest, share_id: int) -> HttpResponse:
    share = services.get_share_for_user(request.user, share_id)
    if services.share_state(share) in ("waiting", "active"):
        services.revoke(request.user, share_id=share.pk)
        if share.clinician:
            said = _("Sharing with %(name)s has ended. They can no longer open your data.") % {"name": share.clinician.username}
        else:
            said = _("Sharing with the unused code has ended. They can no longer open your data.")
        messages.success(request, said)
    return redirect("care_sharing")


@login_required
@require_GET
def audit(request: HttpRequest) -> HttpResponse:
    """Who looked at my data, when, and through which route."""
    lines = [words.audit_line(line, request.user.pk) for line in services.audit_lines(request.user)]
    return _render(request, "care/audit.html", {"lines": lines})


@login_required
@require_GET
def audit_csv(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(services.audit_csv(request.user), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="painscope-audit-log.csv"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def audit_json(request: HttpRequest) -> HttpResponse:
    import json

    body = json.dumps(services.audit_document(request.user), indent=2, ensure_ascii=False)
    response = HttpResponse(body, content_type="application/json")
    response["Content-Disposition"] = 'attachment; filename="painscope-audit-log.json"'
    response["Cache-Control"] = "private, no-store"
    return response


# -- the clinician's side -------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def accept(request: HttpRequest) -> HttpResponse:
    """A clinician types the code a patient gave them."""
    refused = _clinician_only(request)
    if refused:
        return refused
    error, code = "", ""
    if request.method == "POST":
        code = request.POST.get("code", "")
        try:
            share = services.accept(request.user, code)
        except services.CareError as exc:
            error = words.error_sentence(exc)
        else:
            messages.success(request, _("%(name)s now shares %(kinds)s with you.") % {
                "name": share.patient.username, "kinds": words.kind_names(share.scope)})
            return redirect("care_patient", share.patient_id)
    return _render(request, "care/accept.html", {"error": error, "code": code}, status=400 if error else 200)


@login_required
@require_GET
def patients(request: HttpRequest) -> HttpResponse:
    refused = _clinician_only(request)
    if refused:
        return refused
    return _render(request, "care/patients.html", {"rows": services.patient_rows(request.user)})


def _patient(request: HttpRequest, patient_id: int):
    """The patient if the signed-in clinician has an active share from them (else 404)."""
    patient = gate.shared_patients(request.user).filter(pk=patient_id).first()
    if patient is None:
        gate.patient_for(request.user, patient_id, "diary")  # logs a refusal, raises 404
        raise Http404("No such patient")  # pragma: no cover - patient_for raised
    return patient


@login_required
@require_GET
def patient(request: HttpRequest, patient_id: int) -> HttpResponse:
    """One patient's summary: the clinician report's content, limited to the share."""
    person = _patient(request, patient_id)
    content = services.patient_report(request.user, person)
    share = gate.active_share(request.user, person)
    services.mark_notices_seen(request.user, person)
    ctx = {
        "person": person,
        "share": share,
        "content": content,
        "can_assign": share.covers("questionnaires"),
        "available": [e for e in _catalogue() if e.available],
        "every_choices": (7, 14, 28, 56, 84),
    }
    if share.covers("medications"):
        from painscope.diary.interactions import ADVICE
        from painscope.web.medications_check import interaction_check

        ctx.update(interactions=interaction_check(person, viewer=request.user), interaction_advice=ADVICE,
                   interactions_title=_("Medication combinations to review"))
    return _render(request, "care/patient.html", ctx)


def _catalogue():
    from painscope.web.assessments.services import catalogue

    return catalogue()


@login_required
@require_GET
def patient_pdf(request: HttpRequest, patient_id: int) -> HttpResponse:
    person = _patient(request, patient_id)
    pdf, content = services.patient_report_pdf(request.user, person)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="painscope-report-{person.username}-{content.period_end:%Y-%m-%d}.pdf"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def assign(request: HttpRequest, patient_id: int) -> HttpResponse:
    person = _patient(request, patient_id)
    instrument_id = request.POST.get("instrument_id", "")
    try:
        every = int(request.POST.get("every_days", ""))
    except ValueError:
        every = 0
    try:
        schedule = services.assign_questionnaire(request.user, person, instrument_id, every)
    except services.CareError as exc:
        messages.error(request, _("Nothing was assigned: %(problem)s.") % {"problem": exc})
    else:
        from painscope.web.assessments.services import title_of

        messages.success(request, _("%(questionnaire)s every %(days)s days is now on %(name)s's list of questionnaires.") % {
            "questionnaire": title_of(schedule.instrument_id), "days": schedule.every_days, "name": person.username})
    return redirect("care_patient", person.pk)
