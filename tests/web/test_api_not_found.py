"""An address under /api/ that names no route answers 404 in the API's JSON error format;
any other unknown page gets the friendly HTML page."""

from __future__ import annotations

import json

import pytest
from django.http import Http404
from django.test import Client, RequestFactory

from painscope.web.journal.views import not_found
from painscope.web.urls import urlpatterns  # noqa: F401 - this module is a urlconf for the client tests

# The site's handler, as the lead wires it in painscope/web/urls.py.
handler404 = "painscope.web.journal.views.not_found"


def test_unknown_api_route_is_json_in_the_error_format():
    request = RequestFactory().get("/api/v1/doses/None")
    response = not_found(request, Http404("Resolver404"))
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    (error,) = json.loads(response.content)["detail"]
    assert error["loc"] == [] and error["type"] == "not_found"
    assert "GET /api/v1/doses/None" in error["msg"]


def test_a_long_unknown_api_address_is_clipped_in_the_message():
    request = RequestFactory().delete("/api/v1/" + "x" * 5000)
    response = not_found(request, Http404())
    msg = json.loads(response.content)["detail"][0]["msg"]
    assert msg.startswith("No such API route: DELETE /api/v1/xxx") and len(msg) < 200


@pytest.mark.django_db
def test_other_unknown_pages_are_the_friendly_html_page():
    response = not_found(RequestFactory().get("/no-such-page/"), Http404())
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    assert "We couldn't find that page" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_the_client_gets_json_for_an_unknown_api_route_and_html_elsewhere():
    api = Client().get("/api/v1/doses/None")
    assert api.status_code == 404 and api.json()["detail"][0]["type"] == "not_found"
    page = Client().get("/no-such-page/")
    assert page.status_code == 404 and "We couldn't find that page" in page.content.decode()
