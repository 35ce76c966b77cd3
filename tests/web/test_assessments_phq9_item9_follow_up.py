"""A positive PHQ-9 question 9 is never buried: the overview card, the history chart and the
result page all surface it, in plain words, with crisis contacts."""

from __future__ import annotations

import json
import os
import re
from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.test import override_settings
from django.urls import reverse

from painscope import instruments as ins
from painscope.web.assessments import charts, services
from painscope.web.assessments.models import Administration

pytestmark = pytest.mark.django_db

CONTACTS = "Emergency: call 112; Crisis line 0800 111 0 111"
NOW = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)


@pytest.fixture
def person(client):
    user = get_user_model().objects.create_user("ana")
    client.force_login(user)
    return user


def phq9(item9: int, rest: int = 0) -> dict[str, int]:
    return {**{f"phq9-{i}": rest for i in range(1, 9)}, "phq9-9": item9}


def store(user, item9: int, when: datetime, rest: int = 0) -> Administration:
    return services.score_and_store(user, "phq9", phq9(item9, rest), authored=when)


def card(user, now=NOW) -> str:
    html = render_to_string("assessments/_dashboard_card.html", services.dashboard_card_context(user, now))
    return re.sub(r"\s+", " ", html)


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


@override_settings(CRISIS_CONTACTS=CONTACTS)
def test_overview_card_leads_with_a_recent_positive_item9(person):
    store(person, 2, NOW - timedelta(days=3))
    html = card(person)
    alert = html.index('role="alert"')
    assert alert < html.index("Questionnaires</h2>")  # at the top of the card
    assert "Your last PHQ-9 (17 Mar 2026) said you have had thoughts of being better off dead or of hurting yourself" in html
    assert html.index("Emergency: call 112") > alert and "Crisis line 0800 111 0 111" in html
    assert f"for {services.SAFETY_WINDOW_DAYS} days" in html  # the window is stated
    assert "INSTRUMENTS.md" not in html and ">=" not in html


@pytest.mark.parametrize(("days_ago", "shown"), [(0, True), (13.9, True), (14.1, False), (30, False)])
def test_overview_card_shows_item9_for_fourteen_days(person, days_ago, shown):
    store(person, 1, NOW - timedelta(days=days_ago))
    assert ('role="alert"' in card(person)) is shown


def test_overview_card_says_nothing_when_item9_was_zero(person):
    store(person, 0, NOW - timedelta(days=1), rest=3)  # high total, but item 9 answered 0
    html = card(person)
    assert 'role="alert"' not in html
    assert "better off dead" not in html


def test_a_later_phq9_without_item9_does_not_hide_an_earlier_positive_one(person):
    store(person, 2, NOW - timedelta(days=10))
    store(person, 0, NOW - timedelta(days=2))
    html = card(person)
    assert 'role="alert"' in html
    assert "Your PHQ-9 (10 Mar 2026) said" in html
    assert "Your last PHQ-9" not in html  # the last one said 0: never claim otherwise


@override_settings(CRISIS_CONTACTS="")
def test_site_without_contacts_still_gets_generic_crisis_help(person):
    store(person, 1, NOW - timedelta(days=1))
    html = card(person)
    assert "local emergency number" in html and "988" in html and "116 123" in html
    assert "not configured" not in html and "no crisis contacts" not in html


def test_web_default_contacts_are_the_cli_default():
    if "PAINSCOPE_CRISIS_CONTACTS" in os.environ:
        pytest.skip("this site sets its own crisis contacts")
    assert services.crisis_contacts() == list(ins.DEFAULT_CRISIS_CONTACTS)
    assert ins.DEFAULT_CRISIS_CONTACTS[0] == settings.CRISIS_CONTACTS


def test_history_chart_marks_results_that_need_follow_up(client, person):
    store(person, 0, NOW - timedelta(days=30), rest=1)
    flagged = store(person, 1, NOW - timedelta(days=16))  # total 1: "minimal", still flagged
    store(person, 0, NOW - timedelta(days=2), rest=2)
    html = text_of(client.get(reverse("assessment_history", args=["phq9"])))
    raw = re.search(r'<script id="history-figure" type="application/json">(.*?)</script>', html).group(1)
    figure = json.loads(raw)
    marks = [t for t in figure["data"] if t.get("name") == charts.FOLLOW_UP_NAME]
    assert len(marks) == 1
    assert marks[0]["y"] == [flagged.total] == [1]
    assert marks[0]["x"][0].startswith(flagged.authored.astimezone(UTC).date().isoformat()[:7])
    assert marks[0]["marker"]["symbol"] == "diamond"
    assert "1 result needs follow-up" in html  # the text alternative says it too
    assert "needs follow-up</strong>" in html  # and the table


def test_history_figure_draws_no_follow_up_trace_without_alerts():
    t0 = NOW
    fig = charts.history_figure("phq9", "PHQ-9", [(t0, 3), (t0 + timedelta(days=14), 4)], [False, False])
    assert [t["name"] for t in fig["data"]] == ["PHQ-9"]
    with pytest.raises(ValueError, match="one entry per point"):
        charts.history_figure("phq9", "PHQ-9", [(t0, 3)], [True, False])


@override_settings(CRISIS_CONTACTS=CONTACTS)
def test_result_page_speaks_plainly_and_names_its_sources(client, person):
    answers = {f"phq9-{i}": v for i, v in enumerate([2, 2, 2, 2, 1, 1, 0, None, 1], 1)}  # 1 missing
    adm = services.score_and_store(person, "phq9", answers)
    assert adm.result["missing"]["prorated"]
    html = text_of(client.get(reverse("assessment_result", args=[adm.pk])))
    assert "INSTRUMENTS.md" not in html and "§" not in html
    assert ">=" not in html and "&gt;=" not in html
    assert "phq9-8" not in html  # no linkIds for a patient
    assert "screen positive" in html and "of 10 or more" in html
    assert "Where this comes from" in html
    assert "Kroenke" in html and "Journal of General Internal Medicine" in html
    assert "painscope's own convention" in html  # the missing-answer rule, in words
