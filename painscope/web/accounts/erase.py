"""Erasing an account: every row that points at the person, their files, their sessions.

What stays is one ``ErasedAccount`` row: that an account was erased, and when (to the
minute), with neither id nor name.

How "everything" is found, so that tables added later are covered without editing this:

- every model with a foreign key or one-to-one field to the user is walked (Django's
  reverse relations of the user model). Rows reached through a relation that would not
  delete them (``SET_NULL``, ``PROTECT``, ``DO_NOTHING`` ...) are deleted first; the rest go
  with the user by ``CASCADE``, and so do the rows that hang off those (observations of an
  entry, doses of a medication, tokens of a recovery device);
- what points at the person without a foreign key: the database sessions signed in as
  them, django-axes' sign-in records (kept by username), and the upload folder
  ``MEDIA_ROOT/uploads/<user id>/`` plus any file field of a deleted row;
- apps that keep a copy of the person's name in text (not a key) listen to
  :data:`account_erasing` and scrub it in the same transaction.

On SQLite the erasure runs with ``PRAGMA secure_delete`` so deleted rows are overwritten,
then the write-ahead log is checkpointed. Backups made earlier still hold the data: see
docs/accounts.md.
"""

from __future__ import annotations

import logging
import shutil
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, models, transaction
from django.dispatch import Signal
from django.utils import timezone

log = logging.getLogger(__name__)

#: Sent inside the erasing transaction, before any row is deleted: ``sender`` is the user
#: model, ``user`` the person. Receivers scrub copies of the person that no key points at.
account_erasing = Signal()

# Relations that delete the referring row together with the user.
_CASCADING = (models.CASCADE,)


@dataclass
class ErasureReport:
    rows: Counter = field(default_factory=Counter)  # model label -> rows deleted
    sessions: int = 0
    files: int = 0

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())

    def as_dict(self) -> dict:
        return {"rows": dict(sorted(self.rows.items())), "total_rows": self.total_rows, "sessions": self.sessions, "files": self.files}


def relations_to_user() -> list[models.Field]:
    """Every concrete foreign-key / one-to-one field, in any installed model, to the user."""
    User = get_user_model()
    found = []
    for rel in User._meta.get_fields(include_hidden=True):
        if rel.auto_created and not rel.concrete and (rel.one_to_many or rel.one_to_one):
            found.append(rel.field)
    return found


def _file_fields(model) -> list[models.FileField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]


def _files_of(user) -> list[tuple]:
    """(storage, name) of every stored file in a row that points straight at the person."""
    files = []
    for fk in relations_to_user():
        fields = _file_fields(fk.model)
        if not fields:
            continue
        for row in fk.model._base_manager.filter(**{fk.name: user}):
            for f in fields:
                value = getattr(row, f.attname)
                if value:
                    files.append((f.storage, str(value)))
    return files


def _sessions_of(user) -> list[str]:
    if settings.SESSION_ENGINE not in ("django.contrib.sessions.backends.db", "django.contrib.sessions.backends.cached_db"):
        return []
    from django.contrib.sessions.models import Session

    keys = []
    for session in Session.objects.iterator():
        try:
            data = session.get_decoded()
        except Exception:  # noqa: S112 - an unreadable session belongs to nobody we can tell
            continue
        if str(data.get("_auth_user_id")) == str(user.pk):
            keys.append(session.session_key)
    return keys


def _upload_root(user_pk: int) -> Path:
    from painscope.web.wearables.uploads import user_upload_root

    return user_upload_root(user_pk)


def erase_account(user) -> ErasureReport:
    """Erase ``user`` and everything that points at them; keep one tombstone. One transaction
    for the rows; files are removed only once it has committed."""
    User = get_user_model()
    report = ErasureReport()
    username = user.get_username()
    files = _files_of(user)
    folder = _upload_root(user.pk)
    sqlite = connection.vendor == "sqlite"
    if sqlite:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA secure_delete")
            before = int(cursor.fetchone()[0])
            cursor.execute("PRAGMA secure_delete = ON")
    try:
        with transaction.atomic():
            account_erasing.send(sender=User, user=user)
            for fk in relations_to_user():
                if fk.remote_field.on_delete not in _CASCADING:
                    _, counts = fk.model._base_manager.filter(**{fk.name: user}).delete()
                    report.rows.update({k: v for k, v in counts.items() if v})
            session_keys = _sessions_of(user)
            if session_keys:
                from django.contrib.sessions.models import Session

                report.sessions, _ = Session.objects.filter(session_key__in=session_keys).delete()
            from axes.models import AccessAttempt, AccessFailureLog, AccessLog

            for model in (AccessAttempt, AccessFailureLog, AccessLog):
                _, counts = model.objects.filter(username=username).delete()
                report.rows.update({k: v for k, v in counts.items() if v})
            _, counts = User.objects.filter(pk=user.pk).delete()
            report.rows.update({k: v for k, v in counts.items() if v})
            from painscope.web.accounts.models import ErasedAccount

            ErasedAccount.objects.create(erased_at=timezone.now().replace(second=0, microsecond=0))
    finally:
        if sqlite:
            with connection.cursor() as cursor:
                cursor.execute(f"PRAGMA secure_delete = {'ON' if before else 'OFF'}")
    for storage, name in files:
        try:
            storage.delete(name)
            report.files += 1
        except OSError as exc:
            log.warning("could not delete an erased account's file: %s", exc)
    if folder.exists():
        report.files += sum(1 for p in folder.rglob("*") if p.is_file())
        shutil.rmtree(folder, ignore_errors=True)
    if sqlite and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    user.pk = None
    return report
