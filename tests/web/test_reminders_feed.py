"""The private calendar feed: secret revocable address, text/calendar without login,
parses with a calendar library and expands correctly across DST (recurring-ical-events)."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stdout
from datetime import UTC, date, datetime

import pytest
import recurring_ical_events
from django.test import Client
from icalendar import Calendar

from painscope.cli import main
from painscope.diary import reminders as rules
from painscope.web.journal.models import Medication
from painscope.web.reminders.models import CalendarFeed, Reminder

pytestmark = pytest.mark.django_db


def utc(*a: int) -> datetime:
    return datetime(*a, tzinfo=UTC)


@pytest.fixture
def schedules(person):
    Medication.objects.create(owner=person, name="Pregabalin", dose=75, unit="mg", times=["08:00", "20:00"],
                              timezone="Europe/London", start_date=date(2024, 3, 1), stop_date=date(2024, 12, 31))
    Reminder.objects.create(owner=person, kind=rules.CHECKIN, times=["02:30"], timezone="America/New_York",
                            start_date=date(2024, 3, 1), weekdays=[7])
    Reminder.objects.create(owner=person, kind=rules.QUESTIONNAIRE, instrument_id="phq9", times=["01:30"],
                            timezone="America/New_York", start_date=date(2024, 10, 20), every_days=14)
    return person


def fetch(token: str):
    return Client().get(f"/reminders/calendar/{token}.ics")


def test_feed_is_served_without_login_as_text_calendar(schedules):
    feed = CalendarFeed.issue(schedules)
    response = fetch(feed.token)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert response["Referrer-Policy"] == "no-referrer"
    text = response.content.decode()
    assert "Pregabalin" not in text and "phq9" not in text.lower()
    cal = Calendar.from_ical(response.content)
    events = list(cal.walk("VEVENT"))
    assert len(events) == 4  # 08:00 and 20:00 doses, the check-in, the questionnaire
    assert {str(e["SUMMARY"]) for e in events} == {"painscope reminder"}
    assert all(list(e.walk("VALARM")) and str(e.walk("VALARM")[0]["ACTION"]) == "DISPLAY" for e in events)
    zones = {str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")}
    assert zones == {"Europe/London", "America/New_York"}


def test_only_the_hash_is_stored_and_a_wrong_or_revoked_address_is_404(schedules):
    feed = CalendarFeed.issue(schedules)
    token = feed.token
    row = CalendarFeed.objects.get()
    assert token not in (row.salt, row.token_hash) and row.token_hash == CalendarFeed.hash(token)
    assert fetch(token[:-1] + ("A" if token[-1] != "A" else "B")).status_code == 404
    CalendarFeed.issue(schedules)  # a new address replaces the old one
    assert fetch(token).status_code == 404
    CalendarFeed.objects.all().delete()
    assert fetch(CalendarFeed.token_for(row.salt)).status_code == 404


def expand(body: bytes, start: datetime, end: datetime) -> list[datetime]:
    cal = Calendar.from_ical(body)
    return sorted(e["DTSTART"].dt.astimezone(UTC) for e in recurring_ical_events.of(cal).between(start, end))


def test_feed_expands_like_the_planner_across_the_london_spring_change(schedules):
    body = fetch(CalendarFeed.issue(schedules).token).content
    med = Medication.objects.get()
    window = (utc(2024, 3, 29), utc(2024, 4, 2))
    cal = Calendar.from_ical(body)
    doses = sorted(e["DTSTART"].dt.astimezone(UTC) for e in recurring_ical_events.of(cal).between(*window)
                   if str(e["UID"]).startswith(f"dose-{med.pk}-"))
    planner = rules.Schedule.build(med.times, med.timezone, med.start_date, med.stop_date).instants(*window)
    assert doses == planner
    assert utc(2024, 3, 30, 8) in doses and utc(2024, 3, 31, 7) in doses  # 08:00 GMT, then 08:00 BST


def test_feed_and_planner_agree_in_the_new_york_gap_and_fold(schedules):
    body = fetch(CalendarFeed.issue(schedules).token).content
    cal = Calendar.from_ical(body)
    for r in Reminder.objects.all():
        window = (utc(2024, 3, 1), utc(2024, 12, 1))
        got = sorted(e["DTSTART"].dt.astimezone(UTC) for e in recurring_ical_events.of(cal).between(*window)
                     if str(e["UID"]).startswith(f"{r.kind}-{r.pk}-"))
        assert got == r.schedule().instants(*window), r.kind
    checkins = Reminder.objects.get(kind=rules.CHECKIN).schedule().instants(utc(2024, 3, 10), utc(2024, 3, 11))
    assert checkins == [utc(2024, 3, 10, 7, 30)]  # 02:30 does not exist that Sunday: 03:30 EDT
    fold = Reminder.objects.get(kind=rules.QUESTIONNAIRE).schedule().instants(utc(2024, 11, 3), utc(2024, 11, 4))
    assert fold == [utc(2024, 11, 3, 5, 30)]  # 01:30 happens twice: the first (EDT)


def test_stop_date_ends_the_series_in_utc(schedules):
    cal = Calendar.from_ical(fetch(CalendarFeed.issue(schedules).token).content)
    after = [e for e in recurring_ical_events.of(cal).between(utc(2025, 1, 1), utc(2025, 1, 3))
             if str(e["UID"]).startswith("dose-")]
    assert after == []


def test_cli_prints_the_feed_path_that_serves_text_calendar(schedules, tmp_path):
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(["reminders", "feed", "--user", "ana"]) == 0
    path = out.getvalue().strip()
    assert path.startswith("/reminders/calendar/") and path.endswith(".ics")
    response = Client().get(path)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    out = io.StringIO()
    with redirect_stdout(out):
        main(["reminders", "feed", "--user", "ana", "--json"])
    assert json.loads(out.getvalue()) == {"path": path}  # same address until renewed
    with redirect_stdout(io.StringIO()):
        main(["reminders", "feed", "--user", "ana", "--revoke"])
    assert Client().get(path).status_code == 404
