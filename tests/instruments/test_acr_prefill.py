"""Pre-filling the fibromyalgia survey from the diary: a suggestion with its evidence."""

from __future__ import annotations

import pandas as pd
import pytest

from painscope.instruments import InstrumentError
from painscope.instruments.prefill import rating_to_severity, suggest_acr_survey


def diary(rows):
    df = pd.DataFrame(rows, columns=["timestamp", "kind", "name", "value"])
    df["utc"] = pd.to_datetime(df["timestamp"], utc=True)
    return df


ROWS = [
    ("2026-03-01T08:00:00+00:00", "region", "neck", 1),  # 9 days before as_of: outside the week
    ("2026-03-05T08:00:00+01:00", "region", "shoulder_left", 1),
    ("2026-03-06T08:00:00+00:00", "region", "knee_right", 1),  # not a WPI area (issue 14)
    ("2026-03-07T08:00:00+00:00", "region", "shoulder_left", 1),
    ("2026-03-07T08:00:00+00:00", "region", "hip_left", 0),  # explicitly no pain
    ("2026-03-07T08:00:00+00:00", "region", "head", 1),  # not a WPI area
    ("2026-03-05T08:00:00+00:00", "rating", "fatigue", 6),
    ("2026-03-07T08:00:00+00:00", "rating", "fatigue", 8),
    ("2026-03-07T08:00:00+00:00", "rating", "sleep_quality", 2),
    ("2026-03-10T08:00:00+00:00", "rating", "pain", 5),
]


def test_only_wpi_areas_of_the_last_seven_days_are_suggested():
    s = suggest_acr_survey(diary(ROWS), as_of="2026-03-10T12:00:00Z")
    assert s["suggestion"] is True
    assert s["wpi_areas"] == ["shoulder_left"]
    ev = s["evidence"]["wpi"]
    assert ev["shoulder_left"]["n_entries"] == 2
    assert "upper_leg_right" not in ev
    assert s["evidence"]["wpi_not_counted"] == {"head": None, "knee_right": "upper_leg_right"}


def test_sss_suggestions_from_ratings_with_evidence():
    s = suggest_acr_survey(diary(ROWS), as_of="2026-03-10T12:00:00Z")
    assert s["sss"]["fatigue"] == 3  # mean 7 → severe
    assert s["sss"]["waking_unrefreshed"] == 3  # sleep quality 2 → 10 - 2 = 8 → severe
    assert s["sss"]["cognitive"] is None  # no brain_fog ratings
    assert s["evidence"]["sss"]["fatigue"] == {
        "rating": "fatigue",
        "n": 2,
        "mean": 7.0,
        "reversed": False,
    }
    assert s["sss"]["headaches"] is None and s["sss"]["depression"] is None


def test_default_window_ends_at_the_latest_entry():
    s = suggest_acr_survey(diary(ROWS))
    assert s["window"]["end"].startswith("2026-03-10T08:00")


@pytest.mark.parametrize(
    ("mean", "sev"), [(0, 0), (0.4, 0), (0.5, 1), (4.4, 1), (4.5, 2), (6.4, 2), (6.5, 3), (10, 3)]
)
def test_rating_to_severity(mean, sev):
    assert rating_to_severity(mean) == sev


def test_missing_columns_are_reported():
    with pytest.raises(InstrumentError, match="utc"):
        suggest_acr_survey(pd.DataFrame({"kind": [], "name": [], "value": []}))
