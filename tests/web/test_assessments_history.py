"""A person looks at their PHQ-9 results over time: chart over the severity bands, and a table."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from painscope import instruments as ins
from painscope.instruments.scoring import gad7, phq9
from painscope.web.assessments import charts, services

pytestmark = pytest.mark.django_db


def answers(total: int) -> dict[str, int]:
    """A PHQ-9 answer set with the given total (0-27), filling items from the first."""
    out, left = {}, total
    for i in range(1, 10):
        out[f"phq9-{i}"] = v = min(3, left)
        left -= v
    assert left == 0
    return out


def test_band_regions_follow_the_scoring_module():
    regions = charts.band_regions("phq9")
    assert [r.label for r in regions] == [label for _, label in phq9.BANDS]
    assert regions[0].lower == 0 and regions[-1].upper == 27
    # every possible total is drawn inside the region of the band that score() gives it
    for total in range(0, 28):
        band = ins.score("phq9", answers(total)).band
        inside = [r.label for r in regions if r.lower <= total <= r.upper]
        assert inside == [band], total
    assert [r.label for r in charts.band_regions("gad7")] == [label for _, label in gad7.BANDS]
    assert charts.band_regions("peg") == []  # the PEG has no bands


def test_person_sees_phq9_history_with_bands_and_a_table(client, person):
    now = datetime.now(UTC)
    for days_ago, total in ((42, 16), (28, 12), (14, 7)):
        services.score_and_store(person, "phq9", answers(total), authored=now - timedelta(days=days_ago))
    response = client.get(reverse("assessment_history", args=["phq9"]))
    html = response.content.decode()
    figure = json.loads(re.search(r'<script id="history-figure" type="application/json">(.*?)</script>', html, re.S)[1])
    assert figure["data"][0]["y"] == [16, 12, 7]
    labels = [a["text"] for a in figure["layout"]["annotations"]]
    assert labels == ["minimal", "mild", "moderate", "moderately severe", "severe"]
    assert len(figure["layout"]["shapes"]) == 5
    assert all(s["layer"] == "below" for s in figure["layout"]["shapes"])
    # text alternative: a summary sentence and every result in a table
    assert "3 results of the PHQ-9" in html and "is 7, band “mild”" in html
    rows = re.findall(r'<td class="num">(\d+)</td><td>([a-z ]+)', html)
    assert rows == [("7", "mild"), ("12", "moderate"), ("16", "moderately severe")]
    assert "plotly-" in html  # Plotly served by the site, offline
    assert "minimal: 0–4" in html and "mild: 5–9" in html and "severe: 20–27" in html  # the legend, in whole scores


def test_history_of_another_persons_results_is_not_shown(client, person):
    other = get_user_model().objects.create_user("bo")
    services.score_and_store(other, "phq9", answers(21))
    html = client.get(reverse("assessment_history", args=["phq9"])).content.decode()
    assert "No results of the PHQ-9 Patient Health Questionnaire yet" in html
    assert "/assessments/results/" not in html and "history-figure" not in html
