"""A person looks at their HRV beside pain: status against their own normal range, or
"not enough data yet" with how many more mornings are needed."""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.urls import reverse

from painscope import diary
from painscope.diary.demo import demo_diary
from painscope.web.journal import services as journal
from painscope.web.wearables.services import dashboard_card_context

pytestmark = pytest.mark.django_db


@pytest.fixture
def ana(client):
    user = get_user_model().objects.create_user("ana", password="a calm river 42")
    client.force_login(user)
    return user


def add_daily(user, name: str, values: list[float | None], unit: str) -> None:
    """One value a day ending today (the last item is today), stamped as imports stamp them."""
    today = datetime.now(UTC).date()
    records = []
    for i, v in enumerate(values):
        if v is None:
            continue
        day = today - timedelta(days=len(values) - 1 - i)
        records.append((datetime(day.year, day.month, day.day, tzinfo=UTC), 0, diary.Observation("measure", name, v, unit)))
    journal.import_frame(user, diary.frame_from_records(records), source="wearable")


def demo_like(user, *, last_week: float) -> None:
    """The demo diary (pain, sleep, steps) plus 90 mornings of ln RMSSD around 4.0, the last
    7 at ``last_week``, and resting heart rate."""
    journal.import_frame(user, demo_diary(90, seed=3), source="demo")
    rng = np.random.default_rng(5)
    values = list(np.round(4.0 + 0.15 * rng.standard_normal(90), 4))
    values[-7:] = [last_week] * 7
    add_daily(user, "hrv_lnrmssd_morning", values, "ln(ms)")
    add_daily(user, "resting_hr", list(np.round(60 + 3 * rng.standard_normal(90), 1)), "bpm")


def figure(page: str) -> dict:
    start = page.index('<script id="hrv-figure" type="application/json">') + len('<script id="hrv-figure" type="application/json">')
    return json.loads(page[start : page.index("</script>", start)])


def test_a_new_person_sees_not_enough_data_yet(client, ana):
    page = client.get(reverse("wearables_hrv")).content.decode()
    assert "Not enough data yet — about 21 more mornings with a reading." in page
    assert "No HRV readings yet — that's fine." in page
    assert "not a diagnosis" in page


def test_five_mornings_are_not_enough_yet_and_the_page_says_how_many_more(client, ana):
    add_daily(ana, "hrv_lnrmssd_morning", [4.0, 4.1, 3.9, 4.2, 4.0], "ln(ms)")
    page = client.get(reverse("wearables_hrv")).content.decode()
    # 21 of the last 60 days are needed for a normal range: 16 more
    assert "Not enough data yet — about 16 more mornings with a reading." in page
    assert "so far: 5 and 5" in page


def test_demo_like_data_shows_a_band_and_a_low_week(client, ana):
    demo_like(ana, last_week=3.5)
    page = client.get(reverse("wearables_hrv")).content.decode()
    assert "Your morning HRV this week is below your normal range." in page
    fig = figure(page)
    traces = {t["name"]: t for t in fig["data"]}
    band_high = [v for v in traces["Your normal range"]["y"] if v is not None]
    band_low = [v for v in traces["Normal range (low)"]["y"] if v is not None]
    assert len(band_high) > 30 and all(lo < hi for lo, hi in zip(band_low, band_high, strict=True))
    # pain and resting heart rate share the chart's date axis, on their own panels
    pain = traces["Pain (daily mean, 0–10)"]
    assert pain["yaxis"] == "y2" and sum(v is not None for v in pain["y"]) > 50
    assert traces["Resting heart rate (bpm)"]["yaxis"] == "y3"
    assert traces["Sleep (hours)"]["x"] == traces["Your normal range"]["x"]
    # the text alternative: a weekly table with the range
    assert "<caption>Morning HRV (ln RMSSD of your short morning readings), by week" in page
    assert page.count("<td>below</td>") >= 1


def test_a_usual_week_is_within_the_normal_range(client, ana):
    demo_like(ana, last_week=4.0)
    page = client.get(reverse("wearables_hrv")).content.decode()
    assert "Your morning HRV this week is within your normal range." in page


def test_frequency_domain_numbers_are_never_shown(client, ana):
    demo_like(ana, last_week=3.5)
    page = client.get(reverse("wearables_hrv")).content.decode()
    for word in ("LF/HF", "LF power", "HF power", "low frequency", "high frequency", "Lomb"):
        assert word not in page


def test_night_hrv_from_a_device_is_assessed_on_its_own(client, ana):
    rng = np.random.default_rng(1)
    add_daily(ana, "hrv_rmssd_night", list(np.round(45 * np.exp(0.1 * rng.standard_normal(40)), 1)), "ms")
    page = client.get(reverse("wearables_hrv")).content.decode()
    assert "Night HRV (ln of your device&#x27;s nightly RMSSD)" in page
    assert "Your night HRV this week is" in page
    ys = [v for t in figure(page)["data"] if t["name"].startswith("Night HRV") for v in t["y"] if v is not None]
    assert ys and all(math.log(30) < v < math.log(70) for v in ys)  # drawn as ln(ms)


def test_both_kinds_of_hrv_can_be_chosen_but_are_not_mixed(client, ana):
    add_daily(ana, "hrv_rmssd_night", [38.0, 42.0] * 15, "ms")
    add_daily(ana, "hrv_lnrmssd_morning", [4.0, 4.1, 3.9], "ln(ms)")
    page = client.get(reverse("wearables_hrv")).content.decode()
    assert 'value="morning" checked' in page and 'value="night"' in page
    assert "Not enough data yet — about 18 more mornings" in page
    page = client.get(reverse("wearables_hrv"), {"metric": "night"}).content.decode()
    assert "Your night HRV this week is within your normal range." in page


def test_the_dashboard_card_shows_the_latest_status(ana):
    html = render_to_string("wearables/_dashboard_card.html", dashboard_card_context(ana))
    assert "No HRV readings yet." in html and 'href="/wearables/"' in html
    demo_like(ana, last_week=3.5)
    html = render_to_string("wearables/_dashboard_card.html", dashboard_card_context(ana))
    assert "Your morning HRV this week is below your normal range." in html
    assert 'href="/wearables/hrv/"' in html
