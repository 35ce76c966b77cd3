"""The overview page: summaries, charts with text alternatives, the body heat map."""

from __future__ import annotations

import gzip
import json
import re
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from painscope import diary
from painscope.web.journal import services
from painscope.web.journal.views import plotly_version

pytestmark = pytest.mark.django_db


def fill_days(user, n_days: int, pain_of_day) -> None:
    today = datetime.now(UTC).replace(hour=12, minute=0, second=0, microsecond=0)
    frame_rows = []
    for i in range(n_days):
        when = today - timedelta(days=i)
        obs = [diary.Observation("rating", "pain", pain_of_day(i)), diary.Observation("region", "neck", 1),
               diary.Observation("measure", "sleep_hours", 7, "h")]
        if i % 2 == 0:
            obs.append(diary.Observation("region", "lower_back", 1))
        frame_rows += [(when, 0, o) for o in obs]
    services.import_frame(user, diary.frame_from_records(frame_rows), source="web")


def test_dashboard_shows_the_last_30_days(client, person):
    fill_days(person, 30, lambda i: 4 if i < 7 else 6)
    page = client.get(reverse("dashboard")).content.decode()
    # 7 days at 4 and 23 at 6: mean (28 + 138) / 30 = 5.53
    assert "Last 30 days: average pain 5.5 out of 10 over 30 days" in page
    assert "Last 7 days: average pain 4.0 out of 10 over 7 days" in page
    assert re.search(r"Neck</td><td class=\"num\">30</td><td class=\"num\">100%", page)
    assert re.search(r"Lower back</td><td class=\"num\">15</td><td class=\"num\">50%", page)


def test_new_person_sees_not_enough_data_and_no_blame(client, person):
    page = client.get(reverse("dashboard")).content.decode()
    assert page.count("Not enough data yet") >= 3
    assert "No entries yet — that's fine" in page
    assert "forgot" not in page.lower() and "missed" not in page.lower()


def test_chart_has_a_figure_and_a_text_alternative(client, person):
    fill_days(person, 10, lambda i: 3)
    response = client.get(reverse("dashboard"), {"days": "30", "beside": ["sleep_hours"]})
    page = response.content.decode()
    figure = json.loads(re.search(r'<script id="pain-figure" type="application/json">(.*?)</script>', page, re.S).group(1))
    assert figure["data"][0]["name"].startswith("Pain")
    assert len(figure["data"][0]["x"]) == 30
    assert figure["data"][1]["name"] == "Sleep (hours)"
    assert 'role="img" aria-label="Chart of daily pain over the last 30 days.' in page
    assert "The chart as a table" in page


def test_plotly_is_served_by_painscope_not_a_cdn(client, person):
    page = client.get(reverse("dashboard")).content.decode()
    src = reverse("plotly_js", args=[plotly_version()])
    assert f'<script src="{src}" defer>' in page
    assert "cdn.plot.ly" not in page and "https://" not in page.split("<main")[0]
    response = client.get(src, HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert "immutable" in response["Cache-Control"]
    assert b"plotly" in gzip.decompress(response.content)[:2000].lower()
    assert client.get(reverse("plotly_js", args=["0.0.0"])).status_code == 404
