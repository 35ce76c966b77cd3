"""The store's one way in and out, and the one place that answers "whose is this?".

Every view and API route gets objects through the ``*_for_user`` helpers (as healthchecks'
``_get_check_for_user``), so another person's data answers 404. Every write of diary rows
goes through :func:`import_frame`: rows validated by ``painscope.diary``, written in one
transaction, so a bad file changes nothing.
"""

from __future__ import annotations

import contextlib
import contextvars
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pandas as pd
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import connection, models, transaction
from django.http import Http404

from painscope import diary
from painscope.diary import aggregate, summary
from painscope.web.care import gate
from painscope.web.journal.models import (
    DayAggregate,
    DiaryVersion,
    DoseLog,
    Entry,
    Medication,
    Observation,
)

#: Days the overview reads (its longest chart is 365 days; the rest is margin for "today"
#: in any time zone) and days of its body-region shares.
OVERVIEW_DAYS = 400
REGION_DAYS = 90

# -- ownership: every helper asks the one gate (painscope.web.care.gate) ------------------


def get_entry_for_user(user: AbstractBaseUser, pk: int, viewer: AbstractBaseUser | None = None) -> Entry:
    """The entry with this id if ``user`` owns it; 404 otherwise (never 403: don't leak)."""
    gate.require(viewer or user, user, "diary")
    try:
        return Entry.objects.get(pk=pk, owner=user)
    except (Entry.DoesNotExist, ValueError, TypeError):
        raise Http404("No such entry") from None


def get_medication_for_user(user: AbstractBaseUser, pk: int, viewer: AbstractBaseUser | None = None) -> Medication:
    gate.require(viewer or user, user, "medications")
    try:
        return Medication.objects.get(pk=pk, owner=user)
    except (Medication.DoesNotExist, ValueError, TypeError):
        raise Http404("No such medication") from None


def get_dose_for_user(user: AbstractBaseUser, pk: int, viewer: AbstractBaseUser | None = None) -> DoseLog:
    gate.require(viewer or user, user, "medications")
    try:
        return DoseLog.objects.select_related("medication").get(pk=pk, owner=user)
    except (DoseLog.DoesNotExist, ValueError, TypeError):
        raise Http404("No such dose") from None


def entries_for_user(user: AbstractBaseUser, viewer: AbstractBaseUser | None = None):
    gate.require(viewer or user, user, "diary")
    return Entry.objects.filter(owner=user)


def medications_for_user(user: AbstractBaseUser, viewer: AbstractBaseUser | None = None):
    gate.require(viewer or user, user, "medications")
    return Medication.objects.filter(owner=user)


def doses_for_user(user: AbstractBaseUser, viewer: AbstractBaseUser | None = None):
    gate.require(viewer or user, user, "medications")
    return DoseLog.objects.filter(owner=user)


# -- reading --------------------------------------------------------------------------------


def diary_frame(
    user: AbstractBaseUser, start: date | datetime | None = None, end: date | datetime | None = None,
    viewer: AbstractBaseUser | None = None,
) -> pd.DataFrame:
    """The person's diary as the canonical diary frame (``painscope.diary``).

    ``start``/``end`` filter on the local date (dates) or on the instant (datetimes),
    both inclusive.
    """
    gate.require(viewer or user, user, "diary")
    rows = Observation.objects.filter(entry__owner=user)
    if start is not None:
        rows = rows.filter(**({"entry__utc__gte": start} if isinstance(start, datetime) else {"entry__local_date__gte": start}))
    if end is not None:
        rows = rows.filter(**({"entry__utc__lte": end} if isinstance(end, datetime) else {"entry__local_date__lte": end}))
    return _frame_of(rows)


def _frame_of(rows) -> pd.DataFrame:
    values = rows.values_list("entry__utc", "entry__offset_minutes", "kind", "name", "value", "unit", "note")
    records = [
        (utc, offset, diary.Observation(kind, name, value, unit, note))
        for utc, offset, kind, name, value, unit, note in values.iterator(chunk_size=5000)
    ]
    return diary.sort_frame(diary.frame_from_records(records))


def day_aggregates(user: AbstractBaseUser, start: date | None = None) -> list[aggregate.DayAggregate]:
    """The person's stored daily aggregates from local day ``start`` on (all when None).

    Records computed by an older version of ``painscope.diary.aggregate`` are recomputed
    from the raw rows first (once, after an upgrade)."""
    rows = DayAggregate.objects.filter(owner=user)
    if start is not None:
        rows = rows.filter(day__gte=start)
    stored = list(rows.values_list("day", "version", "data"))
    if any(version != aggregate.AGGREGATE_VERSION for _, version, _ in stored):
        with transaction.atomic():
            rebuild_aggregates(user)
        return day_aggregates(user, start)
    return [aggregate.DayAggregate.from_json(day, data) for day, _, data in stored]


