"""Reminders are delivered once: push (RFC 8291 at a loopback push service), email,
idempotent planning, crash and restart, one follow-up then missed."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.core import mail

from painscope.diary import reminders as rules
from painscope.web.journal.models import DoseLog, Medication
from painscope.web.reminders import services
from painscope.web.reminders.models import (
    Delivery,
    PushSubscription,
    Reminder,
    ReminderSettings,
    SendAttempt,
)
from painscope.web.reminders.runner import run_due_jobs
from tests.web.reminders_support import PushEndpoint

pytestmark = pytest.mark.django_db(transaction=True)

T0 = datetime(2024, 3, 30, 7, 59, 30, tzinfo=UTC)  # Saturday before the UK clocks go forward


@pytest.fixture
def endpoint():
    ep = PushEndpoint().start()
    yield ep
    ep.stop()


@pytest.fixture(autouse=True)
def vapid_in_tmp(settings, tmp_path, monkeypatch):
    settings.DATA_DIR = tmp_path
    monkeypatch.delenv("PAINSCOPE_VAPID_PRIVATE_KEY", raising=False)
    monkeypatch.setenv("PAINSCOPE_VAPID_SUBJECT", "mailto:admin@example.org")
    monkeypatch.setenv("PAINSCOPE_PUSH_HOSTS", "127.0.0.1")  # the loopback test push service
    services.CRASH_POINT = None
    yield
    services.CRASH_POINT = None


def med_for(user, times=("08:00",), tz="Europe/London", **kw) -> Medication:
    return Medication.objects.create(owner=user, name="Duloxetine", dose=60, unit="mg", times=list(times),
                                     timezone=tz, start_date=date(2024, 3, 1), pills_left=10, **kw)


def backdate(med: Medication, when: datetime = T0 - timedelta(minutes=30)) -> None:
    """Pretend the medication was added at ``when`` (the planner starts from there)."""
    Medication.objects.filter(pk=med.pk).update(created=when)


def subscribe(user, endpoint, name="sub1") -> PushSubscription:
    sub = endpoint.subscription(name)
    return PushSubscription.objects.create(owner=user, endpoint=sub["endpoint"], p256dh=sub["keys"]["p256dh"],
                                           auth=sub["keys"]["auth"])


NOW = {"t": T0}


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch):
    """The jobs read ``services.clock``; :func:`tick` moves it (the task runner compares
    ``run_after`` with the real clock, later than these 2024 instants, so jobs are ready)."""
    NOW["t"] = T0
    monkeypatch.setattr(services, "clock", lambda: NOW["t"])


def tick(now: datetime) -> services.PlanResult:
    """One planner run at ``now`` and then every job that is ready."""
    NOW["t"] = now
    result = services.plan(now)
    run_due_jobs()
    return result


def crash_job(point: str) -> None:
    """Run the queued send's job body and kill it at ``point``, like a process that dies."""
    d = Delivery.objects.get(state=rules.QUEUED)
    services.CRASH_POINT = point
    try:
        with pytest.raises(services._Crash):
            services.send_delivery(d.pk, d.round)
    finally:
        services.CRASH_POINT = None


def test_dose_push_is_encrypted_per_rfc8291_and_decrypts_with_the_subscription_keys(person, endpoint):
    backdate(med_for(person))
    subscribe(person, endpoint)
    tick(T0)
    assert endpoint.errors == []
    assert len(endpoint.received) == 1
    got = endpoint.received[0]
    doc = got.doc
    assert doc["body"] == "A dose is due now." and "Duloxetine" not in got.plaintext.decode()
    assert [a["action"] for a in doc["actions"]] == ["taken", "skip"]
    assert got.headers["content-encoding"] == "aes128gcm"
    assert int(got.headers["ttl"]) > 3600  # until the dose would count as missed, never 0
    assert got.headers["urgency"] == "high"
    assert got.headers["topic"].startswith("r")
    assert got.claims["sub"] == "mailto:admin@example.org"
    d = Delivery.objects.get()
    assert d.state == rules.SENT and d.due == datetime(2024, 3, 30, 8, tzinfo=UTC)


def test_planning_again_and_again_sends_once(person, endpoint):
    backdate(med_for(person))
    subscribe(person, endpoint)
    for k in range(4):
        tick(T0 + timedelta(seconds=10 * k))
    assert len(endpoint.received) == 1
    assert Delivery.objects.count() == 1
    assert SendAttempt.objects.count() == 1


def test_the_send_log_refuses_a_second_row_for_the_same_instant(person):
    med = med_for(person)
    due = datetime(2024, 3, 30, 8, tzinfo=UTC)
    Delivery.objects.create(owner=person, medication=med, kind=rules.DOSE, due=due, send_at=due)
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Delivery.objects.create(owner=person, medication=med, kind=rules.DOSE, due=due, send_at=due)


