"""Creating an account, and turning sign-up off."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from painscope.web.accounts.models import Profile

pytestmark = pytest.mark.django_db

PASSWORD = "a calm river 42"


def test_person_signs_up_and_gets_a_profile_with_their_timezone(client):
    response = client.post(
        reverse("signup"),
        {"username": "maria", "password1": PASSWORD, "password2": PASSWORD, "timezone": "Europe/Madrid"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")
    user = get_user_model().objects.get(username="maria")
    assert Profile.objects.get(user=user).timezone == "Europe/Madrid"
    assert client.get(reverse("dashboard")).status_code == 200  # signed in straight away


def test_unknown_timezone_is_refused_next_to_the_field(client):
    response = client.post(
        reverse("signup"),
        {"username": "maria", "password1": PASSWORD, "password2": PASSWORD, "timezone": "Mars/Olympus"},
    )
    assert response.status_code == 200
    assert "Your time zone:" in response.content.decode()
    assert not get_user_model().objects.filter(username="maria").exists()


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
