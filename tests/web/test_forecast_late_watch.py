"""Issue 14: a watch worn only for the diary's last months broke four pages and the CLI.

Before the fix the forecast raised ``LinAlgError: SVD did not converge`` on such a diary, so
the overview, the Insights page, ``insights.json`` and the clinician PDF answered 500 and
``painscope insights forecast`` printed a traceback. The diary here is stored and read back
the way a person's is.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, time, timedelta

import numpy as np
import pytest
from django.urls import reverse

from painscope import diary
from painscope.cli import main
from painscope.insights.simulate import simulate_daily
from painscope.web.journal import services


def late_watch_records(n_days: int = 300, watch_days: int = 160, seed: int = 3):
    daily = simulate_daily(n_days, phi=0.7, n_factors=1, seed=seed)
    rng = np.random.default_rng(seed)
    end = datetime.now(UTC).date()
    first = end - timedelta(days=n_days - 1)
    records = []
    for i, pain in enumerate(daily["pain"].to_numpy()):
        when = datetime.combine(first + timedelta(days=i), time(19, 0), tzinfo=UTC)
        records.append((when, 0, diary.Observation("rating", "pain", float(np.clip(round(pain), 0, 10)))))
        if i >= n_days - watch_days:
            morning = datetime.combine(first + timedelta(days=i), time(7, 0), tzinfo=UTC)
            records.append((morning, 0, diary.Observation(
                "measure", "resting_hr", float(round(60 + rng.normal(0, 3))), "bpm")))
            records.append((morning, 0, diary.Observation(
                "measure", "hrv_rmssd_morning", float(round(45 + rng.normal(0, 8))), "ms")))
    return records


@pytest.mark.django_db
def test_pages_answer_when_the_watch_started_late(client, person):
    services.import_frame(person, diary.frame_from_records(late_watch_records()), source="web")
    for name in ("dashboard", "insights", "insights_json", "clinician_report"):
        response = client.get(reverse(name))
        assert response.status_code == 200, (name, response.status_code)
    doc = json.loads(client.get(reverse("insights_json")).content)
    text = json.dumps(doc)
    assert "resting hr" in text


def test_cli_forecast_answers_when_the_watch_started_late(tmp_path, capsys):
    path = tmp_path / "diary.csv"
    diary.write_tidy_csv(diary.frame_from_records(late_watch_records()), path)
    assert main(["insights", "forecast", str(path), "--json"]) == 0
    captured = capsys.readouterr()
    doc = json.loads(captured.out)
    assert doc["n_scored"] > 200 and "resting hr" in doc["covariates"]
    assert "Traceback" not in captured.err
    assert main(["insights", "forecast", str(path)]) == 0