def test_dose_after_spring_forward_is_sent_at_0800_local(person, endpoint):
    backdate(med_for(person), datetime(2024, 3, 31, 6, tzinfo=UTC))
    subscribe(person, endpoint)
    tick(datetime(2024, 3, 31, 6, 59, 30, tzinfo=UTC))  # 07:59:30 BST
    assert Delivery.objects.get().due == datetime(2024, 3, 31, 7, tzinfo=UTC)
    assert len(endpoint.received) == 1


def test_crash_after_claim_is_retried_after_the_lease_and_sent_once(person, endpoint):
    backdate(med_for(person))
    subscribe(person, endpoint)
    services.plan(T0)
    crash_job("claimed")
    assert Delivery.objects.get().state == rules.SENDING and endpoint.received == []
    # Restart within the lease: nothing is sent twice, nothing is stolen from the live claim.
    tick(T0 + timedelta(minutes=1))
    assert endpoint.received == []
    # After the lease the send is recovered.
    tick(T0 + services.LEASE + timedelta(minutes=1))
    assert len(endpoint.received) == 1
    assert Delivery.objects.get().state == rules.SENT
    tick(T0 + services.LEASE + timedelta(minutes=2))
    assert len(endpoint.received) == 1


def test_crash_after_the_push_was_accepted_does_not_send_it_again(person, endpoint):
    backdate(med_for(person))
    subscribe(person, endpoint)
    services.plan(T0)
    crash_job("pushed")  # accepted by the push service, not yet marked
    assert len(endpoint.received) == 1
    tick(T0 + services.LEASE + timedelta(minutes=1))
    # The attempt was written before sending but not marked accepted: the retry resends
    # with the same Topic, so a push service replaces an undelivered copy (RFC 8030 §5.4).
    assert len(endpoint.received) == 2
    assert endpoint.received[0].headers["topic"] == endpoint.received[1].headers["topic"]
    assert Delivery.objects.get().state == rules.SENT


def test_a_marked_attempt_is_never_repeated_after_a_crash(person, endpoint):
    backdate(med_for(person))
    sub1 = subscribe(person, endpoint, "phone")
    subscribe(person, endpoint, "laptop")
    services.plan(T0)
    d = Delivery.objects.get()
    # The phone's push went out and was recorded before the process died.
    SendAttempt.objects.create(delivery=d, round=0, channel="push", target=str(sub1.pk), accepted_at=T0)
    Delivery.objects.filter(pk=d.pk).update(state=rules.SENDING, claimed_at=T0)
    tick(T0 + services.LEASE + timedelta(minutes=1))
    assert [r.path for r in endpoint.received] == ["/push/laptop"]


def test_downtime_shorter_than_catch_up_loses_no_reminder(person, endpoint):
    backdate(med_for(person, times=("08:00", "12:00")))
    subscribe(person, endpoint)
    tick(T0 + timedelta(hours=5))  # the site was down from 07:59 to 12:59
    assert sorted(d.due.hour for d in Delivery.objects.all()) == [8, 12]
    # 08:00 and 12:00 are both still useful (missed only after 2 h? 08:00 is not): the
    # 08:00 one is past its use and recorded as expired, not silently dropped.
    states = {d.due.hour: d.state for d in Delivery.objects.all()}
    assert states[12] == rules.SENT
    assert states[8] in (rules.EXPIRED,)
    assert Delivery.objects.get(due__hour=8).outcome == rules.MISSED


def test_push_404_or_410_deletes_the_subscription(person, endpoint):
    backdate(med_for(person))
    subscribe(person, endpoint)
    endpoint.status = 410
    tick(T0)
    assert PushSubscription.objects.count() == 0
    d = Delivery.objects.get()
    assert d.state == rules.FAILED and "removed" in d.error


def test_no_channel_is_recorded_as_failed_with_a_reason(person):
    backdate(med_for(person))
    tick(T0)
    d = Delivery.objects.get()
    assert d.state == rules.FAILED and "no way to reach" in d.error


def test_email_when_the_site_has_smtp(person, settings):
    settings.PAINSCOPE_EMAIL_ENABLED = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    person.email = "ana@example.org"
    person.save()
    prefs = ReminderSettings.for_user(person)
    prefs.email = True
    prefs.save()
    backdate(med_for(person))
    tick(T0)
    tick(T0 + timedelta(seconds=30))
    assert len(mail.outbox) == 1
    msg = mail.outbox[0]
    assert msg.to == ["ana@example.org"] and msg.subject == "painscope reminder"
    assert "Duloxetine" not in msg.body and "/medications/" in msg.body
    assert Delivery.objects.get().state == rules.SENT


