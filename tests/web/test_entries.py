"""The list of check-ins: newest first, paged; changing and deleting one."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from painscope import diary
from painscope.web.accounts.models import Profile
from painscope.web.journal import services
from painscope.web.journal.models import Entry

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(person):
    """The signed-in person, whose account is in Paris (UTC+1 in winter, as the entries here)."""
    Profile.objects.create(user=person, timezone="Europe/Paris")
    return person


def add_entry(user, when: datetime, pain: float, regions: tuple[str, ...] = ()) -> Entry:
    obs = [diary.Observation("rating", "pain", pain)] + [diary.Observation("region", r, 1) for r in regions]
    return services.save_entry(user, diary.Entry(when, 60, obs))


def test_person_edits_and_deletes_an_entry(client, person):
    entry = add_entry(person, datetime(2024, 3, 1, 7, 30, tzinfo=UTC), 5, ("neck",))
    page = client.get(reverse("entry_edit", args=[entry.pk])).content.decode()
    assert 'name="pain" value="5" checked' in page
    assert 'name="region" value="neck" checked' in page
    assert 'value="2024-03-01T08:30"' in page  # shown in the account's zone

    response = client.post(reverse("entry_edit", args=[entry.pk]), {
        "pain": "3", "region": ["neck", "hip_left"], "when": "2024-03-01T08:30", "tz_name": "America/Denver",
    })
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.utc == datetime(2024, 3, 1, 7, 30, tzinfo=UTC) and entry.offset_minutes == 60  # time untouched
    assert {(o.kind, o.name, o.value) for o in entry.observations.all()} == {
        ("rating", "pain", 3), ("region", "neck", 1), ("region", "hip_left", 1)}

    confirm = client.get(reverse("entry_delete", args=[entry.pk]))
    assert confirm.status_code == 200 and "Delete this check-in?" in confirm.content.decode()
    assert Entry.objects.filter(pk=entry.pk).exists()  # looking at the confirm page deletes nothing
    assert client.post(reverse("entry_delete", args=[entry.pk])).status_code == 302
    assert not Entry.objects.filter(pk=entry.pk).exists()


def test_a_bad_edit_keeps_the_entry_as_it_was(client, person):
    entry = add_entry(person, datetime(2024, 3, 1, 7, 30, tzinfo=UTC), 5, ("neck",))
    response = client.post(reverse("entry_edit", args=[entry.pk]), {"pain": "12", "when": "2024-03-01T08:30"})
    assert response.status_code == 400
    assert {(o.kind, o.name, o.value) for o in entry.observations.all()} == {("rating", "pain", 5), ("region", "neck", 1)}


def test_entries_are_listed_newest_first_and_paged(client, person):
    start = datetime(2024, 1, 1, 9, tzinfo=UTC)
    for i in range(25):
        add_entry(person, start + timedelta(days=i), i % 11)
    first = client.get(reverse("entries")).content.decode()
    assert "25 check-ins, newest first" in first
    assert first.index("25 Jan 2024") < first.index("24 Jan 2024")
    assert "Mon 1 Jan 2024" not in first
    assert "Thu 25 Jan 2024, 10:00" in first  # in the account's zone (UTC+1)
    second = client.get(reverse("entries"), {"page": 2}).content.decode()
    assert "Mon 1 Jan 2024" in second and "Page 2 of 2" in second


def test_no_entries_yet_is_said_kindly(client, person):
    page = client.get(reverse("entries")).content.decode()
    assert "No entries yet — that's fine" in page


def test_another_persons_entry_is_not_found(client, person):
    other = get_user_model().objects.create_user("bo", password="a calm river 42")
    entry = add_entry(other, datetime(2024, 3, 1, 7, 30, tzinfo=UTC), 5)
    assert client.get(reverse("entry_edit", args=[entry.pk])).status_code == 404
    assert client.post(reverse("entry_edit", args=[entry.pk]), {"pain": "1"}).status_code == 404
    assert client.post(reverse("entry_delete", args=[entry.pk])).status_code == 404
    assert Entry.objects.filter(pk=entry.pk).exists()


def test_changing_a_checkin_keeps_what_the_form_does_not_show(client, person):
    entry = services.save_entry(person, diary.Entry(datetime(2024, 3, 1, 7, 30, tzinfo=UTC), 0, [
        diary.Observation("rating", "pain", 5),
        diary.Observation("measure", "resting_hr", 58, "bpm"),
        diary.Observation("medication", "ibuprofen", 400, "mg"),
        diary.Observation("region", "knee_left", 0),
    ]))
    page = client.get(reverse("entry_edit", args=[entry.pk])).content.decode()
    assert "kept as it is: measure resting hr 58, medication ibuprofen 400" in page
    client.post(reverse("entry_edit", args=[entry.pk]), {"pain": "4", "when": "2024-03-01T07:30"})
    assert {(o.kind, o.name, o.value) for o in entry.observations.all()} == {
        ("rating", "pain", 4), ("measure", "resting_hr", 58), ("medication", "ibuprofen", 400), ("region", "knee_left", 0)}
    # marking the region that was recorded as "no" replaces the "no"
    client.post(reverse("entry_edit", args=[entry.pk]), {"pain": "4", "region": ["knee_left"], "when": "2024-03-01T07:30"})
    assert entry.observations.get(kind="region", name="knee_left").value == 1


def test_unknown_entry_shows_a_plain_not_found_page(client, person):
    response = client.get(reverse("entry_edit", args=[987654]))
    assert response.status_code == 404
    assert "We couldn't find that page" in response.content.decode()
