"""Every device format the issue lists imports through the upload page (format found by itself)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from painscope.web.journal.models import Observation
from painscope.web.wearables.models import ImportJob

FIXTURES = Path(__file__).resolve().parents[1] / "signals" / "fixtures"

# file, format the page should find, whether the file has daily measures for the diary
CASES = [
    ("apple_health_export.xml", "apple", True),
    ("Polar_H10_A1B2C3D4_20240301_070211_RR.txt", "polar", True),
    ("2024-03-02 06-55-40.txt", "elitehrv", True),
    ("physiological_cycles.csv", "whoop", True),
    ("oura_sleep.json", "oura", True),
    ("daily_metrics.csv", "daily-csv", True),
    ("rr_seconds.txt", "rr", False),  # beats without a date: no day to put them on
]


@pytest.fixture
def ana(client, db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.WEARABLE_JOBS_INLINE = True
    user = get_user_model().objects.create_user("ana")
    client.force_login(user)
    return user


def upload(client, name: str, data: bytes) -> ImportJob:
    client.post(reverse("wearables_upload"), {"file": SimpleUploadedFile(name, data)})
    return ImportJob.objects.latest("pk")


@pytest.mark.parametrize(("name", "fmt", "has_days"), CASES, ids=[c[1] for c in CASES])
def test_each_format_is_recognised_and_imported(client, ana, name, fmt, has_days):
    job = upload(client, name, (FIXTURES / name).read_bytes())
    assert job.status == "done", job.message
    assert job.summary["format"] == fmt
    stored = Observation.objects.filter(entry__owner=ana, kind="measure").count()
    assert stored == job.summary["created"] == job.summary["rows"]
    assert (stored > 0) is has_days
    if not has_days:
        assert "This file has no daily measures to add to your diary." in job.message


def test_a_fitbit_takeout_zip_imports(client, ana):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for path in sorted((FIXTURES / "fitbit_takeout").rglob("*")):
            if path.is_file():
                zf.write(path, "Takeout/Fitbit/" + str(path.relative_to(FIXTURES / "fitbit_takeout")))
    job = upload(client, "takeout.zip", buffer.getvalue())
    assert job.status == "done", job.message
    assert job.summary["format"] == "fitbit" and job.summary["created"] > 0


def test_a_garmin_fit_activity_imports_its_beats_but_no_daily_row(client, ana, shared_data):
    job = upload(client, "walk.fit", (shared_data / "fit" / "garmin-fenix-5-walk.fit").read_bytes())
    assert job.status == "done", job.message
    assert job.summary["format"] == "fit" and job.summary["n_beats"] == 62
    assert job.summary["created"] == 0
    page = client.get(reverse("wearables_job", args=[job.pk])).content.decode()
    assert "exercise HRV is not a resting measure" in page
