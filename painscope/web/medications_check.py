"""Interaction checks on a person's stored medications (the service the CLI and pages call).

The rules are pure (:mod:`painscope.diary.interactions`); this module only picks the
medications the person takes now (no stop date, or one today or later) through the
owner's query helper.
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q

from painscope.diary.interactions import CheckResult, check
from painscope.web.journal.services import medications_for_user


def current_medication_names(user: AbstractBaseUser, today: date | None = None,
                             viewer: AbstractBaseUser | None = None) -> list[str]:
    today = today or date.today()
    meds = medications_for_user(user, viewer=viewer).filter(Q(stop_date__isnull=True) | Q(stop_date__gte=today))
    return list(meds.order_by("name").values_list("name", flat=True))


def interaction_check(user: AbstractBaseUser, extra: list[str] | None = None,
                      viewer: AbstractBaseUser | None = None) -> CheckResult:
    """Warnings for the person's current medications (plus ``extra`` names, e.g. one being
    added), read through the gate for ``viewer`` (default: the person)."""
    return check(current_medication_names(user, viewer=viewer) + list(extra or []))
