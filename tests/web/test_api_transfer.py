"""The whole diary out as tidy CSV and back in, through the API."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from painscope import diary
from painscope.diary.demo import demo_diary
from painscope.web.accounts.models import ApiToken
from painscope.web.journal.models import Entry, Observation

pytestmark = pytest.mark.django_db


def client_for(username: str) -> Client:
    user = get_user_model().objects.create_user(username)
    _, token = ApiToken.issue(user)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    client.user = user
    return client


def test_import_then_export_reproduces_the_file_byte_for_byte():
    api = client_for("ana")
    text = diary.write_tidy_csv(demo_diary(30))
    response = api.post("/api/v1/import", text, content_type="text/csv")
    assert response.status_code == 200, response.content
    assert response.json()["observations_created"] == text.count("\n") - 1
    exported = api.get("/api/v1/export.csv")
    assert exported["Content-Type"].startswith("text/csv")
    assert exported.content.decode() == text
    again = api.post("/api/v1/import", text, content_type="text/csv").json()
    assert again["observations_created"] == 0 and again["observations_unchanged"] == text.count("\n") - 1


def test_csv_with_one_bad_row_is_rejected_whole_naming_line_and_column():
    api = client_for("ben")
    good = api.post("/api/v1/import", "timestamp,kind,name,value,unit,note\n2024-03-01T08:00:00Z,rating,pain,5,,\n", content_type="text/csv")
    assert good.status_code == 200
    before = (Entry.objects.count(), Observation.objects.count())
    bad = (
        "timestamp,kind,name,value,unit,note\n"
        "2024-03-02T08:00:00Z,rating,pain,4,,\n"
        "2024-03-03T08:00:00Z,rating,pain,11,,\n"
    )
    response = api.post("/api/v1/import", bad, content_type="text/csv")
    assert response.status_code == 422
    (error,) = response.json()["detail"]
    assert error["loc"] == ["body", 3, "value"]
    assert error["line"] == 3 and error["column"] == "value"
    assert "between 0 and 10" in error["msg"]
    assert (Entry.objects.count(), Observation.objects.count()) == before


def test_import_wants_csv_not_json():
    api = client_for("cat")
    response = api.post("/api/v1/import", {"rows": []}, content_type="application/json")
    assert response.status_code == 415


def test_export_contains_only_the_callers_diary():
    ana, ben = client_for("ana"), client_for("ben")
    ana.post("/api/v1/entries", {"timestamp": "2024-03-01T08:00:00Z", "note": "ana's secret"}, content_type="application/json")
    ben.post("/api/v1/entries", {"timestamp": "2024-03-01T09:00:00Z", "pain": 2}, content_type="application/json")
    text = ben.get("/api/v1/export.csv").content.decode()
    assert "ana's secret" not in text
    assert text.splitlines()[1:] == ["2024-03-01T09:00:00+00:00,rating,pain,2,,"]
