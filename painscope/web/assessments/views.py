"""Questionnaire and criteria pages: list, answer, result, history, schedules, FHIR download.

Plain function views. Objects named in a URL come through the ownership helpers of
:mod:`painscope.web.assessments.services`; every score, band, flag and grade is computed by
:mod:`painscope.instruments` (nothing is scored here). Bad answers re-show the form with a
message naming the question, and nothing is stored.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from painscope import instruments as ins
from painscope.web.accounts.models import Profile
from painscope.web.assessments import charts, services
from painscope.web.assessments.forms import build_rows, n_questions
from painscope.web.assessments.models import AssessmentSchedule
from painscope.web.care.services import linked_clinicians

RECENT = 10
SCHEDULE_CHOICES = (7, 14, 28, 56, 91)


def _zone(request: HttpRequest):
    return Profile.for_user(request.user).zone


def _render(request: HttpRequest, template: str, ctx: dict, status: int = 200) -> HttpResponse:
    with timezone.override(_zone(request)):
        return render(request, template, {"nav": "assessments", **ctx}, status=status)


def _raw_values(post: Mapping[str, Any]) -> dict[str, str]:
    return {k: str(post.get(k, "")) for k in post if k not in services.RESERVED_FIELDS}


def _safety_from_answers(instrument_id: str, answers: Mapping[str, Any]) -> list[dict]:
    """A positive PHQ-9 item 9 is shown even when other answers need correcting."""
    if instrument_id != "phq9":
        return []
    value = answers.get("phq9-9")
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 3:
        return []
    flag = ins.phq9_item9_flag(value, services.crisis_contacts())
    return [flag.to_dict()] if flag else []


# -- list -----------------------------------------------------------------------------------


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    entries = services.catalogue()
    ctx = {
        "available": [e for e in entries if e.available],
        "unavailable": [e for e in entries if not e.available],
        "recent": services.administrations_for_user(request.user)[:RECENT],
        "assessments": services.criteria_for_user(request.user)[:RECENT],
        "schedules": services.schedule_status(request.user),
        "n_records": services.administrations_for_user(request.user).count()
        + services.criteria_for_user(request.user).count(),
        "titles": {e.id: e.title for e in entries},
    }
    return _render(request, "assessments/index.html", ctx)


# -- answering ------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def take(request: HttpRequest, instrument_id: str) -> HttpResponse:
    entry = services.catalogue_entry(instrument_id)
    if instrument_id == services.ACR_SURVEY:
        return redirect("assessment_acr")
    if not entry.available:
        return _render(request, "assessments/unavailable.html", {"entry": entry})
    items = ins.items_for_display(instrument_id, services.text_packs())
    errors: dict[str, str] = {}
    alerts: list[dict] = []
    values: dict[str, str] = {}
    if request.method == "POST":
        answers = services.answers_from_post(items, request.POST)
        values = _raw_values(request.POST)
        errors = services.validate_items(instrument_id, items, answers)
        if not errors:
            try:
                adm = services.score_and_store(request.user, instrument_id, answers)
            except ins.AnswerError as exc:
                errors.update(services.answer_error_messages(items, exc))
                alerts = [f.to_dict() for f in exc.flags if f.level == "alert"]
            else:
                return redirect("assessment_result", adm.pk)
        alerts = alerts or _safety_from_answers(instrument_id, answers)
    rows = build_rows(items, values, errors)
    ctx = {
        "entry": entry,
        "rows": rows,
        "n": n_questions(rows),
        "errors": errors,
        "form_errors": _summary(rows, errors),
        "alerts": alerts,
        "contacts": services.crisis_contacts(),
        "action": reverse("assessment_take", args=[instrument_id]),
        "copyright": ins.load_questionnaire(instrument_id).get("copyright", ""),
    }
    return _render(request, "assessments/take.html", ctx, status=400 if errors else 200)


def _summary(rows, errors: Mapping[str, str]) -> list[tuple[str, str]]:
    """(anchor, message) pairs for the error summary, in question order; problems with a
    field that is not on the form (e.g. an unknown item) come first."""
    on_form = {r.link_id: r for r in rows}
    out = [("", v) for k, v in errors.items() if k not in on_form]
    out += [(f"#{r.dom_id}", r.error) for r in rows if r.error]  # each message names its question
    return out


# -- result and history ---------------------------------------------------------------------


def _change_flag(result: Mapping[str, Any]) -> dict | None:
    codes = ("meaningful-improvement", "meaningful-worsening", "change-below-mcid")
    return next((f for f in result.get("flags", []) if f.get("code") in codes), None)


@login_required
@require_GET
def result(request: HttpRequest, pk: int) -> HttpResponse:
    adm = services.get_administration_for_user(request.user, pk)
    res = adm.result
    flags = res.get("flags", [])
    change = _change_flag(res)
    criteria = None
    if adm.instrument_id == services.ACR_SURVEY:
        from painscope.instruments.scoring.acr_survey import to_criteria_input

        criteria = ins.acr_2016(to_criteria_input(adm.answers))
    ctx = {
        "adm": adm,
        "title": services.title_of(adm.instrument_id),
        "alerts": [f for f in flags if f.get("level") == "alert"],
        # the prorating note is said in words under the total; linkIds mean nothing to a patient
        "other_flags": [
            f for f in flags if f.get("level") != "alert" and f is not change and f.get("code") != "prorated"
        ],
        # sources of the notes in one small "Where this comes from" note (safety: in the alert)
        "sources": list(dict.fromkeys(
            f["source"] for f in flags
            if f.get("source") and f.get("level") != "alert" and f is not change and f.get("code") != "prorated"
        )),
        "change": change,
        "previous": res.get("previous"),
        "subscales": [(k.replace("_", " "), v) for k, v in res.get("subscales", {}).items()],
        "missing": res.get("missing", {}),
        "contacts": services.crisis_contacts(),
        "alerts_stored": True,
        "alerts_clinicians": [c.username for c in linked_clinicians(request.user, "questionnaires")],
        "range": charts.TOTAL_RANGE.get(adm.instrument_id),
        "criteria": criteria,
        "mcid": next((e.mcid for e in services.catalogue() if e.id == adm.instrument_id), None),
    }
    return _render(request, "assessments/result.html", ctx)


@login_required
@require_GET
def history(request: HttpRequest, instrument_id: str) -> HttpResponse:
    entry = services.catalogue_entry(instrument_id)
    rows = list(
        services.administrations_for_user(request.user).filter(instrument_id=instrument_id).order_by("authored", "pk")
    )
    zone = _zone(request)
    points = [(a.authored.astimezone(zone), a.total) for a in rows]
    regions = charts.band_regions(instrument_id)
    scored = [a for a in rows if a.total is not None]
    if scored:
        last = scored[-1]
        band = _(", band “%(band)s”") % {"band": last.band.replace("_", " ")} if last.band else ""
        summary = ngettext(
            "%(n)s result of the %(title)s.", "%(n)s results of the %(title)s.", len(scored)
        ) % {"n": len(scored), "title": entry.title}
        summary += " " + _("The latest, on %(date)s, is %(total)s%(band)s.") % {
            "date": f"{last.authored.astimezone(zone):%d %b %Y}", "total": _fmt(last.total), "band": band,
        }
        if len(scored) > 1:
            summary += " " + _("The first, on %(date)s, was %(total)s.") % {
                "date": f"{scored[0].authored.astimezone(zone):%d %b %Y}", "total": _fmt(scored[0].total),
            }
        n_follow = sum(1 for a in scored if a.alerts)
        if n_follow:
            summary += " " + ngettext(
                "%(n)s result needs follow-up whatever the "
                "total (marked with a red diamond on the chart and “needs follow-up” in the table).",
                "%(n)s results need follow-up whatever the "
                "total (marked with a red diamond on the chart and “needs follow-up” in the table).",
                n_follow,
            ) % {"n": n_follow}
    else:
        summary = _("No results of the %(title)s yet.") % {"title": entry.title}
    ctx = {
        "entry": entry,
        "rows": list(reversed(rows)),
        "figure": charts.history_figure(instrument_id, entry.title, points, [bool(a.alerts) for a in rows]),
        "any_follow_up": any(a.alerts for a in rows),
        "regions": regions,
        "summary": summary,
        "plotly_version": _plotly_version(),
    }
    return _render(request, "assessments/history.html", ctx)


def _fmt(value) -> str:
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.1f}"
    return f"{value:g}" if isinstance(value, float) else str(value)


def _plotly_version() -> str:
    from painscope.web.journal.views import plotly_version

    return plotly_version()


# -- schedules ------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def schedules(request: HttpRequest) -> HttpResponse:
    available = [e for e in services.catalogue() if e.available]
    error = ""
    if request.method == "POST":
        iid = request.POST.get("instrument_id", "")
        try:
            every = int(request.POST.get("every_days", ""))
        except ValueError:
            every = 0
        if iid not in {e.id for e in available}:
            error = _("Questionnaire: choose one of the questionnaires in the list.")
        elif not 1 <= every <= 365:
            error = _("Every how many days: enter a number of days from 1 to 365.")
        else:
            try:
                with transaction.atomic():
                    AssessmentSchedule.objects.update_or_create(
                        owner=request.user, instrument_id=iid, defaults={"every_days": every}
                    )
            except IntegrityError:  # pragma: no cover - two tabs at once
                pass
            messages.success(request, _("%(title)s: reminder every %(days)s days.") % {"title": services.title_of(iid), "days": every})
            return redirect("assessment_schedules")
    ctx = {
        "schedules": services.schedule_status(request.user),
        "available": available,
        "choices": SCHEDULE_CHOICES,
        "error": error,
        "posted": request.POST if request.method == "POST" else {},
    }
    return _render(request, "assessments/schedules.html", ctx, status=400 if error else 200)


@login_required
@require_POST
def schedule_delete(request: HttpRequest, pk: int) -> HttpResponse:
    schedule = services.get_schedule_for_user(request.user, pk)
    schedule.delete()
    messages.success(
        request, _("The reminder for the %(title)s is removed.") % {"title": services.title_of(schedule.instrument_id)}
    )
    return redirect("assessment_schedules")


# -- fibromyalgia survey with the diary suggestion ------------------------------------------


def _acr_suggestion(user) -> dict[str, Any]:
    from painscope.instruments.prefill import suggest_acr_survey
    from painscope.web.journal.services import diary_frame

    now = datetime.now(UTC)
    frame = diary_frame(user, start=now - timedelta(days=8), end=now)
    return suggest_acr_survey(frame, as_of=now, days=7)


def _acr_prefill(items: list[dict], suggestion: Mapping[str, Any], zone) -> tuple[dict, dict, dict]:
    """(values, suggested, evidence) per linkId from the diary suggestion (presentation)."""
    from painscope import diary
    from painscope.instruments.regions import WPI_AREAS
    from painscope.instruments.scoring.acr_survey import AREA_ITEMS, SSS_ITEMS

    values: dict[str, str] = {}
    suggested: dict[str, str] = {}
    evidence: dict[str, str] = {}
    areas = set(suggestion.get("wpi_areas", []))
    for area, link_id in zip(WPI_AREAS, AREA_ITEMS, strict=True):
        if area in areas:
            ev = suggestion["evidence"]["wpi"][area]
            names = ", ".join(diary.REGIONS[r].label if r in diary.REGIONS else r for r in ev["from_regions"])
            last = datetime.fromisoformat(ev["last"]).astimezone(zone)
            values[link_id] = suggested[link_id] = "true"
            evidence[link_id] = ngettext(
                "Suggested from your diary: marked in %(n)s check-in in the last 7 days (%(names)s; last on %(last)s).",
                "Suggested from your diary: marked in %(n)s check-ins in the last 7 days (%(names)s; last on %(last)s).",
                ev["n_entries"],
            ) % {"n": ev["n_entries"], "names": names, "last": f"{last:%a %d %b}"}
    for name, link_id in SSS_ITEMS.items():
        value = suggestion.get("sss", {}).get(name)
        if value is None:
            continue
        ev = suggestion["evidence"]["sss"][name]
        values[link_id] = suggested[link_id] = str(value)
        label = diary.RATINGS.get(ev["rating"], ev["rating"].replace("_", " "))
        values_ = {"label": label, "mean": f"{ev['mean']:.1f}", "n": ev["n"]}
        if ev.get("reversed"):
            evidence[link_id] = ngettext(
                "Suggested from your diary: your %(label)s ratings of the last 7 days average "
                "%(mean)s out of 10 (%(n)s rating, read the other way round: higher means better sleep).",
                "Suggested from your diary: your %(label)s ratings of the last 7 days average "
                "%(mean)s out of 10 (%(n)s ratings, read the other way round: higher means better sleep).",
                ev["n"],
            ) % values_
        else:
            evidence[link_id] = ngettext(
                "Suggested from your diary: your %(label)s ratings of the last 7 days average "
                "%(mean)s out of 10 (%(n)s rating).",
                "Suggested from your diary: your %(label)s ratings of the last 7 days average "
                "%(mean)s out of 10 (%(n)s ratings).",
                ev["n"],
            ) % values_
    return values, suggested, evidence


@login_required
@require_http_methods(["GET", "POST"])
def acr_survey(request: HttpRequest) -> HttpResponse:
    iid = services.ACR_SURVEY
    entry = services.catalogue_entry(iid)
    items = ins.items_for_display(iid, services.text_packs())
    zone = _zone(request)
    suggestion = _acr_suggestion(request.user)
    values, suggested, evidence = _acr_prefill(items, suggestion, zone)
    errors: dict[str, str] = {}
    confirm_error = ""
    if request.method == "POST":
        answers = services.answers_from_post(items, request.POST)
        values = _raw_values(request.POST)
        errors = services.validate_items(iid, items, answers)
        used = bool(suggested) and request.POST.get("used_suggestion") == "1"
        if used and request.POST.get("confirm_suggestion") != "yes":
            confirm_error = _(
                "Please tick “I have checked these answers” — some answers were suggested from "
                "your diary, and nothing is saved until you confirm them."
            )
        if not errors and not confirm_error:
            changed = sorted(k for k, v in suggested.items() if str(values.get(k, "")) != v)
            details = (
                {"suggestion": {k: suggestion[k] for k in ("window", "wpi_areas", "sss", "rule")},
                 "changed_by_person": changed}
                if used else {}
            )
            try:
                adm = services.score_and_store(
                    request.user, iid, answers, source="web-prefill" if used else "web", details=details
                )
            except ins.AnswerError as exc:
                errors.update(services.answer_error_messages(items, exc))
            else:
                return redirect("assessment_result", adm.pk)
    rows = build_rows(items, values, errors, suggested, evidence)
    for row in rows[:19]:  # inside "where did it hurt?": the area name is enough
        row.text = row.text.split(": ", 1)[-1].rstrip("?")
    ctx = {
        "entry": entry,
        "area_rows": rows[:19],
        "symptom_rows": rows[19:],
        "n": n_questions(rows),
        "errors": errors or ({"_confirm": confirm_error} if confirm_error else {}),
        "form_errors": _summary(rows, errors) + ([("#confirm", confirm_error)] if confirm_error else []),
        "confirm_error": confirm_error,
        "suggestion": suggestion,
        "has_suggestion": bool(suggested),
        "n_areas_suggested": len(suggestion.get("wpi_areas", [])),
        "action": reverse("assessment_acr"),
    }
    return _render(request, "assessments/acr.html", ctx, status=400 if errors or confirm_error else 200)


# -- clinician forms ------------------------------------------------------------------------


FORM_TITLES = {
    "iasp-nociplastic": "IASP 2021 nociplastic pain grading",
    "neupsig": "NeuPSIG 2016 neuropathic pain grading",
}


@login_required
@require_http_methods(["GET", "POST"])
def clinician_form(request: HttpRequest, form_id: str) -> HttpResponse:
    if form_id not in services.CLINICIAN_FORMS:
        raise Http404("No such form")
    items = ins.items_for_display(form_id)
    errors: dict[str, str] = {}
    values: dict[str, str] = {}
    if request.method == "POST":
        answers = services.answers_from_post(items, request.POST)
        values = _raw_values(request.POST)
        errors = services.validate_items(form_id, items, answers)
        if not errors:
            try:
                assessment = services.evaluate_and_store_form(request.user, form_id, answers)
            except ins.InstrumentError as exc:
                errors[getattr(exc, "link_id", None) or "_form"] = str(exc)
            else:
                return redirect("criteria_result", assessment.pk)
    rows = build_rows(items, values, errors)
    questionnaire = ins.load_questionnaire(form_id)
    ctx = {
        "form_id": form_id,
        "title": FORM_TITLES[form_id],
        "rows": rows,
        "n": n_questions(rows),
        "errors": errors,
        "form_errors": _summary(rows, errors),
        "action": request.path,
        "copyright": questionnaire.get("copyright", ""),
    }
    return _render(request, "assessments/clinician_form.html", ctx, status=400 if errors else 200)


@login_required
@require_GET
def criteria_result(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = services.get_criteria_for_user(request.user, pk)
    out = assessment.output
    steps = out.get("criteria") or out.get("steps") or {}
    ctx = {
        "a": assessment,
        "title": FORM_TITLES.get(assessment.form_id) or assessment.get_criteria_display(),
        "grade": assessment.grade.replace("_", " "),
        "reasons": out.get("reasons", []),
        "steps": [(k.replace("_", " "), v) for k, v in steps.items()],
        "mixed": out.get("mixed_pain"),
        "source": out.get("source") or out.get("method") or "",
        "note": out.get("note"),
    }
    return _render(request, "assessments/criteria_result.html", ctx)


# -- FHIR -----------------------------------------------------------------------------------


@login_required
@require_GET
def fhir_download(request: HttpRequest) -> HttpResponse:
    bundle, _skipped = services.fhir_bundle(request.user)
    response = HttpResponse(json.dumps(bundle, indent=2, ensure_ascii=False), content_type="application/fhir+json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="painscope-assessments-fhir.json"'
    response["Cache-Control"] = "no-store"
    return response
