"""Who may call the API: personal tokens, the site's session with CSRF, nobody else."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth import get_user_model
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client

from painscope.web.accounts.models import ApiToken
from painscope.web.journal.models import Entry

pytestmark = pytest.mark.django_db

ENTRY = json.dumps({"timestamp": "2024-03-01T08:30:00+01:00", "pain": 5})


@pytest.fixture
def person():
    return get_user_model().objects.create_user("lin")


def test_without_credentials_the_api_answers_401_json():
    response = Client().get("/api/v1/entries")
    assert response.status_code == 401
    assert response.json()["detail"][0]["msg"] == "Unauthorized"


def test_unsafe_request_without_credentials_is_401_not_a_csrf_error():
    response = Client(enforce_csrf_checks=True).post("/api/v1/entries", ENTRY, content_type="application/json")
    assert response.status_code == 401


def test_bearer_token_authenticates_and_records_last_use(person):
    record, token = ApiToken.issue(person)
    assert record.last_used is None
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert client.post("/api/v1/entries", ENTRY, content_type="application/json").status_code == 201
    record.refresh_from_db()
    assert record.last_used is not None
    assert Entry.objects.get().owner == person


@pytest.mark.parametrize("header", ["Bearer ps_not-a-real-token", "Bearer ", "Token abc", "Basic bGluOnB3"])
def test_wrong_or_malformed_token_is_401(header):
    assert Client(HTTP_AUTHORIZATION=header).get("/api/v1/entries").status_code == 401


def test_token_of_a_deactivated_account_no_longer_works(person):
    _, token = ApiToken.issue(person)
    person.is_active = False
    person.save()
    assert Client(HTTP_AUTHORIZATION=f"Bearer {token}").get("/api/v1/entries").status_code == 401


def test_deleted_token_no_longer_works(person):
    record, token = ApiToken.issue(person)
    record.delete()
    assert Client(HTTP_AUTHORIZATION=f"Bearer {token}").get("/api/v1/entries").status_code == 401


def test_token_requests_need_no_csrf_token(person):
    _, token = ApiToken.issue(person)
    client = Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert client.post("/api/v1/entries", ENTRY, content_type="application/json").status_code == 201


def test_session_reads_work_without_csrf(person):
    client = Client(enforce_csrf_checks=True)
    client.force_login(person)
    assert client.get("/api/v1/entries").status_code == 200


def test_session_write_without_csrf_token_is_rejected(person):
    client = Client(enforce_csrf_checks=True)
    client.force_login(person)
    response = client.post("/api/v1/entries", ENTRY, content_type="application/json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"][0]["msg"]
    assert not Entry.objects.exists()


def test_session_write_with_csrf_header_is_accepted(person):
    client = Client(enforce_csrf_checks=True)
    client.force_login(person)
    secret = _get_new_csrf_string()  # what the site's pages put in the csrftoken cookie
    client.cookies["csrftoken"] = secret
    response = client.post("/api/v1/entries", ENTRY, content_type="application/json", HTTP_X_CSRFTOKEN=secret)
    assert response.status_code == 201, response.content


def test_openapi_document_is_served_as_valid_json():
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    doc = json.loads(response.content)
    assert doc["openapi"].startswith("3.")
    assert {"/api/v1/entries", "/api/v1/entries/{entry_id}", "/api/v1/medications", "/api/v1/doses", "/api/v1/import", "/api/v1/export.csv"} <= set(doc["paths"])
    schemes = doc["components"]["securitySchemes"]
    assert {"type": "http", "scheme": "bearer"}.items() <= next(iter(s for s in schemes.values() if s["type"] == "http")).items()