def overview_tables(user: AbstractBaseUser, today: date) -> tuple[pd.DataFrame, int, list]:
    """What the overview reads: the daily table of the last 400 days (and any later
    ones), and the body-region shares of the last 90 days, from the stored aggregates."""
    days = day_aggregates(user, start=today - timedelta(days=OVERVIEW_DAYS))
    n, counts = aggregate.region_counts(days, today - timedelta(days=REGION_DAYS - 1), today)
    n_checkins, shares = summary.shares_from_counts(n, counts, any_data=bool(days))
    return aggregate.daily_from_days(days), n_checkins, shares


def overview_tables_recomputed(user: AbstractBaseUser, today: date) -> tuple[pd.DataFrame, int, list]:
    """The same as :func:`overview_tables`, recomputed from the raw rows as the overview did
    before aggregates existed: the reference of the tests and of
    ``benchmarks/web_overview.py``; no page uses it."""
    frame = diary_frame(user, start=today - timedelta(days=OVERVIEW_DAYS))
    n_checkins, shares = summary.region_shares(frame, today - timedelta(days=REGION_DAYS - 1), today)
    return diary.daily_table(frame), n_checkins, shares


def diary_token(user: AbstractBaseUser) -> str:
    """A token that changes with every write of the person's diary (see ``DiaryVersion``)."""
    token = DiaryVersion.objects.filter(owner=user).values_list("token", flat=True).first()
    if token is None:
        token = DiaryVersion.objects.get_or_create(owner=user, defaults={"token": uuid.uuid4().hex})[0].token
    return token


def export_csv(user: AbstractBaseUser) -> str:
    """The person's whole diary as the canonical tidy CSV, medications and dose logs included."""
    return export_text(user)[0]


def export_text(user: AbstractBaseUser) -> tuple[str, int, int]:
    """The export (:func:`export_csv`) with its counts of observations and of medication rows."""
    from painscope.web.journal import med_transfer

    frame = diary_frame(user)
    records = med_transfer.export_rows(user)
    return diary.write_tidy_csv(frame, records=records), len(frame), len(records)


# -- writing --------------------------------------------------------------------------------


@dataclass
class ImportResult:
    entries_created: int = 0
    observations_created: int = 0
    observations_updated: int = 0
    observations_unchanged: int = 0
    medications_created: int = 0
    medications_unchanged: int = 0
    doses_created: int = 0
    doses_unchanged: int = 0

    def as_dict(self) -> dict[str, int]:
        return self.__dict__.copy()

    def summary(self) -> str:
        text = (
            f"{self.entries_created} new check-ins, {self.observations_created} new observations, "
            f"{self.observations_updated} updated, {self.observations_unchanged} already there"
        )
        if self.medications_created or self.medications_unchanged or self.doses_created or self.doses_unchanged:
            text += (f"; {self.medications_created} new medications ({self.medications_unchanged} already there), "
                     f"{self.doses_created} new dose logs ({self.doses_unchanged} already there)")
        return text


#: On SQLite one writer holds the database at a time: a long import commits in batches of
#: about this many seconds (plus the batch's daily aggregates), then pauses so that waiting writers get in (SQLite's busy
#: handler polls at most every 100 ms), so nobody else waits much more than a second.
IMPORT_BATCH_SECONDS = 0.15
IMPORT_PAUSE_SECONDS = 0.15
#: Observations written per statement group inside a batch (the batch checks its time
#: after each group) and below which an import is written in a single transaction.
IMPORT_CHUNK = 300


@dataclass
class _Undo:
    """What a batched import wrote so far, to take it back if a later batch fails."""

    entries: list[int]
    observations: list[int]
    updated: list[tuple[int, float | None, str, str]]  # pk and the values before
    days: set[date]


