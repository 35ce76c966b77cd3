"""Medications as people need them (issue 15): when the pills run out, how an as-needed
medicine is used, "Refilled" with the pack size, and a changed dose or schedule kept as a
history rather than overwritten."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import translation

from painscope import diary
from painscope.web.accounts.models import Profile
from painscope.web.journal import med_use, services
from painscope.web.journal.models import DoseLog, Medication, MedicationEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(person):
    Profile.objects.create(user=person, timezone="Europe/London")
    return person


def scheduled(person, **extra):
    fields = {"name": "Duloxetine", "dose": 60, "unit": "mg", "times": ["08:00"], "timezone": "Europe/London",
              "start_date": date(2026, 1, 1), "pills_left": 10, "pills_per_dose": 1, **extra}
    return Medication.objects.create(owner=person, **fields)


def page(client) -> str:
    return client.get(reverse("medications")).content.decode()


def test_a_scheduled_medicine_says_how_many_doses_are_left_and_until_when(client, person):
    med = scheduled(person)
    now = datetime.now(UTC)
    use = med_use.use_of(med, now)
    assert use.run_out.doses_left == 10 and use.run_out.date is not None
    # ten daily doses at 08:00: the last is today + 9 or + 10 days depending on the time now
    assert timedelta(days=9) <= use.run_out.date - now.date() <= timedelta(days=10)
    html = page(client)
    assert "Enough for 10 more doses: until" in html
    assert use.run_out.date.strftime("%-d %b %Y") in html


def test_an_as_needed_medicine_shows_its_use_with_a_range_or_says_there_is_not_enough_yet(client, person):
    med = scheduled(person, name="Naproxen", as_needed=True, times=[], pills_left=20)
    assert "Run-out date: not enough data yet" in page(client)
    now = datetime.now(UTC)
    for day in range(1, 9):
        DoseLog.objects.create(owner=person, medication=med, status=DoseLog.TAKEN, at=now - timedelta(days=day * 3))
    html = page(client)
    assert "At your use in the last 4 weeks, they last until about" in html and "likely between" in html
    assert "doses a week over the last 12 weeks (likely between" in html
    assert "Pain before and after a dose: not enough data yet (0 of 6" in html


def test_refilled_adds_the_pack_remembers_its_size_and_is_in_the_history(client, person):
    med = scheduled(person, pills_left=3)
    response = client.post(reverse("medication_refill", args=[med.pk]), {"pack": "28"})
    assert response.status_code == 302
    med.refresh_from_db()
    assert med.pills_left == 31 and med.pack_size == 28
    event = MedicationEvent.objects.get(medication=med)
    assert event.kind == "refill" and event.details == {"added": 28, "before": 3, "after": 31}
    # the next refill needs no number: the pack size is remembered
    client.post(reverse("medication_refill", args=[med.pk]), {"pack": ""})
    med.refresh_from_db()
    assert med.pills_left == 59
    html = page(client)
    assert "Refilled (+28)" in html and "refilled, 28 added (59 left then)" in html and "History (2 changes and refills)" in html


@pytest.mark.parametrize(("pack", "words"), [("abc", "is not a number"), ("0", "pack: expected more than 0"),
                                              ("20000", "at most 10,000"), ("nan", "pack: expected"),
                                              ("", "pack: how many pills")])
def test_a_bad_pack_changes_nothing_and_names_the_field(client, person, pack, words):
    med = scheduled(person, pills_left=3)
    response = client.post(reverse("medication_refill", args=[med.pk]), {"pack": pack}, follow=True)
    assert response.status_code == 200 and words in response.content.decode()
    med.refresh_from_db()
    assert med.pills_left == 3 and not MedicationEvent.objects.exists()


def test_someone_elses_medication_cannot_be_refilled(client, person, django_user_model):
    other = django_user_model.objects.create_user("bo", password="a calm river 43")
    med = scheduled(other)
    assert client.post(reverse("medication_refill", args=[med.pk]), {"pack": "28"}).status_code == 404
    med.refresh_from_db()
    assert med.pills_left == 10


def _edit(client, med, **changes):
    fields = {"name": med.name, "dose": med.dose, "unit": med.unit, "times": ", ".join(med.times),
              "start_date": med.start_date.isoformat(), "pills_left": med.pills_left, "pills_per_dose": med.pills_per_dose,
              "notes": "", **changes}
    return client.post(reverse("medication_edit", args=[med.pk]), {k: v for k, v in fields.items() if v is not None})


def test_a_new_dose_keeps_the_old_plan_in_the_history_with_the_day_it_changed(client, person):
    med = scheduled(person)
    assert _edit(client, med, dose=90, times="08:00, 20:00", change_from="2026-03-02").status_code == 302
    med.refresh_from_db()
    assert med.dose == 90 and med.times == ["08:00", "20:00"]
    change = MedicationEvent.objects.get(medication=med, kind="change")
    assert change.effective == date(2026, 3, 2)
    assert change.details["before"]["dose"] == 60 and change.details["after"]["dose"] == 90
    assert change.details["changed"] == ["dose", "times"]
    assert [e.effective for e in med_use.plan_changes_for(person)] == [date(2026, 3, 2)]
    assert "plan changed from 60 mg at 08:00 to 90 mg at 08:00, 20:00" in page(client)


def test_a_new_note_or_pill_count_is_not_a_new_plan(client, person):
    med = scheduled(person)
    assert _edit(client, med, notes="with food", pills_left=40).status_code == 302
    assert not MedicationEvent.objects.exists()


def test_the_pain_around_as_needed_doses_is_summarised_with_an_interval_from_six_pairs(client, person):
    med = scheduled(person, name="Naproxen", as_needed=True, times=[], pills_left=20)
    now = datetime.now(UTC).replace(microsecond=0)
    for k in range(7):
        taken = now - timedelta(days=2 * k + 1)
        DoseLog.objects.create(owner=person, medication=med, status=DoseLog.TAKEN, at=taken)
        for at, pain in ((taken - timedelta(minutes=30), 7 + k % 2), (taken + timedelta(hours=1), 4 + k % 3)):
            services.save_entry(person, diary.Entry(at, 0, [diary.Observation("rating", "pain", pain)]))
    use = med_use.use_of(med, now)
    assert use.as_needed.pairs == 7 and use.as_needed.change_ci is not None
    html = page(client)
    assert "Where you rated pain before and after a dose (7 times)" in html and "not proof of how well it works" in html


def test_the_sentences_are_german_on_a_german_page(client, person):
    Profile.objects.filter(user=person).update(language="de")
    scheduled(person)
    html = page(client)
    with translation.override("de"):
        from django.utils.translation import gettext

        assert gettext("Refilled") != "Refilled"
        assert gettext("Refilled") in html
    assert "Enough for" not in html
