"""Wearable imports and the HRV view, and the one place that answers "whose job is this?".

Everything a page shows comes from pure functions: ``painscope.signals`` reads the files and
assesses the morning baseline, :mod:`painscope.web.wearables.hrvchart` shapes it for the chart.
Every write of measures goes through ``painscope.web.journal.services.import_frame``
(validated by ``painscope.diary``, one transaction, merged by moment, kind and name), so a bad
file stores nothing and the same file imported twice adds nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from painscope.web.care import gate
from painscope.web.wearables.models import ImportJob

#: Labels for people, in the order of the format menu. Keys are ``read_wearable`` formats.
FORMAT_LABELS: dict[str, str] = {
    "auto": gettext_lazy("Find out from the file"),
    "apple": gettext_lazy("Apple Health export (export.xml or the .zip)"),
    "fitbit": gettext_lazy("Fitbit (Google Takeout file or .zip)"),
    "fit": gettext_lazy("Garmin FIT file"),
    "polar": gettext_lazy("Polar Sensor Logger RR file"),
    "elitehrv": gettext_lazy("Elite HRV RR file"),
    "whoop": gettext_lazy("WHOOP CSV (physiological_cycles.csv or .zip)"),
    "oura": gettext_lazy("Oura JSON export"),
    "rr": gettext_lazy("Plain RR file (one interval per line)"),
    "daily-csv": gettext_lazy("Daily measures CSV (first column: date)"),
}

MEASURE_LABELS: dict[str, str] = {
    "hrv_lnrmssd_morning": gettext_lazy("morning HRV (ln RMSSD)"),
    "hrv_rmssd_morning": gettext_lazy("morning HRV (RMSSD)"),
    "hrv_rmssd_night": gettext_lazy("night HRV (RMSSD)"),
    "hrv_rmssd_spot": gettext_lazy("HRV reading outside the morning (RMSSD)"),
    "hrv_sdnn": gettext_lazy("HRV (SDNN, Apple Watch)"),
    "resting_hr": gettext_lazy("resting heart rate"),
    "sleep_hours": gettext_lazy("sleep hours"),
    "steps": gettext_lazy("steps"),
}

Progress = Callable[[int, int | None], None]


class WearableImportError(ValueError):
    """A file that cannot be imported; the message names the problem. Nothing was stored."""


# -- ownership: every helper asks the one gate (painscope.web.care.gate) ------------------


def get_job_for_user(user: AbstractBaseUser, pk: int, viewer: AbstractBaseUser | None = None) -> ImportJob:
    """The import job with this id if ``user`` started it; 404 otherwise (never 403)."""
    gate.require(viewer or user, user, "wearables")
    try:
        return ImportJob.objects.get(pk=pk, owner=user)
    except (ImportJob.DoesNotExist, ValueError, TypeError):
        raise Http404("No such import") from None


def jobs_for_user(user: AbstractBaseUser, viewer: AbstractBaseUser | None = None):
    gate.require(viewer or user, user, "wearables")
    return ImportJob.objects.filter(owner=user)


# -- importing ------------------------------------------------------------------------------


@dataclass
class WearableSummary:
    """What one import did, for the CLI's ``--json`` and the status page."""

    file: str
    format: str
    time_zone: str
    days: int = 0
    first_day: str | None = None
    last_day: str | None = None
    measures: dict[str, int] = field(default_factory=dict)
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept_existing: int = 0
    n_beats: int = 0
    warnings: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def import_wearable_file(
    user: AbstractBaseUser,
    path: str | Path,
    format: str = "auto",
    *,
    tz: str | None = None,
    progress: Progress | None = None,
    display_name: str | None = None,
) -> WearableSummary:
    """Read a wearable file and store its daily measures in the person's diary.

    Times that carry no UTC offset (Fitbit, Polar, Elite HRV, daily CSV) are read in ``tz``,
    by default the person's profile time zone, so the same file always lands on the same
    moments and a second import only finds rows that are "already there".

    Raises
    ------
    WearableImportError
        For an unreadable, unsafe or invalid file (message for people); nothing is stored.
    """
    from painscope import diary
    from painscope.signals.wearable import FORMATS, read_wearable
    from painscope.web.accounts.models import Profile

    p = Path(path)
    name = display_name or p.name
    if format not in FORMATS:
        raise WearableImportError(f"unknown format {format!r} (choose from {', '.join(FORMATS)})")
    zone = tz or Profile.for_user(user).timezone
    try:
        result = read_wearable(p, format=format, progress=progress, tz=zone)
        frame = diary.validate_frame(result.daily)
    except diary.DiaryError as exc:
        raise WearableImportError(f"{name}: {exc}") from None
    except (ValueError, OSError) as exc:  # SignalFormatError is a ValueError
        raise WearableImportError(_readable(str(exc), p, name)) from None
    except RecursionError:  # pragma: no cover - a pathologically nested file
        raise WearableImportError(f"{name}: the file is nested too deeply to read") from None
    stored, kept, conflict_warnings = store_wearable_frame(user, frame)
    daily = result.daily
    days = sorted({str(t)[:10] for t in daily["timestamp"]}) if not daily.empty else []
    return WearableSummary(
        file=name,
        format=result.format,
        time_zone=zone,
        days=len(days),
        first_day=days[0] if days else None,
        last_day=days[-1] if days else None,
        measures={str(k): int(v) for k, v in daily["name"].value_counts().sort_index().items()},
        rows=len(daily),
        created=stored.observations_created,
        updated=stored.observations_updated,
        unchanged=stored.observations_unchanged,
        n_beats=0 if result.rr is None else len(result.rr),
        kept_existing=kept,
        warnings=list(result.warnings) + conflict_warnings,
    )


