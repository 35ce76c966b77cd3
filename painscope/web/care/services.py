"""What the sharing pages, the API and the CLI call: invites, shares, the audit log, the
clinician's patient list and summaries, questionnaire assignments and safety notices.

Every read of a patient's data goes through :mod:`painscope.web.care.gate` with the viewer
who asked, so it is checked against the share and written to the patient's audit log.
Nothing is computed here that a pure package computes: pain summaries come from
``painscope.diary.summary``, adherence from ``painscope.diary.medications`` (through the
journal's adherence rows), questionnaire flags from ``painscope.instruments`` (stored with
each administration), the summary page and PDF from ``painscope.reports``.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from painscope.web.care import gate
from painscope.web.care.models import KIND_LABELS, KINDS, AuditEvent, Notification, Share

#: Share lengths a person may choose (days). 30 is the default of ``painscope share invite``.
DEFAULT_DAYS = 30
MAX_DAYS = 365
#: Invite codes: 12 characters from 31 letters and digits without look-alikes (0/O, 1/I/L),
#: log2(31**12) ≈ 59 bits; the code is usable once and only until the share would end.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12
#: A questionnaire may be assigned every 1 to 365 days.
MIN_EVERY_DAYS, MAX_EVERY_DAYS = 1, 365
#: A "meaningful worsening" flag counts on the patients list for this long (one usual
#: 4-week review interval; presentation rule of this site).
WORSENING_WINDOW_DAYS = 28

ROLES = ("patient", "clinician")


class CareError(ValueError):
    """A request about sharing that cannot be done; the message says why (and which field)."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field


def _now() -> datetime:
    return datetime.now(UTC)


# -- roles ----------------------------------------------------------------------------------


def set_role(user, role: str) -> None:
    """Make ``user`` a patient (default) or a clinician (member of the Group "clinician")."""
    if role not in ROLES:
        raise CareError(f"role must be one of {', '.join(ROLES)} (got '{role}')", "role")
    group, _ = Group.objects.get_or_create(name=gate.CLINICIAN_GROUP)
    if role == "clinician":
        user.groups.add(group)
    else:
        user.groups.remove(group)


is_clinician = gate.is_clinician


# -- invites and shares ---------------------------------------------------------------------


def parse_scope(value: str | Iterable[str]) -> list[str]:
    """Scope kinds from "diary,medications" or a list; unknown or no kinds are an error."""
    items = value.split(",") if isinstance(value, str) else list(value)
    kinds = [k.strip().lower() for k in items if k and k.strip()]
    if not kinds:
        raise CareError(f"choose at least one kind of data to share ({', '.join(KINDS)})", "scope")
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        raise CareError(f"unknown kind {', '.join(repr(k) for k in unknown)}; choose from {', '.join(KINDS)}", "scope")
    return [k for k in KINDS if k in kinds]  # canonical order, no repeats


def new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def invite(patient, scope: str | Iterable[str], days: int = DEFAULT_DAYS) -> tuple[Share, str]:
    """A new share waiting for a clinician, and its one-time code (shown once, stored hashed)."""
    kinds = parse_scope(scope)
    if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= MAX_DAYS:
        raise CareError(f"days must be a whole number from 1 to {MAX_DAYS} (got {days})", "days")
    if gate.is_clinician(patient):
        raise CareError("clinician accounts cannot share data; sign in with a patient account", "user")
    code = new_code()
    with transaction.atomic():
        share = Share.objects.create(
            patient=patient, scope=kinds, status=Share.PROPOSED, code_digest=Share.digest_of(code),
            ends=_now() + timedelta(days=days),
        )
        gate.record(patient, patient, event="share.invite", kind="share", action="C", share=share)
    return share, code


INVALID_CODE = "this code is not valid: it may be mistyped, already used, withdrawn or past its end"


def accept(clinician, code: str) -> Share:
    """Link ``clinician`` to the patient who made ``code``; the code then stops working.

    A newer share between the same two people replaces the older one (the patient's latest
    choice of scope and end counts).
    """
    if not gate.is_clinician(clinician):
        raise CareError("only clinician accounts can accept a sharing code (ask the site's administrator)", "user")
    code = (code or "").strip()
    if not code:
        raise CareError("enter the sharing code the patient gave you", "code")
    with transaction.atomic():
        share = (
            Share.objects.select_for_update()
            .filter(code_digest=Share.digest_of(code), status=Share.PROPOSED, ends__gt=_now()).first()
        )
        if share is None:
            raise CareError(INVALID_CODE, "code")
        if share.patient_id == clinician.pk:
            raise CareError("you cannot accept your own sharing code", "code")
        now = _now()
        # Spend the code with a conditional UPDATE, so that of two clinicians entering the same
        # code at once (SQLite ignores select_for_update) exactly one gets it.
        spent = Share.objects.filter(pk=share.pk, status=Share.PROPOSED).update(
            clinician=clinician, status=Share.ACTIVE, accepted=now
        )
        if spent != 1:
            raise CareError(INVALID_CODE, "code")
        older = Share.objects.filter(patient_id=share.patient_id, clinician=clinician, status=Share.ACTIVE).exclude(pk=share.pk)
        older.update(status=Share.INACTIVE, revoked=now)
        share.refresh_from_db()
        gate.record(share.patient, clinician, event="share.accept", kind="share", action="U", share=share)
    return share


