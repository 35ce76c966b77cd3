"""On/off (ABAB) experiments: a person plans one, sees it as dates, saves it, and later sees
its analysis; nobody else can see or delete it."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import numpy as np
import pandas as pd
import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from painscope.insights.simulate import ar1
from painscope.web.insights_web.models import Experiment
from tests.web.test_insights_diaries import store_daily

pytestmark = pytest.mark.django_db

URL = reverse("insights_did_it_help")


@pytest.fixture
def person(client):
    user = get_user_model().objects.create_user("ida", password="a calm river 42")
    client.force_login(user)
    return user


def _text(page: str) -> str:
    return re.sub(r"\s+", " ", page)


def plan_form(start: date, what: str = "no chocolate after dinner", action: str = "save", **extra) -> dict:
    return {"what": what, "start_date": start.isoformat(), "block_days": "14", "blocks": "4", "action": action, **extra}


def test_showing_a_plan_lists_its_dates_without_saving_it(client, person):
    response = client.post(URL, plan_form(date(2025, 3, 3), action="preview"))
    page = _text(response.content.decode())
    assert "Your plan (not saved yet)" in page
    assert "Plan: 4 blocks of 14 days, from 2025-03-03 to 2025-04-27" in page
    rows = re.sub(r' class="[a-z-]+"', "", page)
    assert "<td>1</td><td>2025-03-03</td><td>2025-03-16</td><td>ON — no chocolate after dinner, every day.</td>" in rows
    assert "<td>2</td><td>2025-03-17</td><td>2025-03-30</td><td>OFF — back to your usual routine.</td>" in rows
    assert not Experiment.objects.exists()


def test_saving_a_plan_keeps_it_for_me_only(client, person):
    response = client.post(URL, plan_form(date(2025, 3, 3)))
    assert response.status_code == 302
    saved = Experiment.objects.get()
    assert saved.owner == person and saved.what == "no chocolate after dinner" and saved.end_date == date(2025, 4, 27)
    page = _text(client.get(URL).content.decode())
    assert f"<h3 id=\"exp-{saved.pk}\">no chocolate after dinner</h3>" in page

    other = get_user_model().objects.create_user("jon")
    client.force_login(other)
    page = client.get(URL).content.decode()
    assert "no chocolate after dinner" not in page and "No saved experiments yet." in page
    response = client.post(reverse("insights_experiment_delete"), {"experiment": saved.pk})
    assert response.status_code == 404
    assert Experiment.objects.filter(pk=saved.pk).exists()

    client.force_login(person)
    response = client.post(reverse("insights_experiment_delete"), {"experiment": saved.pk})
    assert response.status_code == 302
    assert not Experiment.objects.exists()


def test_a_plan_with_impossible_blocks_is_refused_field_by_field(client, person):
    page = _text(client.post(URL, plan_form(date(2025, 3, 3), what="  ", block_days="1")).content.decode())
    assert "What do you want to try?: This field is required." in page
    assert "Days in each block: Ensure this value is greater than or equal to 3." in page
    assert not Experiment.objects.exists()


def test_a_plan_just_started_says_when_its_analysis_will_appear(client, person):
    client.post(URL, plan_form(datetime.now(UTC).date()))
    page = _text(client.get(URL).content.decode())
    assert "Today is in block 1 of 4: ON — no chocolate after dinner, every day." in page
    assert "The comparison appears here once at least two ON and two OFF blocks" in page


def test_a_finished_experiment_shows_its_analysis(client, person):
    today = datetime.now(UTC).date()
    n_days = 120
    first_day = today - timedelta(days=n_days - 1)
    start = first_day + timedelta(days=40)
    client.post(URL, plan_form(start, what="a 20-minute walk"))
    plan = Experiment.objects.get().plan
    pain = 6.0 + ar1(n_days, 0.7, 1.0, np.random.default_rng(5))
    days = pd.date_range(first_day, periods=n_days, freq="D", name="date")
    for block in plan["blocks"]:
        if block["condition"] == "on":  # pain 2.5 points lower during the ON blocks
            pain[(days >= pd.Timestamp(block["start"])) & (days <= pd.Timestamp(block["end"]))] -= 2.5
    store_daily(person, pd.DataFrame({"pain": pain}, index=days), end=today)
    page = _text(client.get(URL).content.decode())
    found = re.search(r"During the ON blocks \(a 20-minute walk\) pain was (\d\.\d) points lower than during the OFF "
                      r"blocks \(95 % interval (-\d\.\d) to (-\d\.\d);", page)
    assert found, page.split('id="saved-h"')[1][:1500]
    assert float(found.group(3)) < 0
    assert "Finished on" in page