def store_wearable_frame(user: AbstractBaseUser, frame, source: str = "wearable"):
    """Store a tidy frame of daily measures the way every wearable import does.

    Validated by ``painscope.diary`` (a bad row stores nothing), rows that would overwrite
    another source's value for the same day are left out (:func:`_keep_other_sources`), the
    rest written in one go by ``import_frame``. ``source`` names the import batch
    (``"wearable"`` for files, ``"demo"`` for the demo account's synthetic dailies).

    Returns ``(ImportResult, values kept as they were, warnings)``.
    """
    from painscope import diary
    from painscope.web.journal.services import import_frame

    frame = diary.validate_frame(frame)
    frame, kept, warnings = _keep_other_sources(user, frame)
    return import_frame(user, frame, source=source), kept, warnings


def _keep_other_sources(user: AbstractBaseUser, frame) -> tuple[Any, int, list[str]]:
    """Drop rows that would overwrite another source's stored value for the same day.

    The rule is :func:`painscope.signals.provenance.decide` (one device never replaces
    another's value; the first reading of a day counts). Re-importing the same source
    passes through, so it stays idempotent. Returns the rows to store, how many were kept
    as they were, and one warning per skipped day and measure.
    """
    import pandas as pd

    from painscope.signals.provenance import decide
    from painscope.web.journal.models import Observation

    if frame.empty:
        return frame, 0, []
    utc = [pd.Timestamp(t).tz_convert("UTC").to_pydatetime() for t in frame["timestamp"]]
    existing = {
        (u, n): note
        for u, n, note in Observation.objects.filter(
            entry__owner=user,
            entry__utc__in=set(utc),
            kind="measure",
            name__in=set(frame["name"]),
        ).values_list("entry__utc", "name", "note")
    }
    keep: list[bool] = []
    warnings: list[str] = []
    for u, (_index, row) in zip(utc, frame.iterrows(), strict=True):
        key = (u, row["name"])
        write, reason = decide(existing.get(key), str(row["note"] or ""), exists=key in existing)
        keep.append(write)
        if reason:
            warnings.append(f"{str(row['timestamp'])[:10]} {row['name']}: {reason}")
    mask = pd.Series(keep, index=frame.index)
    return frame[mask], int((~mask).sum()), warnings


def _readable(message: str, path: Path, name: str) -> str:
    """Show the file's own name, not the server's storage path."""
    text = message.replace(str(path), name)
    return text if text.startswith(name) else f"{name}: {text}"


def stored_count(summary: dict[str, Any]) -> int:
    """Values the import wrote to the diary (new or changed)."""
    return int(summary.get("created", 0) or 0) + int(summary.get("updated", 0) or 0)


def summary_headline(summary: dict[str, Any]) -> str:
    """The first words of a finished import: "Done." only when something was stored.

    A file with nothing to add (a FIT activity holds beats but no daily measure; a file
    imported twice) says so instead of "Done." (issue 14).
    """
    if stored_count(summary):
        return _("Done.")
    if summary.get("rows"):
        return _("Nothing new was stored: your diary already had all of it.")
    return _("Nothing was stored in your diary.")


