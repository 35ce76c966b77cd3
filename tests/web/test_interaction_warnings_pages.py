"""Interaction warnings on the Medications page and on the clinician's summary: shown for a
combination in the curated rules, worded as a prompt to talk to a pharmacist, with the source."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from painscope.web.care import services as care
from painscope.web.journal.models import Medication
from tests.web.signin import sign_in

pytestmark = pytest.mark.django_db


def words(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def _med(user, name: str, **extra) -> Medication:
    return Medication.objects.create(owner=user, name=name, dose=50, times=["08:00"],
                                     start_date=date.today() - timedelta(days=10), **extra)


def test_adding_tramadol_to_duloxetine_shows_a_warning_with_its_source(client):
    user = get_user_model().objects.create_user("ana")
    client.force_login(user)
    _med(user, "Duloxetine")
    assert "Worth asking your pharmacist about" not in words(client.get(reverse("medications")))
    response = client.post(reverse("medication_new"), {
        "name": "Tramadol", "dose": "50", "unit": "mg", "times": "08:00, 20:00",
        "start_date": date.today().isoformat(), "pills_per_dose": "1"}, follow=True)
    page = words(response)
    assert "Worth asking your pharmacist about" in page
    assert "Duloxetine with Tramadol" in page or "Tramadol with Duloxetine" in page
    assert "Where this comes from" in page and "talk this combination over with your pharmacist" in page
    assert "Do not stop" in page  # never an instruction to stop


def test_a_stopped_medication_is_not_checked(client):
    user = get_user_model().objects.create_user("ben")
    client.force_login(user)
    _med(user, "Duloxetine")
    _med(user, "Tramadol", stop_date=date.today() - timedelta(days=1))
    assert "Worth asking your pharmacist about" not in words(client.get(reverse("medications")))


def test_the_clinician_sees_the_warning_only_when_medications_are_shared(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    User = get_user_model()
    pat, doc = User.objects.create_user("pat"), User.objects.create_user("dr_lee")
    care.set_role(doc, "clinician")
    _med(pat, "Duloxetine")
    _med(pat, "Tramadol")
    clinician = Client()
    sign_in(clinician, doc)
    _, code = care.invite(pat, ["diary"])
    care.accept(doc, code)
    url = reverse("care_patient", args=[pat.pk])
    assert "Medication combinations to review" not in words(clinician.get(url))
    _, code = care.invite(pat, ["diary", "medications"])
    care.accept(doc, code)
    page = words(clinician.get(url))
    assert "Medication combinations to review" in page and "Tramadol" in page
