"""Issue 14: a "Did it help" plan dated 0001-01-01 broke that page for good (KeyError).

The analysis now reads any plan date, and the forms refuse dates no one can mean.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from painscope import insights
from painscope.insights.simulate import simulate_daily
from painscope.web.insights_web.models import Experiment
from tests.web.test_insights_diaries import coffee_diary, store_daily

pytestmark = pytest.mark.django_db

URL = reverse("insights_did_it_help")


def save_plan(person, start: dt.date, blocks: int = 4, block_days: int = 14) -> Experiment:
    plan = insights.abab_plan(start, block_days, blocks, what="no coffee")
    return Experiment.objects.create(owner=person, what="no coffee", start_date=start, block_days=block_days,
                                     blocks=blocks, plan=plan.to_dict())


@pytest.mark.parametrize("start", [dt.date(1, 1, 1), dt.date(1600, 6, 1), dt.date(1677, 9, 1)])
def test_a_saved_plan_from_long_ago_does_not_break_the_page(client, person, start):
    store_daily(person, coffee_diary(120))
    save_plan(person, start)
    response = client.get(URL)
    assert response.status_code == 200
    assert "Not enough data yet" in response.content.decode()


@pytest.mark.parametrize("start", ["0001-01-01", "1899-12-31"])
def test_a_plan_before_1900_is_refused_by_field(client, person, start):
    response = client.post(URL, {"what": "no coffee", "start_date": start, "block_days": "14", "blocks": "4",
                                 "action": "save"})
    assert response.status_code == 200
    assert "Pick a date from 01 Jan 1900 on." in response.content.decode()
    assert not Experiment.objects.exists()


def test_a_plan_far_in_the_future_is_refused_by_field(client, person):
    response = client.post(URL, {"what": "no coffee", "start_date": "9999-12-20", "block_days": "90", "blocks": "6",
                                 "action": "save"})
    assert response.status_code == 200
    assert "within the coming year" in response.content.decode()
    assert not Experiment.objects.exists()


def test_a_change_before_1900_is_refused_by_field(client, person):
    response = client.get(URL, {"at": "0001-01-01"})
    assert response.status_code == 200
    assert "Pick a date from 01 Jan 1900 on." in response.content.decode()


def test_the_pure_analysis_reads_plans_at_the_calendar_edges():
    daily = simulate_daily(120, seed=1)
    for start in (dt.date(1, 1, 1), dt.date(2262, 6, 1), dt.date(9999, 1, 1)):
        report = insights.abab_analysis(daily, insights.abab_plan(start, 14, 4))
        assert report.message.startswith("Not enough data yet")
    first = daily.index[0].date()
    report = insights.abab_analysis(daily, insights.abab_plan(first, 14, 4))
    assert [m["days"] for m in report.block_means] == [12, 12, 12, 12]  # 14 minus 2 washout days


def test_a_plan_that_would_end_after_9999_is_a_value_error():
    with pytest.raises(ValueError, match="after the year 9999"):
        insights.abab_plan(dt.date(9999, 12, 1), 14, 4)
