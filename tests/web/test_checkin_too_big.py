"""A check-in posted with a note far too large to read gets the form back with an
inline error on the note (not a bare "Bad Request"), and nothing is saved."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from painscope.web.accounts.models import Profile
from painscope.web.journal.models import Entry, Observation
from painscope.web.journal.views import TOO_BIG_NOTE

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(person):
    """The signed-in person of tests/web/conftest.py, living in Lisbon."""
    Profile.objects.create(user=person, timezone="Europe/Lisbon")
    return person


def huge_note(settings) -> str:
    return "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1000)


def test_a_ten_megabyte_note_gets_the_form_back_with_the_error_on_the_note(client, person, settings):
    response = client.post(reverse("checkin"), {"pain": "6", "note": "x" * 10_000_000, "tz_name": "Europe/Lisbon"})
    assert response.status_code == 413
    page = response.content.decode()
    assert 'id="e-note"' in page and TOO_BIG_NOTE in page
    assert 'name="pain"' in page  # the whole check-in form, ready to try again
    assert not Entry.objects.exists()


def test_changing_a_checkin_with_a_huge_note_keeps_the_stored_one(client, person, settings):
    client.post(reverse("checkin"), {"pain": "4", "note": "Short.", "tz_name": "Europe/Lisbon"})
    entry = Entry.objects.get(owner=person)
    response = client.post(reverse("entry_edit", args=[entry.pk]), {"pain": "7", "note": huge_note(settings)})
    assert response.status_code == 413
    assert TOO_BIG_NOTE in response.content.decode()
    assert Observation.objects.get(entry=entry, kind="note").note == "Short."
    assert Observation.objects.get(entry=entry, kind="rating").value == 4


def test_someone_elses_checkin_stays_hidden_even_with_a_huge_post(client, person, settings):
    other = get_user_model().objects.create_user("noor", password="another calm river 42")
    stranger = Client()
    stranger.force_login(other)
    stranger.post(reverse("checkin"), {"pain": "3", "tz_name": "UTC"})
    theirs = Entry.objects.get(owner=other)
    response = client.post(reverse("entry_edit", args=[theirs.pk]), {"note": huge_note(settings)})
    assert response.status_code == 404


def test_a_huge_post_when_signed_out_goes_to_the_sign_in_page(settings):
    response = Client().post(reverse("checkin"), {"note": huge_note(settings)})
    assert response.status_code == 302 and "login" in response["Location"]
    assert not Entry.objects.exists()
