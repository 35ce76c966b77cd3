"""What comes before worse pain days: a person sees their diary's patterns in plain words."""

from __future__ import annotations

import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.web.test_insights_diaries import coffee_diary, store_daily

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(client):
    user = get_user_model().objects.create_user("ines", password="a calm river 42")
    client.force_login(user)
    return user


def _text(page: str) -> str:
    return re.sub(r"\s+", " ", page)


def test_person_with_a_coffee_effect_sees_it_as_a_pattern_not_a_cause(client, person):
    # 1.5 points the next day over 240 days: far above what the page says a finding needs.
    store_daily(person, coffee_diary(240, effect=1.5))
    page = _text(client.get(reverse("insights")).content.decode())
    clear = page.split('id="clear-h"')[1].split('id="chart-h"')[0]
    sentence = re.search(r"Days with coffee were followed the next day by pain (\d\.\d) points higher on average "
                         r"\(95 % interval \+(\d\.\d) to \+(\d\.\d) points; (\d+) days with, (\d+) without\)", clear)
    assert sentence, clear[:2000]
    effect, low, high = (float(sentence.group(i)) for i in (1, 2, 3))
    assert low <= effect <= high and low > 0
    assert "This is a pattern, not proof of cause." in clear
    assert "causes" not in page.lower().replace("because", "")
    assert "gluten" not in clear and "long walk" not in clear


def test_factors_without_a_pattern_are_summarised_after_the_findings(client, person):
    store_daily(person, coffee_diary(240, effect=1.5))
    page = _text(client.get(reverse("insights")).content.decode())
    assert page.index('id="clear-h"') < page.index('id="unclear-h"')
    unclear = page.split('id="unclear-h"')[1].split("</ul>")[0]
    assert "gluten: no clear pattern (same day to 3 days later)" in unclear
    assert "cannot be ruled out yet" in unclear


def test_effect_chart_has_intervals_a_zero_line_and_a_table(client, person):
    store_daily(person, coffee_diary(240, effect=1.5))
    page = client.get(reverse("insights")).content.decode()
    figure = json.loads(re.search(r'<script id="forest-figure" type="application/json">(.*?)</script>', page, re.S).group(1))
    # 3 yes/no factors × 4 delays, every one tested
    assert sum(len(t["y"]) for t in figure["data"]) == 12
    stood_out = next(t for t in figure["data"] if t["name"].startswith("stood out"))
    assert "coffee · next day" in stood_out["y"]
    i = stood_out["y"].index("coffee · next day")
    assert stood_out["error_x"]["arrayminus"][i] > 0 and stood_out["error_x"]["array"][i] > 0
    assert figure["layout"]["shapes"][0]["x0"] == 0  # the no-change line
    assert "The chart as a table" in page and 'data-figure="forest-figure"' in page
    assert re.search(r"<td>coffee</td>\s*<td>next day</td>", page)


def test_person_with_ten_days_sees_not_enough_data_and_no_finding(client, person):
    store_daily(person, coffee_diary(10))
    page = _text(client.get(reverse("insights")).content.decode())
    assert "Not enough data yet: lagged effects need at least 28 days with a pain rating; the diary has 10." in page
    assert "How much data a finding needs" in page
    assert 'id="clear-h"' not in page and "forest-figure" not in page
    assert "followed the next day by pain" not in page


def test_items_below_the_minimum_are_listed_as_not_tested_with_the_reason(client, person):
    daily = coffee_diary(60)
    daily["factor:f2"] = 0.0
    daily.iloc[:5, daily.columns.get_loc("factor:f2")] = 1.0  # long walks on only 5 days
    store_daily(person, daily)
    page = _text(client.get(reverse("insights")).content.decode())
    untested = page.split('id="untested-h"')[1].split("</ul>")[0]
    assert "<strong>long walk</strong>: needs at least 14 days with and 14 days without long walk" in untested


def test_new_person_sees_the_page_without_blame(client, person):
    response = client.get(reverse("insights"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Not enough data yet" in page
    assert "forgot" not in page.lower() and "missed" not in page.lower()


def test_everything_on_the_page_is_also_available_as_json(client, person):
    store_daily(person, coffee_diary(240, effect=1.5))
    doc = json.loads(client.get(reverse("insights_json")).content)  # the view refuses NaN (allow_nan=False)
    coffee = [f for f in doc["triggers"]["findings"] if f["factor"] == "coffee" and f["lag"] == 1]
    assert coffee and coffee[0]["significant"] is True and coffee[0]["ci_low"] > 0
    assert doc["n_pain_days"] == 240
    assert {"episodes", "agreement"} <= set(doc["flares"]) and "show_to_person" in doc["forecast"]


def test_a_reverse_direction_note_is_the_reports_own_sentence_without_a_p_value():
    """The page shows the report's warning (worded for yes/no or measured items, no p-value)."""
    import numpy as np

    from painscope.insights import lagged_effects
    from painscope.insights.simulate import simulate_daily
    from painscope.web.insights_web.present import trigger_view

    daily = simulate_daily(240, phi=0.7, n_factors=1, seed=np.random.default_rng(3))
    pain = daily["pain"].to_numpy()
    taken = np.zeros(240)
    taken[1:] = (pain[:-1] > np.median(pain)).astype(float)  # taken after worse days
    daily["medication:ibuprofen"] = taken * 400.0
    report = lagged_effects(daily, lags=[0, 1])
    ibu = [f for f in report.findings if f.column == "medication:ibuprofen"]
    for f in ibu:
        f.significant = True  # shown as a clear finding, so its notes are on the page
    group = next(g for g in trigger_view(report).clear if g.factor == "ibuprofen")
    expected = ("After worse pain days, you more often took ibuprofen the next day — so "
                "ibuprofen may partly follow pain rather than precede it.")
    assert expected in group.warnings and len(group.warnings) == len(set(group.warnings))
    assert not any("p =" in w or "likely or higher" in w for w in group.warnings)
