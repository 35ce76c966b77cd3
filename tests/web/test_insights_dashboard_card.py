"""The overview's Insights card: the top finding, or how many more days are needed."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.template.loader import render_to_string

from painscope.web.insights_web.services import dashboard_card_context
from tests.web.test_insights_diaries import coffee_diary, store_daily

pytestmark = pytest.mark.django_db


@pytest.fixture
def user():
    cache.clear()
    return get_user_model().objects.create_user("max")


def card(user) -> str:
    return re.sub(r"\s+", " ", render_to_string("insights_web/_dashboard_card.html", dashboard_card_context(user)))


def test_a_new_diary_says_how_many_more_days_insights_need(user):
    store_daily(user, coffee_diary(10))
    ctx = dashboard_card_context(user)
    assert ctx["insights_state"] == "keep_logging" and ctx["insights_days_needed"] == 18
    html = card(user)
    assert "Keep logging: insights need about 18 more days with a pain rating (at least 28 in all; you have 10)." in html
    assert 'href="/insights/"' in html


def test_a_clear_finding_is_the_headline(user):
    store_daily(user, coffee_diary(240, effect=1.5))
    html = card(user)
    assert "Days with coffee were followed the next day by pain" in html
    assert "A pattern in your diary, not proof of cause." in html