def revoke(patient, *, clinician_username: str | None = None, share_id: int | None = None) -> int:
    """End the patient's shares (one, or all with one clinician, including unused codes).

    Takes effect at the clinician's next request: the gate reads the share every time.
    Returns how many shares ended; none is an error naming what was not found.
    """
    rows = Share.objects.filter(patient=patient, status__in=[Share.PROPOSED, Share.ACTIVE])
    if share_id is not None:
        rows = rows.filter(pk=share_id)
    elif clinician_username is not None:
        rows = rows.filter(clinician__username=clinician_username)
    else:
        raise CareError("say which share to end (a clinician or a share id)", "clinician")
    with transaction.atomic():
        shares = list(rows.select_for_update())
        if not shares:
            what = f"with '{clinician_username}'" if share_id is None else f"number {share_id}"
            raise CareError(f"no active share {what}", "clinician" if share_id is None else "share")
        now = _now()
        for share in shares:
            share.status, share.revoked = Share.INACTIVE, now
            share.save(update_fields=["status", "revoked"])
            gate.record(patient, patient, event="share.revoke", kind="share", action="U", share=share)
    return len(shares)


def shares_of(patient):
    return Share.objects.filter(patient=patient).select_related("clinician")


def get_share_for_user(patient, share_id) -> Share:
    from django.http import Http404

    try:
        return Share.objects.select_related("clinician").get(pk=int(share_id), patient=patient)
    except (Share.DoesNotExist, ValueError, TypeError):
        raise Http404("No such share") from None


def share_state(share: Share, now: datetime | None = None) -> str:
    """"waiting", "active", "ended" (past its end) or "revoked"."""
    now = now or _now()
    if share.status == Share.INACTIVE:
        return "revoked"
    if share.ends <= now:
        return "ended"
    return "active" if share.status == Share.ACTIVE else "waiting"


def share_json(share: Share) -> dict[str, Any]:
    return {
        "id": share.pk,
        "clinician": share.clinician.username if share.clinician else None,
        "scope": list(share.scope),
        "state": share_state(share),
        "status": share.status,  # FHIR Consent.status
        "created": share.created.isoformat(),
        "accepted": share.accepted.isoformat() if share.accepted else None,
        "ends": share.ends.isoformat(),
        "revoked": share.revoked.isoformat() if share.revoked else None,
    }


def linked_clinicians(patient, kind: str = "questionnaires") -> list:
    """Clinicians with an active share from ``patient`` covering ``kind`` now."""
    now = _now()
    out = []
    for share in Share.objects.filter(patient=patient, status=Share.ACTIVE, ends__gt=now).select_related("clinician"):
        if share.covers(kind) and gate.is_clinician(share.clinician) and share.clinician not in out:
            out.append(share.clinician)
    return out


# -- the audit log --------------------------------------------------------------------------

EVENT_WORDS = {
    "view": "looked at",
    "download": "downloaded",
    "assign": "assigned a questionnaire",
    "share.invite": "made a sharing code",
    "share.accept": "accepted the sharing code",
    "share.revoke": "ended the share",
}


def audit_events(patient):
    """``patient``'s audit log, newest first."""
    return AuditEvent.objects.filter(patient=patient).select_related("actor")


def actor_name(event: AuditEvent) -> str:
    if event.actor is None:
        return "an account since deleted"
    return event.actor.username


def _object(event: AuditEvent) -> str:
    if event.kind == "share":
        return f"share {event.share_id}" if event.share_id else "share"
    return event.kind


def audit_json(event: AuditEvent) -> dict[str, Any]:
    return {
        "at": event.at.isoformat(),
        "actor": actor_name(event),
        "role": event.actor_role,
        "action": event.event,
        "object": _object(event),
        "outcome": "allowed" if event.outcome == AuditEvent.ALLOWED else "refused",
        "route": event.route,
        "method": event.method,
        "share": event.share_id,
        # FHIR AuditEvent.action (C/R/U/D/E)
        "fhir_action": event.action,
    }


