"""Issue 14: edge values that answered 500 now answer 4xx JSON naming the field.

Timestamps near year 1 or 9999 whose offset takes them outside the calendar when moved to
UTC, a lone surrogate in a note, and control characters in ``unit`` (which PostgreSQL
refuses, so an export from a SQLite site could not be imported into a PostgreSQL one).
Every text field is checked by one rule, ``painscope.diary.schema.text_problem``.
"""

from __future__ import annotations

import json

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from painscope.web.accounts.models import ApiToken
from painscope.web.journal.models import DoseLog, Entry, Medication, Observation

pytestmark = pytest.mark.django_db

NEAR_EDGES = [
    "9999-12-31T23:59:59-01:00",
    "9999-12-31T23:59:59+14:00",
    "0001-01-01T00:00:00+01:00",
    "0001-01-01T00:00:00-01:00",
    "9999-12-31T23:59:59.999999-23:59",
]


@pytest.fixture
def api():
    user = get_user_model().objects.create_user("edge")
    _, token = ApiToken.issue(user)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}", raise_request_exception=False)
    client.user = user
    return client


def post(client: Client, url: str, doc) -> object:
    body = doc if isinstance(doc, str) else json.dumps(doc)
    return client.post(url, body, content_type="application/json")


def locs(response) -> list[list]:
    assert response["Content-Type"].startswith("application/json"), response.content[:200]
    return [e["loc"] for e in response.json()["detail"]]


@pytest.fixture
def medication(api):
    return Medication.objects.create(owner=api.user, name="Naproxen", dose=250, unit="mg",
                                     start_date="2024-01-01")


@pytest.mark.parametrize("stamp", NEAR_EDGES)
def test_entry_timestamps_near_year_1_or_9999_are_refused_by_field(api, stamp):
    response = post(api, "/api/v1/entries", {"timestamp": stamp, "pain": 5})
    assert response.status_code == 422
    assert locs(response) == [["body", "timestamp"]]
    assert not Entry.objects.exists()


@pytest.mark.parametrize("stamp", NEAR_EDGES)
@pytest.mark.parametrize("route", ["/api/v1/entries", "/api/v1/doses"])
@pytest.mark.parametrize("bound", ["from", "to"])
def test_list_filters_near_year_1_or_9999_answer_json_not_500(api, stamp, route, bound):
    response = api.get(route, {bound: stamp})
    assert response.status_code in (200, 422), response.content[:300]
    if response.status_code == 422:
        assert locs(response) == [["query", bound]]


@pytest.mark.parametrize("stamp", NEAR_EDGES)
@pytest.mark.parametrize("field", ["at", "scheduled_for"])
def test_dose_times_near_year_1_or_9999_are_refused_by_field(api, medication, stamp, field):
    doc = {"medication": medication.pk, "status": "taken", "at": "2024-03-01T08:00:00+00:00", field: stamp}
    response = post(api, "/api/v1/doses", doc)
    assert response.status_code == 422
    assert locs(response) == [["body", field]]
    assert not DoseLog.objects.exists()


def test_a_lone_surrogate_in_an_entry_note_is_a_clear_error(api):
    body = '{"timestamp": "2024-03-01T08:30:00+01:00", "pain": 5, "note": "bad \\ud800 day"}'
    response = post(api, "/api/v1/entries", body)
    assert response.status_code == 422
    assert locs(response) == [["body", "note"]]
    assert "surrogate" in response.json()["detail"][0]["msg"]
    rows = '{"timestamp": "2024-03-01T08:30:00+01:00", "observations": [{"kind": "note", "note": "\\udfff"}]}'
    response = post(api, "/api/v1/entries", rows)
    assert response.status_code == 422
    assert locs(response) == [["body", "observations", 0, "note"]]
    assert not Observation.objects.exists()


@pytest.mark.parametrize("char", ["\x00", "\x1b", "\x7f", "\n", "\x85"])
def test_control_characters_in_unit_are_refused(api, char):
    doc = {"timestamp": "2024-03-01T08:30:00+01:00",
           "observations": [{"kind": "measure", "name": "my_scale", "value": 3, "unit": f"pt{char}s"}]}
    response = post(api, "/api/v1/entries", doc)
    assert response.status_code == 422, response.content
    assert locs(response) == [["body", "observations", 0, "unit"]]
    assert not Observation.objects.exists()


@pytest.mark.parametrize(("field", "value"), [("name", "a\ud800"), ("unit", "m\x00g"), ("notes", "x\x00"),
                                              ("timezone", "Europe/\x00London")])
def test_medication_text_fields_share_the_rule(api, field, value):
    doc = {"name": "Naproxen", "dose": 250, "start_date": "2024-01-01", field: value}
    response = post(api, "/api/v1/medications", json.dumps(doc))
    assert response.status_code == 422, response.content
    assert ["body", field] in locs(response)
    assert not Medication.objects.exists()


def test_a_note_may_still_hold_line_breaks_and_any_language(api):
    doc = {"timestamp": "2024-03-01T08:30:00+01:00", "pain": 5, "note": "Müde.\n\tSchmerz 痛み 🙂"}
    response = post(api, "/api/v1/entries", doc)
    assert response.status_code == 201, response.content
    assert Observation.objects.get(kind="note").note == doc["note"]
