"""Adding, reading, changing and deleting diary entries through the JSON API."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from painscope.web.accounts.models import ApiToken
from painscope.web.journal.models import Entry, Observation

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    user = get_user_model().objects.create_user("ada")
    _, token = ApiToken.issue(user)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    client.user = user
    return client


def post(client: Client, url: str, doc: dict):
    return client.post(url, doc, content_type="application/json")


def put(client: Client, url: str, doc: dict):
    return client.put(url, doc, content_type="application/json")


MORNING = {
    "timestamp": "2024-03-01T08:30:00+01:00",
    "observations": [
        {"kind": "rating", "name": "pain", "value": 6},
        {"kind": "region", "name": "lower_back", "value": 1},
        {"kind": "measure", "name": "sleep_hours", "value": 5.5, "unit": "h"},
        {"kind": "note", "name": "note", "note": "Slept badly"},
    ],
}


def test_posted_entry_reads_back_with_its_offset_and_observations(api):
    created = post(api, "/api/v1/entries", MORNING)
    assert created.status_code == 201, created.content
    entry_id = created.json()["id"]
    got = api.get(f"/api/v1/entries/{entry_id}").json()
    assert got["timestamp"] == "2024-03-01T08:30:00+01:00"
    assert got["local_date"] == "2024-03-01"
    assert got["source"] == "api"
    by_name = {(o["kind"], o["name"]): o for o in got["observations"]}
    assert by_name[("rating", "pain")]["value"] == 6
    assert by_name[("measure", "sleep_hours")] == {"kind": "measure", "name": "sleep_hours", "value": 5.5, "unit": "h", "note": ""}
    assert by_name[("note", "note")]["note"] == "Slept badly"


def test_flat_form_is_stored_as_the_same_observations(api):
    flat = {
        "timestamp": "2024-03-02T21:00:00Z",
        "pain": 4,
        "fatigue": 7,
        "regions": ["neck", "shoulder_left"],
        "qualities": ["burning"],
        "foods": ["coffee"],
        "measures": {"steps": 4200},
        "flare": True,
        "note": "Long day",
    }
    created = post(api, "/api/v1/entries", flat)
    assert created.status_code == 201, created.content
    stored = {(o.kind, o.name): o for o in Observation.objects.filter(entry__owner=api.user)}
    assert stored[("rating", "pain")].value == 4
    assert stored[("rating", "fatigue")].value == 7
    assert ("region", "shoulder_left") in stored
    assert stored[("measure", "steps")].unit == "steps"  # the known unit is filled in
    assert stored[("flare", "flare")].value == 1
    assert stored[("note", "note")].note == "Long day"
    assert created.json()["timestamp"] == "2024-03-02T21:00:00+00:00"


def test_put_replaces_all_observations(api):
    entry_id = post(api, "/api/v1/entries", MORNING).json()["id"]
    changed = put(api, f"/api/v1/entries/{entry_id}", {"timestamp": "2024-03-01T09:00:00+01:00", "pain": 3})
    assert changed.status_code == 200, changed.content
    assert changed.json()["observations"] == [{"kind": "rating", "name": "pain", "value": 3.0, "unit": "", "note": ""}]
    assert Observation.objects.filter(entry_id=entry_id).count() == 1
    assert Entry.objects.get(pk=entry_id).timestamp == "2024-03-01T09:00:00+01:00"


def test_delete_removes_the_entry(api):
    entry_id = post(api, "/api/v1/entries", MORNING).json()["id"]
    assert api.delete(f"/api/v1/entries/{entry_id}").status_code == 204
    assert api.get(f"/api/v1/entries/{entry_id}").status_code == 404
    assert not Observation.objects.filter(entry_id=entry_id).exists()


def test_a_second_entry_at_the_same_moment_is_a_conflict_naming_the_first(api):
    first = post(api, "/api/v1/entries", MORNING).json()["id"]
    again = post(api, "/api/v1/entries", {"timestamp": "2024-03-01T07:30:00Z", "pain": 2})
    assert again.status_code == 409
    (error,) = again.json()["detail"]
    assert error["loc"] == ["body", "timestamp"]
    assert f"id {first}" in error["msg"]
    assert Entry.objects.count() == 1


def _days(api, n: int, start: datetime) -> None:
    for i in range(n):
        moment = (start + timedelta(days=i)).isoformat()
        assert post(api, "/api/v1/entries", {"timestamp": moment, "pain": i % 11}).status_code == 201


def test_list_filters_by_local_date_and_pages_newest_first(api):
    # 23:30 UTC on 1 March is already 2 March at +01:00: date filters use the person's day
    _days(api, 10, datetime(2024, 3, 1, 23, 30, tzinfo=UTC).astimezone(timezone(timedelta(hours=1))))
    page = api.get("/api/v1/entries?from=2024-03-02&to=2024-03-05&limit=3").json()
    assert page["count"] == 4
    assert [e["local_date"] for e in page["items"]] == ["2024-03-05", "2024-03-04", "2024-03-03"]
    rest = api.get("/api/v1/entries?from=2024-03-02&to=2024-03-05&limit=3&offset=3").json()
    assert [e["local_date"] for e in rest["items"]] == ["2024-03-02"]


def test_list_filters_by_instant_with_offset(api):
    _days(api, 5, datetime(2024, 3, 1, 12, 0, tzinfo=UTC))
    # "+" must be %2B in a query string; a bare "+" arrives as a space and is still understood
    encoded = api.get("/api/v1/entries?from=2024-03-02T13:00:00%2B01:00&to=2024-03-03T12:00:00Z").json()
    spaced = api.get("/api/v1/entries?from=2024-03-02T13:00:00+01:00&to=2024-03-03T12:00:00Z").json()
    assert [e["timestamp"] for e in encoded["items"]] == ["2024-03-03T12:00:00+00:00", "2024-03-02T12:00:00+00:00"]
    assert spaced == encoded


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("from=yesterday", "from"),
        ("to=2024-02-30", "to"),
        ("from=2024-03-01T08:00:00", "from"),  # no offset
        ("from=2024-03-05&to=2024-03-01", "to"),
        ("limit=0", "limit"),
        ("limit=100000", "limit"),
        ("offset=-1", "offset"),
        ("offset=99999999999999999999999", "offset"),  # would overflow the database's integers
    ],
)
def test_bad_list_parameters_are_named(api, query, field):
    response = api.get(f"/api/v1/entries?{query}")
    assert response.status_code == 422
    assert ["query", field] in [e["loc"] for e in response.json()["detail"]]


def test_every_rating_of_the_diary_can_be_given_flat():
    from painscope import diary
    from painscope.web.api.entries import _FLAT_RATINGS
    from painscope.web.api.schemas import EntryIn

    assert set(_FLAT_RATINGS) == set(diary.RATINGS)
    assert set(diary.RATINGS) <= set(EntryIn.model_fields)
