"""Downloading my diary and uploading a tidy CSV from the web page."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from painscope.web.journal.models import Entry, Observation

pytestmark = pytest.mark.django_db

GOOD = (
    "timestamp,kind,name,value,unit,note\n"
    "2024-03-01T08:30:00+01:00,rating,pain,6,,\n"
    "2024-03-01T08:30:00+01:00,region,neck,1,,\n"
    "2024-03-02T09:00:00+01:00,rating,pain,4,,\n"
)


def upload(client, text: str, name: str = "diary.csv"):
    return client.post(reverse("my_data"), {"file": SimpleUploadedFile(name, text.encode(), content_type="text/csv")})


def test_person_uploads_a_diary_and_downloads_the_same_rows(client, person):
    response = upload(client, GOOD)
    assert response.status_code == 302
    assert Entry.objects.filter(owner=person).count() == 2
    page = client.get(reverse("my_data")).content.decode()
    assert "Imported diary.csv: 2 new check-ins, 3 new observations" in page
    download = client.get(reverse("export_csv"))
    assert download["Content-Type"].startswith("text/csv")
    assert "attachment" in download["Content-Disposition"]
    assert download.content.decode() == GOOD


def test_bad_row_names_line_and_column_and_stores_nothing(client, person):
    upload(client, GOOD)
    before = Observation.objects.count()
    bad = GOOD.replace("2024-03-02T09:00:00+01:00,rating,pain,4", "2024-03-02T09:00:00+01:00,rating,pain,14") + \
        "2024-03-03T09:00:00+01:00,rating,pain,3,,\n"
    response = upload(client, bad)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nothing was imported." in page
    assert "Line 4, column value: pain must be between 0 and 10 (got 14)" in page
    assert Observation.objects.count() == before
    assert not Entry.objects.filter(local_date="2024-03-03").exists()


def test_upload_without_a_file_is_explained(client, person):
    response = client.post(reverse("my_data"), {})
    assert response.status_code == 400
    assert "Choose a CSV file" in response.content.decode()


def test_download_contains_only_my_own_diary(client, person):
    other = get_user_model().objects.create_user("bo", password="a calm river 42")
    client.force_login(other)
    upload(client, GOOD)
    client.force_login(person)
    assert client.get(reverse("export_csv")).content.decode() == "timestamp,kind,name,value,unit,note\n"
