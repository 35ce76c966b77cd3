"""A person imports several readings or several devices for the same day: nothing is silently replaced.

Rule: painscope.signals.provenance (the first reading of the day counts; one device never
overwrites another device's value; re-importing the same file changes nothing).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from painscope.web.journal.models import Observation
from painscope.web.wearables.services import import_wearable_file

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[1] / "signals" / "fixtures"
READING = FIXTURES / "2024-03-02 06-55-40.txt"


@pytest.fixture
def ana():
    return get_user_model().objects.create_user("ana")


def reading_at(tmp_path: Path, hhmmss: str) -> Path:
    dest = tmp_path / f"2024-03-02 {hhmmss}.txt"
    shutil.copy(READING, dest)
    return dest


def values(user, name: str) -> list[tuple[float, str]]:
    rows = Observation.objects.filter(entry__owner=user, name=name).order_by("entry__utc")
    return [(o.value, o.note) for o in rows]


def test_an_evening_reading_is_stored_apart_and_leaves_the_morning_value(tmp_path, ana):
    first = import_wearable_file(ana, READING, tz="UTC")
    evening = import_wearable_file(ana, reading_at(tmp_path, "19-30-00"), tz="UTC")
    assert first.created == 2
    assert evening.updated == 0 and evening.created == 1
    assert any("outside the morning window" in w for w in evening.warnings)
    morning = values(ana, "hrv_rmssd_morning")
    assert len(morning) == 1 and "06:55" in morning[0][1]
    spot = values(ana, "hrv_rmssd_spot")
    assert len(spot) == 1 and "19:30" in spot[0][1]


def test_a_second_morning_reading_keeps_the_first_whatever_the_import_order(tmp_path, ana):
    later = reading_at(tmp_path, "08-10-00")
    s1 = import_wearable_file(ana, later, tz="UTC")
    s2 = import_wearable_file(ana, READING, tz="UTC")  # the earlier reading arrives second
    s3 = import_wearable_file(ana, later, tz="UTC")  # and the later one again
    assert s1.created == 2
    assert s2.updated == 2 and any("earlier reading (06:55)" in w for w in s2.warnings)
    assert s3.kept_existing == 2 and s3.updated == 0
    assert any("kept the earlier 06:55 reading" in w for w in s3.warnings)
    (_value, note), = values(ana, "hrv_lnrmssd_morning")
    assert "06:55" in note


def test_reimporting_the_same_reading_changes_nothing(ana):
    import_wearable_file(ana, READING, tz="UTC")
    again = import_wearable_file(ana, READING, tz="UTC")
    assert (again.created, again.updated, again.unchanged, again.kept_existing) == (0, 0, 2, 0)


def daily_csv(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text)
    return p


def test_a_daily_csv_does_not_overwrite_the_resting_hr_of_another_device(tmp_path, ana):
    whoop = FIXTURES / "physiological_cycles.csv"
    first = import_wearable_file(ana, whoop, tz="UTC")
    stored = {o.entry.local_date: (o.value, o.note) for o in Observation.objects.filter(entry__owner=ana, name="resting_hr")}
    day, (value, note) = next(iter(sorted(stored.items())))
    assert note.startswith("[whoop]") and first.created > 0
    offset = Observation.objects.filter(entry__owner=ana, name="resting_hr").first().entry.timestamp[19:]
    csv = daily_csv(tmp_path, "daily.csv", f"date,resting_hr\n{day},{value + 10:g}\n")
    second = import_wearable_file(ana, csv, tz=offset or "UTC")
    assert second.kept_existing == 1 and second.updated == 0
    assert any("kept the existing value from whoop" in w for w in second.warnings)
    assert {o.entry.local_date: o.value for o in Observation.objects.filter(entry__owner=ana, name="resting_hr")}[day] == value


def test_the_other_direction_a_device_does_not_overwrite_a_daily_csv_value(tmp_path, ana):
    csv = daily_csv(tmp_path, "daily.csv", "date,resting_hr,steps\n2024-03-05,61,4000\n")
    import_wearable_file(ana, csv, tz="UTC")
    other = daily_csv(tmp_path, "other.csv", "day,resting_hr\n2024-03-05,58\n")
    # Same source (daily CSV) → an update; a differently tagged or untagged stored value → kept.
    again = import_wearable_file(ana, other, tz="UTC")
    assert again.updated == 1
    Observation.objects.filter(entry__owner=ana, name="resting_hr").update(note="typed in")
    third = import_wearable_file(ana, csv, tz="UTC")
    assert third.kept_existing == 1
    assert any("kept the existing value from your diary" in w for w in third.warnings)
    assert values(ana, "resting_hr") == [(58.0, "typed in")]