def import_frame(
    user: AbstractBaseUser, frame: pd.DataFrame, source: str = "import", *, batched: bool | None = None
) -> ImportResult:
    """Store a validated canonical diary frame (merge by moment and item).

    An observation already stored for the same moment, kind and name is updated, not
    duplicated, so importing the same file twice changes nothing the second time. The
    frame is validated before anything is written (``painscope.diary``), so a bad file
    changes nothing. Small imports, imports inside a transaction and imports on engines
    other than SQLite are written in one transaction. Large imports on SQLite
    (``batched`` None: decided here) are written in batches of about
    ``IMPORT_BATCH_SECONDS`` each, so that other people's writes wait at most about a
    second; if a batch fails, everything this import wrote is taken back (new rows
    deleted, updated values restored) before the error is raised.
    """
    result = ImportResult()
    if frame.empty:
        return result
    entries = diary.frame_to_entries(frame)
    if batched is None:
        batched = (
            connection.vendor == "sqlite"
            and not connection.in_atomic_block
            and sum(len(e.observations) for e in entries) > IMPORT_CHUNK
        )
    if not batched:
        with transaction.atomic():
            days = _write_entries(user, entries, source, result, None)
            refresh_days(user, days)
        return result
    undo = _Undo([], [], [], set())
    i = 0
    try:
        while i < len(entries):
            mark = (len(undo.entries), len(undo.observations), len(undo.updated))
            try:
                with transaction.atomic():
                    started = time.perf_counter()
                    days: set[date] = set()
                    first = True  # each batch writes at least one chunk
                    while i < len(entries) and (first or time.perf_counter() - started < IMPORT_BATCH_SECONDS):
                        first = False
                        j, n = i, 0
                        while j < len(entries) and (n == 0 or n + len(entries[j].observations) <= IMPORT_CHUNK):
                            n += len(entries[j].observations)
                            j += 1
                        days |= _write_entries(user, entries[i:j], source, result, undo)
                        i = j
                    refresh_days(user, days)
                    undo.days |= days
            except BaseException:
                # this batch rolled itself back: only earlier batches need taking back
                del undo.entries[mark[0]:], undo.observations[mark[1]:], undo.updated[mark[2]:]
                raise
            if i < len(entries):
                time.sleep(IMPORT_PAUSE_SECONDS)
    except BaseException:
        _take_back(user, undo)
        raise
    return result


def _write_entries(
    user: AbstractBaseUser, entries: list[diary.Entry], source: str, result: ImportResult, undo: _Undo | None
) -> set[date]:
    """Merge ``entries`` into the store (inside the caller's transaction); the local days
    touched."""
    existing = {e.utc: e for e in Entry.objects.filter(owner=user, utc__in=[x.utc for x in entries])}
    new_entries = [
        Entry(owner=user, utc=e.utc, offset_minutes=e.offset_minutes, local_date=_local_date(e), source=source)
        for e in entries
        if e.utc not in existing
    ]
    for created in Entry.objects.bulk_create(new_entries, batch_size=2000):
        existing[created.utc] = created
    result.entries_created += len(new_entries)
    if any(e.pk is None for e in existing.values()):  # backends without RETURNING ids
        existing = {e.utc: e for e in Entry.objects.filter(owner=user, utc__in=[x.utc for x in entries])}
    if undo is not None:
        undo.entries += [e.pk for e in new_entries if e.pk is not None] or [
            existing[e.utc].pk for e in new_entries
        ]
    stored = {
        (o.entry_id, o.kind, o.name): o
        for o in Observation.objects.filter(entry__in=[existing[e.utc] for e in entries])
    }
    to_create: list[Observation] = []
    to_update: list[Observation] = []
    for e in entries:
        row = existing[e.utc]
        for o in e.observations:
            old = stored.get((row.pk, o.kind, o.name))
            if old is None:
                to_create.append(Observation(entry=row, kind=o.kind, name=o.name, value=o.value, unit=o.unit, note=o.note))
            elif (old.value, old.unit, old.note) != (o.value, o.unit, o.note):
                if undo is not None:
                    undo.updated.append((old.pk, old.value, old.unit, old.note))
                old.value, old.unit, old.note = o.value, o.unit, o.note
                to_update.append(old)
            else:
                result.observations_unchanged += 1
    created = Observation.objects.bulk_create(to_create, batch_size=5000)
    Observation.objects.bulk_update(to_update, ["value", "unit", "note"], batch_size=2000)
    if undo is not None:
        # Observations of entries this import created go with their entry.
        mine = set(undo.entries)
        undo.observations += [o.pk for o in created if o.pk is not None and o.entry_id not in mine]
    result.observations_created += len(to_create)
    result.observations_updated += len(to_update)
    return {row.local_date for row in existing.values()}