AUDIT_COLUMNS = ("at", "actor", "role", "action", "object", "outcome", "route", "method", "share", "fhir_action")


def audit_document(patient) -> dict[str, Any]:
    return {"events": [audit_json(e) for e in audit_events(patient)]}


def audit_csv(patient) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=AUDIT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for event in audit_events(patient):
        writer.writerow(audit_json(event))
    return out.getvalue()


@dataclass(frozen=True)
class AuditLine:
    """One line of the patient's audit page, in words."""

    event: AuditEvent
    who: str
    did: str
    what: str
    through: str
    refused: bool


def audit_lines(patient, limit: int = 200) -> list[AuditLine]:
    out = []
    for e in audit_events(patient)[:limit]:
        what = "" if e.kind == "share" else KIND_LABELS.get(e.kind, e.kind)
        through = "the API" if e.route.startswith("/api/") else ("the command line" if e.route == "cli" else "the website")
        out.append(AuditLine(e, actor_name(e) if e.actor_id != patient.pk else "you", EVENT_WORDS.get(e.event, e.event),
                             what, through, e.outcome != AuditEvent.ALLOWED))
    return out


# -- the clinician's view of a patient ------------------------------------------------------


@dataclass(frozen=True)
class PatientRow:
    """One line of the clinician's patients list; ``None`` where the share does not cover it."""

    patient: Any
    share: Share
    last_checkin: datetime | None
    pain_7: Any  # painscope.diary.summary.PainSummary
    pain_30: Any
    peg: list[tuple[date, float]] | None  # latest PEG totals, newest first
    not_logged: tuple[int, int] | None  # (doses not logged, scheduled) over 4 weeks
    item9: Any  # painscope.web.assessments.services.Item9Notice
    worsening: list[str] | None  # titles of questionnaires with a meaningful worsening
    notices: list[Notification]

    @property
    def scope_words(self) -> str:
        return ", ".join(self.share.scope)

    @property
    def has_flags(self) -> bool:
        return bool(self.item9 or self.worsening)


def _daily(patient, kinds: frozenset[str]):
    from painscope.diary.daily import daily_table
    from painscope.web.care.scope import frame_within
    from painscope.web.journal.services import diary_frame

    return daily_table(frame_within(diary_frame(patient), kinds))


def patient_row(clinician, patient, now: datetime | None = None) -> PatientRow:
    from painscope.diary.summary import pain_summary
    from painscope.web.accounts.models import Profile
    from painscope.web.assessments.services import recent_item9_notice, title_of
    from painscope.web.journal.models import Entry

    now = now or _now()
    share = gate.active_share(clinician, patient)
    if share is None:
        from django.http import Http404

        raise Http404("No such patient")
    today = now.astimezone(Profile.for_user(patient).zone).date()
    covered = frozenset(share.scope)
    last = pain_7 = pain_30 = peg = not_logged = item9 = worsening = None
    if "diary" in covered and gate.may_see(clinician, patient, "diary"):
        last = Entry.objects.filter(owner=patient).order_by("-utc").values_list("utc", flat=True).first()
        daily = _daily(patient, frozenset({"diary"}))
        pain_7, pain_30 = pain_summary(daily, today, 7), pain_summary(daily, today, 30)
    if "questionnaires" in covered and gate.may_see(clinician, patient, "questionnaires"):
        from painscope.web.assessments.models import Administration

        adms = Administration.objects.filter(owner=patient)
        peg = [(a.authored.date(), a.total) for a in adms.filter(instrument_id="peg")[:3] if a.total is not None]
        item9 = recent_item9_notice(patient, now)
        since = now - timedelta(days=WORSENING_WINDOW_DAYS)
        latest: dict[str, Any] = {}
        for a in adms.filter(authored__gte=since):
            latest.setdefault(a.instrument_id, a)  # newest first
        worsening = [
            title_of(i) for i, a in latest.items()
            if any(f.get("code") == "meaningful-worsening" for f in a.result.get("flags", []))
        ]
    if "medications" in covered and gate.may_see(clinician, patient, "medications"):
        from painscope.web.journal.views import adherence_rows

        rows = adherence_rows(patient, now)
        scheduled = sum(r.scheduled for r in rows)
        not_logged = (scheduled - sum(r.taken for r in rows), scheduled)
    notices = list(Notification.objects.filter(recipient=clinician, patient=patient, seen__isnull=True))
    return PatientRow(patient, share, last, pain_7, pain_30, peg, not_logged, item9, worsening, notices)


