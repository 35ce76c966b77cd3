"""Medication schedules and adherence: pure functions (no Django, no database).

A schedule is a list of local times of day, optional ISO weekdays and a time zone, between
a start and an optional stop date. :func:`scheduled_doses` expands it into instants (for
"due now" lists and, later, reminders); :func:`weekly_adherence` compares those instants
with the doses the person logged.

Adherence follows the ABC taxonomy's *implementation* measure (Vrijens et al. 2012, Br J
Clin Pharmacol 73:691-705): of the doses that were scheduled, the share taken. Doses
logged without a schedule (as-needed or extra) are counted separately and never raise
adherence above 100 %.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

TAKEN = "taken"
SKIPPED = "skipped"
# A logged dose without an explicit scheduled time is matched to the nearest scheduled
# dose within this window: people often take a morning dose an hour or two late.
MATCH_WINDOW = timedelta(hours=4)


@dataclass(frozen=True)
class DoseRecord:
    """One logged dose: when, taken or skipped, and the scheduled time it answers (if known)."""

    at: datetime
    status: str
    scheduled_for: datetime | None = None


@dataclass(frozen=True)
class WeekAdherence:
    """Adherence in one week (Monday to Sunday, in the schedule's time zone).

    ``scheduled`` doses in the week; of those ``taken``, ``skipped`` (logged as skipped)
    and ``unlogged`` (nothing logged); ``extra`` taken doses that matched no schedule;
    ``share_taken`` = taken / scheduled (None when nothing was scheduled).
    """

    week_start: date
    scheduled: int
    taken: int
    skipped: int
    unlogged: int
    extra: int

    @property
    def share_taken(self) -> float | None:
        return self.taken / self.scheduled if self.scheduled else None


def _zone(tz: tzinfo | str) -> tzinfo:
    return ZoneInfo(tz) if isinstance(tz, str) else tz


def _parse_time(text: str | time) -> time:
    if isinstance(text, time):
        return text
    hours, minutes = text.strip().split(":")[:2]
    return time(int(hours), int(minutes))


def scheduled_doses(
    times: Sequence[str | time],
    weekdays: Iterable[int],
    tz: tzinfo | str,
    start: date,
    stop: date | None,
    window_start: datetime,
    window_end: datetime,
) -> list[datetime]:
    """Every scheduled dose in ``[window_start, window_end)``, as UTC instants, in order.

    Parameters
    ----------
    times : local times of day ("08:00" or ``datetime.time``).
    weekdays : ISO weekdays (1 = Monday ... 7 = Sunday); empty means every day.
    tz : the schedule's IANA time zone (name or ``tzinfo``): "08:00" stays 08:00 local
        across daylight-saving changes.
    start, stop : first and last day of the schedule (``stop`` inclusive; None = open).
    window_start, window_end : aware datetimes bounding the result (end exclusive).

    Returns
    -------
    list of aware datetimes in UTC. A local time that does not exist on a spring-forward
    day is taken at the same wall-clock reading after the shift (PEP 495, fold=0); a time
    that occurs twice on a fall-back day is taken once, at its first occurrence.
    """
    if window_start.tzinfo is None or window_end.tzinfo is None:
        raise ValueError("window_start and window_end must carry a time zone")
    zone = _zone(tz)
    days_wanted = set(weekdays)
    if not days_wanted.issubset(range(1, 8)):
        raise ValueError(f"weekdays must be ISO numbers 1-7 (got {sorted(days_wanted)})")
    clock = sorted({_parse_time(t) for t in times})
    if not clock:
        return []
    # Local dates that can hold a dose in the window (one day of slack for offsets).
    first = max(start, window_start.astimezone(zone).date() - timedelta(days=1))
    last = window_end.astimezone(zone).date() + timedelta(days=1)
    if stop is not None:
        last = min(last, stop)
    out: list[datetime] = []
    day = first
    while day <= last:
        if not days_wanted or day.isoweekday() in days_wanted:
            for t in clock:
                instant = datetime.combine(day, t, tzinfo=zone).astimezone(UTC)
                if window_start <= instant < window_end:
                    out.append(instant)
        day += timedelta(days=1)
    return sorted(set(out))


def match_doses(
    scheduled: Sequence[datetime], logs: Iterable[DoseRecord], window: timedelta = MATCH_WINDOW
) -> tuple[dict[datetime, DoseRecord], list[DoseRecord]]:
    """Pair logs with scheduled doses: by ``scheduled_for`` when given, else the nearest
    unanswered dose within ``window``. Returns (scheduled instant → log, unmatched logs)."""
    pending = sorted(set(scheduled))
    answered: dict[datetime, DoseRecord] = {}
    unmatched: list[DoseRecord] = []
    ordered = sorted(logs, key=lambda r: (r.scheduled_for is None, r.at))
    for record in ordered:
        if record.scheduled_for is not None and record.scheduled_for in pending and record.scheduled_for not in answered:
            answered[record.scheduled_for] = record
            continue
        candidates = [s for s in pending if s not in answered and abs(s - record.at) <= window]
        if candidates:
            answered[min(candidates, key=lambda s: abs(s - record.at))] = record
        else:
            unmatched.append(record)
    return answered, unmatched


def weekly_adherence(
    scheduled: Sequence[datetime], logs: Iterable[DoseRecord], tz: tzinfo | str = "UTC"
) -> list[WeekAdherence]:
    """Per-week adherence (Vrijens et al. 2012 implementation: share of scheduled doses taken).

    Weeks run Monday to Sunday in ``tz`` and cover every week from the first to the last
    scheduled or logged dose; a week without scheduled doses has ``share_taken`` None.
    """
    zone = _zone(tz)
    logs = list(logs)
    answered, unmatched = match_doses(scheduled, logs)

    def monday(instant: datetime) -> date:
        local = instant.astimezone(zone).date()
        return local - timedelta(days=local.weekday())

    instants = [*scheduled, *(r.at for r in logs)]
    if not instants:
        return []
    weeks: dict[date, dict[str, int]] = {}
    week = monday(min(instants))
    end = monday(max(instants))
    while week <= end:
        weeks[week] = {"scheduled": 0, "taken": 0, "skipped": 0, "unlogged": 0, "extra": 0}
        week += timedelta(days=7)
    for s in set(scheduled):
        counts = weeks[monday(s)]
        counts["scheduled"] += 1
        record = answered.get(s)
        if record is None:
            counts["unlogged"] += 1
        elif record.status == TAKEN:
            counts["taken"] += 1
        else:
            counts["skipped"] += 1
    for record in unmatched:
        if record.status == TAKEN:
            weeks[monday(record.at)]["extra"] += 1
    return [WeekAdherence(week_start=w, **c) for w, c in weeks.items()]


def needs_refill(pills_left: float | None, threshold: float | None) -> bool:
    """True when the supply is at or below the person's own warning threshold."""
    return pills_left is not None and threshold is not None and pills_left <= threshold


def adherence_share(weeks: Iterable[WeekAdherence]) -> tuple[int, int, float | None]:
    """(taken, scheduled, share) pooled over weeks: the same implementation measure as
    :class:`WeekAdherence`, None when nothing was scheduled."""
    weeks = list(weeks)
    taken = sum(w.taken for w in weeks)
    scheduled = sum(w.scheduled for w in weeks)
    return taken, scheduled, (taken / scheduled if scheduled else None)


# Supply is tracked to the thousandth of a pill: enough for halves and quarters, coarse
# enough to wipe out binary floating-point noise (0.1 + 0.2 != 0.3) so that a count the
# person typed as 30 comes back as exactly 30 after a dose is logged and undone.
_SUPPLY_DECIMALS = 3


def pills_after(
    pills_left: float | None, pills_per_dose: float, status: str, *, undo: bool = False
) -> float | int | None:
    """The pills left after logging (or, with ``undo``, removing the log of) one dose.

    Rule: a *taken* dose removes ``pills_per_dose`` pills; a *skipped* dose changes
    nothing; the count never goes below zero; deleting a taken dose (``undo=True``) adds
    ``pills_per_dose`` back. An uncounted supply (``None``) stays uncounted. Fractions are
    kept (half tablets are common, e.g. 0.5 per dose: 5 → 4.5 → 4 → 3.5), never rounded to
    whole pills; the result is rounded to 1/1000 of a pill only to remove floating-point
    noise, and a whole number is returned as ``int``.

    A dose taken when the supply already read 0 cannot be told apart on undo, so undoing
    it adds the pills back too (the count was a best effort the person can correct).
    """
    if pills_left is None or status != TAKEN:
        return pills_left
    change = pills_per_dose if undo else -pills_per_dose
    left = round(max(0.0, float(pills_left) + change), _SUPPLY_DECIMALS)
    return int(left) if left.is_integer() else left
