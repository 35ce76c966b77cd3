"""Reminder rules: pure functions (no Django, no database).

A reminder schedule is stored the way a person thinks of it — local wall-clock times, an
IANA time zone, which days — and expanded here into UTC instants. Storing only UTC would
turn "08:00 every day" into 07:00 or 09:00 after a daylight-saving change.

Daylight-saving rules (RFC 5545 §3.3.5, which Python's ``zoneinfo`` follows with
``fold=0``, see CARE.md §1):

- a local time that does not exist (the spring-forward gap: 02:30 on the last Sunday of
  March in Europe/London) is read with the offset in force *before* the gap, so it lands
  one hour later on the clock (03:30 BST);
- a local time that occurs twice (the fall-back fold: 01:30 on the first Sunday of
  November in America/New_York) means its *first* occurrence, and fires once.

Also here: quiet hours (a reminder that falls inside them waits until they end), snooze,
and the dose follow-up / missed rule (one follow-up after a delay the person sets, then
the dose counts as missed; CARE.md §4).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DOSE = "dose"
CHECKIN = "checkin"
QUESTIONNAIRE = "questionnaire"
SESSION = "session"
KINDS = (DOSE, CHECKIN, QUESTIONNAIRE, SESSION)

#: Snooze lengths offered on pages and in notifications (minutes).
SNOOZE_CHOICES = (10, 30, 60)
#: Defaults for the missed-dose rule (minutes after the dose time). Medisafe tells the
#: "Medfriend" 1 h after the dose time (CARE.md §4); painscope's defaults follow up after
#: 30 min and count the dose as missed after 2 h; the person changes both.
DEFAULT_FOLLOW_UP_MINUTES = 30
DEFAULT_MISSED_MINUTES = 120


class ScheduleError(ValueError):
    """A schedule that cannot be expanded; ``field`` names the offending field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def zone(name: str | tzinfo) -> tzinfo:
    """The IANA zone ``name`` (a ``tzinfo`` passes through); :class:`ScheduleError` if unknown."""
    if isinstance(name, tzinfo):
        return name
    try:
        return ZoneInfo(str(name))
    except (ZoneInfoNotFoundError, ValueError):
        raise ScheduleError("timezone", f"'{name}' is not a known time zone such as Europe/London") from None


def parse_time(text: str | time, field: str = "times") -> time:
    """"08:30" → ``time(8, 30)``; :class:`ScheduleError` naming ``field`` otherwise."""
    if isinstance(text, time):
        return text.replace(second=0, microsecond=0, tzinfo=None)
    try:
        hours, minutes = str(text).strip().split(":")[:2]
        return time(int(hours), int(minutes))
    except ValueError:
        raise ScheduleError(field, f"'{text}' is not a time of day such as 08:30") from None


def local_instant(day: date, clock: time, tz: tzinfo) -> datetime:
    """The UTC instant of wall-clock ``clock`` on ``day`` in ``tz`` (RFC 5545 §3.3.5 rules).

    ``fold=0`` gives both rules at once: in a gap the offset before the gap applies (the
    reading moves forward by the gap's length), in a fold the first occurrence is meant.
    """
    return datetime.combine(day, clock, tzinfo=tz).replace(fold=0).astimezone(UTC)


