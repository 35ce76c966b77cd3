"""The one gate: "may this viewer see this person's data of this kind now?".

Every query of a person's data in the web layer, the API and the CLI passes through
:func:`may_see` / :func:`require` (the ``*_for_user`` helpers of the apps call it), so the
answer lives in one place, as healthchecks' ``_get_check_for_user``:

- the owner may always see their own data (nothing is logged: it is theirs);
- anyone else only through an **active** share (accepted, not revoked, not past its end) to
  a **clinician** account whose scope covers the kind; the share is read from the database
  on every call, so a revocation takes effect at the next request;
- every access by someone other than the owner is written to the audit log, allowed or
  refused, with the route it came through (see :class:`AuditContext`).

A refusal is always a 404 ("No such patient"), the same answer as for an id that does not
exist, so nobody learns whether a person exists by probing.
"""

from __future__ import annotations

import contextvars
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.contrib.auth import get_user_model
from django.http import Http404

from painscope.web.care.models import KINDS, AuditEvent, Share

#: The Django auth Group whose members are clinicians (the role contract with ``accounts``,
#: which requires a second factor for this group).
CLINICIAN_GROUP = "clinician"


@dataclass
class AuditContext:
    """Where the current access comes from: set per request by :class:`AuditMiddleware`,
    "cli" for commands. ``logged`` keeps one audit row per person, kind and outcome per
    request (a summary page reads the diary several times; the person sees one line)."""

    route: str = "cli"
    method: str = ""
    address: str = ""
    user_agent: str = ""
    logged: set = field(default_factory=set)


_context: contextvars.ContextVar[AuditContext | None] = contextvars.ContextVar("painscope_audit", default=None)


def current_context() -> AuditContext:
    """The request's context; outside a request (CLI, tests) a fresh "cli" one each time."""
    return _context.get() or AuditContext()


def set_context(ctx: AuditContext | None) -> contextvars.Token:
    return _context.set(ctx)


def reset_context(token: contextvars.Token) -> None:
    _context.reset(token)


class AuditMiddleware:
    """Records the route, address and user agent of each request for the audit log."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        agent = request.META.get("HTTP_USER_AGENT", "")[:200]
        token = set_context(AuditContext(
            route=request.path[:200], method=request.method or "", address=request.META.get("REMOTE_ADDR", "")[:45],
            user_agent=agent,
        ))
        try:
            return self.get_response(request)
        finally:
            reset_context(token)


def is_clinician(user) -> bool:
    """Whether ``user`` is a clinician: a member of the auth Group "clinician"."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.groups.filter(name=CLINICIAN_GROUP).exists()


def _now() -> datetime:
    return datetime.now(UTC)


def active_share(viewer, person) -> Share | None:
    """The viewer's active share from ``person`` now, or ``None``; the newest if several."""
    if viewer is None or person is None or not is_clinician(viewer):
        return None
    return (
        Share.objects.filter(patient=person, clinician=viewer, status=Share.ACTIVE, ends__gt=_now())
        .order_by("-accepted", "-pk").first()
    )


def allowed_kinds(viewer, person) -> frozenset[str]:
    """The kinds ``viewer`` may see of ``person`` now (all for the owner). Writes nothing:
    use it to decide what to offer, and :func:`may_see` to read."""
    if _is_owner(viewer, person):
        return frozenset(KINDS)
    share = active_share(viewer, person)
    return frozenset(share.scope) if share is not None else frozenset()


def _is_owner(viewer, person) -> bool:
    return (
        viewer is not None and person is not None and getattr(viewer, "is_authenticated", False)
        and viewer.pk is not None and viewer.pk == person.pk
    )


def may_see(viewer, person, kind: str, *, event: str = "view", action: str = "R") -> bool:
    """May ``viewer`` see ``person``'s data of ``kind`` now? Logs non-owner access."""
    if kind not in KINDS:
        raise ValueError(f"unknown data kind {kind!r}; expected one of {', '.join(KINDS)}")
    if _is_owner(viewer, person):
        return True
    if viewer is None or person is None or not getattr(viewer, "is_authenticated", False):
        return False
    share = active_share(viewer, person)
    allowed = share is not None and share.covers(kind)
    record(person, viewer, event=event, kind=kind, action=action, share=share,
           outcome=AuditEvent.ALLOWED if allowed else AuditEvent.REFUSED)
    return allowed


def require(viewer, person, kind: str, *, event: str = "view", action: str = "R") -> None:
    """:func:`may_see`, raising 404 when the answer is no."""
    if not may_see(viewer, person, kind, event=event, action=action):
        raise Http404("No such patient")


def patient_for(viewer, patient_id, kind: str, *, event: str = "view", action: str = "R"):
    """The person with id ``patient_id`` if ``viewer`` may see their ``kind`` now; else 404."""
    User = get_user_model()
    try:
        person = User.objects.get(pk=int(patient_id), is_active=True)
    except (User.DoesNotExist, ValueError, TypeError):
        raise Http404("No such patient") from None
    require(viewer, person, kind, event=event, action=action)
    return person


def shared_patients(viewer):
    """The people with an active share to ``viewer`` now (none unless a clinician)."""
    User = get_user_model()
    if not is_clinician(viewer):
        return User.objects.none()
    return User.objects.filter(
        is_active=True, shares_given__clinician=viewer, shares_given__status=Share.ACTIVE, shares_given__ends__gt=_now()
    ).distinct().order_by("username")


def record(person, actor, *, event: str, kind: str = "", action: str = "R", share: Share | None = None,
           outcome: int = AuditEvent.ALLOWED) -> AuditEvent | None:
    """Append one event to ``person``'s audit log (once per request for the same access)."""
    ctx = current_context()
    key = (person.pk, getattr(actor, "pk", None), event, kind, outcome)
    if key in ctx.logged:
        return None
    ctx.logged.add(key)
    role = "clinician" if is_clinician(actor) else ("patient" if actor is not None and actor.pk == person.pk else "other")
    return AuditEvent.objects.create(
        patient=person, actor=actor, actor_role=role, share=share, at=_now(), action=action, event=event, kind=kind,
        route=ctx.route, method=ctx.method, outcome=outcome, address=ctx.address, user_agent=ctx.user_agent,
    )
