"""A person tries the explorer: levers change the model's virtual cohort through its
mechanisms, every pain number comes with its spread, bad input is refused by field name."""

from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse

from painscope.web.explain import services

pytestmark = pytest.mark.django_db


def explore(client, **levers) -> tuple[str, dict]:
    response = client.get(reverse("explain"), {k: str(v) for k, v in levers.items()})
    assert response.status_code == 200
    page = response.content.decode()
    found = re.search(r'<script id="explain-figure" type="application/json">(.*?)</script>', page, re.S)
    return page, (json.loads(found.group(1)) if found else {})


def band(figure: dict, last_days: int = 56) -> dict[str, float]:
    q25, q75, median = (figure["data"][i]["y"][-last_days:] for i in range(3))
    return {"q25": sum(q25) / last_days, "median": sum(median) / last_days, "q75": sum(q75) / last_days}


def test_more_sleep_lowers_the_simulated_pain_band(client):
    levers = {"profile": "vulnerable", "stress": "medium", "activity": "off", "treatment": "none", "start_day": 30}
    _, short = explore(client, sleep_hours=4.5, **levers)
    page, enough = explore(client, sleep_hours=8, **levers)
    short_band, enough_band = band(short), band(enough)
    # the same virtual people (same seed): sleep debt → glia and gain → pain, in the model
    assert enough_band["median"] < short_band["median"] - 0.3
    assert enough_band["q25"] <= short_band["q25"] and enough_band["q75"] <= short_band["q75"]
    assert enough_band["q75"] - enough_band["q25"] > 0  # a spread, never one number
    sleep_debt = services.run(services.Choices(profile="vulnerable", sleep_hours=8.0, stress="medium"))["states"]["Sigma"]
    short_debt = services.run(services.Choices(profile="vulnerable", sleep_hours=4.5, stress="medium"))["states"]["Sigma"]
    assert sum(sleep_debt["mean"]) < sum(short_debt["mean"])
    assert "<strong>Sleep debt</strong>" in page


