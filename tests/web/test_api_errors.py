"""Bad requests answer 4xx JSON naming the field, and store nothing."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from painscope.web.accounts.models import ApiToken
from painscope.web.journal.models import Entry, Observation

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    user = get_user_model().objects.create_user("grace")
    _, token = ApiToken.issue(user)
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def post(client: Client, doc, content_type: str = "application/json"):
    body = doc if isinstance(doc, str | bytes) else json.dumps(doc)
    return client.post("/api/v1/entries", body, content_type=content_type)


def locs(response) -> list[list]:
    return [e["loc"] for e in response.json()["detail"]]


def messages(response) -> str:
    return " | ".join(e["msg"] for e in response.json()["detail"])


def observation(**fields) -> dict:
    return {"timestamp": "2024-03-01T08:30:00+01:00", "observations": [{"kind": "rating", "name": "pain", "value": 5}, fields]}


@pytest.mark.parametrize(
    ("doc", "loc", "words"),
    [
        ({"timestamp": "2024-03-01T08:30:00+01:00", "pain": 11}, ["body", "pain"], "between 0 and 10 (got 11)"),
        ({"timestamp": "3000-01-01T08:00:00+00:00", "pain": 5}, ["body", "timestamp"], "future"),
        ({"timestamp": "2024-03-01T08:30:00", "pain": 5}, ["body", "timestamp"], "no UTC offset"),
        ({"timestamp": "1st of March", "pain": 5}, ["body", "timestamp"], "not an ISO 8601"),
        (observation(kind="mood_ring", name="x", value=1), ["body", "observations", 1, "kind"], "unknown kind"),
        (observation(kind="rating", name="happiness", value=3), ["body", "observations", 1, "name"], "unknown rating"),
        (observation(kind="region", name="left_elbowish"), ["body", "observations", 1, "name"], "unknown body region"),
        (observation(kind="measure", name="sleep_hours", value=7, unit="min"), ["body", "observations", 1, "unit"], "recorded in 'h'"),
        (observation(kind="note", name="note", note="x" * 6000), ["body", "observations", 1, "note"], "limit is 5000"),
        (observation(kind="rating", name="pain", value=3), ["body", "observations", 1], "given twice"),
        ({"timestamp": "2024-03-01T08:30:00+01:00", "regions": ["neck", "kneee"]}, ["body", "regions", 1], "unknown body region"),
        ({"timestamp": "2024-03-01T08:30:00+01:00", "measures": {"steps": -5}}, ["body", "measures", "steps"], "between 0"),
        ({"timestamp": "2024-03-01T08:30:00+01:00"}, ["body", "observations"], "at least one observation"),
        ({"timestamp": "2024-03-01T08:30:00+01:00", "pian": 5}, ["body", "pian"], "Extra inputs"),
        ({"timestamp": "2024-03-01T08:30:00+01:00", "pain": "6"}, ["body", "pain"], "valid number"),
        ({"timestamp": "2024-03-01T08:30:00+01:00", "pain": True}, ["body", "pain"], "valid number"),
        ({"pain": 5}, ["body", "timestamp"], "required"),
    ],
)
def test_invalid_entry_is_rejected_naming_the_field_and_nothing_is_stored(api, doc, loc, words):
    response = post(api, doc)
    assert response.status_code == 422, response.content
    assert loc in locs(response)
    assert words in messages(response)
    assert Entry.objects.count() == 0 and Observation.objects.count() == 0


def test_every_problem_of_an_entry_is_reported_at_once(api):
    response = post(api, {"timestamp": "3000-01-01T00:00:00Z", "pain": 11, "regions": ["nowhere"]})
    assert response.status_code == 422
    assert {("body", "timestamp"), ("body", "pain"), ("body", "regions", 0)} <= {tuple(loc) for loc in locs(response)}


def test_nan_is_not_a_number_here(api):
    response = post(api, '{"timestamp": "2024-03-01T08:30:00+01:00", "pain": NaN}')
    assert response.status_code == 400
    assert locs(response) == [["body"]]
    assert Entry.objects.count() == 0


def test_malformed_json_is_a_400_with_a_json_error(api):
    response = post(api, '{"timestamp": "2024-03-01T08:30:00+01:00", "pain": 5')
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert "not valid JSON" in messages(response)


def test_form_encoded_body_is_unsupported_media_type(api):
    response = post(api, "timestamp=2024-03-01T08%3A30%3A00Z&pain=5", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 415
    assert locs(response) == [["header", "Content-Type"]]
    assert Entry.objects.count() == 0


def test_json_sent_as_text_plain_is_unsupported_media_type(api):
    response = post(api, json.dumps({"timestamp": "2024-03-01T08:30:00Z", "pain": 5}), content_type="text/plain")
    assert response.status_code == 415
    assert "application/json" in messages(response)


@pytest.mark.parametrize("megabytes", [2, 10])
def test_oversized_body_is_413_json(api, megabytes):
    # 2 MB passes Django's own 5 MB limit and meets the API's 1 MB one; 10 MB meets Django's
    doc = {"timestamp": "2024-03-01T08:30:00+01:00", "pain": 5, "note": "x" * (megabytes * 1024 * 1024)}
    response = post(api, doc)
    assert response.status_code == 413
    assert response["Content-Type"].startswith("application/json")
    assert locs(response) == [["body"]]
    assert Entry.objects.count() == 0


def test_unknown_id_is_404_json(api):
    response = api.get("/api/v1/entries/999999")
    assert response.status_code == 404
    assert response.json()["detail"][0]["msg"] == "No such entry"


def test_non_numeric_id_is_not_routed(api):
    assert api.get("/api/v1/entries/abc").status_code == 404


_json = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**20), 10**20) | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=12,
)
_fields = st.sampled_from(["timestamp", "observations", "pain", "regions", "measures", "flare", "note", "kind", "value", "x"])
_observation = st.fixed_dictionaries(
    {},
    optional={
        "kind": st.sampled_from(["rating", "region", "measure", "note", "food", "flare", "bogus"]) | _json,
        "name": st.sampled_from(["pain", "neck", "steps", "note", "coffee", ""]) | _json,
        "value": _json,
        "unit": _json,
        "note": _json,
    },
)
_bodies = st.fixed_dictionaries(
    {},
    optional={
        "timestamp": st.sampled_from(["2024-03-01T08:30:00+01:00", "2024-03-01", "3000-01-01T00:00:00Z"]) | _json,
        "observations": st.lists(_observation, max_size=4) | _json,
    },
).flatmap(lambda base: st.dictionaries(_fields, _json, max_size=3).map(lambda extra: {**extra, **base}))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=_bodies | _json)
def test_no_body_makes_the_server_fail_and_refused_bodies_store_nothing(api, body):
    before = (Entry.objects.count(), Observation.objects.count())
    response = post(api, body)
    assert response.status_code in (201, 400, 409, 413, 415, 422), response.content
    assert response["Content-Type"].startswith("application/json")
    if response.status_code != 201:
        assert (Entry.objects.count(), Observation.objects.count()) == before
        assert all("loc" in e and "msg" in e for e in response.json()["detail"])
