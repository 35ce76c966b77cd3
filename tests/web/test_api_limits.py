"""Issue 14: the API has rate limits (429 JSON with Retry-After) and never answers HTML 500s."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys

import pytest
from django.contrib.auth import get_user_model
from django.http import HttpRequest
from django.test import Client

from painscope.web.accounts.models import ApiToken
from painscope.web.journal import services

pytestmark = pytest.mark.django_db


def token_client(user, **extra) -> Client:
    _, token = ApiToken.issue(user)
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}", raise_request_exception=False, **extra)


def error(response) -> dict:
    assert response["Content-Type"].startswith("application/json"), response.content[:200]
    (problem,) = response.json()["detail"]
    return problem


def test_a_person_over_the_limit_gets_429_json_with_retry_after(settings):
    settings.API_RATE_USER = "3/min"
    ada = get_user_model().objects.create_user("ada")
    first, second = token_client(ada), token_client(ada)  # two tokens, one person
    assert [first.get("/api/v1/entries").status_code for _ in range(2)] == [200, 200]
    assert second.get("/api/v1/entries").status_code == 200
    over = second.get("/api/v1/entries")
    assert over.status_code == 429
    problem = error(over)
    assert problem["type"] == "rate_limited" and problem["loc"] == []
    assert "3 per minute per person" in problem["msg"]
    assert 1 <= int(over["Retry-After"]) <= 60
    assert first.post("/api/v1/entries", {}, content_type="application/json").status_code == 429
    other = token_client(get_user_model().objects.create_user("bo"))
    assert other.get("/api/v1/entries").status_code == 200  # everyone has their own budget


def test_requests_without_valid_credentials_are_limited_per_address(settings):
    settings.API_RATE_ANON = "2/min"
    stranger = Client(HTTP_AUTHORIZATION="Bearer ps_not-a-token", REMOTE_ADDR="203.0.113.7")
    assert [stranger.get("/api/v1/entries").status_code for _ in range(2)] == [401, 401]
    over = stranger.get("/api/v1/entries", HTTP_X_FORWARDED_FOR="198.51.100.1")  # forged: ignored
    assert over.status_code == 429
    assert error(over)["type"] == "rate_limited" and int(over["Retry-After"]) >= 1
    assert Client(REMOTE_ADDR="203.0.113.8").get("/api/v1/entries").status_code == 401
    # A person's own requests do not count towards the address's limit.
    ada = get_user_model().objects.create_user("ada")
    assert token_client(ada, REMOTE_ADDR="203.0.113.7").get("/api/v1/entries").status_code == 200


def test_a_limit_can_be_switched_off(settings):
    settings.API_RATE_USER = "off"
    client = token_client(get_user_model().objects.create_user("ada"))
    assert {client.get("/api/v1/medications").status_code for _ in range(30)} == {200}


def test_limits_come_from_the_environment():
    env = dict(os.environ, PAINSCOPE_API_RATE="7/hour", PAINSCOPE_API_ANON_RATE="off",
               DJANGO_SETTINGS_MODULE="painscope.web.settings")
    code = ("import django; django.setup(); from painscope.web.api import limits; "
            "print(limits.user_rate(), limits.anon_rate(), limits.describe(limits.user_rate()))")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["7/hour", "None", "7", "per", "hour"]


def test_the_openapi_documents_limits_and_shared_errors_on_every_operation(client):
    doc = client.get("/api/v1/openapi.json").json()
    assert doc["info"]["x-rate-limits"] == {"per_person": "1200/min", "per_address_without_credentials": "60/min"}
    assert "1200 per minute per person" in doc["info"]["description"]
    operations = [op for item in doc["paths"].values() for op in item.values()]
    assert len(operations) >= 12
    for op in operations:
        for status in ("401", "429", "500"):
            assert op["responses"][status]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ErrorBody"}
        assert "Retry-After" in op["responses"]["429"]["headers"]
    assert doc["components"]["schemas"]["ErrorBody"]["required"] == ["detail"]


def test_an_unhandled_error_in_an_operation_answers_json_with_a_logged_reference(monkeypatch, caplog):
    client = token_client(get_user_model().objects.create_user("ada"))

    def broken(user):
        raise RuntimeError("the disk fell off")

    monkeypatch.setattr(services, "entries_for_user", broken)
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get("/api/v1/entries")
    assert response.status_code == 500
    problem = error(response)
    assert problem["type"] == "server_error" and problem["loc"] == []
    assert "the disk fell off" not in response.content.decode()  # no internals to the client
    assert any(problem["reference"] in r.getMessage() and r.exc_info for r in caplog.records)


class FailingMiddleware:
    """Fails every request whose path ends in /boom, before any view runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        if request.path.endswith("/boom"):
            raise RuntimeError("middleware failure")
        return self.get_response(request)


def test_an_error_outside_the_api_operations_still_answers_json_under_api(settings):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "tests.web.test_api_limits.FailingMiddleware"]
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    response = client.get("/api/v1/boom")
    assert response.status_code == 500
    assert error(response)["type"] == "server_error"
    page = client.get("/boom")
    assert page.status_code == 500 and not page["Content-Type"].startswith("application/json")
    json.dumps(response.json())
