"""Reminder services: planning instants, sending them once, recording answers and misses.

The web layer adapts: every rule (expansion across DST, quiet hours, snooze, follow-up,
missed) is a pure function in :mod:`painscope.diary.reminders`. This module stores the
results and talks to the channels.

Idempotency (CARE.md §3): :func:`plan` writes one :class:`Delivery` per (reminder, due
instant) — a unique constraint, so re-running it after a restart adds nothing — and
queues a send job only by a conditional ``pending → queued`` update. :func:`send_delivery`
claims its row by a conditional ``queued → sending`` update, writes a
:class:`SendAttempt` per target before sending and marks it accepted after, so a crashed
send is retried (after :data:`LEASE`) without repeating targets that already accepted.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import Http404
from django.utils import dateformat, translation
from django.utils.translation import gettext as _

from painscope.diary import medications as meds
from painscope.diary import reminders as rules
from painscope.web.journal.models import DoseLog, Medication
from painscope.web.reminders import push
from painscope.web.reminders.models import (
    Caregiver,
    Delivery,
    PushSubscription,
    Reminder,
    ReminderSettings,
    SendAttempt,
)

log = logging.getLogger(__name__)

#: How far back a planner run looks for instants it has not written yet (an outage
#: shorter than this loses nothing; older instants are past their use anyway).
CATCH_UP = timedelta(hours=24)
#: Instants due within this lead are written and queued now, to run at their send time.
LEAD = timedelta(minutes=2)
#: A queued or claimed send that has not finished after this long is retried.
LEASE = timedelta(minutes=5)
ACT_SALT = "painscope.reminders.act"
ACT_MAX_AGE = 2 * 24 * 3600


def clock() -> datetime:
    """Now, in UTC (one place, so tests can run the planner and the jobs at a chosen instant)."""
    return datetime.now(UTC)


# -- ownership --------------------------------------------------------------------------------


def reminders_for_user(user):
    return Reminder.objects.filter(owner=user)


def get_reminder_for_user(user, pk: int) -> Reminder:
    try:
        return Reminder.objects.get(owner=user, pk=pk)
    except Reminder.DoesNotExist:
        raise Http404("No such reminder") from None


def get_delivery_for_user(user, pk: int) -> Delivery:
    try:
        return Delivery.objects.get(owner=user, pk=pk)
    except Delivery.DoesNotExist:
        raise Http404("No such reminder") from None


def get_caregiver_for_user(user, pk: int) -> Caregiver:
    try:
        return Caregiver.objects.get(owner=user, pk=pk)
    except Caregiver.DoesNotExist:
        raise Http404("No such caregiver") from None


def deliveries_for_user(user):
    return Delivery.objects.filter(owner=user)


# -- schedules --------------------------------------------------------------------------------


def quiet_hours(user, tz: str) -> rules.QuietHours | None:
    prefs = ReminderSettings.for_user(user)
    if prefs.quiet_start is None or prefs.quiet_end is None:
        return None
    return rules.QuietHours(prefs.quiet_start, prefs.quiet_end, tz)


def medication_schedule(med: Medication) -> rules.Schedule | None:
    if med.as_needed or not med.times:
        return None
    try:
        return rules.Schedule.build(med.times, med.timezone, med.start_date, med.stop_date, med.weekdays)
    except rules.ScheduleError:
        return None


@dataclass(frozen=True)
class Source:
    kind: str
    schedule: rules.Schedule
    since: datetime
    reminder: Reminder | None = None
    medication: Medication | None = None

    @property
    def owner_id(self) -> int:
        return (self.reminder or self.medication).owner_id  # type: ignore[union-attr]


def sources(now: datetime, user=None) -> list[Source]:
    """Every schedule that can fire: active reminders and scheduled medications (of people
    who keep dose reminders on)."""
    today = now.date()
    out: list[Source] = []
    reminders = Reminder.objects.filter(active=True).filter(Q(stop_date__isnull=True) | Q(stop_date__gte=today - timedelta(days=1)))
    medications = Medication.objects.filter(as_needed=False).filter(Q(stop_date__isnull=True) | Q(stop_date__gte=today - timedelta(days=1)))
    muted = ReminderSettings.objects.filter(dose_reminders=False).values("owner_id")
    medications = medications.exclude(owner_id__in=muted)
    if user is not None:
        reminders, medications = reminders.filter(owner=user), medications.filter(owner=user)
    for r in reminders:
        try:
            out.append(Source(r.kind, r.schedule(), r.updated, reminder=r))
        except rules.ScheduleError:
            log.warning("reminder %s has an invalid schedule; skipped", r.pk)
    for m in medications:
        sched = medication_schedule(m)
        if sched is not None:
            out.append(Source(rules.DOSE, sched, m.created, medication=m))
    return out


# -- planning ---------------------------------------------------------------------------------


@dataclass
class PlanResult:
    created: int = 0
    queued: int = 0
    requeued: int = 0
    expired: int = 0
    answered: int = 0
    follow_ups: int = 0
    missed: int = 0


def _enqueue(delivery_id: int, round_: int, run_after: datetime) -> None:
    from painscope.web.reminders.tasks import send_reminder

    send_reminder.using(run_after=run_after).enqueue(delivery_id, round_)


def plan(now: datetime | None = None, user=None) -> PlanResult:
    """One planner tick: write due instants, queue their sends, recover stalled sends,
    and settle dose outcomes (answered, one follow-up, missed). Safe to run any number of
    times and from several processes at once."""
    now = now or clock()
    result = PlanResult()
    for source in sources(now, user):
        start = max(now - CATCH_UP, source.since)
        for due in source.schedule.instants(start, now + LEAD):
            quiet = quiet_hours_cached(source.owner_id, source.schedule.tz)
            send_at = rules.send_time(due, quiet, source.kind)
            try:
                with transaction.atomic():
                    Delivery.objects.create(
                        owner_id=source.owner_id, reminder=source.reminder, medication=source.medication,
                        kind=source.kind, due=due, send_at=send_at,
                    )
                result.created += 1
            except IntegrityError:
                pass  # written by an earlier tick: the unique constraint is the idempotency
    _settle_doses(now, result, user)
    _queue_due(now, result, user)
    _recover(now, result, user)
    _quiet_cache.clear()
    return result


_quiet_cache: dict[tuple[int, str], rules.QuietHours | None] = {}


def quiet_hours_cached(owner_id: int, tz: str) -> rules.QuietHours | None:
    key = (owner_id, tz)
    if key not in _quiet_cache:
        prefs = ReminderSettings.objects.filter(owner_id=owner_id).first()
        quiet = None
        if prefs is not None and prefs.quiet_start is not None and prefs.quiet_end is not None:
            quiet = rules.QuietHours(prefs.quiet_start, prefs.quiet_end, tz)
        _quiet_cache[key] = quiet
    return _quiet_cache[key]


def _scoped(qs, user):
    return qs.filter(owner=user) if user is not None else qs


def _queue_due(now: datetime, result: PlanResult, user) -> None:
    pending = _scoped(Delivery.objects.filter(state=rules.PENDING, send_at__lt=now + LEAD), user)
    for d in pending.select_related("owner"):
        rule = _rule(d.owner_id)
        with transaction.atomic():
            if now > rules.usable_until(d.kind, d.due, rule) and d.round == 0:
                moved = Delivery.objects.filter(pk=d.pk, state=rules.PENDING).update(
                    state=rules.EXPIRED, error="too late to be useful when the runner reached it")
                result.expired += moved
                continue
            moved = Delivery.objects.filter(pk=d.pk, state=rules.PENDING, round=d.round).update(
                state=rules.QUEUED, queued_at=now)
            if moved:
                _enqueue(d.pk, d.round, max(d.send_at, now))
                result.queued += 1


def _recover(now: datetime, result: PlanResult, user) -> None:
    """Re-queue sends whose job vanished or whose worker died (lease expired)."""
    stale = now - LEASE
    stuck = _scoped(Delivery.objects.filter(
        Q(state=rules.QUEUED, send_at__lt=stale, queued_at__lt=stale) | Q(state=rules.SENDING, claimed_at__lt=stale)
    ), user)
    for d in stuck:
        with transaction.atomic():
            moved = Delivery.objects.filter(pk=d.pk, state=d.state, round=d.round).update(
                state=rules.QUEUED, queued_at=now, claimed_at=None)
            if moved:
                _enqueue(d.pk, d.round, now)
                result.requeued += 1


def _rule(owner_id: int) -> rules.MissedRule:
    prefs = ReminderSettings.objects.filter(owner_id=owner_id).first()
    return prefs.missed_rule() if prefs is not None else rules.MissedRule()


def dose_answer(delivery: Delivery) -> str | None:
    """taken/skipped when a dose log answers this instant (by ``scheduled_for`` or as
    the nearest log within the matching window, :func:`painscope.diary.medications.match_doses`)."""
    med = delivery.medication
    if med is None:
        return None
    window = meds.MATCH_WINDOW
    rows = DoseLog.objects.filter(medication=med, at__gte=delivery.due - window, at__lte=delivery.due + window)
    records = [meds.DoseRecord(r.at, r.status, r.scheduled_for) for r in rows]
    sched = medication_schedule(med)
    nearby = sched.instants(delivery.due - 2 * window, delivery.due + 2 * window) if sched else [delivery.due]
    if delivery.due not in nearby:
        nearby = sorted({*nearby, delivery.due})
    answered, _unmatched = meds.match_doses(nearby, records)
    record = answered.get(delivery.due)
    return record.status if record is not None else None


def _settle_doses(now: datetime, result: PlanResult, user) -> None:
    open_doses = _scoped(Delivery.objects.filter(kind=rules.DOSE, outcome=rules.OPEN,
                                                 due__gte=now - CATCH_UP - timedelta(days=1)), user)
    for d in open_doses.select_related("medication"):
        rule = _rule(d.owner_id)
        answer = dose_answer(d)
        outcome = rules.dose_outcome(d.due, now, rule, answer)
        if outcome != rules.OPEN:
            _record_outcome(d, outcome, now)
            if outcome == rules.MISSED:
                result.missed += 1
            else:
                result.answered += 1
            continue
        if rules.needs_follow_up(d.due, now, rule, outcome, d.follow_ups) and d.state in (rules.SENT, rules.FAILED):
            quiet = quiet_hours_cached(d.owner_id, d.medication.timezone if d.medication else "UTC")
            send_at = quiet.release(now) if quiet is not None else now
            moved = Delivery.objects.filter(pk=d.pk, state=d.state, round=d.round, follow_ups=0).update(
                state=rules.PENDING, round=d.round + 1, follow_ups=1, send_at=send_at)
            result.follow_ups += moved


def _record_outcome(d: Delivery, outcome: str, now: datetime) -> None:
    updates = {"outcome": outcome, "outcome_at": now}
    with transaction.atomic():
        moved = Delivery.objects.filter(pk=d.pk, outcome=rules.OPEN).update(**updates)
        if moved and outcome == rules.MISSED and _should_escalate(d):
            from painscope.web.reminders.tasks import escalate_missed

            escalate_missed.enqueue(d.pk)  # same transaction: queued exactly when it became missed
        if outcome in (rules.TAKEN, rules.SKIPPED):
            Delivery.objects.filter(pk=d.pk, state__in=(rules.PENDING, rules.QUEUED)).update(state=rules.ANSWERED)


# -- caregivers ------------------------------------------------------------------------------


def _should_escalate(d: Delivery) -> bool:
    """Tell caregivers only about a dose whose reminder really went out (not one the site
    never sent, e.g. during an outage), and only when the site can send email."""
    return (email_enabled() and Delivery.objects.filter(pk=d.pk, state=rules.SENT).exists()
            and Caregiver.objects.filter(owner_id=d.owner_id, accepted_at__isnull=False, ended_at__isnull=True).exists())


def caregiver_link(token: str) -> str:
    from django.urls import reverse

    base = getattr(settings, "PAINSCOPE_SITE_URL", "").rstrip("/")
    return f"{base}{reverse('caregiver_invite', args=[token])}"


def invite_caregiver(user, name: str, email: str, person_name: str) -> Caregiver:
    """Store the invitation and email the caregiver a link to accept (or decline)."""
    from django.core.mail import send_mail

    with transaction.atomic():
        row, token = Caregiver.invite(user, name, email, person_name)
        # In the language of the page the person invited from (the caregiver's own is not known).
        words = {"name": person_name, "link": caregiver_link(token)}
        body = "\n\n".join((
            _("%(name)s uses painscope to keep track of their medication and asks whether you would "
              "like an email when one of their dose reminders goes unanswered.") % words,
            _("The email would say only that a dose reminder was not answered, and when; not which "
              "medication, and nothing else from %(name)s's diary.") % words,
            _("To accept or decline, open: %(link)s\n"
              "The same link lets you stop at any time. If you do nothing, you get no emails.") % words,
        ))
        send_mail(_("%(name)s invites you to painscope reminders") % words, body, None, [email], fail_silently=False)
    return row


def caregiver_for_token(token: str) -> Caregiver:
    row = Caregiver.objects.filter(token_hash=Caregiver.hash(token), ended_at__isnull=True).first()
    if row is None:
        raise Http404("No such invitation")
    return row


def escalate_missed(delivery_id: int) -> int:
    """Email every caregiver who accepted: once per missed dose (one attempt row per
    caregiver, marked after sending). Returns how many were told."""
    from django.core.mail import send_mail

    d = Delivery.objects.select_related("medication", "owner").filter(pk=delivery_id, outcome=rules.MISSED).first()
    if d is None or not email_enabled():
        return 0
    tz = rules.zone(d.medication.timezone if d.medication else "UTC")
    told = 0
    for cg in Caregiver.objects.filter(owner_id=d.owner_id, accepted_at__isnull=False, ended_at__isnull=True):
        attempt, _created = SendAttempt.objects.get_or_create(delivery=d, round=d.round, channel="care", target=str(cg.pk))
        if attempt.accepted_at is not None:
            continue
        with translation.override(language_of(d.owner_id)):
            due = d.due.astimezone(tz)
            words = {"name": cg.person_name, "zone": str(tz),
                     "when": _("%(time)s on %(day)s") % {"time": f"{due:%H:%M}", "day": dateformat.format(due, "d F")}}
            body = "\n\n".join((
                _("A dose reminder for %(name)s at %(when)s (%(zone)s) was not answered in painscope. painscope does "
                  "not know why: the dose may have been taken and not logged. You may want to check in with %(name)s.")
                % words,
                _("You get this email because %(name)s invited you and you accepted. To stop, use the link in the "
                  "invitation email, or ask %(name)s to remove you.") % words,
            ))
            subject = _("painscope: a reminder for %(name)s was not answered") % words
        send_mail(subject, body, None, [cg.email], fail_silently=False)
        SendAttempt.objects.filter(pk=attempt.pk).update(accepted_at=clock(), status="sent")
        told += 1
    Delivery.objects.filter(pk=d.pk, escalated_at__isnull=True).update(escalated_at=clock())
    return told


def add_session_reminder(user, target: str, times: list[str], *, weekdays: list[int] | None = None,
                         every_days: int = 1, tz: str | None = None, start: date | None = None) -> Reminder:
    """A programme-session reminder for other features (e.g. a pacing or exercise plan):
    ``target`` is the site path the notification opens. Raises ``ScheduleError`` naming
    the field when the schedule is not valid; nothing is stored then."""
    from painscope.web.accounts.models import Profile

    if not target.startswith("/") or target.startswith("//"):
        raise rules.ScheduleError("target", "a path inside this site, such as /programmes/3/")
    zone_name = tz or Profile.for_user(user).timezone
    first = start or clock().astimezone(rules.zone(zone_name)).date()
    reminder = Reminder(owner=user, kind=rules.SESSION, target=target, times=list(times), weekdays=list(weekdays or []),
                        every_days=every_days, timezone=zone_name, start_date=first)
    reminder.schedule()
    reminder.save()
    return reminder


def missed_doses(user, since: datetime) -> list[Delivery]:
    """Doses recorded as missed since ``since`` (for the person's and, with consent, a
    clinician's pages)."""
    return list(Delivery.objects.filter(owner=user, kind=rules.DOSE, outcome=rules.MISSED, due__gte=since)
                .select_related("medication").order_by("-due"))


# -- sending ----------------------------------------------------------------------------------


def email_enabled() -> bool:
    return bool(getattr(settings, "PAINSCOPE_EMAIL_ENABLED", False))


def act_token(delivery: Delivery) -> str:
    return signing.dumps({"d": delivery.pk, "u": delivery.owner_id}, salt=ACT_SALT, compress=True)


def message_for(delivery: Delivery) -> push.Message:
    """The notification for one round. Wording names no drug and no answer."""
    from django.urls import reverse

    token = act_token(delivery)
    tag = f"painscope-{delivery.pk}"
    data = {"delivery": delivery.pk, "token": token, "act": reverse("reminder_act"), "kind": delivery.kind}
    if delivery.kind == rules.DOSE:
        body = _("A dose is still open.") if delivery.round > 0 else _("A dose is due now.")
        return push.Message("painscope", body, tag, reverse("medications"),
                            (("taken", _("Taken")), ("skip", _("Skip"))), data)
    if delivery.kind == rules.CHECKIN:
        return push.Message("painscope", _("Time for a short check-in."), tag, reverse("checkin"),
                            (("checkin", _("Check in")),), data)
    if delivery.kind == rules.QUESTIONNAIRE:
        rem = delivery.reminder
        url = reverse("assessment_take", args=[rem.instrument_id]) if rem and rem.instrument_id else reverse("assessments")
        return push.Message("painscope", _("A questionnaire is ready for you."), tag, url, (("open", _("Open")),), data)
    rem = delivery.reminder
    url = rem.target if rem and rem.target.startswith("/") else reverse("reminders")
    return push.Message("painscope", _("Time for your programme session."), tag, url, (("open", _("Open")),), data)


def language_of(user_id: int) -> str:
    """The language a person chose in Account, for what is sent to them outside a page
    (a notification, an e-mail); the site's default when they chose none."""
    from painscope.web.accounts.models import Profile

    chosen = Profile.objects.filter(user_id=user_id).values_list("language", flat=True).first() or ""
    return chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _ttl(delivery: Delivery, now: datetime) -> int:
    """Push TTL: until the reminder stops being useful (CARE.md: never pywebpush's 0)."""
    end = rules.usable_until(delivery.kind, delivery.due, _rule(delivery.owner_id))
    return max(60, int((end - now).total_seconds()))


class _Crash(BaseException):
    """Raised only by tests (via :data:`CRASH_POINT`) to stop a send like a killed process."""


#: Test hook: the name of a point in :func:`send_delivery` at which to raise ``_Crash``.
CRASH_POINT: str | None = None


def _maybe_crash(point: str) -> None:
    if point == CRASH_POINT:
        raise _Crash(point)


def _attempt(delivery: Delivery, channel: str, target: str) -> SendAttempt:
    attempt, _created = SendAttempt.objects.get_or_create(delivery=delivery, round=delivery.round, channel=channel, target=target)
    return attempt


def send_delivery(delivery_id: int, round_: int, now: datetime | None = None) -> str:
    """Send one round of one reminder through every channel the person has. Returns the
    final state (or "skipped" when another worker holds it or it already moved on)."""
    now = now or clock()
    claimed = Delivery.objects.filter(pk=delivery_id, round=round_, state=rules.QUEUED).update(
        state=rules.SENDING, claimed_at=now)
    if not claimed:
        return "skipped"
    delivery = Delivery.objects.select_related("owner", "medication", "reminder").get(pk=delivery_id)
    _maybe_crash("claimed")
    if delivery.kind == rules.DOSE and dose_answer(delivery) is not None:
        Delivery.objects.filter(pk=delivery.pk, state=rules.SENDING).update(state=rules.ANSWERED)
        _record_outcome(delivery, dose_answer(delivery) or rules.TAKEN, now)
        return rules.ANSWERED
    with translation.override(language_of(delivery.owner_id)):
        message = message_for(delivery)
    accepted, errors = 0, []
    topic = f"r{delivery.pk}x{delivery.round}"
    for sub in PushSubscription.objects.filter(owner=delivery.owner):
        attempt = _attempt(delivery, "push", str(sub.pk))
        if attempt.accepted_at is not None:
            accepted += 1
            continue
        if push.endpoint_problem(sub.endpoint):  # the site's list of push services changed
            SendAttempt.objects.filter(pk=attempt.pk).update(status="refused: push service not allowed")
            errors.append("a device's push service is not allowed on this site")
            continue
        _maybe_crash("before-push")
        try:
            code = push.send(sub.info(), message, ttl=_ttl(delivery, now), topic=topic,
                             urgency="high" if delivery.kind == rules.DOSE else "normal")
        except push.PushGone:
            SendAttempt.objects.filter(pk=attempt.pk).update(status="gone: subscription deleted")
            sub.delete()
            errors.append("a browser subscription had expired and was removed")
            continue
        except push.PushFailed as exc:
            SendAttempt.objects.filter(pk=attempt.pk).update(status=str(exc)[:120])
            errors.append(str(exc))
            continue
        _maybe_crash("pushed")
        SendAttempt.objects.filter(pk=attempt.pk).update(accepted_at=now, status=str(code))
        PushSubscription.objects.filter(pk=sub.pk).update(last_success=now)
        accepted += 1
    if email_enabled() and delivery.owner.email and ReminderSettings.for_user(delivery.owner).email:
        attempt = _attempt(delivery, "email", "primary")
        if attempt.accepted_at is not None:
            accepted += 1
        else:
            try:
                _send_email(delivery, message)
            except Exception as exc:  # SMTP refused or unreachable: recorded, not raised
                SendAttempt.objects.filter(pk=attempt.pk).update(status=f"{type(exc).__name__}"[:120])
                errors.append("email could not be sent")
            else:
                SendAttempt.objects.filter(pk=attempt.pk).update(accepted_at=now, status="sent")
                accepted += 1
    state = rules.SENT if accepted else rules.FAILED
    error = "" if accepted else ("; ".join(errors) or "no way to reach this person yet (no push subscription or email)")
    Delivery.objects.filter(pk=delivery.pk, state=rules.SENDING).update(state=state, sent_at=now if accepted else None,
                                                                        error=error[:300])
    if delivery.kind != rules.DOSE and accepted:
        Delivery.objects.filter(pk=delivery.pk, outcome=rules.OPEN).update(outcome=rules.DONE, outcome_at=now)
    return state


def _send_email(delivery: Delivery, message: push.Message) -> None:
    from django.core.mail import send_mail

    base = getattr(settings, "PAINSCOPE_SITE_URL", "").rstrip("/")
    link = f"{base}{message.url}" if base else message.url
    with translation.override(language_of(delivery.owner_id)):
        body = "\n\n".join((
            message.body,
            _("Open painscope: %(link)s") % {"link": link},
            _("You can change or stop reminders on the Reminders page."),
        ))
        subject = _("painscope reminder")
    send_mail(subject, body, None, [delivery.owner.email], fail_silently=False)


# -- answers from a notification or a page -----------------------------------------------------


class ActError(Exception):
    """A notification action that cannot be carried out (bad or expired link)."""


def read_act_token(token: str) -> tuple[int, int]:
    try:
        data = signing.loads(token, salt=ACT_SALT, max_age=ACT_MAX_AGE)
        return int(data["d"]), int(data["u"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise ActError("This reminder link is old or not valid; open painscope to log it.") from None


def log_dose(delivery: Delivery, status: str, now: datetime | None = None) -> tuple[bool, Medication]:
    """Log the dose of ``delivery`` as taken or skipped, once. Returns (logged now?, med)."""
    now = now or clock()
    if delivery.medication is None or status not in (DoseLog.TAKEN, DoseLog.SKIPPED):
        raise ActError("This reminder is not for a dose.")
    with transaction.atomic():
        med = Medication.objects.select_for_update().get(pk=delivery.medication_id, owner_id=delivery.owner_id)
        if DoseLog.objects.filter(medication=med, scheduled_for=delivery.due).exists():
            logged = False
        else:
            DoseLog.objects.create(owner_id=delivery.owner_id, medication=med, status=status, at=now,
                                   scheduled_for=delivery.due, dose=med.dose if status == DoseLog.TAKEN else None,
                                   note="from a reminder")
            if status == DoseLog.TAKEN and med.pills_left is not None:
                med.pills_left = meds.pills_after(med.pills_left, med.pills_per_dose, status)
                med.save(update_fields=["pills_left"])
            logged = True
        Delivery.objects.filter(pk=delivery.pk, outcome__in=(rules.OPEN, rules.MISSED)).update(
            outcome=status, outcome_at=now)
        Delivery.objects.filter(pk=delivery.pk, state__in=(rules.PENDING, rules.QUEUED)).update(state=rules.ANSWERED)
    return logged, med


def act(token: str, action: str, now: datetime | None = None) -> tuple[Delivery, str]:
    """Carry out a notification button: "taken"/"skip" log the dose; returns the
    delivery and a plain sentence saying what happened."""
    delivery_id, owner_id = read_act_token(token)
    delivery = Delivery.objects.select_related("medication").filter(pk=delivery_id, owner_id=owner_id).first()
    if delivery is None:
        raise ActError("This reminder no longer exists.")
    if action in ("taken", "skip"):
        status = DoseLog.TAKEN if action == "taken" else DoseLog.SKIPPED
        logged, med = log_dose(delivery, status, now)
        word = "taken" if status == DoseLog.TAKEN else "skipped"
        return delivery, (f"{med.name} is logged as {word}." if logged else f"{med.name} for that time was already logged.")
    if action in ("", "open", "checkin"):
        return delivery, ""
    raise ActError("Unknown reminder action.")


def snooze(delivery: Delivery, minutes: int, now: datetime | None = None) -> datetime:
    """Send this reminder again in ``minutes`` (a new round)."""
    now = now or clock()
    tz = delivery.medication.timezone if delivery.medication else (delivery.reminder.timezone if delivery.reminder else "UTC")
    back = rules.snooze_until(now, minutes, quiet_hours(delivery.owner, tz))
    Delivery.objects.filter(pk=delivery.pk, state__in=(rules.SENT, rules.FAILED, rules.PENDING, rules.QUEUED),
                            outcome=rules.OPEN).update(state=rules.PENDING, round=delivery.round + 1, send_at=back)
    Delivery.objects.filter(pk=delivery.pk, outcome=rules.DONE).update(
        outcome=rules.OPEN, state=rules.PENDING, round=delivery.round + 1, send_at=back)
    return back


def recent(user, now: datetime, hours: int = 36) -> list[Delivery]:
    return list(Delivery.objects.filter(owner=user, due__gte=now - timedelta(hours=hours), due__lte=now + LEAD)
                .select_related("medication", "reminder").order_by("-due")[:30])
