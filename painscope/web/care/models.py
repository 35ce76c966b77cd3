"""Shares (consent), audit events and clinician notifications.

A :class:`Share` is shaped like a FHIR R4 Consent (docs/CARE.md §5): scope
"patient-privacy", provision type "permit", ``period`` = [accepted, ends], ``actor`` = the
clinician, ``class`` = the data kinds in :attr:`Share.scope`. Revoking sets the status
"inactive". The one-time invite code is stored only as its SHA-256.

An :class:`AuditEvent` is shaped like a FHIR R4 AuditEvent: ``action`` C/R/U/D/E, ``recorded``
(:attr:`AuditEvent.at`), ``outcome`` 0 (allowed) or 4 (refused), ``agent`` (actor and role),
``source`` (route, address, user agent) and ``entity`` (the patient and the data kind). The
table is append-only: the model refuses updates and deletes, and database triggers
(migration 0002) refuse UPDATE of anything except the actor column that Django clears when
the actor's account is erased.

Every row has a foreign key to the patient with ``on_delete=CASCADE``, so deleting an
account erases its shares, audit trail and notifications. An audit row's actor is
``SET_NULL``: when a clinician's account is erased, the patient's trail keeps the fact of the
access but no longer the clinician's id or name ("an account since deleted").
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models

#: The kinds of data a share can cover (issue 12). "notes" are the free-text notes of the
#: diary and of medications and doses; without it a clinician sees the numbers, not the words.
KINDS = ("diary", "medications", "questionnaires", "wearables", "insights", "notes")
KIND_LABELS = {
    "diary": "check-ins (pain, sleep, mood, body map)",
    "medications": "medications and doses",
    "questionnaires": "questionnaire results",
    "wearables": "wearable data (HRV, sleep, steps)",
    "insights": "insights (patterns, flares)",
    "notes": "written notes",
}


class Share(models.Model):
    """A patient's consent that one clinician may see some kinds of their data until ``ends``."""

    PROPOSED = "proposed"  # invite code issued, not yet accepted (FHIR Consent.status)
    ACTIVE = "active"
    INACTIVE = "inactive"  # revoked
    STATUSES = [(PROPOSED, "waiting for the clinician"), (ACTIVE, "active"), (INACTIVE, "revoked")]

    patient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="shares_given")
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="shares_received"
    )
    scope = models.JSONField(default=list)
    status = models.CharField(max_length=10, choices=STATUSES, default=PROPOSED)
    code_digest = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField(auto_now_add=True)
    accepted = models.DateTimeField(null=True, blank=True)
    ends = models.DateTimeField(help_text="the share ends at this instant (and so does the invite code)")
    revoked = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]
        indexes = [models.Index(fields=["clinician", "patient", "status"])]

    def __str__(self) -> str:
        return f"share {self.pk} of {self.patient_id} with {self.clinician_id} ({self.status})"

    @staticmethod
    def digest_of(code: str) -> str:
        """SHA-256 of the code as typed, ignoring case, spaces and dashes ("abcd-efgh" = "ABCDEFGH")."""
        normal = "".join(ch for ch in code.upper() if ch.isalnum())
        return hashlib.sha256(normal.encode()).hexdigest()

    def covers(self, kind: str) -> bool:
        return kind in (self.scope or [])


class AuditEvent(models.Model):
    """One access to a person's data by someone else, or one change to a share. Append-only."""

    ACTIONS = [("C", "create"), ("R", "read"), ("U", "update"), ("D", "delete"), ("E", "execute")]
    ALLOWED = 0  # FHIR AuditEvent.outcome: success
    REFUSED = 4  # minor failure: the request was refused
    OUTCOMES = [(ALLOWED, "allowed"), (REFUSED, "refused")]

    patient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="audit_events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="audit_actions"
    )
    actor_role = models.CharField(max_length=16, default="", blank=True)
    share = models.ForeignKey(Share, on_delete=models.SET_NULL, null=True, blank=True, related_name="audit_events")
    at = models.DateTimeField(db_index=True)
    action = models.CharField(max_length=1, choices=ACTIONS, default="R")
    event = models.CharField(max_length=40, help_text="what happened, e.g. 'view', 'share.accept'")
    kind = models.CharField(max_length=16, blank=True, default="", help_text="the data kind (Share.scope) or 'share'")
    route = models.CharField(max_length=200, blank=True, default="")
    method = models.CharField(max_length=8, blank=True, default="")
    outcome = models.PositiveSmallIntegerField(choices=OUTCOMES, default=ALLOWED)
    address = models.CharField(max_length=45, blank=True, default="")
    user_agent = models.CharField(max_length=200, blank=True, default="")

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["patient", "at"])]

    def __str__(self) -> str:
        return f"{self.event} {self.kind} of {self.patient_id} by {self.actor_id} at {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None and not self._state.adding:
            raise PermissionError("the audit log is append-only: an event cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("the audit log is append-only: an event cannot be deleted (only with the account)")


class Notification(models.Model):
    """Something a clinician should see on their patients page, e.g. a positive PHQ-9 item 9.

    Shown on the site only: no e-mail or push carries its content (docs/CARE.md §6).
    """

    PHQ9_ITEM9 = "phq9-item9"
    KINDS = [(PHQ9_ITEM9, "PHQ-9 question 9 answered above 'not at all'")]

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="care_notifications")
    patient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="care_notifications_about")
    kind = models.CharField(max_length=16, choices=KINDS)
    administration_id = models.BigIntegerField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    seen = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "kind", "administration_id"], name="one_notice_per_answer")
        ]

    def __str__(self) -> str:
        return f"{self.kind} about {self.patient_id} for {self.recipient_id}"
