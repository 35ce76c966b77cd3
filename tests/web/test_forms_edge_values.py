"""Issue 14: the check-in and dose-log forms answer edge dates and bad text without a 500."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from painscope.web.accounts.models import Profile
from painscope.web.journal.models import DoseLog, Entry, Medication

pytestmark = pytest.mark.django_db

EDGE_LOCAL_TIMES = ["9999-12-31T23:59", "0001-01-01T00:00", "0001-01-01T00:30", "1899-12-31T23:59"]
#: Zones on either side of UTC: the conversion to UTC of the first and last minutes of the
#: calendar leaves it on one side or the other.
ZONES = ["America/New_York", "Asia/Tokyo", "Pacific/Kiritimati", "Etc/GMT+12"]


@pytest.fixture
def browser(client: Client, person) -> Client:
    client.raise_request_exception = False
    return client


@pytest.mark.parametrize("when", EDGE_LOCAL_TIMES)
@pytest.mark.parametrize("zone", ZONES)
def test_checkin_time_near_year_1_or_9999_is_an_error_next_to_the_field(browser, person, when, zone):
    Profile.objects.update_or_create(user=person, defaults={"timezone": zone})
    response = browser.post(reverse("checkin"), {"pain": "5", "when": when, "tz_name": zone})
    assert response.status_code == 400, response.status_code
    assert "Time:" in response.content.decode()
    assert not Entry.objects.exists()


@pytest.mark.parametrize("tz_offset", ["840", "-720"])
def test_checkin_time_near_9999_with_a_browser_offset_is_an_error(browser, tz_offset):
    response = browser.post(reverse("checkin"), {"pain": "5", "when": "9999-12-31T23:59", "tz_offset": tz_offset})
    assert response.status_code == 400
    assert not Entry.objects.exists()


@pytest.mark.parametrize("note", ["bad \x00 day", "bad \x1b[31m day"])
def test_checkin_note_with_control_characters_is_refused_by_field(browser, note):
    response = browser.post(reverse("checkin"), {"pain": "5", "note": note})
    assert response.status_code == 400
    assert "Note: note contains a control character" in response.content.decode()
    assert not Entry.objects.exists()


def test_checkin_note_typed_on_two_lines_in_a_browser_is_kept(browser):
    # Browsers send a textarea's line breaks as CR LF (HTML: "normalize newlines").
    response = browser.post(reverse("checkin"), {"pain": "5", "note": "Slept badly.\r\nBetter by noon."})
    assert response.status_code == 302
    assert Entry.objects.get().observations.get(kind="note").note == "Slept badly.\nBetter by noon."


@pytest.fixture
def medication(person) -> Medication:
    return Medication.objects.create(owner=person, name="Naproxen", dose=250, unit="mg", as_needed=True,
                                     timezone="Pacific/Kiritimati", start_date=date(2024, 1, 1))


@pytest.mark.parametrize("when", EDGE_LOCAL_TIMES)
@pytest.mark.parametrize("zone", ["Pacific/Kiritimati", "Etc/GMT+12"])
def test_dose_taken_at_a_time_near_year_1_or_9999_is_not_logged(browser, medication, when, zone):
    medication.timezone = zone
    medication.save()
    response = browser.post(reverse("dose_log", args=[medication.pk]), {"status": "taken", "at_local": when},
                            follow=True)
    assert response.status_code == 200
    assert "Nothing was logged" in response.content.decode()
    assert not DoseLog.objects.exists()


@pytest.mark.parametrize("scheduled", ["9999-12-31T23:59:59-01:00", "0001-01-01T00:00:00+01:00",
                                       "2024-01-01T08:00:00", "soon"])
def test_dose_scheduled_for_a_time_outside_the_calendar_is_a_bad_request_naming_it(browser, medication, scheduled):
    response = browser.post(reverse("dose_log", args=[medication.pk]), {"status": "taken", "scheduled_for": scheduled})
    assert response.status_code == 400
    assert response.content.decode().startswith("scheduled_for:")
    assert not DoseLog.objects.exists()


@pytest.mark.parametrize(("field", "value"), [("name", "Nap\x1broxen"), ("unit", "m\tg"), ("notes", "with \x07 bell")])
def test_medication_form_text_fields_share_the_rule(browser, field, value):
    data = {"name": "Naproxen", "dose": "250", "unit": "mg", "as_needed": "on", "start_date": "2024-05-01",
            "pills_per_dose": "1", field: value}
    response = browser.post(reverse("medication_new"), data)
    assert response.status_code == 400
    assert "This text" in response.content.decode()
    assert not Medication.objects.exists()


def test_medication_notes_on_two_lines_are_kept(browser):
    data = {"name": "Naproxen", "dose": "250", "unit": "mg", "as_needed": "on", "start_date": "2024-05-01",
            "pills_per_dose": "1", "notes": "With food.\r\nNot with ibuprofen."}
    assert browser.post(reverse("medication_new"), data).status_code == 302
    assert Medication.objects.get().notes == "With food.\nNot with ibuprofen."
