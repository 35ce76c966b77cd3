"""The store's one way in and out, and the one place that answers "whose is this?".

Every view and API route gets objects through the ``*_for_user`` helpers (as healthchecks'
``_get_check_for_user``), so another person's data answers 404. Every write of diary rows
goes through :func:`import_frame`: rows validated by ``painscope.diary``, written in one
transaction, so a bad file changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.http import Http404

from painscope import diary
from painscope.web.journal.models import DoseLog, Entry, Medication, Observation

# -- ownership ------------------------------------------------------------------------------


def get_entry_for_user(user: AbstractBaseUser, pk: int) -> Entry:
    """The entry with this id if ``user`` owns it; 404 otherwise (never 403: don't leak)."""
    try:
        return Entry.objects.get(pk=pk, owner=user)
    except (Entry.DoesNotExist, ValueError, TypeError):
        raise Http404("No such entry") from None


def get_medication_for_user(user: AbstractBaseUser, pk: int) -> Medication:
    try:
        return Medication.objects.get(pk=pk, owner=user)
    except (Medication.DoesNotExist, ValueError, TypeError):
        raise Http404("No such medication") from None


def get_dose_for_user(user: AbstractBaseUser, pk: int) -> DoseLog:
    try:
        return DoseLog.objects.select_related("medication").get(pk=pk, owner=user)
    except (DoseLog.DoesNotExist, ValueError, TypeError):
        raise Http404("No such dose") from None


def entries_for_user(user: AbstractBaseUser):
    return Entry.objects.filter(owner=user)


def medications_for_user(user: AbstractBaseUser):
    return Medication.objects.filter(owner=user)


def doses_for_user(user: AbstractBaseUser):
    return DoseLog.objects.filter(owner=user)


# -- reading --------------------------------------------------------------------------------


def diary_frame(
    user: AbstractBaseUser, start: date | datetime | None = None, end: date | datetime | None = None
) -> pd.DataFrame:
    """The person's diary as the canonical diary frame (``painscope.diary``).

    ``start``/``end`` filter on the local date (dates) or on the instant (datetimes),
    both inclusive.
    """
    rows = Observation.objects.filter(entry__owner=user)
    if start is not None:
        rows = rows.filter(**({"entry__utc__gte": start} if isinstance(start, datetime) else {"entry__local_date__gte": start}))
    if end is not None:
        rows = rows.filter(**({"entry__utc__lte": end} if isinstance(end, datetime) else {"entry__local_date__lte": end}))
    values = rows.values_list("entry__utc", "entry__offset_minutes", "kind", "name", "value", "unit", "note")
    records = [
        (utc, offset, diary.Observation(kind, name, value, unit, note))
        for utc, offset, kind, name, value, unit, note in values.iterator(chunk_size=5000)
    ]
    return diary.sort_frame(diary.frame_from_records(records))


def export_csv(user: AbstractBaseUser) -> str:
    """The person's whole diary as the canonical tidy CSV."""
    return diary.write_tidy_csv(diary_frame(user))


# -- writing --------------------------------------------------------------------------------


@dataclass
class ImportResult:
    entries_created: int = 0
    observations_created: int = 0
    observations_updated: int = 0
    observations_unchanged: int = 0

    def as_dict(self) -> dict[str, int]:
        return self.__dict__.copy()

    def summary(self) -> str:
        return (
            f"{self.entries_created} new check-ins, {self.observations_created} new observations, "
            f"{self.observations_updated} updated, {self.observations_unchanged} already there"
        )


def import_frame(user: AbstractBaseUser, frame: pd.DataFrame, source: str = "import") -> ImportResult:
    """Store a validated canonical diary frame in one transaction (merge by moment and item).

    An observation already stored for the same moment, kind and name is updated, not
    duplicated, so importing the same file twice changes nothing the second time.
    """
    result = ImportResult()
    if frame.empty:
        return result
    entries = diary.frame_to_entries(frame)
    with transaction.atomic():
        existing = {
            e.utc: e
            for e in Entry.objects.filter(owner=user, utc__in=[x.utc for x in entries])
        }
        new_entries = [
            Entry(
                owner=user,
                utc=e.utc,
                offset_minutes=e.offset_minutes,
                local_date=_local_date(e),
                source=source,
            )
            for e in entries
            if e.utc not in existing
        ]
        for created in Entry.objects.bulk_create(new_entries, batch_size=2000):
            existing[created.utc] = created
        result.entries_created = len(new_entries)
        if any(e.pk is None for e in existing.values()):  # backends without RETURNING ids
            existing = {e.utc: e for e in Entry.objects.filter(owner=user, utc__in=[x.utc for x in entries])}
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
                    old.value, old.unit, old.note = o.value, o.unit, o.note
                    to_update.append(old)
                else:
                    result.observations_unchanged += 1
        Observation.objects.bulk_create(to_create, batch_size=5000)
        Observation.objects.bulk_update(to_update, ["value", "unit", "note"], batch_size=2000)
        result.observations_created = len(to_create)
        result.observations_updated = len(to_update)
    return result


def import_csv(user: AbstractBaseUser, data: bytes | str, source: str = "import") -> ImportResult:
    """Validate a tidy CSV (raises ``diary.DiaryError``) and store it in one transaction."""
    frame = diary.read_tidy_csv(data.encode() if isinstance(data, str) else data)
    return import_frame(user, frame, source=source)


def save_entry(
    user: AbstractBaseUser,
    entry: diary.Entry,
    *,
    replace: Entry | None = None,
    source: str = "web",
) -> Entry:
    """Create an entry, or replace all of ``replace``'s observations, in one transaction.

    The observations must already be validated (``diary.check_observation``).
    """
    with transaction.atomic():
        if replace is not None:
            if replace.owner_id != user.pk:
                raise Http404("No such entry")
            row = replace
            row.utc = entry.utc
            row.offset_minutes = entry.offset_minutes
            row.local_date = _local_date(entry)
            row.save()
            row.observations.all().delete()
        else:
            row = Entry.objects.create(
                owner=user,
                utc=entry.utc,
                offset_minutes=entry.offset_minutes,
                local_date=_local_date(entry),
                source=source,
            )
        Observation.objects.bulk_create(
            Observation(entry=row, kind=o.kind, name=o.name, value=o.value, unit=o.unit, note=o.note)
            for o in entry.observations
        )
    return row


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
    with transaction.atomic():
        if kinds is None:
            Entry.objects.filter(owner=user).delete()
        else:
            Observation.objects.filter(entry__owner=user, kind__in=list(kinds)).delete()
            Entry.objects.filter(owner=user, observations__isnull=True).delete()
