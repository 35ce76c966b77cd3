"""An upload that stores nothing says so: never "Done." (issue 14, FIT activities).

A Garmin FIT activity holds beats but no daily measure, and a file imported a second time adds
nothing: the status page, the job's message and ``painscope import-wearable`` name what was
found and that nothing was stored.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from painscope.web.journal.models import Observation
from painscope.web.wearables.models import ImportJob
from painscope.web.wearables.services import summary_headline

FIXTURES = Path(__file__).resolve().parents[1] / "signals" / "fixtures"


@pytest.fixture
def ana(client, db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.WEARABLE_JOBS_INLINE = True
    user = get_user_model().objects.create_user("ana")
    client.force_login(user)
    return user


def upload(client, name: str, data: bytes) -> tuple[ImportJob, str]:
    client.post(reverse("wearables_upload"), {"file": SimpleUploadedFile(name, data)})
    job = ImportJob.objects.latest("pk")
    return job, client.get(reverse("wearables_job", args=[job.pk])).content.decode()


def test_fit_activity_page_says_what_was_found_and_that_nothing_was_stored(client, ana, shared_data):
    job, page = upload(client, "walk.fit", (shared_data / "fit" / "garmin-fenix-5-walk.fit").read_bytes())
    assert job.status == "done" and Observation.objects.filter(entry__owner=ana).count() == 0
    assert "Done." not in page
    assert "Nothing was stored in your diary." in page
    assert "It holds 62 beat-to-beat intervals" in page
    assert job.message.startswith("Nothing was stored in your diary.")
    assert reverse("wearables_upload") in page  # offered the next step, not "See your HRV"


def test_second_import_of_the_same_file_says_nothing_new(client, ana):
    data = (FIXTURES / "daily_metrics.csv").read_bytes()
    _first, page1 = upload(client, "daily_metrics.csv", data)
    assert "Done." in page1
    second, page2 = upload(client, "daily_metrics.csv", data)
    assert second.summary["created"] == second.summary["updated"] == 0
    assert "Done." not in page2
    assert "Nothing new was stored: your diary already had all of it." in page2


@pytest.mark.parametrize(
    ("summary", "headline"),
    [
        ({"created": 1, "updated": 0, "rows": 1}, "Done."),
        ({"created": 0, "updated": 2, "rows": 2}, "Done."),
        ({"created": 0, "updated": 0, "rows": 3, "unchanged": 3}, "Nothing new was stored"),
        ({"created": 0, "updated": 0, "rows": 0, "n_beats": 62}, "Nothing was stored"),
    ],
)
def test_headline_rule(summary, headline):
    assert summary_headline(summary).startswith(headline)