def _take_back(user: AbstractBaseUser, undo: _Undo) -> None:
    """Remove what a failed batched import wrote: what was there before is there again."""
    with transaction.atomic(), _services_write():
        for k in range(0, len(undo.observations), 500):
            Observation.objects.filter(pk__in=undo.observations[k : k + 500], entry__owner=user).delete()
        for k in range(0, len(undo.entries), 500):
            Entry.objects.filter(pk__in=undo.entries[k : k + 500], owner=user).delete()
        for k in range(0, len(undo.updated), 500):
            chunk = undo.updated[k : k + 500]
            rows = {o.pk: o for o in Observation.objects.filter(pk__in=[pk for pk, *_ in chunk], entry__owner=user)}
            for pk, value, unit, note in chunk:
                if pk in rows:
                    rows[pk].value, rows[pk].unit, rows[pk].note = value, unit, note
            Observation.objects.bulk_update(list(rows.values()), ["value", "unit", "note"], batch_size=500)
        refresh_days(user, undo.days)


def import_csv(user: AbstractBaseUser, data: bytes | str, source: str = "import") -> ImportResult:
    """Validate a tidy CSV (raises ``diary.DiaryError``; nothing is stored then) and store it:
    the observations as :func:`import_frame` does, then its medication plans and dose logs
    (format version 2, :mod:`painscope.web.journal.med_transfer`) in one transaction."""
    from painscope.diary.med_rows import MedicationRows
    from painscope.web.journal import med_transfer

    rows = MedicationRows()
    frame = diary.read_tidy_csv(data.encode() if isinstance(data, str) else data, records=rows)
    result = import_frame(user, frame, source=source)
    stored = med_transfer.store(user, rows)
    result.medications_created, result.medications_unchanged = stored.medications_created, stored.medications_unchanged
    result.doses_created, result.doses_unchanged = stored.doses_created, stored.doses_unchanged
    return result


