"""Check-ins and doses sent later by a phone that had no connection (issue 16).

The browser keeps the posted form with a ``client_key`` (static/painscope/outbox.js) and
sends it again with ``X-Painscope-Sync: 1``: the answer is JSON, and a resend of something
already stored is recognised by its key and never doubles it. The browser half is walked in
tests/e2e/test_offline_checkin.py.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from painscope.web.accounts.models import Profile
from painscope.web.journal.models import DoseLog, Entry, Medication

pytestmark = pytest.mark.django_db
SYNC = {"HTTP_X_PAINSCOPE_SYNC": "1"}
KEY = "3f1c9a52-7d0e-4b8e-9a41-0c2d5e6f7a8b"


@pytest.fixture
def person(person):
    Profile.objects.create(user=person, timezone="Europe/London")
    return person


def checkin(client, key=KEY, when="2026-03-29T00:30", **extra):
    fields = {"pain": "5", "when": when, "tz_name": "Europe/London", "client_key": key, "outbox_owner": "ana", **extra}
    return client.post(reverse("checkin"), fields, **SYNC)


def test_a_kept_checkin_is_stored_once_however_often_it_is_sent(client, person):
    first = checkin(client)
    assert first.status_code == 201 and json.loads(first.content)["outcome"] == "saved"
    again = checkin(client)
    assert again.status_code == 200 and json.loads(again.content)["outcome"] == "already-saved"
    assert Entry.objects.filter(owner=person).count() == 1
    entry = Entry.objects.get(owner=person)
    assert entry.client_key == KEY
    # 00:30 in London on the day the clocks go forward is still GMT: 00:30 UTC.
    assert entry.utc == datetime(2026, 3, 29, 0, 30, tzinfo=UTC)


def test_the_time_written_on_the_phone_is_kept_across_the_clock_change(client, person):
    checkin(client, when="2026-03-29T02:30")  # after the change: BST, 01:30 UTC
    assert Entry.objects.get(owner=person).utc == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)


def test_a_kept_checkin_at_the_minute_of_another_is_a_conflict_the_person_settles(client, person):
    assert checkin(client, key="aaaaaaaa-1").status_code == 201
    clash = checkin(client, key="bbbbbbbb-2")
    assert clash.status_code == 409
    doc = json.loads(clash.content)
    assert doc["outcome"] == "refused" and "another check-in already has this exact time" in doc["message"]
    assert checkin(client, key="bbbbbbbb-2", when="2026-03-29T00:31").status_code == 201  # "a minute later"
    assert Entry.objects.filter(owner=person).count() == 2


def _checks_pass_then_a_crossing_send_commits(monkeypatch, key):
    """Emulate two sends that cross (a page that is leaving and the next one both send what
    was kept): this send's checks find nothing, then the other send stores its entry (``key``)
    for the same minute, then this send inserts."""
    from django.db import transaction

    from painscope.web.journal import services, views

    def crossing(request, form, profile, replace, client_key=None):
        services.save_entry(request.user, form.entry, source="web", client_key=key)  # the other send
        with transaction.atomic():
            services.save_entry(request.user, form.entry, replace=replace, source="web", client_key=client_key)
        return True

    monkeypatch.setattr(views, "_save_checkin", crossing)


def test_two_crossing_sends_of_one_kept_checkin_store_it_once_and_neither_is_a_clash(client, person, monkeypatch):
    _checks_pass_then_a_crossing_send_commits(monkeypatch, KEY)
    response = checkin(client)
    assert response.status_code == 200 and json.loads(response.content)["outcome"] == "already-saved"
    assert Entry.objects.filter(owner=person).count() == 1


def test_a_crossing_send_of_another_checkin_for_the_same_minute_is_a_clash_not_an_error(client, person, monkeypatch):
    _checks_pass_then_a_crossing_send_commits(monkeypatch, "dddddddd-4")
    response = checkin(client)
    assert response.status_code == 409
    assert "another check-in already has this exact time" in json.loads(response.content)["message"]
    assert list(Entry.objects.filter(owner=person).values_list("client_key", flat=True)) == ["dddddddd-4"]


def test_a_kept_checkin_stored_between_the_key_check_and_the_clash_check_is_already_saved(client, person, monkeypatch):
    from painscope.web.journal import views

    checkin(client)  # stored by the crossing send ...
    real = views._already_stored
    calls = []

    def first_look_came_too_early(request, key):
        calls.append(key)
        return False if len(calls) == 1 else real(request, key)  # ... after this send's first look

    monkeypatch.setattr(views, "_already_stored", first_look_came_too_early)
    response = checkin(client)
    assert response.status_code == 200 and json.loads(response.content)["outcome"] == "already-saved"
    assert len(calls) == 2 and Entry.objects.filter(owner=person).count() == 1


def test_a_bad_kept_checkin_is_refused_with_the_field_named_and_nothing_stored(client, person):
    response = checkin(client, pain="12")
    assert response.status_code == 400
    doc = json.loads(response.content)
    assert "pain" in doc["errors"] and "between 0 and 10" in doc["message"]
    assert not Entry.objects.exists()


@pytest.mark.parametrize("key", ["short", "x" * 41, "bad key!", "<script>"])
def test_a_malformed_client_key_is_refused(client, person, key):
    response = checkin(client, key=key)
    assert response.status_code == 400 and "client_key" in json.loads(response.content)["message"]
    assert not Entry.objects.exists()


def test_something_kept_for_another_account_is_never_saved_as_this_one(client, person):
    response = checkin(client, outbox_owner="bruno")
    assert response.status_code == 400 and "another account" in json.loads(response.content)["message"]
    assert not Entry.objects.exists()


def test_keys_belong_to_their_person(client, person):
    other = get_user_model().objects.create_user("bruno", password="x")
    b = Client()
    b.force_login(other)
    assert checkin(b, outbox_owner="bruno").status_code == 201
    assert checkin(client).status_code == 201  # the same key from another person is theirs alone
    assert Entry.objects.filter(client_key=KEY).count() == 2


def test_a_resend_after_the_session_ended_goes_to_sign_in_and_stores_nothing(person):
    response = checkin(Client())
    assert response.status_code == 302 and reverse("login") in response["Location"]
    assert not Entry.objects.exists()


def test_a_plain_form_post_with_a_key_twice_is_one_checkin(client, person):
    fields = {"pain": "4", "tz_name": "Europe/London", "client_key": KEY}
    assert client.post(reverse("checkin"), fields).status_code == 302
    second = client.post(reverse("checkin"), fields, follow=True)
    assert "This check-in was already saved." in second.content.decode()
    assert Entry.objects.count() == 1


@pytest.fixture
def med(person):
    return Medication.objects.create(owner=person, name="Naproxen", dose=250, unit="mg", as_needed=True,
                                     start_date=date(2026, 1, 1), timezone="Europe/London", pills_left=10)


def dose(client, med, key=KEY, **extra):
    fields = {"status": "taken", "client_key": key, "outbox_owner": "ana", **extra}
    return client.post(reverse("dose_log", args=[med.pk]), fields, **SYNC)


def test_a_kept_dose_is_logged_once_at_the_moment_of_the_tap(client, person, med):
    tapped = (datetime.now(UTC) - timedelta(hours=3)).replace(microsecond=0)
    first = dose(client, med, at=tapped.isoformat())
    assert first.status_code == 201 and json.loads(first.content)["outcome"] == "saved"
    again = dose(client, med, at=tapped.isoformat())
    assert json.loads(again.content)["outcome"] == "already-saved"
    log = DoseLog.objects.get(owner=person)
    assert log.at == tapped and log.client_key == KEY
    med.refresh_from_db()
    assert med.pills_left == 9  # one pill, not two


def test_two_crossing_sends_of_one_kept_dose_log_it_once(client, person, med, monkeypatch):
    from painscope.web.journal import views

    assert dose(client, med).status_code == 201  # the other send, stored ...
    real = views._dose_logged
    calls = []

    def first_look_came_too_early(request, key):
        calls.append(key)
        return False if len(calls) == 1 else real(request, key)  # ... after this send's first look

    monkeypatch.setattr(views, "_dose_logged", first_look_came_too_early)
    response = dose(client, med)
    assert response.status_code == 200 and json.loads(response.content)["outcome"] == "already-saved"
    assert len(calls) == 2 and DoseLog.objects.filter(owner=person).count() == 1
    med.refresh_from_db()
    assert med.pills_left == 9


def test_a_kept_dose_in_the_future_or_unreadable_is_refused(client, person, med):
    later = (datetime.now(UTC) + timedelta(hours=2)).isoformat()
    assert json.loads(dose(client, med, at=later).content)["message"] == "at: that time is still to come"
    bad = dose(client, med, key="cccccccc-3", at="yesterday-ish")
    assert bad.status_code == 400 and json.loads(bad.content)["message"].startswith("at:")
    assert not DoseLog.objects.exists()


def test_the_service_worker_is_given_the_outbox_and_the_shell_to_keep(client):
    from django.templatetags.static import static

    text = client.get("/sw.js").content.decode()
    assert "__PAINSCOPE" not in text
    assert f'importScripts("{static("painscope/outbox.js")}")' in text
    assert '"/offline/"' in text and static("painscope/site.css") in text


def test_the_offline_page_is_public_and_points_to_what_works_offline():
    page = Client().get(reverse("offline"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "kept on this phone" in text and reverse("checkin") in text


def test_forms_that_work_offline_are_marked_for_the_outbox(client, person, med):
    assert "data-offline" in client.get(reverse("checkin")).content.decode()
    assert client.get(reverse("medications")).content.decode().count("data-offline") >= 2
