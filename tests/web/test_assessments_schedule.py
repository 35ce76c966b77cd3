"""A person asks to be reminded of the PHQ-9 every 14 days; the overview card says when it is due."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.urls import reverse

from painscope.web.assessments import services
from painscope.web.assessments.models import AssessmentSchedule

pytestmark = pytest.mark.django_db

PHQ9_ZERO = {f"phq9-{i}": 0 for i in range(1, 10)}


@pytest.fixture
def person(client):
    user = get_user_model().objects.create_user("ana")
    client.force_login(user)
    return user


def card(user, now=None) -> str:
    return render_to_string("assessments/_dashboard_card.html", services.dashboard_card_context(user, now))


def test_due_questionnaire_appears_on_dashboard_card(client, person):
    response = client.post(reverse("assessment_schedules"), {"instrument_id": "phq9", "every_days": "14"})
    assert response.status_code == 302
    schedule = AssessmentSchedule.objects.get(owner=person)
    assert schedule.every_days == 14
    html = card(person)  # never answered: due straight away
    assert "PHQ-9 Patient Health Questionnaire</strong> is due" in html
    assert reverse("assessment_take", args=["phq9"]) in html


def test_answering_clears_the_reminder_until_the_interval_has_passed(person):
    AssessmentSchedule.objects.create(owner=person, instrument_id="phq9", every_days=14)
    answered = datetime.now(UTC) - timedelta(days=3)
    services.score_and_store(person, "phq9", PHQ9_ZERO, authored=answered)
    html = card(person)
    assert "is due" not in html
    assert f"Next: PHQ-9 Patient Health Questionnaire on {(answered + timedelta(days=14)):%-d %b}" in html
    later = answered + timedelta(days=14, minutes=1)
    assert "is due" in card(person, now=later)
    (status,) = services.schedule_status(person, now=later)
    assert status.next_due == answered + timedelta(days=14) and status.due


def test_no_schedule_card_invites_without_pressure(person):
    html = card(person)
    assert "No questionnaire reminders" in html
    assert "missed" not in html.lower() and "overdue" not in html.lower()


def test_schedule_form_rejects_bad_values_and_stores_nothing(client, person):
    response = client.post(reverse("assessment_schedules"), {"instrument_id": "phq9", "every_days": "0"})
    assert response.status_code == 400 and "from 1 to 365" in response.content.decode()
    response = client.post(reverse("assessment_schedules"), {"instrument_id": "pcs", "every_days": "14"})
    assert response.status_code == 400  # pcs has no text on this site
    assert not AssessmentSchedule.objects.exists()


def test_person_changes_and_removes_a_reminder(client, person):
    client.post(reverse("assessment_schedules"), {"instrument_id": "gad7", "every_days": "14"})
    client.post(reverse("assessment_schedules"), {"instrument_id": "gad7", "every_days": "28"})
    schedule = AssessmentSchedule.objects.get(owner=person)
    assert schedule.every_days == 28
    client.post(reverse("assessment_schedule_delete", args=[schedule.pk]))
    assert not AssessmentSchedule.objects.exists()
    other = get_user_model().objects.create_user("bo")
    theirs = AssessmentSchedule.objects.create(owner=other, instrument_id="phq9")
    assert client.post(reverse("assessment_schedule_delete", args=[theirs.pk])).status_code == 404
    assert AssessmentSchedule.objects.filter(pk=theirs.pk).exists()