def test_no_email_when_the_site_has_no_smtp(person, settings):
    settings.PAINSCOPE_EMAIL_ENABLED = False
    person.email = "ana@example.org"
    person.save()
    ReminderSettings.objects.create(owner=person, email=True)
    backdate(med_for(person))
    tick(T0)
    assert mail.outbox == []


def test_one_follow_up_then_the_dose_is_recorded_as_missed(person, endpoint):
    ReminderSettings.objects.create(owner=person, follow_up_minutes=30, missed_after_minutes=90)
    backdate(med_for(person))
    subscribe(person, endpoint)
    due = datetime(2024, 3, 30, 8, tzinfo=UTC)
    tick(T0)
    tick(due + timedelta(minutes=20))
    assert len(endpoint.received) == 1
    tick(due + timedelta(minutes=30))
    tick(due + timedelta(minutes=31))
    assert len(endpoint.received) == 2
    assert endpoint.received[1].doc["body"] == "A dose is still open."
    tick(due + timedelta(minutes=60))
    assert len(endpoint.received) == 2  # one follow-up only
    tick(due + timedelta(minutes=90))
    d = Delivery.objects.get()
    assert d.outcome == rules.MISSED
    assert services.missed_doses(person, due - timedelta(days=1)) == [d]
    assert len(endpoint.received) == 2


def test_a_logged_dose_stops_the_follow_up(person, endpoint):
    med = med_for(person)
    backdate(med)
    subscribe(person, endpoint)
    due = datetime(2024, 3, 30, 8, tzinfo=UTC)
    tick(T0)
    DoseLog.objects.create(owner=person, medication=med, status=DoseLog.TAKEN, at=due + timedelta(minutes=10))
    tick(due + timedelta(minutes=45))
    tick(due + timedelta(hours=3))
    assert len(endpoint.received) == 1
    assert Delivery.objects.get().outcome == rules.TAKEN


def test_checkin_reminder_waits_for_the_end_of_quiet_hours(person, endpoint):
    ReminderSettings.objects.create(owner=person, quiet_start=time(22), quiet_end=time(7, 30))
    r = Reminder.objects.create(owner=person, kind=rules.CHECKIN, times=["23:00"], timezone="Europe/London",
                                start_date=date(2024, 3, 1))
    Reminder.objects.filter(pk=r.pk).update(updated=datetime(2024, 3, 30, 20, tzinfo=UTC))
    subscribe(person, endpoint)
    tick(datetime(2024, 3, 30, 22, 59, tzinfo=UTC))
    assert endpoint.received == []
    d = Delivery.objects.get()
    assert d.send_at == datetime(2024, 3, 31, 6, 30, tzinfo=UTC)  # 07:30 BST, after the clocks went forward
    tick(datetime(2024, 3, 31, 6, 30, 5, tzinfo=UTC))
    assert len(endpoint.received) == 1
    assert endpoint.received[0].doc["actions"] == [{"action": "checkin", "title": "Check in"}]


def test_snooze_sends_the_reminder_again_once(person, endpoint):
    backdate(med_for(person))
    subscribe(person, endpoint)
    tick(T0)
    d = Delivery.objects.get()
    back = services.snooze(d, 10, now=T0 + timedelta(minutes=1))
    assert back == T0 + timedelta(minutes=11)
    tick(T0 + timedelta(minutes=5))
    assert len(endpoint.received) == 1
    tick(T0 + timedelta(minutes=11))
    tick(T0 + timedelta(minutes=12))
    assert len(endpoint.received) == 2


def test_taken_from_the_notification_logs_the_dose_once(person, endpoint):
    med = med_for(person)
    backdate(med)
    subscribe(person, endpoint)
    tick(T0)
    token = endpoint.received[0].doc["token"]
    d, said = services.act(token, "taken", now=T0 + timedelta(minutes=2))
    assert said == "Duloxetine is logged as taken."
    log = DoseLog.objects.get()
    assert log.status == DoseLog.TAKEN and log.scheduled_for == d.due
    assert Medication.objects.get().pills_left == 9
    _, again = services.act(token, "taken")
    assert "already logged" in again and DoseLog.objects.count() == 1
    assert Delivery.objects.get().outcome == rules.TAKEN


def test_a_subscription_to_a_push_service_no_longer_allowed_is_not_sent_to(person, endpoint, monkeypatch):
    backdate(med_for(person))
    subscribe(person, endpoint)
    monkeypatch.setenv("PAINSCOPE_PUSH_HOSTS", "fcm.googleapis.com")
    tick(T0)
    assert endpoint.received == []
    assert "not allowed" in Delivery.objects.get().error
