"""Signing in and out, the login rate limit, and changing the password."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

pytestmark = pytest.mark.django_db

PASSWORD = "a calm river 42"


@pytest.fixture
def person():
    return get_user_model().objects.create_user("sam", password=PASSWORD)


def test_person_signs_in_and_lands_on_the_overview(client, person):
    response = client.post(reverse("login"), {"username": "sam", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")


def test_sign_in_returns_to_the_page_asked_for_but_not_to_another_site(client, person):
    response = client.post(reverse("login"), {"username": "sam", "password": PASSWORD, "next": "/entries/"})
    assert response["Location"] == "/entries/"
    client.post(reverse("logout"))
    response = client.post(reverse("login"), {"username": "sam", "password": PASSWORD, "next": "https://evil.example/"})
    assert response["Location"] == reverse("dashboard")


def test_pages_ask_for_sign_in_first(client):
    response = client.get(reverse("checkin"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_sign_out_needs_a_post(client, person):
    client.force_login(person)
    assert client.get(reverse("logout")).status_code == 405
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("entries")).status_code == 302  # "/" is the public landing page


def test_wrong_password_says_so_without_blame(client, person):
    response = client.post(reverse("login"), {"username": "sam", "password": "nope"})
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()


def test_sixth_bad_attempt_is_locked_out_with_a_kind_message(client, person, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post(reverse("login"), {"username": "sam", "password": "wrong"}).status_code == 200
    client.post(reverse("login"), {"username": "sam", "password": "wrong"})  # the limit is reached here
    response = client.post(reverse("login"), {"username": "sam", "password": "wrong"})
    assert response.status_code in (403, 429)
    text = response.content.decode()
    assert "paused" in text and "15 minutes" in text
    # even the right password waits for the cool-off
    response = client.post(reverse("login"), {"username": "sam", "password": PASSWORD})
    assert response.status_code in (403, 429)


def test_person_changes_their_password(client, person):
    client.force_login(person)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "another calm river 7", "new_password2": "another calm river 7"},
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.check_password("another calm river 7")
    assert client.get(reverse("profile")).status_code == 200  # still signed in


def test_profile_keeps_the_chosen_timezone(client, person):
    client.force_login(person)
    response = client.post(reverse("profile"), {"timezone": "America/Chicago"})
    assert response.status_code == 302
    assert person.profile.timezone == "America/Chicago"
