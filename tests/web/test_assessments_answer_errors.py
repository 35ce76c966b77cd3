"""A person submits a questionnaire with mistakes: every problem is named at once, in words,
next to its question, without the answer codes of the definition; nothing is stored."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from painscope.web.assessments.models import Administration

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_out_of_range_answer_is_explained_without_answer_codes(client, person):
    post = {f"phq9-{i}": "1" for i in range(1, 10)} | {"phq9-4": "7"}
    response = client.post(reverse("assessment_take", args=["phq9"]), post)
    html = text_of(response)
    assert response.status_code == 400
    assert "Choose one of the answers for question 4." in html
    assert "LA6568-5" not in html and "must be one of" not in html and "got 7" not in html
    assert not Administration.objects.exists()


def test_every_missing_question_is_named_at_once(client, person):
    response = client.post(reverse("assessment_take", args=["phq9"]), {"phq9-1": "2"})
    html = text_of(response)
    assert response.status_code == 400
    for i in range(2, 10):  # items 2-8 as well as item 9, not item 9 alone
        assert f"Please answer question {i}." in html
        assert f'id="item-phq9-{i}-error"' in html
    assert "Please answer question 1." not in html
    assert not Administration.objects.exists()


def test_missing_answers_within_the_prorating_rule_are_not_demanded(client, person):
    post = {f"phq9-{i}": "1" for i in range(1, 10)} | {"phq9-3": "", "phq9-9": ""}
    html = text_of(client.post(reverse("assessment_take", args=["phq9"]), post))
    assert "Please answer question 9." in html  # item 9 drives the safety check
    assert "Please answer question 3." not in html  # one gap may be prorated (documented rule)


def test_bad_and_missing_answers_are_reported_together(client, person):
    post = {"gad7-1": "1", "gad7-2": "5"}
    html = text_of(client.post(reverse("assessment_take", args=["gad7"]), post))
    assert "Choose one of the answers for question 2." in html
    for i in range(3, 8):
        assert f"Please answer question {i}." in html
    summary = re.search(r'<div class="error-summary".*?</div>', html).group(0)
    words = re.sub(r"<[^>]+>", " ", summary)  # what is read, not the anchors' hrefs
    assert "gad7-" not in words  # no linkIds
    assert words.count("Please answer question") == 5
