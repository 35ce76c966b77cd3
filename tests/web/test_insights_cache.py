"""Opening Insights twice does the work once; any change to the diary is seen at once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.urls import reverse

from painscope import diary, insights
from painscope.web.journal import services
from tests.web.test_insights_diaries import coffee_diary, store_daily

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(client):
    cache.clear()
    user = get_user_model().objects.create_user("kai", password="a calm river 42")
    client.force_login(user)
    store_daily(user, coffee_diary(40))
    return user


@pytest.fixture
def runs(monkeypatch):
    """Counts how often the whole-diary scan actually runs."""
    calls = []
    real = insights.lagged_effects

    def counting(daily, *args, **kwargs):
        calls.append(len(daily))
        return real(daily, *args, **kwargs)

    monkeypatch.setattr(insights, "lagged_effects", counting)
    return calls


def test_a_second_visit_reuses_the_analysis(client, person, runs):
    assert client.get(reverse("insights")).status_code == 200
    assert client.get(reverse("insights")).status_code == 200
    assert client.get(reverse("insights_did_it_help")).status_code == 200
    assert runs == [40]


def test_a_new_check_in_is_analysed_on_the_next_visit(client, person, runs):
    client.get(reverse("insights"))
    tomorrow = datetime.now(UTC).replace(hour=19, minute=0, second=0, microsecond=0) + timedelta(days=1)
    services.import_frame(person, diary.frame_from_records([(tomorrow, 0, diary.Observation("rating", "pain", 5.0))]))
    client.get(reverse("insights"))
    assert runs == [40, 41]


def test_a_corrected_value_is_analysed_on_the_next_visit(client, person, runs):
    client.get(reverse("insights"))
    entry = services.entries_for_user(person).order_by("-utc").first()
    old = entry.observations.get(kind="rating", name="pain").value
    services.import_frame(person, diary.frame_from_records(
        [(entry.utc, entry.offset_minutes, diary.Observation("rating", "pain", 10.0 - old if old != 5 else 9.0))]))
    client.get(reverse("insights"))
    assert len(runs) == 2


def test_deleting_a_check_in_is_analysed_on_the_next_visit(client, person, runs):
    client.get(reverse("insights"))
    services.entries_for_user(person).order_by("utc").first().delete()
    client.get(reverse("insights"))
    assert runs == [40, 39]


def test_people_never_share_a_cached_analysis(client, person, runs):
    client.get(reverse("insights"))
    other = get_user_model().objects.create_user("lea")
    client.force_login(other)
    page = client.get(reverse("insights")).content.decode()
    assert "Not enough data yet" in page
    assert len(runs) == 2