def test_every_pain_number_comes_with_its_spread(client):
    page, figure = explore(client, profile="sensitised", sleep_hours=6, stress="high", activity="off",
                           treatment="none", start_day=30)
    names = [trace.get("name") for trace in figure["data"]]
    assert names[1] == "middle half of the virtual people" and names[2] == "middle person"
    rows = re.findall(r'<tr><td>(\d+)</td><td class="num">([\d.]+)</td><td class="num">([\d.]+)</td><td class="num">([\d.]+)</td>', page)
    assert len(rows) == -(-services.DAYS // 7)
    assert all(float(lo) <= float(mid) <= float(hi) for _, lo, mid, hi in rows)
    assert any(float(hi) - float(lo) >= 0.5 for _, lo, _, hi in rows)
    assert re.search(r"half of the group was between [\d.]+ and [\d.]+", page)
    assert f"{services.COHORT_N} virtual people" in page


def test_talking_therapy_lowers_worry_about_pain(client):
    levers = {"profile": "sensitised", "sleep_hours": 7, "stress": "medium", "activity": "off", "start_day": 14}
    page, _ = explore(client, treatment="cbt", **levers)
    worry = re.search(r"<strong>Worry and fear about pain</strong> <span class=\"change\">([^<]+)</span>", page).group(1)
    assert worry.startswith("went down")
    assert "treatment starts" in page
    cbt = services.run(services.Choices(profile="sensitised", sleep_hours=7.0, treatment="cbt", start_day=14))
    none = services.run(services.Choices(profile="sensitised", sleep_hours=7.0, treatment="none", start_day=14))
    assert cbt["states"]["A"]["mean"][-1] < none["states"]["A"]["mean"][-1]


@pytest.mark.parametrize(("value", "why"), [("abc", "not a number"), ("2", "too short"), ("11", "too long"), ("", "empty"), ("6.3", "not a half hour")])
def test_bad_sleep_hours_is_refused_naming_the_field(client, monkeypatch, value, why):
    monkeypatch.setattr(services, "simulate", lambda doc: pytest.fail("no simulation for refused input"))
    page, figure = explore(client, profile="calm", sleep_hours=value, stress="low", activity="off", treatment="none",
                           start_day=30)
    assert figure == {}, why
    error = re.search(r'<p class="field-error" id="e-sleep">([^<]+)</p>', page)
    assert error and error.group(1).startswith("Sleep (hours a night):"), why
    assert 'aria-invalid="true"' in page and 'href="#id_sleep_hours"' in page


def test_bad_start_day_and_unknown_choices_are_refused_naming_the_field(client, monkeypatch):
    monkeypatch.setattr(services, "simulate", lambda doc: pytest.fail("no simulation for refused input"))
    page, _ = explore(client, profile="nobody", sleep_hours=7, stress="extreme", activity="off",
                      treatment="heroin", start_day=500)
    for field in ("Starting nervous system:", "Stress:", "Treatment:", "Treatment starts on day:"):
        assert re.search(rf'<p class="field-error" id="e-[a-z]+">{field}', page), field


def test_same_choices_are_answered_from_the_cache(client, monkeypatch):
    calls = []
    real = services.simulate
    monkeypatch.setattr(services, "simulate", lambda doc: calls.append(doc) or real(doc))
    services.run.cache_clear()
    levers = {"profile": "calm", "sleep_hours": 7.5, "stress": "low", "activity": "on", "treatment": "none", "start_day": 30}
    first = explore(client, **levers)[1]
    second = explore(client, **levers)[1]
    assert len(calls) == 1 and first == second


def test_a_treatment_is_compared_with_the_same_people_without_it(client):
    levers = {"profile": "sensitised", "sleep_hours": 7, "stress": "medium", "activity": "off"}
    page, figure = explore(client, treatment="duloxetine", start_day=10, **levers)
    _, untreated = explore(client, treatment="none", start_day=30, **levers)
    dotted = figure["data"][3]
    assert dotted["name"] == "middle person without the treatment"
    assert dotted["y"] == untreated["data"][2]["y"]  # the very same virtual people, untreated
    # the SNRI strengthens the brakes (the model's mechanism), so the treated middle person ends lower
    assert sum(figure["data"][2]["y"][-28:]) < sum(dotted["y"][-28:])
    assert "The same virtual people without the treatment, in the last week" in page


def test_the_tails_are_shown_not_only_the_middle_half(client):
    """Issue 11: a healthy group after four months of short sleep and medium stress has a tail the
    middle half hides; the page says how many virtual people are above 4/10 and 7/10."""
    levers = {"profile": "calm", "sleep_hours": 5, "stress": "medium", "activity": "off", "treatment": "none",
              "start_day": 30}
    page, _ = explore(client, **levers)
    result = services.run(services.Choices(profile="calm", sleep_hours=5.0, stress="medium"))
    last = result["weeks"][-1]
    n4 = round(last["share_gt4"] * services.COHORT_N)
    text = re.search(r'<p class="summary tails">(.*?)</p>', page, re.S).group(1)
    if n4:
        assert f"{n4} of the {services.COHORT_N} virtual people" in text
    else:
        assert f"none of the {services.COHORT_N} virtual people had pain above 4" in text
    assert "above 7" in text
    shares = re.findall(r'<td class="num">(\d+) %</td><td class="num">(\d+) %</td></tr>', page)
    assert len(shares) == len(result["weeks"]) and all(int(a) >= int(b) for a, b in shares)
    assert "What this model cannot do" in page and "works in days, not minutes" in page


def test_week_shares_counts_people_by_their_weekly_mean():
    import numpy as np

    from painscope.model.api import week_shares

    pain = np.array([[3.0] * 7 + [8.0] * 7, [5.0] * 7 + [5.0] * 7, [9.0] * 14, [0.0] * 14])
    weeks = week_shares(pain)
    assert [w["share_gt4"] for w in weeks] == [0.5, 0.75]
    assert [w["share_gt7"] for w in weeks] == [0.25, 0.5]
