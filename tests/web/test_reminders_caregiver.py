"""Escalation to a caregiver: invited by the person, told nothing until they accept,
emailed once when a dose that was reminded is recorded as missed (no drug name), and
either side can end it."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from django.core import mail
from django.test import Client

from painscope.web.journal.models import Medication
from painscope.web.reminders import services
from painscope.web.reminders.models import Caregiver, Delivery, PushSubscription, ReminderSettings
from painscope.web.reminders.runner import run_due_jobs
from tests.web.reminders_support import PushEndpoint

pytestmark = pytest.mark.django_db(transaction=True)
T0 = datetime(2024, 3, 30, 7, 59, 30, tzinfo=UTC)
DUE = datetime(2024, 3, 30, 8, tzinfo=UTC)


@pytest.fixture(autouse=True)
def site(settings, tmp_path, monkeypatch):
    settings.DATA_DIR = tmp_path
    settings.PAINSCOPE_EMAIL_ENABLED = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    monkeypatch.setenv("PAINSCOPE_PUSH_HOSTS", "127.0.0.1")
    now = {"t": T0}
    monkeypatch.setattr(services, "clock", lambda: now["t"])
    return now


def invite_and_accept(client) -> Caregiver:
    response = client.post("/reminders/caregivers/new/", {"name": "Sam", "email": "sam@example.org",
                                                          "person_name": "Ana"})
    assert response.status_code == 302
    link = re.search(r"https?://\S+|/reminders/caregivers/invitation/\S+/", mail.outbox[-1].body).group(0)
    helper = Client()
    page = helper.get(link)
    assert "Ana asks whether you would like an email" in page.content.decode()
    assert Caregiver.objects.get().accepted_at is None
    helper.post(link, {"choice": "accept"})
    return Caregiver.objects.get()


def miss_a_dose(user, site, endpoint) -> None:
    ReminderSettings.objects.create(owner=user, follow_up_minutes=30, missed_after_minutes=90)
    med = Medication.objects.create(owner=user, name="Tramadol", dose=50, unit="mg", times=["08:00"],
                                    timezone="Europe/London", start_date=date(2024, 3, 1))
    Medication.objects.filter(pk=med.pk).update(created=T0 - timedelta(minutes=30))
    sub = endpoint.subscription()
    PushSubscription.objects.create(owner=user, endpoint=sub["endpoint"], p256dh=sub["keys"]["p256dh"],
                                    auth=sub["keys"]["auth"])
    for minutes in (0, 31, 32, 91, 92, 95):
        site["t"] = DUE + timedelta(minutes=minutes)
        services.plan(site["t"])
        run_due_jobs()


def test_an_accepted_caregiver_is_told_once_without_the_drug_name(client, person, site):
    cg = invite_and_accept(client)
    assert cg.active
    mail.outbox.clear()
    ep = PushEndpoint().start()
    try:
        miss_a_dose(person, site, ep)
    finally:
        ep.stop()
    assert len(ep.received) == 2  # the reminder and its one follow-up
    told = [m for m in mail.outbox if m.to == ["sam@example.org"]]
    assert len(told) == 1
    assert "was not answered" in told[0].subject and "Tramadol" not in told[0].body + told[0].subject
    assert "08:00 on 30 March" in told[0].body
    assert Delivery.objects.get().escalated_at is not None


def test_nothing_is_sent_before_the_caregiver_accepts(client, person, site):
    client.post("/reminders/caregivers/new/", {"name": "Sam", "email": "sam@example.org", "person_name": "Ana"})
    mail.outbox.clear()
    ep = PushEndpoint().start()
    try:
        miss_a_dose(person, site, ep)
    finally:
        ep.stop()
    assert mail.outbox == []


def test_the_caregiver_can_stop_and_the_person_can_remove(client, person, site):
    invite_and_accept(client)
    link = re.search(r"/reminders/caregivers/invitation/\S+/", mail.outbox[0].body).group(0)
    Client().post(link, {"choice": "stop"})
    assert Caregiver.objects.count() == 0
    assert Client().get(link).status_code == 404
    mail.outbox.clear()
    cg = invite_and_accept(client)
    response = client.post(f"/reminders/caregivers/{cg.pk}/remove/")
    assert response.status_code == 302 and Caregiver.objects.count() == 0


def test_invite_errors_name_the_field_and_no_email_site_refuses(client, person, settings):
    bad = client.post("/reminders/caregivers/new/", {"name": "Sam", "email": "not-an-address", "person_name": "Ana"})
    assert bad.status_code == 400 and "Enter a valid email address." in bad.content.decode()
    settings.PAINSCOPE_EMAIL_ENABLED = False
    client.post("/reminders/caregivers/new/", {"name": "Sam", "email": "sam@example.org", "person_name": "Ana"})
    assert Caregiver.objects.count() == 0 and mail.outbox == []
    assert "This site does not send email" in client.get("/reminders/").content.decode()
