"""Saving a check-in: the home action."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from painscope.web.accounts.models import Profile
from painscope.web.journal.models import Entry, Observation

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(person):
    """The signed-in person of tests/web/conftest.py, living in Lisbon."""
    Profile.objects.create(user=person, timezone="Europe/Lisbon")
    return person


def observations(entry: Entry) -> dict[tuple[str, str], float | None]:
    return {(o.kind, o.name): o.value for o in entry.observations.all()}


def test_checkin_page_offers_pain_scale_body_map_and_region_list(client, person):
    page = client.get(reverse("checkin")).content.decode()
    assert page.count('name="pain"') == 11
    assert 'data-region="lower_back"' in page and 'aria-pressed="false"' in page
    assert 'name="region" value="lower_back"' in page  # the plain checkbox fallback
    assert "csrfmiddlewaretoken" in page


def test_person_saves_a_checkin_with_two_regions(client, person):
    response = client.post(reverse("checkin"), {
        "pain": "6", "region": ["neck", "lower_back"], "quality": ["aching"], "fatigue": "7",
        "sleep_hours": "5.5", "flare": "1", "note": "Bad night.", "tz_name": "Europe/Lisbon",
    })
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")
    entry = Entry.objects.get(owner=person)
    obs = observations(entry)
    assert obs[("rating", "pain")] == 6
    assert obs[("region", "neck")] == 1 and obs[("region", "lower_back")] == 1
    assert obs[("quality", "aching")] == 1 and obs[("rating", "fatigue")] == 7
    assert obs[("measure", "sleep_hours")] == 5.5 and obs[("flare", "flare")] == 1
    assert entry.observations.get(kind="note").note == "Bad night."
    assert abs(entry.utc - datetime.now(UTC)) < timedelta(minutes=1)
    assert entry.source == "web"


def test_bad_pain_value_shows_inline_error_and_saves_nothing(client, person):
    response = client.post(reverse("checkin"), {"pain": "11", "region": ["neck"], "note": "keep me"})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="e-pain"' in page
    assert "Pain: pain must be between 0 and 10 (got 11)" in page
    assert "Nothing was saved yet" in page
    assert "keep me" in page  # what was typed is still there
    assert 'name="region" value="neck" checked' in page
    assert Entry.objects.count() == 0 and Observation.objects.count() == 0


def test_steps_out_of_range_is_reported_next_to_steps(client, person):
    response = client.post(reverse("checkin"), {"pain": "3", "steps": "-5"})
    assert response.status_code == 400
    assert 'id="e-steps"' in response.content.decode()
    assert Entry.objects.count() == 0


def test_empty_checkin_is_not_saved_and_says_what_is_enough(client, person):
    response = client.post(reverse("checkin"), {})
    assert response.status_code == 400
    assert "a pain number is enough" in response.content.decode()
    assert Entry.objects.count() == 0


def test_typed_time_is_read_in_the_account_zone_whatever_the_phone_says(client, person):
    client.post(reverse("checkin"), {"pain": "4", "when": "2024-07-01T09:30", "tz_name": "America/New_York"})
    entry = Entry.objects.get(owner=person)
    assert entry.offset_minutes == 60  # Lisbon in summer, not New York
    assert entry.utc == datetime(2024, 7, 1, 8, 30, tzinfo=UTC)
    assert entry.timestamp == "2024-07-01T09:30:00+01:00"


def test_typed_time_follows_the_account_zone_across_the_year(client, person):
    client.post(reverse("checkin"), {"pain": "4", "when": "2024-01-15T08:00"})
    entry = Entry.objects.get(owner=person)
    assert entry.timestamp == "2024-01-15T08:00:00+00:00"  # Lisbon is on UTC in winter
    client.post(reverse("checkin"), {"pain": "5", "when": "2024-07-15T08:00", "tz_offset": "120"})
    assert Entry.objects.filter(owner=person, offset_minutes=60).exists()  # tz_offset is not a reading zone


def test_time_in_the_future_is_refused(client, person):
    later = (datetime.now(UTC) + timedelta(days=10)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(reverse("checkin"), {"pain": "4", "when": later, "tz_name": "UTC"})
    assert response.status_code == 400
    assert 'id="e-when"' in response.content.decode()
    assert Entry.objects.count() == 0


def test_new_factor_is_remembered_as_a_quick_choice(client, person):
    client.post(reverse("checkin"), {
        "pain": "5", "new_name_0": "coffee", "new_value_0": "3", "new_kind_0": "food",
        "new_name_1": "cold weather", "new_value_1": "", "new_kind_1": "factor",
        "new_name_2": "", "new_value_2": "", "new_kind_2": "factor",
    })
    obs = observations(Entry.objects.get(owner=person))
    assert obs[("food", "coffee")] == 3 and obs[("factor", "cold weather")] == 1
    page = client.get(reverse("checkin")).content.decode()
    assert 'name="tracked" value="food:coffee"' in page
    client.post(reverse("checkin"), {"pain": "2", "tracked": ["factor:cold weather"], "when": "2024-01-01T10:00"})
    second = Entry.objects.get(owner=person, utc=datetime(2024, 1, 1, 10, tzinfo=UTC))
    assert observations(second)[("factor", "cold weather")] == 1


def test_factor_amount_must_be_a_number(client, person):
    response = client.post(reverse("checkin"), {"pain": "5", "new_name_0": "coffee", "new_value_0": "lots"})
    assert response.status_code == 400
    assert "Amount: &#x27;lots&#x27; is not a number" in response.content.decode()
    assert Entry.objects.count() == 0


def test_menstruation_is_recorded_only_when_chosen(client, person):
    client.post(reverse("checkin"), {"pain": "5", "menstruation": "2", "when": "2024-02-01T08:00"})
    client.post(reverse("checkin"), {"pain": "5", "when": "2024-02-02T08:00"})
    first, second = Entry.objects.filter(owner=person).order_by("utc")
    assert observations(first)[("menstruation", "menstruation")] == 2
    assert ("menstruation", "menstruation") not in observations(second)


def test_same_moment_twice_asks_for_another_minute(client, person):
    client.post(reverse("checkin"), {"pain": "5", "when": "2024-02-01T08:00"})
    response = client.post(reverse("checkin"), {"pain": "6", "when": "2024-02-01T08:00"})
    assert response.status_code == 400
    assert "already has this exact time" in response.content.decode()
    assert Entry.objects.count() == 1


def test_factors_logged_often_lately_are_offered_as_quick_choices(client, person):
    from painscope import diary
    from painscope.web.journal import services

    now = datetime.now(UTC).replace(microsecond=0)
    rows = [(now - timedelta(days=d), 0, diary.Observation("food", "gluten", 1)) for d in range(1, 4)]
    services.import_frame(person, diary.frame_from_records(rows))
    page = client.get(reverse("checkin")).content.decode()
    assert 'name="tracked" value="food:gluten"' in page


def test_person_removes_a_quick_choice_in_their_settings(client, person):
    client.post(reverse("checkin"), {"pain": "5", "new_name_0": "coffee", "new_kind_0": "food"})
    assert 'value="food:coffee"' in client.get(reverse("checkin")).content.decode()
    client.post(reverse("profile"), {"timezone": "Europe/Lisbon", "forget_factors": ["food:coffee"]})
    # gone, although coffee is still in the diary of the last 90 days
    assert 'value="food:coffee"' not in client.get(reverse("checkin")).content.decode()
    # typing it again brings it back
    client.post(reverse("checkin"), {"pain": "4", "new_name_0": "coffee", "new_kind_0": "food", "when": "2024-01-01T09:00"})
    assert 'value="food:coffee"' in client.get(reverse("checkin")).content.decode()


def test_body_map_has_every_wpi_area_and_finer_region_as_a_labelled_toggle(client, person):
    from painscope import diary

    page = client.get(reverse("checkin")).content.decode()
    for code, region in diary.REGIONS.items():
        assert f'data-region="{code}" data-label="{region.label}" role="button" tabindex="0" aria-pressed="false"' in page
        assert f'name="region" value="{code}"' in page
    assert page.count('role="button" tabindex="0"') == len(diary.REGIONS) == 19 + len(diary.FINE_REGIONS)


def test_unknown_body_region_is_refused(client, person):
    response = client.post(reverse("checkin"), {"pain": "3", "region": ["tail"]})
    assert response.status_code == 400
    assert "Body area: unknown body region &#x27;tail&#x27;" in response.content.decode()
    assert Entry.objects.count() == 0
