"""Medications: adding one, logging doses from the overview, refill warnings, adherence."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from painscope.web.accounts.models import Profile
from painscope.web.journal.models import DoseLog, Medication

pytestmark = pytest.mark.django_db


def every_hour_med(user, **extra) -> Medication:
    """A schedule with a dose every hour, so one is always due within the next hour."""
    fields = {"owner": user, "name": "Duloxetine", "dose": 60, "unit": "mg", "times": [f"{h:02d}:00" for h in range(24)],
              "timezone": "UTC", "start_date": date(2024, 1, 1)} | extra
    return Medication.objects.create(**fields)


def test_person_adds_a_medication_with_a_schedule(client, person):
    response = client.post(reverse("medication_new"), {
        "name": "Pregabalin", "dose": "75", "unit": "mg", "times": "20:00, 8:00", "weekdays": ["1", "3", "5"],
        "start_date": "2024-05-01", "pills_left": "30", "pills_per_dose": "1", "refill_threshold": "7",
    })
    assert response.status_code == 302
    med = Medication.objects.get(owner=person)
    assert med.times == ["08:00", "20:00"] and med.weekdays == [1, 3, 5]
    assert med.pills_left == 30 and med.refill_threshold == 7


def test_medication_without_times_must_be_as_needed(client, person):
    response = client.post(reverse("medication_new"), {"name": "X", "dose": "1", "unit": "mg", "times": "", "start_date": "2024-05-01", "pills_per_dose": "1"})
    assert response.status_code == 400
    assert "Add at least one time" in response.content.decode()
    response = client.post(reverse("medication_new"), {"name": "X", "dose": "1", "unit": "mg", "times": "25:00", "start_date": "2024-05-01", "pills_per_dose": "1"})
    assert "is not a time such as 08:00" in response.content.decode()
    assert not Medication.objects.exists()


def test_dose_logged_from_dashboard(client, person):
    med = every_hour_med(person, pills_left=12, refill_threshold=11)
    page = client.get(reverse("dashboard")).content.decode()
    assert "Duloxetine" in page and reverse("dose_log", args=[med.pk]) in page
    due = [line for line in page.splitlines() if 'name="scheduled_for"' in line]
    scheduled_for = due[0].split('value="')[1].split('"')[0]
    response = client.post(reverse("dose_log", args=[med.pk]), {"status": "taken", "scheduled_for": scheduled_for, "next": reverse("dashboard")})
    assert response.status_code == 302 and response["Location"] == reverse("dashboard")
    log = DoseLog.objects.get(medication=med)
    assert log.status == "taken" and log.scheduled_for == datetime.fromisoformat(scheduled_for)
    med.refresh_from_db()
    assert med.pills_left == 11
    page = client.get(reverse("dashboard")).content.decode()
    assert "time to arrange a refill" in page  # the message after logging
    assert f'value="{scheduled_for}"' not in page  # no longer due
    # logging the same scheduled dose again (a double tap) stores nothing more
    client.post(reverse("dose_log", args=[med.pk]), {"status": "taken", "scheduled_for": scheduled_for})
    assert DoseLog.objects.filter(medication=med).count() == 1


def test_skipped_dose_is_kept_and_does_not_use_a_pill(client, person):
    med = every_hour_med(person, pills_left=5)
    client.post(reverse("dose_log", args=[med.pk]), {"status": "skipped"})
    med.refresh_from_db()
    assert med.pills_left == 5
    assert DoseLog.objects.get(medication=med).status == "skipped"


def test_weekly_adherence_is_shown_for_scheduled_medications(client, person):
    med = Medication.objects.create(owner=person, name="Amitriptyline", dose=10, unit="mg", times=["21:00"],
                                    timezone="UTC", start_date=date.today() - timedelta(days=60))
    now = datetime.now(UTC)
    for d in range(1, 11):
        day = (now - timedelta(days=d)).replace(hour=21, minute=0, second=0, microsecond=0)
        DoseLog.objects.create(owner=person, medication=med, status="taken", at=day + timedelta(minutes=15), scheduled_for=day)
    page = client.get(reverse("medications")).content.decode()
    assert "Week by week" in page
    # four weeks back from now hold 27 or 28 doses at 21:00, depending on the time of day
    assert re.search(r"Last 4 weeks: 10 of 2[78] scheduled doses taken", page)
    assert "Amitriptyline</strong>: 10 of" in client.get(reverse("dashboard")).content.decode()


def test_refill_warning_when_supply_is_low(client, person):
    every_hour_med(person, pills_left=3, refill_threshold=5)
    assert "Refill soon:" in client.get(reverse("dashboard")).content.decode()
    assert "Refill soon:" in client.get(reverse("medications")).content.decode()


def test_another_persons_medication_cannot_be_seen_or_logged(client, person):
    other = get_user_model().objects.create_user("bo", password="a calm river 42")
    med = every_hour_med(other)
    assert client.get(reverse("medication_edit", args=[med.pk])).status_code == 404
    assert client.post(reverse("dose_log", args=[med.pk]), {"status": "taken"}).status_code == 404
    assert client.post(reverse("medication_delete", args=[med.pk])).status_code == 404
    assert not DoseLog.objects.exists() and Medication.objects.filter(pk=med.pk).exists()
    assert "Duloxetine" not in client.get(reverse("dashboard")).content.decode()


def test_person_deletes_a_medication_after_confirming(client, person):
    med = every_hour_med(person)
    assert "Delete Duloxetine?" in client.get(reverse("medication_delete", args=[med.pk])).content.decode()
    client.post(reverse("medication_delete", args=[med.pk]))
    assert not Medication.objects.filter(pk=med.pk).exists()


def test_dose_taken_earlier_is_logged_at_the_time_given(client, person):
    Profile.objects.create(user=person, timezone="Europe/Berlin")
    med = every_hour_med(person, timezone="Europe/Berlin", as_needed=True, times=[])
    client.post(reverse("dose_log", args=[med.pk]), {"status": "taken", "at_local": "2024-05-02T07:15", "next": reverse("medications")})
    assert DoseLog.objects.get(medication=med).at == datetime(2024, 5, 2, 5, 15, tzinfo=UTC)  # CEST is UTC+2
    later = (datetime.now(UTC) + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    client.post(reverse("dose_log", args=[med.pk]), {"status": "taken", "at_local": later})
    assert DoseLog.objects.filter(medication=med).count() == 1


def test_half_tablet_doses_count_down_by_halves_on_the_overview(client, person):
    med = every_hour_med(person, pills_left=5, pills_per_dose=0.5)
    seen = []
    for _ in range(3):
        client.post(reverse("dose_log", args=[med.pk]), {"status": "taken"})
        med.refresh_from_db()
        seen.append(med.pills_left)
    assert seen == [4.5, 4, 3.5]
    assert "3.5 left" in client.get(reverse("medications")).content.decode()
