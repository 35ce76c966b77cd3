"""/healthz tells a load balancer or container runtime whether the site can serve."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client

pytestmark = pytest.mark.django_db


def test_healthz_is_ok_when_the_database_answers():
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_healthz_is_503_when_the_database_is_unreachable():
    broken = mock.MagicMock()
    broken.cursor.side_effect = OperationalError("unable to open database file")
    with mock.patch("painscope.web.health.connection", broken):
        response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "error"
    assert "unable to open" not in response.content.decode()  # no internals to the outside


def test_healthz_is_503_when_a_query_fails_midway():
    broken = mock.MagicMock()
    broken.cursor.return_value.__enter__.return_value.execute.side_effect = OperationalError("disk I/O error")
    with mock.patch("painscope.web.health.connection", broken):
        assert Client().get("/healthz").status_code == 503


def test_healthz_answers_get_and_head_only():
    assert Client().head("/healthz").status_code == 200
    assert Client().post("/healthz").status_code == 405
