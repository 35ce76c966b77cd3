"""The Reminders page: add check-in and questionnaire reminders, quiet hours, push
subscription, calendar address; notification actions; service worker and manifest;
another person's reminders are 404."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from painscope.diary import reminders as rules
from painscope.web.journal.models import DoseLog, Medication
from painscope.web.reminders import services
from painscope.web.reminders.models import (
    CalendarFeed,
    Delivery,
    PushSubscription,
    Reminder,
    ReminderSettings,
)

pytestmark = pytest.mark.django_db

SUB = {"endpoint": "https://fcm.googleapis.com/fcm/send/abc123", "keys": {"p256dh": "B" + "x" * 86, "auth": "a" * 22}}


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path


def test_page_starts_with_one_plain_sentence_and_has_the_four_parts(client, person):
    response = client.get("/reminders/")
    assert response.status_code == 200
    html = response.content.decode()
    first_p = html.split("<h1>Reminders</h1>", 1)[1].split("<p>", 1)[1].split("</p>", 1)[0]
    assert first_p.count(".") == 1
    for words in ("Turn on notifications here", "Add a check-in reminder", "Add a questionnaire reminder",
                  "Quiet hours", "Make a calendar address"):
        assert words in html
    assert 'src="/static/reminders/push.js"' in html and "<script>" not in html
    assert 'rel="manifest"' in html


def test_add_a_checkin_reminder_at_two_times_in_the_persons_zone(client, person):
    from painscope.web.accounts.models import Profile

    Profile.objects.update_or_create(user=person, defaults={"timezone": "Europe/Lisbon"})
    response = client.post("/reminders/new/", {"kind": "checkin", "times": "20:00, 8:30", "weekdays": ["1", "5"]})
    assert response.status_code == 302
    r = Reminder.objects.get()
    assert (r.kind, r.times, r.weekdays, r.timezone) == ("checkin", ["08:30", "20:00"], [1, 5], "Europe/Lisbon")
    assert "Next:" in client.get("/reminders/").content.decode()


def test_a_bad_time_is_named_and_nothing_is_saved(client, person):
    response = client.post("/reminders/new/", {"kind": "checkin", "times": "8pm"})
    assert response.status_code == 400
    assert "&#x27;8pm&#x27; is not a time of day such as 08:30" in response.content.decode()
    assert Reminder.objects.count() == 0


def test_questionnaire_every_two_weeks(client, person):
    response = client.post("/reminders/new/", {"kind": "questionnaire", "instrument_id": "phq9", "every": "2",
                                               "unit": "weeks", "time": "10:00"})
    assert response.status_code == 302, response.content.decode()[:2000]
    r = Reminder.objects.get()
    assert (r.instrument_id, r.every_days, r.times) == ("phq9", 14, ["10:00"])


def test_quiet_hours_and_missed_rule_are_saved_and_checked(client, person):
    ok = client.post("/reminders/settings/", {"quiet_start": "22:00", "quiet_end": "07:00", "dose_reminders": "on",
                                              "follow_up_minutes": "20", "missed_after_minutes": "60"})
    assert ok.status_code == 302
    prefs = ReminderSettings.objects.get(owner=person)
    assert (str(prefs.quiet_start), prefs.follow_up_minutes, prefs.missed_after_minutes) == ("22:00:00", 20, 60)
    bad = client.post("/reminders/settings/", {"quiet_start": "22:00", "follow_up_minutes": "60",
                                               "missed_after_minutes": "30"})
    assert bad.status_code == 400
    html = bad.content.decode()
    assert "give both times" in html and "counts as missed after its follow-up" in html
    assert ReminderSettings.objects.get(owner=person).follow_up_minutes == 20


def test_push_subscription_is_stored_and_bad_ones_are_refused(client, person):
    response = client.post("/reminders/push/subscribe/", json.dumps(SUB), content_type="application/json")
    assert response.status_code == 200
    assert PushSubscription.objects.get().endpoint == SUB["endpoint"]
    again = client.post("/reminders/push/subscribe/", json.dumps(SUB), content_type="application/json")
    assert again.status_code == 200 and PushSubscription.objects.count() == 1
    bad = client.post("/reminders/push/subscribe/", json.dumps({"endpoint": "ftp://x"}), content_type="application/json")
    assert bad.status_code == 400 and "keys" in bad.json()["error"]
    for endpoint in ("http://fcm.googleapis.com/x", "https://169.254.169.254/latest/", "http://127.0.0.1:8000/x",
                     "https://fcm.googleapis.com.evil.example/x"):
        refused = client.post("/reminders/push/subscribe/", json.dumps({**SUB, "endpoint": endpoint}),
                              content_type="application/json")
        assert refused.status_code == 400, endpoint
        assert refused.json()["error"].startswith("endpoint:")
    client.post("/reminders/push/unsubscribe/", {"id": PushSubscription.objects.get().pk})
    assert PushSubscription.objects.count() == 0


def test_push_subscribe_needs_csrf(person):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(person)
    response = browser.post("/reminders/push/subscribe/", json.dumps(SUB), content_type="application/json")
    assert response.status_code == 403


def test_calendar_address_is_shown_again_and_can_be_switched_off(client, person):
    client.post("/reminders/calendar/new/")
    feed = CalendarFeed.objects.get(owner=person)
    html = client.get("/reminders/").content.decode()
    assert f"/reminders/calendar/{feed.token}.ics" in html
    client.post("/reminders/calendar/revoke/")
    assert not CalendarFeed.objects.exists()
    assert Client().get(f"/reminders/calendar/{feed.token}.ics").status_code == 404


def _dose_delivery(user) -> Delivery:
    med = Medication.objects.create(owner=user, name="Naproxen", dose=250, unit="mg", times=["08:00"],
                                    timezone="UTC", start_date=date(2024, 1, 1), pills_left=3)
    due = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=1)
    return Delivery.objects.create(owner=user, medication=med, kind=rules.DOSE, due=due, send_at=due, state=rules.SENT)


def test_taken_action_from_the_service_worker_logs_the_dose_without_a_session(person):
    d = _dose_delivery(person)
    token = services.act_token(d)
    anonymous = Client(enforce_csrf_checks=True)
    response = anonymous.post("/reminders/act/", json.dumps({"token": token, "action": "taken"}),
                              content_type="application/json")
    assert response.status_code == 200
    assert response.json() == {"ok": True, "message": "Naproxen is logged as taken.", "url": "/medications/"}
    log = DoseLog.objects.get()
    assert (log.status, log.scheduled_for, log.owner_id) == ("taken", d.due, person.pk)
    assert Medication.objects.get().pills_left == 2


def test_skip_and_check_in_actions_land_on_the_right_page(client, person):
    d = _dose_delivery(person)
    token = services.act_token(d)
    skip = client.post("/reminders/act/", json.dumps({"token": token, "action": "skip"}), content_type="application/json")
    assert skip.json()["url"] == "/medications/" and DoseLog.objects.get().status == "skipped"
    checkin = client.post("/reminders/act/", json.dumps({"token": token, "action": "checkin"}),
                          content_type="application/json")
    assert checkin.json()["url"] == "/checkin/"


def test_a_forged_or_foreign_token_does_nothing(client, person, settings):
    d = _dose_delivery(person)
    forged = services.act_token(d)[:-2] + "xx"
    response = client.post("/reminders/act/", json.dumps({"token": forged, "action": "taken"}),
                           content_type="application/json")
    assert response.status_code == 400 and DoseLog.objects.count() == 0
    other = get_user_model().objects.create_user("bo", password="another calm river 7")
    browser = Client()
    browser.force_login(other)
    response = browser.post("/reminders/act/", json.dumps({"token": services.act_token(d), "action": "taken"}),
                            content_type="application/json")
    assert response.status_code == 404 and DoseLog.objects.count() == 0


def test_another_persons_reminders_and_sends_are_404(client, person):
    other = get_user_model().objects.create_user("bo", password="another calm river 7")
    theirs = Reminder.objects.create(owner=other, kind=rules.CHECKIN, times=["20:00"], start_date=date(2024, 1, 1))
    sent = _dose_delivery(other)
    assert client.post(f"/reminders/{theirs.pk}/delete/").status_code == 404
    assert client.post(f"/reminders/sent/{sent.pk}/snooze/", {"minutes": "10"}).status_code == 404
    assert Reminder.objects.filter(pk=theirs.pk).exists()
    assert "Naproxen" not in client.get("/reminders/").content.decode()


def test_snooze_from_the_page(client, person):
    d = _dose_delivery(person)
    response = client.post(f"/reminders/sent/{d.pk}/snooze/", {"minutes": "30"})
    assert response.status_code == 302
    d.refresh_from_db()
    assert d.state == rules.PENDING and d.round == 1
    assert d.send_at > datetime.now(UTC) + timedelta(minutes=29)


def test_service_worker_and_manifest_are_served_from_the_root(client):
    sw = client.get("/sw.js")
    assert sw.status_code == 200 and sw["Content-Type"].startswith("text/javascript")
    body = sw.content.decode()
    assert "showNotification" in body and "notificationclick" in body
    manifest = client.get("/manifest.webmanifest")
    doc = json.loads(manifest.content)
    assert manifest["Content-Type"] == "application/manifest+json"
    assert doc["display"] == "standalone" and doc["start_url"] == "/"
    sizes = {i["sizes"] for i in doc["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in doc["icons"]:
        assert client.get(icon["src"]).status_code == 200


def test_vapid_key_is_generated_once_into_the_data_dir(client, person, settings, monkeypatch):
    from painscope.web.reminders import push

    monkeypatch.delenv("PAINSCOPE_VAPID_PRIVATE_KEY", raising=False)
    first = push.public_key()
    assert (settings.DATA_DIR / "vapid_private.pem").exists()
    assert (settings.DATA_DIR / "vapid_private.pem").stat().st_mode & 0o777 == 0o600
    push._vapid_for.cache_clear()
    assert push.public_key() == first
    assert f'data-vapid-key="{first}"' in client.get("/reminders/").content.decode()