def import_app_export(user: AbstractBaseUser, app: str, data: bytes, *, app_user: str | None = None,
                      store: bool = True):
    """Another app's export (:mod:`painscope.diary.app_imports`) mapped to the diary; stored
    through :func:`import_frame` unless ``store`` is False (a preview). Each check-in day is
    placed at 20:00 in the person's own time zone on that date. Returns (preview, result or None)."""
    from painscope.diary.app_imports import read_app_export
    from painscope.web.accounts.models import Profile

    zone = Profile.for_user(user).zone
    offset = int((datetime.now(zone).utcoffset() or timedelta(0)).total_seconds() // 60)
    preview = read_app_export(app, data, user_id=app_user, offset_minutes=offset)
    if not store:
        return preview, None
    return preview, import_frame(user, preview.frame, source="import")


def save_entry(
    user: AbstractBaseUser,
    entry: diary.Entry,
    *,
    replace: Entry | None = None,
    source: str = "web",
    client_key: str | None = None,
) -> Entry:
    """Create an entry, or replace all of ``replace``'s observations, in one transaction.

    The observations must already be validated (``diary.check_observation``). ``client_key``
    is the key a phone gave a check-in it made offline (see ``Entry.client_key``).
    """
    with transaction.atomic():
        if replace is not None:
            if replace.owner_id != user.pk:
                raise Http404("No such entry")
            row = replace
            days = {row.local_date}
            row.utc = entry.utc
            row.offset_minutes = entry.offset_minutes
            row.local_date = _local_date(entry)
            row.save()
            with _services_write():
                row.observations.all().delete()
        else:
            row = Entry.objects.create(
                owner=user,
                utc=entry.utc,
                offset_minutes=entry.offset_minutes,
                local_date=_local_date(entry),
                source=source,
                client_key=client_key,
            )
            days = set()
        Observation.objects.bulk_create(
            Observation(entry=row, kind=o.kind, name=o.name, value=o.value, unit=o.unit, note=o.note)
            for o in entry.observations
        )
        refresh_days(user, days | {row.local_date})
    return row


def delete_entry(user: AbstractBaseUser, entry: Entry) -> None:
    """Delete one of the person's entries (and keep their daily aggregates right)."""
    if entry.owner_id != user.pk:
        raise Http404("No such entry")
    with transaction.atomic(), _services_write():
        day = entry.local_date
        entry.delete()
        refresh_days(user, {day})


def entry_as_tidy(entry: Entry) -> diary.Entry:
    return diary.Entry(
        entry.utc,
        entry.offset_minutes,
        [diary.Observation(o.kind, o.name, o.value, o.unit, o.note) for o in entry.observations.all()],
    )


def _local_date(entry: diary.Entry) -> date:
    from datetime import timedelta, timezone

    return entry.utc.astimezone(timezone(timedelta(minutes=entry.offset_minutes))).date()


def delete_user_data(user: AbstractBaseUser, kinds: Iterable[str] | None = None) -> None:
    """Delete a person's diary entries (all, or only observations of some kinds)."""
    with transaction.atomic(), _services_write():
        if kinds is None:
            Entry.objects.filter(owner=user).delete()
            DayAggregate.objects.filter(owner=user).delete()
            _bump(user)
        else:
            rows = Observation.objects.filter(entry__owner=user, kind__in=list(kinds))
            days = set(rows.values_list("entry__local_date", flat=True).distinct())
            rows.delete()
            Entry.objects.filter(owner=user, observations__isnull=True).delete()
            refresh_days(user, days)


# -- daily aggregates -----------------------------------------------------------------------


def refresh_days(user: AbstractBaseUser, days: Iterable[date]) -> None:
    """Recompute the stored aggregates of these local days from their stored rows and
    change the diary's version token; call inside the transaction of the write."""
    days = sorted(set(days))
    if not days:
        return
    _lock_diary(user)
    if len(days) <= 300:
        rows = Observation.objects.filter(entry__owner=user, entry__local_date__in=days)
        frame = _frame_of(rows)
    else:  # many days (an import): one range query, then only the days asked for
        rows = Observation.objects.filter(entry__owner=user, entry__local_date__gte=days[0], entry__local_date__lte=days[-1])
        frame = _frame_of(rows)
        if not frame.empty:
            frame = frame[frame["local_date"].isin(pd.to_datetime(days).as_unit("ns"))].reset_index(drop=True)
    fresh = aggregate.day_aggregates(frame)
    for k in range(0, len(days), 500):
        DayAggregate.objects.filter(owner=user, day__in=days[k : k + 500]).delete()
    DayAggregate.objects.bulk_create(
        [DayAggregate(owner=user, day=day, version=aggregate.AGGREGATE_VERSION, data=a.to_json()) for day, a in fresh.items()],
        batch_size=1000,
    )
    _bump(user)


def rebuild_aggregates(user: AbstractBaseUser) -> None:
    """Recompute all of the person's daily aggregates from their stored rows."""
    with transaction.atomic(), _services_write():
        DayAggregate.objects.filter(owner=user).delete()
        fresh = aggregate.day_aggregates(diary_frame(user))
        DayAggregate.objects.bulk_create(
            [DayAggregate(owner=user, day=d, version=aggregate.AGGREGATE_VERSION, data=a.to_json()) for d, a in fresh.items()],
            batch_size=1000,
        )
        _bump(user)


_writing = contextvars.ContextVar("journal_services_writing", default=False)


@contextlib.contextmanager
def _services_write():
    """Deletes inside this block keep the aggregates right themselves (no signal work)."""
    token = _writing.set(True)
    try:
        yield
    finally:
        _writing.reset(token)


def deleted_outside_services(sender, instance, origin=None, **kwargs) -> None:
    """``post_delete`` of an Entry or Observation deleted with the ORM directly (for
    example ``entry.delete()``), not through this module: refresh its day, in the same
    transaction. Rows deleted with their owner (or here, which refreshes itself) are left."""
    if _writing.get() or not isinstance(origin, Entry | Observation | models.QuerySet):
        return
    if isinstance(origin, models.QuerySet) and origin.model not in (Entry, Observation):
        return
    if isinstance(instance, Observation):
        if isinstance(origin, Entry) or (isinstance(origin, models.QuerySet) and origin.model is Entry):
            return  # its entry's own signal refreshes the day
        entry = Entry.objects.filter(pk=instance.entry_id).only("owner_id", "local_date").first()
        if entry is None:
            return
        owner_id, day = entry.owner_id, entry.local_date
    else:
        owner_id, day = instance.owner_id, instance.local_date
    owner = get_user_model()(pk=owner_id)
    refresh_days(owner, {day})


def _lock_diary(user: AbstractBaseUser) -> None:
    """Serialise aggregate refreshes of one person (PostgreSQL: a row lock on the version
    row, held to the end of the write's transaction), so that a second writer reads the
    first one's rows before recomputing the same days instead of inserting a duplicate
    aggregate or overwriting it with stale numbers. SQLite already serialises writers."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    DiaryVersion.objects.get_or_create(owner=user, defaults={"token": uuid.uuid4().hex})
    list(DiaryVersion.objects.select_for_update().filter(owner=user).values_list("pk", flat=True))


def _bump(user: AbstractBaseUser) -> None:
    DiaryVersion.objects.update_or_create(owner=user, defaults={"token": uuid.uuid4().hex})