@dataclass(frozen=True)
class Schedule:
    """When a reminder fires, in the person's own terms.

    ``times``: local times of day. ``weekdays``: ISO weekdays 1-7 (empty = every day).
    ``every_days``: fire only every N-th day counted from ``start`` (1 = daily, 14 = every
    two weeks). ``start``/``stop``: first and last local day (``stop`` inclusive, None =
    open). ``tz``: IANA zone name.
    """

    times: tuple[time, ...]
    tz: str
    start: date
    stop: date | None = None
    weekdays: frozenset[int] = field(default_factory=frozenset)
    every_days: int = 1

    @classmethod
    def build(
        cls,
        times: Iterable[str | time],
        tz: str,
        start: date,
        stop: date | None = None,
        weekdays: Iterable[int] = (),
        every_days: int = 1,
    ) -> Schedule:
        """Validate and normalise; errors name the field (``times``, ``weekdays``, ...)."""
        clock = tuple(sorted({parse_time(t) for t in times}))
        if not clock:
            raise ScheduleError("times", "give at least one time of day")
        days = frozenset(int(d) for d in weekdays)
        if not days.issubset(range(1, 8)):
            raise ScheduleError("weekdays", f"weekdays are ISO numbers 1-7 (got {sorted(days)})")
        if int(every_days) < 1 or int(every_days) > 366:
            raise ScheduleError("every_days", "repeat every 1 to 366 days")
        if days and int(every_days) != 1:
            raise ScheduleError("every_days", "choose weekdays or every N days, not both")
        if stop is not None and stop < start:
            raise ScheduleError("stop", "the last day comes before the first")
        zone(tz)
        return cls(times=clock, tz=str(tz), start=start, stop=stop, weekdays=days, every_days=int(every_days))

    def fires_on(self, day: date) -> bool:
        if day < self.start or (self.stop is not None and day > self.stop):
            return False
        if self.weekdays and day.isoweekday() not in self.weekdays:
            return False
        return (day - self.start).days % self.every_days == 0

    def instants(self, window_start: datetime, window_end: datetime) -> list[datetime]:
        """Every firing in ``[window_start, window_end)`` as sorted UTC instants."""
        if window_start.tzinfo is None or window_end.tzinfo is None:
            raise ValueError("window_start and window_end must carry a time zone")
        tz = zone(self.tz)
        day = max(self.start, window_start.astimezone(tz).date() - timedelta(days=1))
        last = window_end.astimezone(tz).date() + timedelta(days=1)
        if self.stop is not None:
            last = min(last, self.stop)
        out: set[datetime] = set()
        while day <= last:
            if self.fires_on(day):
                for clock in self.times:
                    instant = local_instant(day, clock, tz)
                    if window_start <= instant < window_end:
                        out.add(instant)
            day += timedelta(days=1)
        return sorted(out)


@dataclass(frozen=True)
class QuietHours:
    """A nightly span of local time (``start`` to ``end``, may cross midnight) in ``tz``.

    ``start == end`` means no quiet hours.
    """

    start: time
    end: time
    tz: str

    def contains(self, instant: datetime) -> bool:
        if self.start == self.end:
            return False
        clock = instant.astimezone(zone(self.tz)).time().replace(tzinfo=None)
        if self.start < self.end:
            return self.start <= clock < self.end
        return clock >= self.start or clock < self.end

    def release(self, instant: datetime) -> datetime:
        """``instant`` if outside quiet hours, else the first instant at which they end."""
        if not self.contains(instant):
            return instant
        tz = zone(self.tz)
        local = instant.astimezone(tz)
        day = local.date()
        clock = local.time().replace(tzinfo=None)
        if self.start > self.end and clock >= self.start:
            day += timedelta(days=1)  # quiet since the evening: released tomorrow morning
        released = local_instant(day, self.end, tz)
        return released if released > instant else instant


def send_time(due: datetime, quiet: QuietHours | None, kind: str) -> datetime:
    """When a reminder due at ``due`` is sent: dose reminders at the dose time the person
    chose (even inside quiet hours), every other kind after quiet hours end."""
    if quiet is None or kind == DOSE:
        return due
    return quiet.release(due)


def snooze_until(now: datetime, minutes: int, quiet: QuietHours | None = None) -> datetime:
    """The instant a snoozed reminder comes back (after quiet hours if it lands in them)."""
    if minutes not in SNOOZE_CHOICES:
        raise ScheduleError("minutes", f"snooze for one of {', '.join(map(str, SNOOZE_CHOICES))} minutes")
    back = now + timedelta(minutes=minutes)
    return quiet.release(back) if quiet is not None else back


