"""Did it help? A person picks the date of a change (or a medication start) and sees the
before/after comparison against their earlier trend, or an inline error naming the field."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta

import numpy as np
import pandas as pd
import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from painscope import insights
from painscope.insights.simulate import ar1
from painscope.web.insights_web import services
from painscope.web.journal.models import Medication
from tests.web.test_insights_diaries import store_daily

pytestmark = pytest.mark.django_db

URL = reverse("insights_did_it_help")


@pytest.fixture
def person(client):
    user = get_user_model().objects.create_user("gil", password="a calm river 42")
    client.force_login(user)
    return user


def _text(page: str) -> str:
    return re.sub(r"\s+", " ", page)


def drop_diary(n_days: int, change_row: int, drop: float, seed: int = 3) -> pd.DataFrame:
    """AR(1) pain (φ 0.7, SD 1.6) around 6 that falls by ``drop`` points from ``change_row``."""
    pain = 6.0 + ar1(n_days, 0.7, 1.6, np.random.default_rng(seed))
    pain[change_row:] -= drop
    return pd.DataFrame({"pain": pain}, index=pd.date_range("2025-01-01", periods=n_days, freq="D", name="date"))


def test_a_date_that_is_not_a_date_is_named_in_an_inline_error(client, person):
    page = _text(client.get(URL, {"at": "2025-13-45", "medication": ""}).content.decode())
    assert "Date of the change: Enter a date such as 2025-03-01." in page
    assert 'class="error-summary" role="alert"' in page
    assert 'id="change-result-h"' not in page


def test_asking_without_a_date_or_medication_says_which_field_to_fill(client, person):
    page = _text(client.get(URL, {"at": "", "medication": ""}).content.decode())
    assert "Date of the change: Pick the date of the change, or a medication start or stop below." in page


def test_a_date_in_the_future_is_refused(client, person):
    future = (datetime.now(UTC).date() + timedelta(days=30)).isoformat()
    page = _text(client.get(URL, {"at": future}).content.decode())
    assert "Date of the change:" in page and "is in the future; there is no &#x27;after&#x27; yet." in page


def test_a_clear_drop_after_a_change_is_shown_with_its_interval_and_chart(client, person):
    today = datetime.now(UTC).date()
    store_daily(person, drop_diary(150, 90, 3.0), end=today)
    at = today - timedelta(days=60)
    page = _text(client.get(URL, {"at": at.isoformat()}).content.decode())
    result = page.split('id="change-result-h"')[1]
    found = re.search(r"After (\S+), pain was on average (\d\.\d) points lower than your earlier trend predicted "
                      r"\(95 % interval (-\d\.\d) to (-\d\.\d) points; (\d+) days before, (\d+) after\)", result)
    assert found, result[:1500]
    assert found.group(1) == at.isoformat()
    assert float(found.group(3)) < 0 and float(found.group(4)) < 0
    assert "A plain before/after comparison of averages would say" in result
    figure = json.loads(re.search(r'<script id="change-figure" type="application/json">(.*?)</script>',
                                  page, re.S).group(1))
    names = [t["name"] for t in figure["data"]]
    assert "Trend before the change" in names and "What that trend predicted" in names
    assert "Change in pain compared with your earlier trend (points)" in result
    # The lines are the report's own day-by-day model (ChangeReport.days), not a redrawing:
    # same dates and values, weekday pattern included, and no "approximate" disclaimer.
    report = insights.change_analysis(services.analyses_for_user(person).daily, at)
    for name, column in (("Trend before the change", "fitted_before"),
                         ("What that trend predicted", "projection"),
                         ("After the change (model fit)", "fitted_after")):
        trace = next(t for t in figure["data"] if t["name"] == name)
        series = report.days[column].dropna()
        series = series.loc[pd.Timestamp(trace["x"][0]):pd.Timestamp(trace["x"][-1])]
        assert trace["x"] == [d.date().isoformat() for d in series.index]
        assert np.allclose(trace["y"], series.to_numpy(), atol=0.006)
    after = next(t for t in figure["data"] if t["name"] == "After the change (model fit)")
    predicted = next(t for t in figure["data"] if t["name"] == "What that trend predicted")
    gap = np.mean(after["y"]) - np.mean(predicted["y"][-len(after["y"]):])
    assert gap < -1.5  # a 3-point drop: the fit after sits well below the prediction
    assert "without the weekday pattern" not in page and "approximat" not in page.lower()


def test_a_medication_start_from_my_list_can_be_chosen(client, person):
    today = datetime.now(UTC).date()
    store_daily(person, drop_diary(150, 90, 3.0), end=today)
    start = today - timedelta(days=60)
    med = Medication.objects.create(owner=person, name="Duloxetine", dose=60, times=["08:00"], start_date=start)
    page = _text(client.get(URL).content.decode())
    assert f'<option value="{med.pk}:start">Duloxetine: started {start:%d %b %Y}</option>' in page
    page = _text(client.get(URL, {"at": "", "medication": f"{med.pk}:start"}).content.decode())
    assert "Duloxetine started</h3>" in page
    assert f"After {start.isoformat()}, pain was" in page


def test_a_change_of_a_medications_plan_can_be_the_change_compared(client, person):
    from painscope.web.journal import med_use

    today = datetime.now(UTC).date()
    store_daily(person, drop_diary(150, 90, 3.0), end=today)
    med = Medication.objects.create(owner=person, name="Duloxetine", dose=60, times=["08:00"],
                                    start_date=today - timedelta(days=140))
    before = med_use.plan_of(med)
    med.dose = 90
    med.save()
    changed_on = today - timedelta(days=60)
    event = med_use.record_plan_change(med, before, changed_on)
    page = _text(client.get(URL).content.decode())
    assert f'<option value="{med.pk}:change:{event.pk}">Duloxetine: plan changed {changed_on:%d %b %Y}</option>' in page
    page = _text(client.get(URL, {"at": "", "medication": f"{med.pk}:change:{event.pk}"}).content.decode())
    assert "The new plan of Duloxetine</h3>" in page
    assert f"After {changed_on.isoformat()}, pain was" in page
    # another person's change is not a choice
    other = get_user_model().objects.create_user("hal")
    theirs = Medication.objects.create(owner=other, name="Hals pills", dose=5, times=["08:00"], start_date=today)
    their_event = med_use.record_plan_change(theirs, {**med_use.plan_of(theirs), "dose": 1}, today)
    page = _text(client.get(URL, {"medication": f"{theirs.pk}:change:{their_event.pk}"}).content.decode())
    assert "Hals pills" not in page and "Select a valid choice" in page


def test_another_persons_medication_cannot_be_chosen(client, person):
    other = get_user_model().objects.create_user("hal")
    med = Medication.objects.create(owner=other, name="Hals pills", dose=5, times=["08:00"], start_date=date(2025, 1, 1))
    page = _text(client.get(URL, {"medication": f"{med.pk}:start"}).content.decode())
    assert "Hals pills" not in page
    assert "Or pick a medication start, change or stop: Select a valid choice." in page


def test_too_little_data_around_the_change_says_what_is_needed(client, person):
    today = datetime.now(UTC).date()
    store_daily(person, drop_diary(30, 20, 1.0), end=today)
    page = _text(client.get(URL, {"at": (today - timedelta(days=10)).isoformat()}).content.decode())
    assert "Not enough data yet: this comparison needs at least 28 days with a pain rating before the change" in page
    assert "change-figure" not in page
