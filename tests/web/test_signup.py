"""Creating an account: without revealing who already has one, limited per address, and
turning sign-up off."""

from __future__ import annotations

import html
import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from painscope.web.accounts.models import Profile

pytestmark = pytest.mark.django_db

PASSWORD = "a calm river 42"


@pytest.fixture(autouse=True)
def fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def sign_up(client, username="maria", password=PASSWORD, **extra):
    form = {"username": username, "password1": password, "password2": password, "timezone": "Europe/Madrid", **extra}
    return client.post(reverse("signup"), form)


def test_person_signs_up_then_signs_in_with_their_timezone_and_email(client):
    response = sign_up(client, email="maria@example.org")
    assert response.status_code == 302 and response["Location"] == reverse("login")
    user = get_user_model().objects.get(username="maria")
    assert user.email == "maria@example.org" and user.check_password(PASSWORD)
    assert Profile.objects.get(user=user).timezone == "Europe/Madrid"
    login_page = client.get(reverse("login")).content.decode()
    assert "Now sign in with the username and password you chose" in login_page
    assert client.post(reverse("login"), {"username": "maria", "password": PASSWORD})["Location"] == reverse("dashboard")


def _visible(response) -> str:
    """The page without the parts that differ per request anyway (CSRF tokens)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def test_a_taken_username_gets_exactly_the_same_answer(settings):
    get_user_model().objects.create_user("maria", password="someone else's 9")
    taken, free = Client(), Client()
    a = sign_up(taken, "maria")
    b = sign_up(free, "maria2")
    assert (a.status_code, a["Location"]) == (b.status_code, b["Location"])
    assert set(a.cookies) == set(b.cookies)
    assert _visible(taken.get(reverse("login"))) == _visible(free.get(reverse("login")))
    # and nothing about the existing account changed
    assert get_user_model().objects.get(username="maria").check_password("someone else's 9")
    assert get_user_model().objects.filter(username="maria2").exists()


def test_a_taken_username_is_not_named_in_any_error(client):
    get_user_model().objects.create_user("maria")
    response = client.post(reverse("signup"), {"username": "maria", "password1": "x", "password2": "y", "timezone": "UTC"})
    page = response.content.decode()
    assert response.status_code == 200 and "already exists" not in page and "taken" not in page
    assert "password fields didn’t match" in html.unescape(page)


def test_sign_ups_from_one_address_are_limited(settings):
    settings.SIGNUPS_PER_HOUR = 2
    client = Client(REMOTE_ADDR="192.0.2.7")
    assert sign_up(client, "one").status_code == 302
    assert sign_up(client, "two").status_code == 302
    refused = sign_up(client, "three")
    assert refused.status_code == 429 and "paused" in refused.content.decode()
    assert not get_user_model().objects.filter(username="three").exists()
    # another address is not held up, and mistyped forms do not count
    assert sign_up(Client(REMOTE_ADDR="192.0.2.8"), "four").status_code == 302
    typo = Client(REMOTE_ADDR="192.0.2.9")
    for _ in range(3):
        assert typo.post(reverse("signup"), {"username": "x", "password1": "a", "password2": "b", "timezone": "UTC"}).status_code == 200
    assert sign_up(typo, "five").status_code == 302


def test_the_limit_keeps_no_address_in_clear(settings):
    from painscope.web.accounts.models import Throttle

    sign_up(Client(REMOTE_ADDR="198.51.100.23"), "six")
    assert Throttle.objects.count() == 1
    assert "198.51.100.23" not in Throttle.objects.get().key


def test_unknown_timezone_is_refused_next_to_the_field(client):
    response = client.post(
        reverse("signup"),
        {"username": "maria", "password1": PASSWORD, "password2": PASSWORD, "timezone": "Mars/Olympus"},
    )
    assert response.status_code == 200
    assert "Your time zone:" in response.content.decode()
    assert not get_user_model().objects.filter(username="maria").exists()


def test_signup_makes_patients_only(client):
    sign_up(client, "maria", groups="clinician", is_staff="on")
    user = get_user_model().objects.get(username="maria")
    assert not user.groups.exists() and not user.is_staff


def test_signup_can_be_turned_off(client, settings):
    settings.SIGNUP_ENABLED = False
    assert client.get(reverse("signup")).status_code == 404
    response = client.post(reverse("signup"), {"username": "x", "password1": PASSWORD, "password2": PASSWORD, "timezone": "UTC"})
    assert response.status_code == 404
    assert not get_user_model().objects.filter(username="x").exists()
    login_page = client.get(reverse("login")).content.decode()
    assert reverse("signup") not in login_page


def test_signup_link_is_offered_when_signup_is_on(client, settings):
    settings.SIGNUP_ENABLED = True
    assert reverse("signup") in client.get(reverse("login")).content.decode()
