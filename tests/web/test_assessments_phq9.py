"""A person answers the PHQ-9 on the site: score, band, change and the item-9 safety message."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings
from django.urls import reverse

from painscope import instruments as ins
from painscope.web.assessments.models import Administration

pytestmark = pytest.mark.django_db

CONTACTS = "Emergency: call 112; Crisis line 0800 111 0 111"


@pytest.fixture
def person(client):
    user = get_user_model().objects.create_user("ana")
    client.force_login(user)
    return user


def phq9(values: list[int]) -> dict[str, str]:
    return {f"phq9-{i}": str(v) for i, v in enumerate(values, start=1)}


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_person_takes_phq9_and_sees_band(client, person):
    page = client.get(reverse("assessment_take", args=["phq9"]))
    html = text_of(page)
    assert page.status_code == 200
    assert html.count("<fieldset") == 10  # 9 scored items + the difficulty item
    assert "Question 3 of 10" in html
    assert "Little interest or pleasure in doing things" in html

    answers = [2, 2, 1, 1, 2, 1, 1, 1, 0]  # sum 11: Kroenke 2001 band 10-14 "moderate"
    response = client.post(reverse("assessment_take", args=["phq9"]), phq9(answers))
    adm = Administration.objects.get(owner=person)
    assert response.status_code == 302 and response["Location"] == reverse("assessment_result", args=[adm.pk])
    expected = ins.score("phq9", {f"phq9-{i}": v for i, v in enumerate(answers, 1)})
    assert adm.result["total"] == expected.total == 11
    assert adm.result["band"] == expected.band == "moderate"
    assert adm.answers["phq9-1"] == 2

    html = text_of(client.get(response["Location"]))
    assert "11<span class=\"sub\"> on a scale of 0–27" in html
    assert "Band: <strong>moderate</strong>" in html
    assert "screen positive" in html
    assert 'role="alert"' not in html  # item 9 was 0: no safety message
    assert "not a diagnosis" in html


@override_settings(CRISIS_CONTACTS=CONTACTS)
def test_phq9_item9_shows_crisis_contacts_first(client, person):
    answers = [0, 0, 0, 0, 0, 0, 0, 0, 1]  # total 1, "minimal" — item 9 still needs follow-up
    response = client.post(reverse("assessment_take", args=["phq9"]), phq9(answers), follow=True)
    html = text_of(response)
    main = html.split('<main id="main"', 1)[1]
    alert = main.index('role="alert"')
    assert alert < main.index("<h1")  # before the heading, far above any chart or table
    assert main.index("Emergency: call 112") < main.index("<h1")
    assert main.index("Crisis line 0800 111 0 111") < main.index("<h1")
    adm = Administration.objects.get(owner=person)
    assert adm.result["band"] == "minimal"
    assert [f["code"] for f in adm.alerts] == ["safety-phq9-item9"]
    # the history table marks it too
    history = text_of(client.get(reverse("assessment_history", args=["phq9"])))
    assert "needs follow-up" in history


@override_settings(CRISIS_CONTACTS=CONTACTS)
def test_item9_safety_message_shows_even_when_another_answer_needs_correcting(client, person):
    post = phq9([0, 0, 9, 0, 0, 0, 0, 0, 2])  # item 3 out of range
    response = client.post(reverse("assessment_take", args=["phq9"]), post)
    html = text_of(response)
    assert response.status_code == 400
    assert not Administration.objects.exists()
    main = html.split('<main id="main"', 1)[1]
    assert main.index("Emergency: call 112") < main.index("<h1")
    assert "Choose one of the answers for question 3." in html


def test_unknown_item_is_rejected_and_nothing_stored(client, person):
    post = {**phq9([1] * 9), "phq9-99": "1"}
    response = client.post(reverse("assessment_take", args=["phq9"]), post)
    assert response.status_code == 400
    assert "phq9-99" in text_of(response)
    assert "Nothing was saved yet" in text_of(response)
    assert not Administration.objects.exists()


@pytest.mark.parametrize(
    ("item", "value", "question"),
    [
        ("phq9-2", "4", "Choose one of the answers for question 2."),  # out of range (0-3)
        ("phq9-5", "often", "Choose one of the answers for question 5."),  # wrong type
        ("phq9-9", "", "Please answer question 9."),  # item 9 is required (it drives the safety check)
    ],
)
def test_bad_answer_is_named_inline_and_nothing_stored(client, person, item, value, question):
    post = {**phq9([1] * 9), item: value}
    response = client.post(reverse("assessment_take", args=["phq9"]), post)
    html = text_of(response)
    assert response.status_code == 400
    assert question in html
    assert f'id="item-{item}-error"' in html  # next to the question
    assert 'aria-invalid="true"' in html
    assert not Administration.objects.exists()


def test_too_many_missing_items_is_explained_and_nothing_stored(client, person):
    post = {**phq9([1] * 9), "phq9-1": "", "phq9-2": "", "phq9-3": ""}  # 3 missing: more than the 2 prorated
    response = client.post(reverse("assessment_take", args=["phq9"]), post)
    assert response.status_code == 400
    assert "phq9-1" in text_of(response)
    assert not Administration.objects.exists()


def test_second_phq9_shows_meaningful_change_with_its_source(client, person):
    client.post(reverse("assessment_take", args=["phq9"]), phq9([2, 2, 2, 2, 2, 2, 1, 1, 0]))  # 14
    response = client.post(reverse("assessment_take", args=["phq9"]), phq9([1, 1, 1, 1, 1, 1, 1, 1, 0]), follow=True)  # 8
    html = text_of(response)
    assert "A meaningful improvement" in html
    assert "from 14 on your previous result to 8 now (a change of -6 points)" in html
    assert "Löwe" in html  # the MCID source
    latest = Administration.objects.filter(owner=person).first()
    assert latest.result["previous"]["total"] == 14


def test_peg_mean_is_shown_unrounded(client, person):
    response = client.post(reverse("assessment_take", args=["peg"]), {"peg-1": "7", "peg-2": "6", "peg-3": "6"}, follow=True)
    adm = Administration.objects.get(owner=person)
    assert adm.total == pytest.approx(19 / 3)
    assert "6.33" in text_of(response)


def test_person_cannot_open_another_persons_result(client, person):
    other = get_user_model().objects.create_user("bo")
    adm = Administration.objects.create(owner=other, instrument_id="phq9", answers={}, result={"total": 3},
                                        authored="2026-01-01T10:00:00Z")
    assert client.get(reverse("assessment_result", args=[adm.pk])).status_code == 404
