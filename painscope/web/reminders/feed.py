"""The private calendar feed (RFC 5545), built with the ``icalendar`` library.

One recurring VEVENT per reminder time, in the schedule's own zone (TZID + VTIMEZONE), so
a calendar keeps "08:00" at 08:00 across daylight-saving changes. Each event has a DISPLAY
alarm. SUMMARY and DESCRIPTION carry no health detail ("painscope reminder", never the
drug or the questionnaire): a calendar is often shown on a lock screen or shared.
A changed schedule gets a new UID (the schedule's fingerprint is part of it), so the old
event disappears from a subscribed calendar instead of lingering.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

from django.utils.translation import gettext_lazy
from icalendar import Alarm, Calendar, Event, vRecur

from painscope.diary import reminders as rules

# Said in the language active when the feed is built (the owner's, views.calendar_feed).
SUMMARY = gettext_lazy("painscope reminder")
DESCRIPTION = gettext_lazy("Open painscope to see what is due.")
CALENDAR_NAME = gettext_lazy("painscope reminders")
WEEKDAY_CODES = {1: "MO", 2: "TU", 3: "WE", 4: "TH", 5: "FR", 6: "SA", 7: "SU"}


def _fingerprint(kind: str, pk: int, sched: rules.Schedule) -> str:
    text = f"{kind}|{pk}|{sched.times}|{sorted(sched.weekdays)}|{sched.every_days}|{sched.tz}|{sched.start}|{sched.stop}"
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def _first_day(sched: rules.Schedule):
    day = sched.start
    for _ in range(8):
        if sched.fires_on(day):
            return day
        day += timedelta(days=1)
    return None


def events_for(kind: str, pk: int, sched: rules.Schedule, host: str, stamp: datetime) -> list[Event]:
    """The VEVENTs of one schedule (one per time of day)."""
    first = _first_day(sched)
    if first is None:
        return []
    tz = rules.zone(sched.tz)
    out = []
    for clock in sched.times:
        ev = Event()
        ev.add("uid", f"{kind}-{pk}-{_fingerprint(kind, pk, sched)}-{clock:%H%M}@{host}")
        ev.add("dtstamp", stamp)
        ev.add("dtstart", datetime.combine(first, clock, tzinfo=tz))
        ev.add("duration", timedelta(minutes=5))
        ev.add("summary", str(SUMMARY))
        ev.add("description", str(DESCRIPTION))
        ev.add("transp", "TRANSPARENT")
        ev.add("sequence", 0)
        rule: dict = {"FREQ": "WEEKLY", "BYDAY": [WEEKDAY_CODES[d] for d in sorted(sched.weekdays)]} if sched.weekdays \
            else {"FREQ": "DAILY", "INTERVAL": sched.every_days}
        if sched.stop is not None:
            # UNTIL must be UTC when DTSTART carries a TZID (RFC 5545 §3.3.10).
            rule["UNTIL"] = rules.local_instant(sched.stop, clock, tz)
        ev.add("rrule", vRecur(rule))
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", str(SUMMARY))
        alarm.add("trigger", timedelta(0))
        ev.add_component(alarm)
        out.append(ev)
    return out


def build(schedules: list[tuple[str, int, rules.Schedule]], host: str, now: datetime | None = None) -> bytes:
    """The whole feed as bytes (``text/calendar``)."""
    stamp = (now or datetime.now(UTC)).replace(microsecond=0)
    cal = Calendar()
    cal.add("prodid", "-//painscope//reminders//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", str(CALENDAR_NAME))
    cal.add("refresh-interval", timedelta(hours=12), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT12H")
    for kind, pk, sched in schedules:
        for ev in events_for(kind, pk, sched, host, stamp):
            cal.add_component(ev)
    # Zone rules from a year before the first schedule to ten years ahead (a 1970-2038 table
    # by default, several kilobytes per zone for a calendar that polls every few hours).
    first = min((sched.start for _, _, sched in schedules), default=stamp.date()) - timedelta(days=366)
    cal.add_missing_timezones(first_date=first, last_date=stamp.date() + timedelta(days=3660))
    return cal.to_ical()