def summary_sentences(summary: dict[str, Any]) -> list[str]:
    """The import's result in plain words (status page and CLI)."""
    fmt = FORMAT_LABELS.get(summary.get("format", ""), summary.get("format", _("file")))
    days = summary.get("days", 0)
    out = [_("Read %(file)s as: %(format)s.") % {"file": summary.get("file", _("the file")), "format": fmt}]
    if days:
        measures = ", ".join(
            ngettext("%(measure)s (%(n)d day)", "%(measure)s (%(n)d days)", v)
            % {"measure": MEASURE_LABELS.get(k, k.replace("_", " ")), "n": v}
            for k, v in summary.get("measures", {}).items()
        )
        span = (
            summary["first_day"]
            if summary.get("first_day") == summary.get("last_day")
            else _("%(first)s to %(last)s") % {"first": summary.get("first_day"), "last": summary.get("last_day")}
        )
        out.append(
            ngettext(
                "Found %(n)d day of measures (%(span)s): %(measures)s.",
                "Found %(n)d days of measures (%(span)s): %(measures)s.",
                days,
            )
            % {"n": days, "span": span, "measures": measures}
        )
        out.append(
            _("%(created)s new, %(updated)s updated, %(unchanged)s already in your diary.")
            % {
                "created": summary.get("created", 0),
                "updated": summary.get("updated", 0),
                "unchanged": summary.get("unchanged", 0),
            }
        )
        if summary.get("kept_existing"):
            n = summary["kept_existing"]
            out.append(
                ngettext(
                    "%(n)d value from another device or an earlier reading "
                    "of the same day were kept as they were (see the notes).",
                    "%(n)d values from another device or an earlier reading "
                    "of the same day were kept as they were (see the notes).",
                    n,
                )
                % {"n": n}
            )
    else:
        out.append(_("This file has no daily measures to add to your diary."))
    if summary.get("n_beats"):
        out.append(
            _(
                "It holds %(n)s beat-to-beat intervals; they are not stored "
                "(`painscope hrv FILE` computes their HRV)."
            )
            % {"n": summary["n_beats"]}
        )
    return out


# -- the HRV page and the dashboard card ---------------------------------------------------


def hrv_context(user: AbstractBaseUser, *, metric: str | None = None, days: int = 90) -> dict[str, Any]:
    """Everything the HRV page shows (numbers from ``painscope.signals.baseline``)."""
    from painscope import diary
    from painscope.web.accounts.models import Profile
    from painscope.web.journal.services import diary_frame
    from painscope.web.wearables import hrvchart

    zone = Profile.for_user(user).zone
    today = datetime.now(UTC).astimezone(zone).date()
    # The normal range looks back 60 days from the first day on the chart.
    frame = diary_frame(user, start=today - timedelta(days=days + hrvchart.RANGE_DAYS + 7))
    available = hrvchart.available_metrics(frame)
    chosen = metric if metric in available else (available[0] if available else hrvchart.MORNING)
    view = hrvchart.hrv_view(frame, chosen, today, days=days)
    daily = diary.daily_table(frame)
    start = today - timedelta(days=days - 1)
    return {
        "today": today,
        "days": days,
        "metric": chosen,
        "metrics": [(m, hrvchart.METRICS[m].label) for m in available],
        "view": view,
        "figure": hrvchart.hrv_figure(view, daily, start, today),
        "weekly_rows": hrvchart.weekly_rows(view, start, today),
    }


def dashboard_card_context(user: AbstractBaseUser) -> dict[str, Any]:
    """The dashboard card: the latest morning-baseline status (``wearables/_dashboard_card.html``)."""
    from django.core.cache import cache

    from painscope.web.accounts.models import Profile
    from painscope.web.journal.services import diary_frame, diary_token
    from painscope.web.wearables import hrvchart

    today = datetime.now(UTC).astimezone(Profile.for_user(user).zone).date()
    # Kept under the diary's version token (changed by every write): exact invalidation.
    key = f"wearables-card:v1:{user.pk}:{diary_token(user)}:{today.isoformat()}"
    hit = cache.get(key)
    if isinstance(hit, dict):
        return hit
    frame = diary_frame(user, start=today - timedelta(days=hrvchart.RANGE_DAYS + 7))
    available = hrvchart.available_metrics(frame)
    metric = available[0] if available else hrvchart.MORNING
    status = hrvchart.current_status(frame, metric, today)
    card = {"wearables_card": {"status": status, "has_data": bool(available), "today": today}}
    cache.set(key, card, 24 * 3600)
    return card


def last_day_with(user: AbstractBaseUser, name: str) -> date | None:
    from painscope.web.journal.models import Observation

    row = (
        Observation.objects.filter(entry__owner=user, kind="measure", name=name)
        .order_by("-entry__local_date")
        .values_list("entry__local_date", flat=True)
        .first()
    )
    return row
