"""Every questionnaire page on a phone: labels, fieldsets with legends, CSRF, no inline code,
readable colours for the severity bands, the educational line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from painscope.web.assessments import charts, services
from painscope.web.assessments.models import AssessmentSchedule
from tests.web.test_look_and_feel import FOOTER, audit, contrast, palette

pytestmark = pytest.mark.django_db
CSS = Path(__file__).resolve().parents[2] / "painscope/web/assessments/static/assessments/assessments.css"


@pytest.fixture
def person(client):
    user = get_user_model().objects.create_user("ana")
    client.force_login(user)
    adm = services.score_and_store(user, "phq9", {f"phq9-{i}": 1 for i in range(1, 10)})
    crit = services.evaluate_and_store_form(user, "neupsig", {"neupsig-1": True, "neupsig-2": False})
    AssessmentSchedule.objects.create(owner=user, instrument_id="gad7", every_days=14)
    return user, adm, crit


def pages(adm, crit) -> list[str]:
    return [
        reverse("assessments"), reverse("assessment_take", args=["phq9"]), reverse("assessment_take", args=["gad7"]),
        reverse("assessment_take", args=["peg"]), reverse("assessment_take", args=["pcs"]),
        reverse("assessment_result", args=[adm.pk]), reverse("assessment_history", args=["phq9"]),
        reverse("assessment_schedules"), reverse("assessment_acr"), reverse("assessment_nociplastic"),
        reverse("assessment_neupsig"), reverse("criteria_result", args=[crit.pk]),
    ]


def test_every_questionnaire_page_is_labelled_and_safe(client, person):
    _, adm, crit = person
    for url in pages(adm, crit):
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert FOOTER in page and 'id="main"' in page, url
        found = audit(page)
        unlabelled = [c for c in found.controls if not c["wrapped"] and c["id"] not in found.label_for and not c["aria"]]
        assert unlabelled == [], (url, unlabelled)
        assert found.inline_scripts == 0 and found.styles == 0 and found.external == [], url
        assert found.forms_post == found.forms_with_csrf, url
        # every group of radio buttons sits in a fieldset with a legend
        for fieldset in re.findall(r"<fieldset.*?</fieldset>", page, re.S):
            assert "<legend" in fieldset, url
        radios = len(re.findall(r'type="radio"', page))
        in_fieldsets = sum(len(re.findall(r'type="radio"', f)) for f in re.findall(r"<fieldset.*?</fieldset>", page, re.S))
        assert radios == in_fieldsets, url


def test_questionnaire_pages_say_results_are_not_a_diagnosis(client, person):
    _, adm, _ = person
    for url in (reverse("assessments"), reverse("assessment_take", args=["phq9"]), reverse("assessment_result", args=[adm.pk])):
        assert "not a diagnosis" in client.get(url).content.decode(), url


def test_band_colours_keep_text_readable():
    text = palette()["text"]
    fills = re.findall(r"\.band-\d \{ background: (#[0-9a-f]{6}); \}", CSS.read_text())
    assert fills == list(charts._FILLS)  # the legend swatches are the chart's colours
    assert all(contrast(text, fill) >= 7.0 for fill in fills)  # band labels are drawn on them


def test_answer_buttons_are_big_enough():
    css = CSS.read_text()
    assert re.search(r"\.option span \{[^}]*min-height: var\(--tap\)", css)  # 48 px
    assert "font-size: 1.15rem" in css  # crisis contacts larger than body text
