"""A clinician grades nociplastic (IASP 2021) and neuropathic (NeuPSIG 2016) pain on the site."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.html import escape

from painscope import instruments as ins
from painscope.web.assessments.models import CriteriaAssessment

pytestmark = pytest.mark.django_db

NOCI = {
    "iasp-nociplastic-1": "6",  # months
    "iasp-nociplastic-2": "widespread",
    "iasp-nociplastic-3": "present_partial",  # a nociceptive component that does not fully explain it
    "iasp-nociplastic-4": "absent",
    "iasp-nociplastic-6": "true",  # dynamic mechanical allodynia
    "iasp-nociplastic-10": "true",  # history of hypersensitivity
    "iasp-nociplastic-13": "true",  # fatigue
}


@pytest.fixture
def clinician(client):
    user = get_user_model().objects.create_user("dr_lee")
    client.force_login(user)
    return user


def test_form_is_labelled_as_a_clinician_form(client, clinician):
    html = client.get(reverse("assessment_nociplastic")).content.decode()
    assert "Clinician form" in html and "<fieldset" in html
    assert "does not record a diagnosis" in html


def test_clinician_grades_probable_nociplastic_pain_with_reasons(client, clinician):
    response = client.post(reverse("assessment_nociplastic"), NOCI, follow=True)
    stored = CriteriaAssessment.objects.get(owner=clinician)
    expected = ins.evaluate_form("iasp-nociplastic", {
        "iasp-nociplastic-1": 6, "iasp-nociplastic-2": "widespread", "iasp-nociplastic-3": "present_partial",
        "iasp-nociplastic-4": "absent", "iasp-nociplastic-6": True, "iasp-nociplastic-10": True,
        "iasp-nociplastic-13": True,
    })
    assert stored.criteria == "nociplastic" and stored.form_id == "iasp-nociplastic"
    assert stored.output == expected and stored.output["grade"] == "probable"
    assert stored.input["signs_hypersensitivity"] == ["dynamic_mechanical_allodynia"]
    html = response.content.decode()
    assert "Probable" in html
    assert "Mixed pain" in html  # a nociceptive component is present alongside
    for reason in expected["reasons"]:
        assert escape(reason) in html
    assert "Kosek" in html


def test_without_history_of_hypersensitivity_the_grade_is_possible(client, clinician):
    client.post(reverse("assessment_nociplastic"), {**NOCI, "iasp-nociplastic-10": "false"})
    assert CriteriaAssessment.objects.get(owner=clinician).output["grade"] == "possible"


def test_missing_required_finding_is_named_and_nothing_stored(client, clinician):
    post = {k: v for k, v in NOCI.items() if k != "iasp-nociplastic-2"}
    response = client.post(reverse("assessment_nociplastic"), post)
    assert response.status_code == 400
    assert 'id="item-iasp-nociplastic-2-error"' in response.content.decode()
    assert not CriteriaAssessment.objects.exists()


def test_clinician_grades_neuropathic_pain(client, clinician):
    post = {"neupsig-1": "true", "neupsig-2": "true", "neupsig-3": "true"}
    response = client.post(reverse("assessment_neupsig"), post, follow=True)
    stored = CriteriaAssessment.objects.get(owner=clinician)
    assert stored.criteria == "neupsig"
    assert stored.output["grade"] == ins.neupsig_2016(
        {"history_lesion_or_disease": True, "plausible_distribution": True, "sensory_signs_in_distribution": True}
    )["grade"] == "probable"
    html = response.content.decode()
    assert "Probable" in html and "no confirmatory test" in html
    assert "sensory signs in distribution" in html  # each step listed
