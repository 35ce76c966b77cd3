"""Tomorrow's forecast: shown only when it beats simple rules on the person's own diary."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from painscope import insights
from tests.web.test_insights_diaries import store_daily

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(client):
    user = get_user_model().objects.create_user("fern", password="a calm river 42")
    client.force_login(user)
    return user


def plateau_diary(n_days: int = 150) -> pd.DataFrame:
    """Pain that stays put for three weeks at a time: 'tomorrow is like today' is right on
    all but the switching days, so no forecast can beat it."""
    levels = np.resize([3.0, 6.0, 4.0, 7.0, 5.0], n_days // 21 + 1)
    pain = np.repeat(levels, 21)[:n_days]
    return pd.DataFrame({"pain": pain}, index=pd.date_range("2025-01-01", periods=n_days, freq="D", name="date"))


def _text(page: str) -> str:
    return re.sub(r"\s+", " ", page)


def test_forecast_is_hidden_when_it_does_not_beat_tomorrow_is_like_today(client, person):
    daily = plateau_diary()
    assert not insights.forecast(daily).show_to_person  # the premise, from the pure function
    store_daily(person, daily)
    page = _text(client.get(reverse("insights")).content.decode())
    tomorrow = page.split('id="forecast-h"')[1]
    assert ("Not shown yet: on your data a forecast does not yet beat simply assuming tomorrow is like today"
            in tomorrow.replace("<strong>", "").replace("</strong>", ""))
    assert "pain is likely to be about" not in tomorrow
    assert "The scores, for the curious" in tomorrow
    assert "&#x27;Tomorrow is like today&#x27;" in tomorrow  # the baseline's row in the score table


def test_forecast_is_shown_with_its_range_when_it_earns_it(client, person, monkeypatch):
    report = insights.ForecastReport(
        show_to_person=True, n_scored=90,
        scores={"painscope": {"mae": 0.8, "crps": 0.6, "brier": 0.1},
                "persistence": {"mae": 1.1, "crps": 0.8, "brier": 0.2},
                "ar1": {"mae": 1.0, "crps": 0.7, "brier": 0.15}},
        tomorrow={"date": "2025-06-01", "pain": 5.2, "low": 3.9, "high": 6.5, "flare_probability": 0.12},
        flare_label="your flare flags", show_flare_probability=True,
    )
    monkeypatch.setattr(insights, "forecast", lambda daily: report)
    store_daily(person, plateau_diary(40))
    page = _text(client.get(reverse("insights")).content.decode())
    tomorrow = page.split('id="forecast-h"')[1]
    assert "Tomorrow (2025-06-01), pain is likely to be about" in tomorrow
    assert "5.2" in tomorrow and "80 % range 3.9 to 6.5; flare chance 12%" in tomorrow
    assert "Not shown yet" not in tomorrow


def test_short_diary_says_how_many_days_a_forecast_needs(client, person):
    store_daily(person, plateau_diary(30))
    page = _text(client.get(reverse("insights")).content.decode())
    assert "Not enough data yet: forecasts are tested on your own past days first" in page.split('id="forecast-h"')[1]