@dataclass(frozen=True)
class MissedRule:
    """One follow-up ``follow_up`` minutes after the dose time, then missed at ``missed``."""

    follow_up: int = DEFAULT_FOLLOW_UP_MINUTES
    missed: int = DEFAULT_MISSED_MINUTES

    def __post_init__(self) -> None:
        if not 5 <= self.follow_up <= 720:
            raise ScheduleError("follow_up_minutes", "the follow-up comes 5 to 720 minutes after the dose time")
        if not self.follow_up < self.missed <= 1440:
            raise ScheduleError("missed_after_minutes", "a dose counts as missed after its follow-up and within 24 hours")

    def follow_up_at(self, due: datetime) -> datetime:
        return due + timedelta(minutes=self.follow_up)

    def missed_at(self, due: datetime) -> datetime:
        return due + timedelta(minutes=self.missed)


# -- the delivery state machine ---------------------------------------------------------------

#: Send states of one reminder instant. ``pending`` → ``queued`` (a send job exists) →
#: ``sending`` (a worker claimed it) → ``sent`` (at least one channel accepted it) or
#: ``failed`` (no channel accepted it) or ``expired`` (too late to be useful when the
#: runner got to it, e.g. after a long outage) or ``answered`` (the person acted first).
PENDING, QUEUED, SENDING, SENT, FAILED, EXPIRED, ANSWERED = (
    "pending", "queued", "sending", "sent", "failed", "expired", "answered",
)
SEND_STATES = (PENDING, QUEUED, SENDING, SENT, FAILED, EXPIRED, ANSWERED)
TRANSITIONS: dict[str, tuple[str, ...]] = {
    PENDING: (QUEUED, EXPIRED, ANSWERED),
    QUEUED: (SENDING, ANSWERED, EXPIRED, PENDING),
    # A claimed send whose worker died goes back to QUEUED once its lease runs out.
    SENDING: (SENT, FAILED, QUEUED),
    # A snooze or the dose follow-up sends the same instant again, as a new round.
    SENT: (PENDING, ANSWERED),
    FAILED: (PENDING, ANSWERED),
    EXPIRED: (ANSWERED,),
    ANSWERED: (),
}

#: Outcome of a dose (or other reminder) instant, independent of sending.
OPEN, TAKEN, SKIPPED, MISSED, DONE = "open", "taken", "skipped", "missed", "done"
OUTCOMES = (OPEN, TAKEN, SKIPPED, MISSED, DONE)


def can_move(state: str, new: str) -> bool:
    return new in TRANSITIONS.get(state, ())


def usable_until(kind: str, due: datetime, rule: MissedRule) -> datetime:
    """After this instant a reminder not yet sent is recorded as expired instead of sent
    late: a dose reminder is useful until the dose would count as missed, others for 12 h."""
    if kind == DOSE:
        return rule.missed_at(due)
    return due + timedelta(hours=12)


def dose_outcome(
    due: datetime,
    now: datetime,
    rule: MissedRule,
    answer: str | None,
) -> str:
    """A dose instant's outcome: the logged answer (taken/skipped) wins; without one it is
    open until ``rule.missed_at(due)`` and missed from then on."""
    if answer in (TAKEN, SKIPPED):
        return answer
    return MISSED if now >= rule.missed_at(due) else OPEN


def needs_follow_up(due: datetime, now: datetime, rule: MissedRule, outcome: str, follow_ups_sent: int) -> bool:
    """True exactly once per open dose: after the follow-up delay, before it is missed."""
    return outcome == OPEN and follow_ups_sent == 0 and rule.follow_up_at(due) <= now < rule.missed_at(due)


def expand(schedules: Sequence[tuple[str, Schedule]], window_start: datetime, window_end: datetime) -> list[tuple[str, datetime]]:
    """(key, instant) for every firing of every keyed schedule in the window, in time order."""
    out = [(key, t) for key, sched in schedules for t in sched.instants(window_start, window_end)]
    return sorted(out, key=lambda pair: (pair[1], pair[0]))
