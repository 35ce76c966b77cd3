"""A person uploads a device export on the web page and follows its import to the end."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from painscope.web.journal.models import Observation
from painscope.web.wearables.models import ImportJob

FIXTURES = Path(__file__).resolve().parents[1] / "signals" / "fixtures"
JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.WEARABLE_JOBS_INLINE = True
    return settings.MEDIA_ROOT


@pytest.fixture
def ana(client, db):
    user = get_user_model().objects.create_user("ana", password="a calm river 42")
    client.force_login(user)
    return user


def fixture_file(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (FIXTURES / name).read_bytes())


def files_left(media: Path) -> list[Path]:
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


def measures_of(user) -> list[tuple[str, float]]:
    return sorted(Observation.objects.filter(entry__owner=user, kind="measure").values_list("name", "value"))


def test_uploading_a_daily_csv_puts_the_measures_in_the_diary(client, ana, media):
    response = client.post(reverse("wearables_upload"), {"format": "auto", "file": fixture_file("daily_metrics.csv")})
    job = ImportJob.objects.get(owner=ana)
    assert response.status_code == 302 and response["Location"] == reverse("wearables_job", args=[job.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Done." in page
    assert "Found 3 days of measures (2024-03-01 to 2024-03-03)" in page
    assert "8 new, 0 updated, 0 already in your diary." in page
    assert "ignored columns: mood_note" in page
    assert ("resting_hr", 58.0) in measures_of(ana)
    diary_page = client.get(reverse("entries")).content.decode()
    assert "Resting heart rate 58" in diary_page and "Sleep (hours) 7.25" in diary_page
    assert files_left(media) == []  # the upload is deleted once processed


def test_uploading_a_polar_rr_file_with_script_follows_the_job_as_json(client, ana, media):
    response = client.post(
        reverse("wearables_upload"), {"format": "polar", "file": fixture_file("Polar_H10_A1B2C3D4_20240301_070211_RR.txt")}, **JSON
    )
    assert response.status_code == 202
    doc = response.json()
    status = client.get(doc["status_url"]).json()
    assert status["status"] == "done" and status["finished"] and status["progress"] == 1
    assert status["summary"]["format"] == "polar" and status["summary"]["created"] == 2
    names = {n for n, _ in measures_of(ana)}
    assert names == {"hrv_rmssd_morning", "hrv_lnrmssd_morning"}


def test_importing_the_same_file_twice_adds_nothing(client, ana, media):
    for _ in range(2):
        client.post(reverse("wearables_upload"), {"file": fixture_file("oura_sleep.json")})
    first, second = ImportJob.objects.filter(owner=ana).order_by("pk")
    assert first.summary["created"] == 6
    assert (second.summary["created"], second.summary["updated"], second.summary["unchanged"]) == (0, 0, 6)
    assert len(measures_of(ana)) == 6


def test_an_elite_hrv_reading_keeps_its_file_name_and_is_recognised(client, ana, media):
    # Elite HRV files are recognised by their name "YYYY-MM-DD HH-MM-SS.txt" (with a space)
    client.post(reverse("wearables_upload"), {"file": fixture_file("2024-03-02 06-55-40.txt")})
    job = ImportJob.objects.get(owner=ana)
    assert job.status == "done" and job.summary["format"] == "elitehrv"
    assert job.filename == "2024-03-02 06-55-40.txt"


def test_a_corrupt_file_is_refused_with_a_message_and_nothing_is_stored(client, ana, media):
    garbage = SimpleUploadedFile("watch.fit", b"\x0e\x10\x00\x00" + bytes(range(256)) * 4)
    response = client.post(reverse("wearables_upload"), {"format": "fit", "file": garbage}, follow=True)
    page = response.content.decode()
    job = ImportJob.objects.get(owner=ana)
    assert job.status == "failed"
    assert "Nothing was imported." in page and "watch.fit" in page and "FIT" in page
    assert str(media) not in page  # the server's folders are not shown
    assert measures_of(ana) == []
    assert files_left(media) == []


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE HealthData [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<HealthData locale="en_GB">
 <Record type="HKQuantityTypeIdentifierRestingHeartRate" unit="count/min" value="&lol9;"
  startDate="2024-03-01 07:00:00 +0100" endDate="2024-03-01 07:00:00 +0100"/>
</HealthData>
"""


