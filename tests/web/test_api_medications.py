"""Medications and the dose log through the JSON API."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from painscope.web.accounts.models import ApiToken
from painscope.web.journal.models import DoseLog, Medication

pytestmark = pytest.mark.django_db

DULOXETINE = {"name": "Duloxetine", "dose": 60, "unit": "mg", "times": ["08:00"], "timezone": "Europe/London", "start_date": "2024-01-10", "pills_left": 28}


def client_for(username: str) -> Client:
    user = get_user_model().objects.create_user(username)
    _, token = ApiToken.issue(user)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    client.user = user
    return client


@pytest.fixture
def api():
    return client_for("mei")


def post(client, url, doc):
    return client.post(url, doc, content_type="application/json")


def test_medication_round_trip(api):
    created = post(api, "/api/v1/medications", DULOXETINE)
    assert created.status_code == 201, created.content
    med = api.get(f"/api/v1/medications/{created.json()['id']}").json()
    assert {k: med[k] for k in DULOXETINE} == DULOXETINE
    assert med["as_needed"] is False and med["stop_date"] is None
    listed = api.get("/api/v1/medications").json()
    assert listed["count"] == 1 and listed["items"][0]["name"] == "Duloxetine"


def test_medication_put_and_delete(api):
    med_id = post(api, "/api/v1/medications", DULOXETINE).json()["id"]
    changed = api.put(f"/api/v1/medications/{med_id}", {**DULOXETINE, "dose": 30, "stop_date": "2024-06-01"}, content_type="application/json")
    assert changed.status_code == 200, changed.content
    assert Medication.objects.get(pk=med_id).dose == 30
    assert api.delete(f"/api/v1/medications/{med_id}").status_code == 204
    assert not Medication.objects.exists()


@pytest.mark.parametrize(
    ("change", "loc"),
    [
        ({"dose": 0}, ["body", "dose"]),
        ({"dose": "60"}, ["body", "dose"]),
        ({"times": ["8am"]}, ["body", "times", 0]),
        ({"times": ["24:00"]}, ["body", "times", 0]),
        ({"weekdays": [0]}, ["body", "weekdays", 0]),
        ({"timezone": "Mars/Olympus"}, ["body", "timezone"]),
        ({"stop_date": "2023-01-01"}, ["body", "stop_date"]),
        ({"start_date": "10/01/2024"}, ["body", "start_date"]),
        ({"name": ""}, ["body", "name"]),
        ({"name": "   "}, ["body", "name"]),
        ({"notes": "bell\x07"}, ["body", "notes"]),
        ({"pills_left": 10**30}, ["body", "pills_left"]),
        ({"weekdays": ["1"]}, ["body", "weekdays", 0]),
        ({"as_needed": True}, ["body", "times"]),
        ({"pills_left": -1}, ["body", "pills_left"]),
    ],
)
def test_invalid_medication_names_the_field(api, change, loc):
    response = post(api, "/api/v1/medications", {**DULOXETINE, **change})
    assert response.status_code == 422, response.content
    assert loc in [e["loc"] for e in response.json()["detail"]]
    assert not Medication.objects.exists()


def test_dose_log_round_trip_and_filters(api):
    med_id = post(api, "/api/v1/medications", DULOXETINE).json()["id"]
    for day, status in ((1, "taken"), (2, "skipped"), (3, "taken")):
        doc = {"medication": med_id, "status": status, "at": f"2024-03-0{day}T08:05:00+00:00", "scheduled_for": f"2024-03-0{day}T08:00:00Z", "dose": 60}
        assert post(api, "/api/v1/doses", doc).status_code == 201
    page = api.get("/api/v1/doses?from=2024-03-02&to=2024-03-03").json()
    assert page["count"] == 2
    assert [d["status"] for d in page["items"]] == ["taken", "skipped"]
    assert page["items"][0] == {
        "id": page["items"][0]["id"], "medication": med_id, "medication_name": "Duloxetine", "status": "taken",
        "at": "2024-03-03T08:05:00+00:00", "scheduled_for": "2024-03-03T08:00:00+00:00", "dose": 60.0, "note": "",
    }
    dose_id = page["items"][1]["id"]
    changed = api.put(f"/api/v1/doses/{dose_id}", {"medication": med_id, "status": "taken", "at": "2024-03-02T10:00:00+02:00"}, content_type="application/json")
    assert changed.json()["at"] == "2024-03-02T08:00:00+00:00" and changed.json()["status"] == "taken"
    assert api.delete(f"/api/v1/doses/{dose_id}").status_code == 204
    assert DoseLog.objects.count() == 2


def test_dose_for_someone_elses_medication_is_refused_naming_the_field(api):
    other = client_for("noor")
    theirs = post(other, "/api/v1/medications", DULOXETINE).json()["id"]
    response = post(api, "/api/v1/doses", {"medication": theirs, "status": "taken", "at": "2024-03-01T08:00:00Z"})
    assert response.status_code == 422
    (error,) = response.json()["detail"]
    assert error["loc"] == ["body", "medication"]
    # the same words as for an id that does not exist: nothing about the other person leaks
    missing = post(api, "/api/v1/doses", {"medication": 987654, "status": "taken", "at": "2024-03-01T08:00:00Z"})
    assert missing.json()["detail"][0]["msg"].replace("987654", str(theirs)) == error["msg"]
    assert not DoseLog.objects.exists()


@pytest.mark.parametrize(
    ("change", "loc"),
    [
        ({"status": "maybe"}, ["body", "status"]),
        ({"at": "2024-03-01 08:00"}, ["body", "at"]),
        ({"at": "3000-03-01T08:00:00Z"}, ["body", "at"]),
        ({"dose": -1}, ["body", "dose"]),
        ({"medication": "Duloxetine"}, ["body", "medication"]),
    ],
)
def test_invalid_dose_names_the_field(api, change, loc):
    med_id = post(api, "/api/v1/medications", DULOXETINE).json()["id"]
    response = post(api, "/api/v1/doses", {"medication": med_id, "status": "taken", "at": "2024-03-01T08:00:00Z", **change})
    assert response.status_code == 422, response.content
    assert loc in [e["loc"] for e in response.json()["detail"]]
    assert not DoseLog.objects.exists()


def test_dose_list_refuses_an_impossible_medication_id(api):
    response = api.get("/api/v1/doses?medication=99999999999999999999999")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "medication"]
