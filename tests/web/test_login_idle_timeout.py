"""Idle sign-out: a session unused for longer than the site's limit is signed out."""

from __future__ import annotations

import time

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from painscope.web.accounts.middleware import SEEN_KEY

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    assert client.get(reverse("entries")).status_code == 200  # notes the activity
    return client


def age_session(client: Client, seconds: int) -> None:
    session = client.session
    session[SEEN_KEY] = int(time.time()) - seconds
    session.save()


@pytest.fixture
def ana():
    return get_user_model().objects.create_user("ana")


def test_a_session_idle_longer_than_the_limit_is_signed_out(ana, settings):
    settings.SESSION_IDLE_MINUTES = 60
    client = signed_in(ana)
    age_session(client, 61 * 60)
    response = client.get(reverse("entries"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert "next=%2Fentries%2F" in response["Location"]
    page = client.get(response["Location"]).content.decode()
    assert "signed out after 60 minutes without activity" in page
    assert client.get(reverse("entries")).status_code == 302  # really signed out


def test_activity_keeps_the_session(ana, settings):
    settings.SESSION_IDLE_MINUTES = 60
    client = signed_in(ana)
    age_session(client, 59 * 60)
    assert client.get(reverse("entries")).status_code == 200
    assert int(time.time()) - client.session[SEEN_KEY] < 5  # the clock starts again


def test_the_api_through_the_session_answers_401_after_idling(ana, settings):
    settings.SESSION_IDLE_MINUTES = 10
    client = signed_in(ana)
    age_session(client, 11 * 60)
    assert client.get("/api/v1/entries").status_code == 401


def test_clinicians_have_the_shorter_limit(settings):
    from django_otp import DEVICE_ID_SESSION_KEY

    from painscope.web.accounts import twofactor

    settings.SESSION_IDLE_MINUTES = 12 * 60
    settings.CLINICIAN_IDLE_MINUTES = 30
    user = get_user_model().objects.create_user("dr_kim")
    user.groups.add(Group.objects.get_or_create(name="clinician")[0])
    device = twofactor.start_enrolment(user)
    device.confirmed = True
    device.save()
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    assert client.get(reverse("entries")).status_code == 200
    age_session(client, 31 * 60)
    assert client.get(reverse("entries"))["Location"].startswith(reverse("login"))


def test_reading_pages_writes_the_session_at_most_once_a_minute(ana):
    client = signed_in(ana)
    first = client.session[SEEN_KEY]
    key = client.cookies["sessionid"].value
    from django.contrib.sessions.models import Session

    stamp = Session.objects.get(session_key=key).expire_date
    client.get(reverse("entries"))
    client.get(reverse("entries"))
    assert client.session[SEEN_KEY] == first
    assert Session.objects.get(session_key=key).expire_date == stamp
