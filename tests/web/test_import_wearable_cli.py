"""``painscope import-wearable``: a person stores a device export in their diary from the shell.

The command runs in-process on the test database through the real argument parser. Until
``import-wearable`` is wired into ``painscope.cli``, the test adds it the way
``painscope/commands/web.py`` will (``register_import_wearable``).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from painscope.commands import CommandError
from painscope.web.journal.models import Observation
from painscope.web.wearables.cli import register_import_wearable

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[1] / "signals" / "fixtures"


def parser():
    from painscope.cli import build_parser

    p = build_parser()
    sub = next(a for a in p._subparsers._group_actions if hasattr(a, "choices"))
    if "import-wearable" not in sub.choices:
        register_import_wearable(sub, argparse.ArgumentParser(add_help=False))
    return p


def painscope(capsys, *argv: str) -> tuple[int, str, str]:
    args = parser().parse_args(list(argv))
    try:
        code = int(args.handler(args) or 0)
    except CommandError as exc:
        print(f"painscope: error: {exc}", file=sys.stderr)
        code = exc.exit_code
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def ana():
    return get_user_model().objects.create_user("ana")


def stored(user) -> list[tuple[str, str, float]]:
    rows = Observation.objects.filter(entry__owner=user).order_by("entry__utc", "name")
    return [(o.entry.timestamp, o.name, o.value) for o in rows]


def test_importing_a_daily_csv_stores_its_measures_and_prints_a_summary(capsys, ana):
    code, out, err = painscope(capsys, "import-wearable", "--user", "ana", str(FIXTURES / "daily_metrics.csv"), "--tz", "Europe/Berlin", "--json")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["format"] == "daily-csv"
    assert (doc["days"], doc["first_day"], doc["last_day"]) == (3, "2024-03-01", "2024-03-03")
    assert (doc["created"], doc["updated"], doc["unchanged"]) == (8, 0, 0)
    assert doc["measures"]["resting_hr"] == 2
    assert any("mood_note" in w for w in doc["warnings"])
    rows = stored(ana)
    assert len(rows) == 8
    # a day without a UTC offset in the file lands on local midnight of the given zone
    assert ("2024-03-01T00:00:00+01:00", "resting_hr", 58.0) in rows


def test_importing_the_same_file_twice_adds_nothing(capsys, ana):
    path = str(FIXTURES / "Polar_H10_A1B2C3D4_20240301_070211_RR.txt")
    first = painscope(capsys, "import-wearable", "--user", "ana", path, "--json")
    before = stored(ana)
    second = painscope(capsys, "import-wearable", "--user", "ana", path, "--json")
    assert first[0] == second[0] == 0
    assert json.loads(first[1])["created"] == 2
    again = json.loads(second[1])
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 2)
    assert stored(ana) == before
    assert {name for _, name, _ in before} == {"hrv_rmssd_morning", "hrv_lnrmssd_morning"}


def test_a_garmin_fit_activity_is_read_but_adds_no_daily_row(capsys, ana, shared_data):
    path = shared_data / "fit" / "garmin-fenix-5-run.fit"
    code, out, err = painscope(capsys, "import-wearable", "--user", "ana", str(path), "--json")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["format"] == "fit"
    assert doc["n_beats"] == 113  # the RR count the data README gives for this file
    assert doc["days"] == 0 and doc["created"] == 0
    assert any("exercise HRV is not a resting measure" in w for w in doc["warnings"])
    assert stored(ana) == []


def test_without_json_the_summary_goes_to_stderr_in_words(capsys, ana):
    code, out, err = painscope(capsys, "import-wearable", "--user", "ana", str(FIXTURES / "oura_sleep.json"))
    assert code == 0
    assert out == ""
    assert "Oura JSON export" in err and "6 new, 0 updated, 0 already in your diary." in err


def test_a_truncated_fit_file_is_refused_and_nothing_is_stored(capsys, ana, shared_data, tmp_path):
    truncated = tmp_path / "run.fit"
    truncated.write_bytes((shared_data / "fit" / "garmin-fenix-5-run.fit").read_bytes()[:3000])
    code, out, err = painscope(capsys, "import-wearable", "--user", "ana", str(truncated), "--json")
    assert code == 2 and out == ""
    assert "not a readable FIT file" in err and "nothing was imported" in err
    assert stored(ana) == []


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE HealthData [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<HealthData locale="en_GB">
 <Record type="HKQuantityTypeIdentifierRestingHeartRate" unit="count/min" value="&lol9;"
  startDate="2024-03-01 07:00:00 +0100" endDate="2024-03-01 07:00:00 +0100"/>
</HealthData>
"""


def test_an_entity_expansion_xml_is_refused_and_nothing_is_stored(capsys, ana, tmp_path):
    bomb = tmp_path / "export.xml"
    bomb.write_text(BILLION_LAUGHS)
    code, _, err = painscope(capsys, "import-wearable", "--user", "ana", str(bomb))
    assert code == 2
    assert "entit" in err.lower() and "nothing was imported" in err
    assert stored(ana) == []


def test_a_bad_value_names_the_line_and_field_and_stores_nothing(capsys, ana, tmp_path):
    # two good days, then a resting heart rate of 900 bpm on line 4
    bad = tmp_path / "daily.csv"
    bad.write_text("date,resting_hr,steps\n2024-03-01,58,7000\n2024-03-02,60,8000\n2024-03-03,900,9000\n")
    code, _, err = painscope(capsys, "import-wearable", "--user", "ana", str(bad))
    assert code == 2
    assert "line 4" in err and "resting_hr" in err and "nothing was imported" in err
    assert stored(ana) == []


def test_an_unknown_person_or_missing_file_is_a_clear_error(capsys, ana, tmp_path):
    code, _, err = painscope(capsys, "import-wearable", "--user", "nobody", str(FIXTURES / "daily_metrics.csv"))
    assert code == 2 and "no user named 'nobody'" in err
    code, _, err = painscope(capsys, "import-wearable", "--user", "ana", str(tmp_path / "missing.csv"))
    assert code == 2 and "no such file" in err


def test_a_fitbit_takeout_folder_imports(capsys, ana):
    code, out, err = painscope(capsys, "import-wearable", "--user", "ana", str(FIXTURES / "fitbit_takeout"), "--json")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["format"] == "fitbit" and doc["created"] == doc["rows"] == len(stored(ana)) > 0
