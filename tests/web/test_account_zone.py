"""One time zone rule (issue 16): every time a person sees or types is in their account's
zone, whatever the phone is set to; the clock changes of 2026 in London are read one way
(painscope/web/accounts/zone.py): a time that happens twice is the first, a time that never
happens is refused with the time the clocks jumped to."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse

from painscope import diary
from painscope.web.accounts.models import Profile
from painscope.web.accounts.zone import NonexistentTime, local_instant
from painscope.web.journal import services
from painscope.web.journal.models import DoseLog, Entry, Medication

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def person(person):
    """The signed-in person, whose account is in London (and whose phone, in these tests,
    says New York)."""
    Profile.objects.create(user=person, timezone="Europe/London")
    return person


def check_in(client, when):
    return client.post(reverse("checkin"), {"pain": "5", "when": when, "tz_name": "America/New_York", "tz_offset": "-240"})


# -- the rule itself --------------------------------------------------------------------------


def test_the_night_the_clocks_go_forward_0130_does_not_exist_and_says_what_it_jumped_to():
    with pytest.raises(NonexistentTime, match=r"01:30 on 29 Mar 2026 doesn't exist in Europe/London.*02:30"):
        local_instant(datetime(2026, 3, 29, 1, 30), LONDON)
    assert local_instant(datetime(2026, 3, 29, 0, 59), LONDON).isoformat() == "2026-03-29T00:59:00+00:00"
    assert local_instant(datetime(2026, 3, 29, 2, 0), LONDON).isoformat() == "2026-03-29T02:00:00+01:00"


def test_the_night_the_clocks_go_back_0130_is_the_first_one_still_summer_time():
    assert local_instant(datetime(2026, 10, 25, 1, 30), LONDON).isoformat() == "2026-10-25T01:30:00+01:00"
    assert local_instant(datetime(2026, 10, 25, 2, 30), LONDON).isoformat() == "2026-10-25T02:30:00+00:00"


# -- check-ins ---------------------------------------------------------------------------------


def test_a_typed_checkin_time_is_read_in_the_account_zone_not_the_phones(client, person):
    assert check_in(client, "2026-07-01T09:30").status_code == 302
    entry = Entry.objects.get(owner=person)
    assert entry.utc == datetime(2026, 7, 1, 8, 30, tzinfo=UTC) and entry.offset_minutes == 60
    assert entry.timestamp == "2026-07-01T09:30:00+01:00"  # the export keeps London's offset


def test_a_checkin_at_0130_on_the_last_sunday_of_march_is_refused_by_the_field(client, person):
    response = check_in(client, "2026-03-29T01:30")
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="e-when"' in page and "doesn&#x27;t exist in Europe/London" in page and "02:30" in page
    assert not Entry.objects.exists()


@pytest.mark.parametrize(("typed", "utc", "offset"), [
    ("2026-03-29T00:30", datetime(2026, 3, 29, 0, 30, tzinfo=UTC), 0),  # still GMT
    ("2026-03-29T02:30", datetime(2026, 3, 29, 1, 30, tzinfo=UTC), 60),  # BST from 02:00
    ("2026-10-25T01:30", datetime(2026, 10, 25, 0, 30, tzinfo=UTC), 60),  # twice: the first
    ("2026-10-25T02:30", datetime(2026, 10, 25, 2, 30, tzinfo=UTC), 0),  # GMT again
])
def test_checkins_around_the_2026_clock_changes_follow_london(client, person, typed, utc, offset):
    assert check_in(client, typed).status_code == 302
    entry = Entry.objects.get(owner=person)
    assert (entry.utc, entry.offset_minutes) == (utc, offset)


def test_the_checkin_page_says_the_zone_and_carries_its_offset_for_a_check_in_kept_offline(client, person):
    page = client.get(reverse("checkin")).content.decode()
    assert "Times are in your account's zone, Europe/London." in page
    now_offset = int(datetime.now(UTC).astimezone(LONDON).utcoffset().total_seconds() // 60)
    assert f'name="tz_offset" class="js-zone-offset" value="{now_offset}"' in page
    assert 'name="tz_name" class="js-tz-name"' in page  # the phone's zone still travels with the form


def test_changing_a_checkin_shows_and_keeps_its_time_in_the_account_zone(client, person):
    # Saved by a phone in New York: 09:30 there is 14:30 in London.
    entry = services.save_entry(person, diary.Entry(datetime(2026, 7, 1, 13, 30, tzinfo=UTC), -240,
                                                    [diary.Observation("rating", "pain", 5)]))
    page = client.get(reverse("entry_edit", args=[entry.pk])).content.decode()
    assert 'value="2026-07-01T14:30"' in page
    client.post(reverse("entry_edit", args=[entry.pk]), {"pain": "3", "when": "2026-07-01T14:30"})
    entry.refresh_from_db()
    assert entry.utc == datetime(2026, 7, 1, 13, 30, tzinfo=UTC) and entry.offset_minutes == -240  # untouched


def test_the_entries_list_shows_each_checkin_in_the_account_zone(client, person):
    services.save_entry(person, diary.Entry(datetime(2026, 1, 10, 14, 0, tzinfo=UTC), -300,
                                            [diary.Observation("rating", "pain", 4)]))
    services.save_entry(person, diary.Entry(datetime(2026, 7, 10, 14, 0, tzinfo=UTC), -240,
                                            [diary.Observation("rating", "pain", 6)]))
    page = client.get(reverse("entries")).content.decode()
    assert "Sat 10 Jan 2026, 14:00" in page  # GMT, not New York's 09:00
    assert "Fri 10 Jul 2026, 15:00" in page  # BST, not New York's 10:00


def test_the_overview_says_the_last_checkin_in_the_account_zone(client, person):
    services.save_entry(person, diary.Entry(datetime(2026, 7, 10, 14, 0, tzinfo=UTC), -240,
                                            [diary.Observation("rating", "pain", 6)]))
    page = client.get(reverse("dashboard")).content.decode()
    assert "Last check-in: Fri 10 Jul, 15:00." in page  # BST, not the New York phone's 10:00


# -- doses -------------------------------------------------------------------------------------


@pytest.fixture
def med(person):
    # A medication made while the person lived in Berlin: its schedule's zone, not the typed one.
    return Medication.objects.create(owner=person, name="Naproxen", dose=250, unit="mg", as_needed=True,
                                     start_date=date(2026, 1, 1), timezone="Europe/Berlin")


def log_at(client, med, typed):
    return client.post(reverse("dose_log", args=[med.pk]), {"status": "taken", "at_local": typed,
                                                            "next": reverse("medications")}, follow=True)


def test_a_dose_typed_at_another_time_is_read_in_the_account_zone(client, person, med):
    page = client.get(reverse("medications")).content.decode()
    assert "When (Europe/London)" in page
    log_at(client, med, "2026-07-01T07:15")
    assert DoseLog.objects.get(medication=med).at == datetime(2026, 7, 1, 6, 15, tzinfo=UTC)
    assert "taken 1 Jul 07:15" in client.get(reverse("medications")).content.decode()  # shown as typed


def test_a_dose_at_a_time_the_clocks_skip_is_not_logged_and_says_why(client, person, med):
    page = log_at(client, med, "2026-03-29T01:30").content.decode()
    assert "Nothing was logged" in page and "doesn&#x27;t exist in Europe/London" in page
    assert not DoseLog.objects.exists()


def test_a_dose_at_a_time_that_happens_twice_is_the_first(client, person, med):
    log_at(client, med, "2026-10-25T01:30")
    assert DoseLog.objects.get(medication=med).at == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)


def test_a_new_medication_is_in_the_account_zone(client, person):
    assert "Times are in Europe/London." in client.get(reverse("medication_new")).content.decode()
    client.post(reverse("medication_new"), {"name": "Pregabalin", "dose": "75", "unit": "mg", "times": "08:00",
                                            "start_date": "2026-05-01", "pills_per_dose": "1"})
    assert Medication.objects.get(owner=person, name="Pregabalin").timezone == "Europe/London"


# -- the notice --------------------------------------------------------------------------------


def test_every_signed_in_page_carries_the_account_zone_for_the_phone_zone_notice(client, person):
    for name in ("dashboard", "entries", "medications", "checkin", "profile"):
        page = client.get(reverse(name)).content.decode()
        assert 'data-zone="Europe/London"' in page, name
        assert '<p id="zone-notice" class="zone-notice" role="status"' in page and " hidden></p>" in page, name
        assert "/static/painscope/zone.js" in page, name


def test_a_signed_out_page_has_no_zone():
    page = Client().get(reverse("login")).content.decode()
    assert "data-zone" not in page and "zone-notice" not in page


def test_an_account_without_a_profile_is_in_utc_and_a_page_view_creates_none(client, settings):
    from django.contrib.auth import get_user_model

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    bo = get_user_model().objects.create_user("bo", password="x")
    client.force_login(bo)
    assert 'data-zone="UTC"' in client.get(reverse("entries")).content.decode()
    assert not Profile.objects.filter(user=bo).exists()


# -- the demo ----------------------------------------------------------------------------------


def test_the_demo_account_lives_in_london_and_its_diary_follows_the_clock_changes():
    from painscope.commands.web import DEMO_USERNAME, ensure_demo_account

    ensure_demo_account()
    user = Profile.objects.get(user__username=DEMO_USERNAME)
    assert user.timezone == "Europe/London"
    offsets = {(e.utc.astimezone(LONDON).utcoffset().total_seconds() // 60, e.offset_minutes)
               for e in Entry.objects.filter(owner=user.user)}
    assert {a == b for a, b in offsets} == {True}  # every check-in carries London's offset that day
    assert {b for _, b in offsets} <= {0, 60}
    for log in DoseLog.objects.filter(owner=user.user, medication__name="Duloxetine")[:40]:
        assert log.scheduled_for.astimezone(LONDON).hour == 8  # 08:00 on a London clock, summer or winter