def test_a_billion_laughs_xml_is_refused_and_nothing_is_stored(client, ana, media):
    response = client.post(reverse("wearables_upload"), {"file": SimpleUploadedFile("export.xml", BILLION_LAUGHS)}, follow=True)
    job = ImportJob.objects.get(owner=ana)
    assert job.status == "failed" and "entit" in job.message.lower()
    assert "Nothing was imported." in response.content.decode()
    assert measures_of(ana) == [] and files_left(media) == []


def test_a_bad_value_is_refused_naming_the_line_and_field(client, ana, media):
    bad = SimpleUploadedFile("daily.csv", b"date,resting_hr\n2024-03-01,58\n2024-03-02,900\n")
    client.post(reverse("wearables_upload"), {"file": bad})
    job = ImportJob.objects.get(owner=ana)
    assert job.status == "failed"
    assert "line 3" in job.message and "resting_hr" in job.message
    assert measures_of(ana) == []


def test_a_file_over_the_size_limit_is_refused_and_nothing_is_kept(client, ana, media, settings):
    settings.MAX_UPLOAD_BYTES = 1000
    response = client.post(reverse("wearables_upload"), {"file": SimpleUploadedFile("big.csv", b"date,steps\n" + b"2024-03-01,1\n" * 200)})
    assert response.status_code == 413
    assert "larger than" in response.content.decode()
    assert not ImportJob.objects.exists() and files_left(media) == []
    # far over the limit: refused from the request's length, before the body is read
    huge = SimpleUploadedFile("huge.csv", b"x" * 200_000)
    response = client.post(reverse("wearables_upload"), {"file": huge}, **JSON)
    assert response.status_code == 413 and "larger than" in response.json()["error"]
    assert files_left(media) == []


def test_no_file_or_an_empty_file_gets_a_clear_message(client, ana, media):
    response = client.post(reverse("wearables_upload"), {"format": "auto"})
    assert response.status_code == 400 and "Choose a file to upload." in response.content.decode()
    response = client.post(reverse("wearables_upload"), {"file": SimpleUploadedFile("empty.csv", b"")})
    assert response.status_code == 400 and "the file is empty" in response.content.decode()
    assert not ImportJob.objects.exists() and files_left(media) == []


def test_an_upload_without_the_csrf_token_is_refused_and_not_kept(ana, media):
    client = Client(enforce_csrf_checks=True)
    client.force_login(ana)
    response = client.post(reverse("wearables_upload"), {"file": fixture_file("daily_metrics.csv")})
    assert response.status_code == 403
    assert not ImportJob.objects.exists() and files_left(media) == []


def test_the_upload_page_works_without_script(client, ana, media):
    page = client.get(reverse("wearables_upload")).content.decode()
    assert 'enctype="multipart/form-data"' in page and 'name="csrfmiddlewaretoken"' in page
    assert '<label for="id_file">' in page and '<label for="id_format">' in page
    assert "wearables/upload.js" in page and "<script>" not in page


