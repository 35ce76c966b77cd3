"""Import jobs run in-process, in a background thread (ARCHITECTURE.md rule 5: long jobs run
in-process by default).

:func:`start` records nothing new: it takes a queued :class:`ImportJob` and runs
:func:`run` in a daemon thread, which reads the file, stores the measures in one
transaction, writes the outcome on the job and deletes the upload, whatever happens. The
thread closes its database connections when it ends (Django opens one per thread).

Setting ``WEARABLE_JOBS_INLINE = True`` runs jobs in the request instead (tests, or a
deployment that prefers it).
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import close_old_connections, connections

from painscope.web.wearables.models import ImportJob
from painscope.web.wearables.uploads import remove_upload

log = logging.getLogger(__name__)

#: Reading is most of the work; storing the rows is the last 10 %.
READ_SHARE = 0.9
#: Write progress to the database at most this often (seconds).
PROGRESS_EVERY_S = 0.5
#: A queued or running job without a sign of life for this long was cut off (the server
#: stopped mid-import: in-process jobs do not survive a restart).
STALE_AFTER = timedelta(minutes=30)


def start(job: ImportJob) -> threading.Thread | None:
    """Run ``job`` in the background (or now, with ``WEARABLE_JOBS_INLINE``)."""
    if getattr(settings, "WEARABLE_JOBS_INLINE", False):
        run(job.pk)
        return None
    thread = threading.Thread(target=_run_in_thread, args=(job.pk,), name=f"wearable-import-{job.pk}", daemon=True)
    thread.start()
    return thread


def _run_in_thread(job_id: int) -> None:
    close_old_connections()
    try:
        run(job_id)
    except Exception:
        # run() handles every problem of the file itself; this is the database failing
        # before or after it (a thread must not die silently and leave the job "queued").
        log.exception("wearable import %s could not run", job_id)
        _mark_failed(job_id)
    finally:
        connections.close_all()


def _mark_failed(job_id: int) -> None:
    try:
        job = ImportJob.objects.get(pk=job_id)
        if job.is_finished:
            return
        remove_upload(job.stored_path)
        job.status, job.stored_path, job.finished = ImportJob.FAILED, "", datetime.now(UTC)
        job.message = f"{job.filename}: the import could not run on the server. Please upload the file again."
        job.save(update_fields=["status", "stored_path", "finished", "message", "updated"])
    except Exception:
        log.exception("wearable import %s: could not record the failure", job_id)


def run(job_id: int) -> ImportJob:
    """Process one queued job to ``done`` or ``failed``; never raises for a bad file."""
    from painscope.web.wearables import services

    job = ImportJob.objects.select_related("owner").get(pk=job_id)
    job.status, job.progress = ImportJob.RUNNING, 0.0
    job.save(update_fields=["status", "progress", "updated"])
    last = [0.0]

    def progress(done: int, total: int | None) -> None:
        now = time.monotonic()
        if not total or now - last[0] < PROGRESS_EVERY_S:
            return
        last[0] = now
        share = READ_SHARE * min(1.0, done / total)
        ImportJob.objects.filter(pk=job_id).update(progress=share, updated=datetime.now(UTC))

    try:
        summary = services.import_wearable_file(
            job.owner, job.stored_path, job.format, progress=progress, display_name=job.filename
        )
    except services.WearableImportError as exc:
        job.status, job.message = ImportJob.FAILED, str(exc)
    except Exception:
        log.exception("wearable import %s failed", job_id)
        job.status = ImportJob.FAILED
        job.message = f"{job.filename}: something went wrong on our side while reading this file."
    else:
        job.status, job.summary, job.progress = ImportJob.DONE, summary.as_dict(), 1.0
        job.message = " ".join(
            [services.summary_headline(job.summary), *services.summary_sentences(job.summary)]
        )
    finally:
        remove_upload(job.stored_path)
        job.stored_path = ""
        job.finished = datetime.now(UTC)
        job.save(update_fields=["status", "summary", "progress", "message", "stored_path", "finished"])
    return job


def fail_if_interrupted(job: ImportJob, now: datetime | None = None) -> ImportJob:
    """Mark a job that stopped giving signs of life as failed, and delete its upload.

    Nothing was stored: the measures are written in one transaction at the very end.
    """
    now = now or datetime.now(UTC)
    if job.is_finished or now - job.updated < STALE_AFTER:
        return job
    remove_upload(job.stored_path)
    job.status, job.stored_path, job.finished = ImportJob.FAILED, "", now
    job.message = (
        f"{job.filename}: the import was interrupted (the server stopped before it finished). "
        "Please upload the file again."
    )
    job.save(update_fields=["status", "stored_path", "finished", "message", "updated"])
    return job
