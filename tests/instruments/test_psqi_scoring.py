"""PSQI components, midnight wrap, duration boundaries (regression §6.3 #11)."""

from __future__ import annotations

import pytest

from painscope.instruments import AnswerError, score
from painscope.instruments.scoring.psqi import duration_component, hours_in_bed, latency_component


def psqi(**over):
    a = {
        "psqi-1": "23:00",
        "psqi-2": 10,
        "psqi-3": "07:00",
        "psqi-4": 8.0,
        "psqi-5a": 0,
        **{f"psqi-5{c}": 0 for c in "bcdefghi"},
        "psqi-6": 0,
        "psqi-7": 0,
        "psqi-8": 0,
        "psqi-9": 0,
    }
    a.update(over)
    return a


def test_good_sleeper_scores_zero():
    r = score("psqi", psqi())
    assert r.total == 0 and r.band == "good_sleeper"
    assert r.subscales["sleep_efficiency_percent"] == 100


def test_maximum_is_21():
    a = psqi(
        **{
            "psqi-2": 90,
            "psqi-5a": 3,
            "psqi-4": 3.0,
            "psqi-6": 3,
            "psqi-7": 3,
            "psqi-8": 3,
            "psqi-9": 3,
        },
        **{f"psqi-5{c}": 3 for c in "bcdefghij"},
    )
    r = score("psqi", a)
    assert r.total == 21 and r.band == "poor_sleeper"


def test_time_in_bed_wraps_at_midnight():
    assert hours_in_bed("23:00", "07:00") == 8
    assert hours_in_bed("01:30", "07:00") == 5.5
    assert hours_in_bed("21:00", "06:00") == 9


@pytest.mark.parametrize(
    ("hours", "component"), [(7.5, 0), (7.0, 0), (6.9, 1), (6.0, 1), (5.9, 2), (5.0, 2), (4.9, 3)]
)
def test_duration_boundaries_at_exactly_5_6_7_hours(hours, component):
    assert duration_component(hours) == component


@pytest.mark.parametrize(("hours", "component"), [(6.8, 0), (6.0, 1), (5.2, 2), (5.19, 3)])
def test_efficiency_boundaries(hours, component):
    # 8 h in bed: 85 % = 6.8 h, 75 % = 6.0 h, 65 % = 5.2 h
    r = score("psqi", psqi(**{"psqi-4": hours}))
    assert r.subscales["sleep_efficiency"] == component


def test_efficiency_capped_at_100():
    r = score("psqi", psqi(**{"psqi-4": 9.0}))
    assert r.subscales["sleep_efficiency_percent"] == 100


@pytest.mark.parametrize(
    ("minutes", "q5a", "component"),
    [
        (15, 0, 0),
        (16, 0, 1),
        (30, 1, 1),
        (31, 0, 1),
        (31, 1, 2),
        (60, 2, 2),
        (61, 2, 3),
        (61, 3, 3),
    ],
)
def test_latency_component(minutes, q5a, component):
    assert latency_component(minutes, q5a) == component


def test_global_above_5_is_poor():
    five = score("psqi", psqi(**{"psqi-6": 2, "psqi-7": 3}))
    six = score("psqi", psqi(**{"psqi-6": 3, "psqi-7": 3}))
    assert (five.total, five.band) == (5, "good_sleeper")
    assert (six.total, six.band) == (6, "poor_sleeper")


def test_disturbance_component_and_optional_5j():
    r = score("psqi", psqi(**{"psqi-5b": 1}))
    assert r.subscales["sleep_disturbances"] == 1
    r = score("psqi", psqi(**{f"psqi-5{c}": 1 for c in "bcdefghi"}, **{"psqi-5j": 2}))
    assert r.subscales["sleep_disturbances"] == 2  # 10


def test_missing_component_item_means_no_global_score():
    a = psqi()
    del a["psqi-6"]
    with pytest.raises(AnswerError, match="psqi-6"):
        score("psqi", a)
