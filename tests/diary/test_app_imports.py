"""Imports from other apps (issue 15): Flaredown from its documented export columns."""

from __future__ import annotations

import pytest

from painscope.diary import DiaryError
from painscope.diary.app_imports import read_app_export, read_flaredown

HEADER = "user_id,age,sex,country,checkin_date,trackable_id,trackable_type,trackable_name,trackable_value\n"
# written from the column list of Flaredown's public data export; no real export was available
FIXTURE = HEADER + """\
u1,41,female,GB,2026-03-01,1,Condition,Fibromyalgia,3
u1,41,female,GB,2026-03-01,2,Symptom,Fatigue,2
u1,41,female,GB,2026-03-01,3,Symptom,Depression,1
u1,41,female,GB,2026-03-01,4,Symptom,Itchy eyes,2
u1,41,female,GB,2026-03-01,5,Treatment,Duloxetine,60.0 mg
u1,41,female,GB,2026-03-01,6,Treatment,Epsom salt bath,
u1,41,female,GB,2026-03-01,7,Tag,Overdid it,
u1,41,female,GB,2026-03-01,8,Food,Coffee,
u1,41,female,GB,2026-03-01,9,Weather,icon,rain
u1,41,female,GB,2026-03-01,10,Weather,pressure,1004.5
u1,41,female,GB,2026-03-02,1,Condition,Fibromyalgia,2
u1,41,female,GB,2026-03-02,11,Symptom,Back pain,4
u1,41,female,GB,2026-03-02,12,HBI,General wellbeing,2
"""


def _rows(result):
    f = result.frame
    return {(r.kind, r.name): (r.value, r.unit) for r in f.itertuples()}


def test_happy_path_maps_each_kind_with_a_shown_mapping():
    r = read_flaredown(FIXTURE, offset_minutes=60)
    assert r.days == 2
    rows = _rows(r)
    assert rows[("rating", "fatigue")] == (5.0, "")
    assert rows[("rating", "mood")][0] == 7.5  # depression 1/4 -> mood 7.5/10 (higher mood = better)
    assert rows[("factor", "symptom:itchy eyes")] == (2.0, "flaredown 0-4")
    assert rows[("medication", "Duloxetine")] == (60.0, "mg")
    assert rows[("medication", "Epsom salt bath")] == (1.0, "dose")
    assert ("factor", "overdid it") in rows and ("food", "coffee") in rows
    assert rows[("measure", "weather_pressure")] == (1004.5, "hPa")
    pain = r.frame[(r.frame["kind"] == "rating") & (r.frame["name"] == "pain")]
    # day 2: fibromyalgia 2/4 and back pain 4/4 both map to pain: the worse is kept
    assert sorted(pain["value"]) == [7.5, 10.0]
    doc = r.to_dict()
    assert doc["rows_per_kind"]["rating"] == 4 and doc["rows_per_kind"]["medication"] == 2
    assert {"source": "Condition: Fibromyalgia", "kind": "rating", "name": "pain", "scale": "0-4 → 0-10 (× 2.5)",
            "rows": 2} in doc["mapping"]
    assert doc["skipped"] == {"weather field 'icon'": 1, "Harvey-Bradshaw index items (Crohn's disease score)": 1}
    assert "no real export" in doc["note"]
    # check-ins at 20:00 local time in the person's offset
    assert str(r.frame["utc"].min()) == "2026-03-01 19:00:00+00:00"


def test_bad_files_name_line_and_column():
    with pytest.raises(DiaryError, match="missing Flaredown column"):
        read_flaredown("date,value\n2026-01-01,3\n")
    with pytest.raises(DiaryError, match=r"line 3, column trackable_value: Symptom severity must be 0-4 \(got 7\)"):
        read_flaredown(HEADER + "u1,,,,2026-03-01,1,Condition,Pain,2\nu1,,,,2026-03-01,2,Symptom,Fatigue,7\n")
    with pytest.raises(DiaryError, match="line 2, column checkin_date"):
        read_flaredown(HEADER + "u1,,,,01/03/2026,1,Condition,Pain,2\n")
    with pytest.raises(DiaryError, match="not UTF-8"):
        read_flaredown(b"\xff\xfe" + HEADER.encode("utf-16-le"))


def test_a_many_person_file_needs_one_person_chosen():
    two = FIXTURE + "u2,35,male,US,2026-03-01,1,Condition,Pain,1\n"
    with pytest.raises(DiaryError, match="2 people's check-ins"):
        read_flaredown(two)
    only = read_flaredown(two, user_id="u2")
    assert _rows(only)[("rating", "pain")] == (2.5, "")


def test_apps_without_a_published_format_say_so():
    for app in ("bearable", "managemypain", "mysymptoms"):
        with pytest.raises(DiaryError, match="not supported yet"):
            read_app_export(app, "x")
    with pytest.raises(DiaryError, match="unknown app"):
        read_app_export("myfitnesspal", "x")