def test_someone_elses_import_answers_404(client, ana, media):
    client.post(reverse("wearables_upload"), {"file": fixture_file("oura_sleep.json")})
    job = ImportJob.objects.get(owner=ana)
    other = Client()
    other.force_login(get_user_model().objects.create_user("bo"))
    assert other.get(reverse("wearables_job", args=[job.pk])).status_code == 404
    assert other.get(reverse("wearables_job_status", args=[job.pk])).status_code == 404
    assert client.get(reverse("wearables_job_status", args=[job.pk])).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_an_import_runs_in_a_background_thread_and_reports_when_done(settings, tmp_path, monkeypatch):
    from painscope.web.wearables import jobs

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.WEARABLE_JOBS_INLINE = False
    threads = []
    real_start = jobs.start
    monkeypatch.setattr(jobs, "start", lambda job: threads.append(real_start(job)))
    client = Client()
    user = get_user_model().objects.create_user("cy")
    client.force_login(user)
    response = client.post(reverse("wearables_upload"), {"file": fixture_file("physiological_cycles.csv")}, **JSON)
    assert response.status_code == 202
    # the request returned while the job runs on its own thread (the test's in-memory
    # SQLite cannot take reads and writes from two threads at once, so wait for it here)
    (thread,) = threads
    assert thread is not None and thread.name.startswith("wearable-import-")
    thread.join(timeout=30)
    assert not thread.is_alive()
    status = client.get(response.json()["status_url"]).json()
    assert status["status"] == "done", status
    assert status["summary"]["format"] == "whoop" and status["summary"]["created"] == 6
    assert "Import of physiological_cycles.csv" in client.get(response.json()["url"]).content.decode()
    assert len(measures_of(user)) == 6
    assert files_left(settings.MEDIA_ROOT) == []


def test_an_import_cut_off_by_a_restart_says_so_and_its_file_is_removed(client, ana, media):
    from datetime import UTC, datetime, timedelta

    from painscope.web.wearables.uploads import new_upload_dir

    stored = new_upload_dir(ana.pk) / "export.zip"
    stored.write_bytes(b"PK")
    job = ImportJob.objects.create(owner=ana, filename="export.zip", status="running", progress=0.4, stored_path=str(stored))
    status = client.get(reverse("wearables_job_status", args=[job.pk])).json()
    assert status["status"] == "running"  # still alive: left alone
    ImportJob.objects.filter(pk=job.pk).update(updated=datetime.now(UTC) - timedelta(hours=1))
    status = client.get(reverse("wearables_job_status", args=[job.pk])).json()
    assert status["status"] == "failed" and status["finished"]
    assert "interrupted" in status["message"] and "upload the file again" in status["message"]
    assert files_left(media) == []


@pytest.mark.django_db(transaction=True)
def test_a_job_whose_thread_fails_is_not_left_waiting(settings, tmp_path, monkeypatch):
    from django.db import OperationalError

    from painscope.web.wearables import jobs

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.WEARABLE_JOBS_INLINE = False
    threads = []
    real_start = jobs.start
    monkeypatch.setattr(jobs, "start", lambda job: threads.append(real_start(job)))

    def broken_database(job_id):
        raise OperationalError("database is locked")

    monkeypatch.setattr(jobs, "run", broken_database)
    client = Client()
    user = get_user_model().objects.create_user("di")
    client.force_login(user)
    response = client.post(reverse("wearables_upload"), {"file": fixture_file("oura_sleep.json")}, **JSON)
    threads[0].join(timeout=30)
    status = client.get(response.json()["status_url"]).json()
    assert status["status"] == "failed" and "could not run" in status["message"]
    assert measures_of(user) == [] and files_left(settings.MEDIA_ROOT) == []


def test_a_file_name_cannot_reach_outside_the_persons_upload_folder(client, ana, media):
    from painscope.web.wearables.uploads import remove_upload, safe_name

    assert safe_name("../../settings.py") == "settings.py"
    assert safe_name("..\\..\\x.csv") == "x.csv"
    assert safe_name("") == "upload"
    outside = media.parent / "keep.txt"
    outside.write_text("not an upload")
    remove_upload(outside)  # never deletes anything outside MEDIA_ROOT/uploads
    assert outside.exists()
    data = (FIXTURES / "daily_metrics.csv").read_bytes()
    client.post(reverse("wearables_upload"), {"file": SimpleUploadedFile("../../../daily.csv", data)})
    job = ImportJob.objects.get(owner=ana)
    assert job.filename == "daily.csv" and job.status == "done"
