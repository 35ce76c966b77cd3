"""An unknown address under /api/ answers in the API's own JSON error format."""

from __future__ import annotations

import pytest


@pytest.mark.django_db
def test_unknown_api_route_answers_json_and_pages_answer_html(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("lost", password="a-long-password-1"))
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"][0]["type"] == "not_found"
    page = client.get("/no-such-page/")
    assert page.status_code == 404 and page["Content-Type"].startswith("text/html")
