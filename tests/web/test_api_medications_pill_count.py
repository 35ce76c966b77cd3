"""Logging, changing and deleting doses through the API keeps the pill count right."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from painscope.web.accounts.models import ApiToken
from painscope.web.journal.models import Medication

pytestmark = pytest.mark.django_db

HALF_TABLET = {"name": "Amitriptyline", "dose": 5, "unit": "mg", "times": ["21:00"], "timezone": "UTC",
               "start_date": "2024-01-10", "pills_left": 5, "pills_per_dose": 0.5}


@pytest.fixture
def api() -> Client:
    user = get_user_model().objects.create_user("mei")
    _, token = ApiToken.issue(user)
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def post(client: Client, url: str, doc: dict):
    return client.post(url, doc, content_type="application/json")


def dose(med_id: int, day: int, status: str = "taken") -> dict:
    return {"medication": med_id, "status": status, "at": f"2024-03-{day:02d}T21:05:00Z"}


def pills_left(api: Client, med_id: int):
    return api.get(f"/api/v1/medications/{med_id}").json()["pills_left"]


def test_taken_half_tablet_doses_count_down_by_halves(api):
    med_id = post(api, "/api/v1/medications", HALF_TABLET).json()["id"]
    seen = []
    for day in (1, 2, 3):
        assert post(api, "/api/v1/doses", dose(med_id, day)).status_code == 201
        seen.append(pills_left(api, med_id))
    assert seen == [4.5, 4, 3.5]


def test_skipped_dose_uses_no_pill(api):
    med_id = post(api, "/api/v1/medications", HALF_TABLET).json()["id"]
    post(api, "/api/v1/doses", dose(med_id, 1, "skipped"))
    assert pills_left(api, med_id) == 5


def test_deleting_a_taken_dose_gives_its_pills_back(api):
    med_id = post(api, "/api/v1/medications", HALF_TABLET).json()["id"]
    dose_id = post(api, "/api/v1/doses", dose(med_id, 1)).json()["id"]
    assert pills_left(api, med_id) == 4.5
    assert api.delete(f"/api/v1/doses/{dose_id}").status_code == 204
    assert pills_left(api, med_id) == 5


def test_changing_a_dose_from_taken_to_skipped_gives_its_pills_back(api):
    med_id = post(api, "/api/v1/medications", HALF_TABLET).json()["id"]
    dose_id = post(api, "/api/v1/doses", dose(med_id, 1)).json()["id"]
    changed = api.put(f"/api/v1/doses/{dose_id}", dose(med_id, 1, "skipped"), content_type="application/json")
    assert changed.status_code == 200
    assert pills_left(api, med_id) == 5
    api.put(f"/api/v1/doses/{dose_id}", dose(med_id, 1, "taken"), content_type="application/json")
    assert pills_left(api, med_id) == 4.5


def test_moving_a_dose_to_another_medication_moves_the_pill(api):
    first = post(api, "/api/v1/medications", HALF_TABLET).json()["id"]
    second = post(api, "/api/v1/medications", HALF_TABLET | {"name": "Other", "pills_per_dose": 1}).json()["id"]
    dose_id = post(api, "/api/v1/doses", dose(first, 1)).json()["id"]
    api.put(f"/api/v1/doses/{dose_id}", dose(second, 1), content_type="application/json")
    assert (pills_left(api, first), pills_left(api, second)) == (5, 4)


def test_refused_dose_leaves_the_count_alone(api):
    med_id = post(api, "/api/v1/medications", HALF_TABLET).json()["id"]
    response = post(api, "/api/v1/doses", dose(med_id, 1) | {"at": "3000-01-01T00:00:00Z"})
    assert response.status_code == 422
    assert Medication.objects.get(pk=med_id).pills_left == 5


def test_a_half_left_can_be_sent_back_with_put(api):
    med_id = post(api, "/api/v1/medications", HALF_TABLET).json()["id"]
    post(api, "/api/v1/doses", dose(med_id, 1))
    med = api.get(f"/api/v1/medications/{med_id}").json()
    body = {k: v for k, v in med.items() if k != "id"}
    response = api.put(f"/api/v1/medications/{med_id}", body, content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["pills_left"] == 4.5
