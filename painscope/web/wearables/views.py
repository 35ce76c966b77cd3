"""Wearable pages: upload a device export, follow its import, see HRV beside pain.

Plain function views (as in healthchecks). Jobs are fetched through
:func:`painscope.web.wearables.services.get_job_for_user` (404 for anyone else's), and every
number shown comes from a pure function (``painscope.signals.baseline`` through
:mod:`painscope.web.wearables.hrvchart`).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods

from painscope.web.accounts.models import Profile
from painscope.web.journal.views import plotly_version
from painscope.web.limits import megabytes
from painscope.web.wearables import jobs, services
from painscope.web.wearables.forms import UploadForm
from painscope.web.wearables.models import ImportJob
from painscope.web.wearables.uploads import DiskUploadHandler, remove_upload

RECENT_JOBS = 10


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


# -- upload -----------------------------------------------------------------------------------


@csrf_exempt  # CSRF is checked in _upload_post, after the upload handler is in place
@login_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _upload_page(request, UploadForm())
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > settings.MAX_UPLOAD_BYTES + settings.UPLOAD_BODY_SLACK_BYTES:
        # Refused before reading the body: nothing is written anywhere.
        return _refuse(request, _too_big_message(), status=413)
    handler = DiskUploadHandler(request, request.user.pk)
    request.upload_handlers = [handler]
    claimed: list[ImportJob] = []
    try:
        return _upload_post(request, handler, claimed)
    finally:
        if not claimed and handler.path is not None:
            remove_upload(handler.path)  # refused (CSRF, form, size): keep nothing


def _too_big_message() -> str:
    return _(
        "This file is larger than %(size)s, the largest upload this "
        "site accepts. Import it with the command `painscope import-wearable` instead."
    ) % {"size": megabytes(settings.MAX_UPLOAD_BYTES)}


@csrf_protect
def _upload_post(request: HttpRequest, handler: DiskUploadHandler, claimed: list[ImportJob]) -> HttpResponse:
    form = UploadForm(request.POST)
    if handler.too_big:
        return _refuse(request, _too_big_message(), status=413, form=form)
    upload = request.FILES.get("file")
    if upload is None or getattr(upload, "saved_path", None) is None:
        return _refuse(request, _("Choose a file to upload."), form=form)
    if upload.size == 0:
        return _refuse(request, _("%(name)s: the file is empty.") % {"name": upload.name}, form=form)
    if not form.is_valid():
        return _refuse(request, _("Choose one of the listed formats (or “Find out from the file”)."), form=form)
    job = ImportJob.objects.create(
        owner=request.user,
        filename=upload.saved_path.name,
        format=form.cleaned_data["format"],
        stored_path=str(upload.saved_path),
        size_bytes=upload.size,
    )
    claimed.append(job)
    jobs.start(job)
    url = reverse("wearables_job", args=[job.pk])
    if _wants_json(request):
        status_url = reverse("wearables_job_status", args=[job.pk])
        return JsonResponse({"job": job.pk, "url": url, "status_url": status_url}, status=202)
    return redirect(url)


def _refuse(request: HttpRequest, message: str, *, status: int = 400, form: UploadForm | None = None) -> HttpResponse:
    if _wants_json(request):
        return JsonResponse({"error": message}, status=status)
    return _upload_page(request, form or UploadForm(), error=message, status=status)


def _upload_page(request: HttpRequest, form: UploadForm, *, error: str = "", status: int = 200) -> HttpResponse:
    ctx = {
        "nav": "wearables",
        "form": form,
        "formats": list(services.FORMAT_LABELS.items()),
        "chosen": form.data.get("format", "auto") if form.is_bound else "auto",
        "error": error,
        "max_upload": megabytes(settings.MAX_UPLOAD_BYTES),
        "max_upload_bytes": settings.MAX_UPLOAD_BYTES,
        "recent": [jobs.fail_if_interrupted(j) for j in services.jobs_for_user(request.user)[:RECENT_JOBS]],
    }
    with timezone.override(Profile.for_user(request.user).zone):
        return render(request, "wearables/upload.html", ctx, status=status)


# -- job status -------------------------------------------------------------------------------


def _status_doc(job: ImportJob) -> dict:
    return {
        "id": job.pk,
        "file": job.filename,
        "status": job.status,
        "progress": round(job.progress, 3),
        "finished": job.is_finished,
        "message": job.message,
        "summary": job.summary if job.status == ImportJob.DONE else None,
    }


@login_required
@require_GET
def job(request: HttpRequest, job_id: int) -> HttpResponse:
    item = jobs.fail_if_interrupted(services.get_job_for_user(request.user, job_id))
    ctx = {
        "nav": "wearables",
        "job": item,
        "doc": _status_doc(item),
        "headline": services.summary_headline(item.summary) if item.status == ImportJob.DONE else "",
        "stored": services.stored_count(item.summary) if item.status == ImportJob.DONE else 0,
        "sentences": services.summary_sentences(item.summary) if item.status == ImportJob.DONE else [],
        "warnings": item.summary.get("warnings", []) if item.status == ImportJob.DONE else [],
        "percent": round(100 * item.progress),
    }
    with timezone.override(Profile.for_user(request.user).zone):
        return render(request, "wearables/job.html", ctx)


@login_required
@require_GET
def job_status(request: HttpRequest, job_id: int) -> JsonResponse:
    item = jobs.fail_if_interrupted(services.get_job_for_user(request.user, job_id))
    response = JsonResponse(_status_doc(item))
    response["Cache-Control"] = "no-store"
    return response


# -- HRV --------------------------------------------------------------------------------------


@login_required
@require_GET
def hrv(request: HttpRequest) -> HttpResponse:
    try:
        days = int(request.GET.get("days", "90"))
    except ValueError:
        days = 90
    days = days if days in (30, 90, 180) else 90
    ctx = services.hrv_context(request.user, metric=request.GET.get("metric"), days=days)
    ctx.update({"nav": "wearables", "spans": (30, 90, 180), "plotly_version": plotly_version()})
    return render(request, "wearables/hrv.html", ctx)