def patient_rows(clinician) -> list[PatientRow]:
    """The clinician's patients list: everyone with an active share, flagged ones first."""
    rows = [patient_row(clinician, p) for p in gate.shared_patients(clinician)]
    return sorted(rows, key=lambda r: (not (r.has_flags or r.notices), r.patient.username))


#: Report sections by the kind of data they hold (titles of ``painscope.reports.clinician``).
SECTION_KINDS = {
    "Pain": "diary", "Body map": "diary", "Medications": "medications", "Questionnaires": "questionnaires",
    "Heart rate variability": "wearables", "Patterns in the diary": "insights",
}


def patient_report(clinician, patient, *, days: int = 90, event: str = "view"):
    """The clinician report (``painscope.reports``) of ``patient`` holding only what the
    clinician's share covers, with a line naming what is not shared. 404 without a share."""
    from painscope.reports import Line, Section, build_report
    from painscope.web.journal.report_views import report_inputs

    if gate.active_share(clinician, patient) is None:
        gate.require(clinician, patient, "diary", event=event)  # logs the refusal, raises 404
    # ask the gate (and log) only for the kinds the share covers: a page that does not ask
    # for the rest is no refused request
    allowed = gate.allowed_kinds(clinician, patient)
    kinds = frozenset(k for k in KINDS if k in allowed and gate.may_see(clinician, patient, k, event=event))
    if not kinds:
        from django.http import Http404

        raise Http404("No such patient")
    inputs = report_inputs(patient, days=days, kinds=kinds)
    content = build_report(**inputs, compute_insights="insights" in kinds)
    sections = [s for s in content.sections if SECTION_KINDS.get(s.title, "diary") in kinds]
    missing = [KIND_LABELS[k] for k in KINDS if k not in kinds]
    if missing:
        sections.append(Section("Not shared with you", (Line("The patient has not shared: " + "; ".join(missing) + "."),)))
    return dataclasses.replace(
        content,
        sections=tuple(sections),
        alerts=content.alerts if "questionnaires" in kinds else (),
        pain_days=content.pain_days if "diary" in kinds else (),
    )


def patient_report_pdf(clinician, patient, *, days: int = 90) -> tuple[bytes, Any]:
    from painscope.reports import render_pdf

    content = patient_report(clinician, patient, days=days, event="download")
    return render_pdf(content), content


def mark_notices_seen(clinician, patient) -> None:
    Notification.objects.filter(recipient=clinician, patient=patient, seen__isnull=True).update(seen=_now())


# -- questionnaire assignments (FHIR ServiceRequest.requester / CarePlan author) --------------


def assign_questionnaire(clinician, patient, instrument_id: str, every_days: int):
    """Schedule ``instrument_id`` every ``every_days`` days for ``patient``, authored by the
    clinician (needs a share covering questionnaires). Replaces the patient's own schedule of
    the same questionnaire, keeping one schedule per questionnaire."""
    from painscope.web.assessments.models import AssessmentSchedule
    from painscope.web.assessments.services import catalogue

    gate.require(clinician, patient, "questionnaires", event="assign", action="C")
    available = {e.id for e in catalogue() if e.available}
    if instrument_id not in available:
        raise CareError(f"questionnaire: unknown or unavailable '{instrument_id}'", "instrument_id")
    if not isinstance(every_days, int) or not MIN_EVERY_DAYS <= every_days <= MAX_EVERY_DAYS:
        raise CareError(f"every_days must be a whole number from {MIN_EVERY_DAYS} to {MAX_EVERY_DAYS} (got {every_days})", "every_days")
    schedule, _ = AssessmentSchedule.objects.update_or_create(
        owner=patient, instrument_id=instrument_id, defaults={"every_days": every_days, "author": clinician}
    )
    return schedule


# -- safety: a positive PHQ-9 item 9 reaches linked clinicians --------------------------------


def notify_item9(administration) -> list[Notification]:
    """Put a stored PHQ-9 with a positive item 9 on the list of every clinician the patient
    shares questionnaires with (a notice on their patients page; no e-mail, no push)."""
    if not any(f.get("code") == "safety-phq9-item9" for f in administration.alerts):
        return []
    out = []
    for clinician in linked_clinicians(administration.owner, "questionnaires"):
        notice, _ = Notification.objects.get_or_create(
            recipient=clinician, kind=Notification.PHQ9_ITEM9, administration_id=administration.pk,
            defaults={"patient": administration.owner},
        )
        out.append(notice)
    return out


def user_by_name(username: str):
    User = get_user_model()
    try:
        return User.objects.get(username=username)
    except User.DoesNotExist:
        raise CareError(f"no user named '{username}'", "user") from None
