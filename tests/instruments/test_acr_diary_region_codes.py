"""ACR criteria read the diary's region codes: only the 19 published WPI areas count.

Issue 14: finer diary regions (knee, hand, foot) were counted as the WPI area they lie in,
which changed the published index; they are now accepted, reported and not counted.
"""

from __future__ import annotations

import json

import pytest

from painscope import diary
from painscope.instruments import CriteriaInputError, acr_2010, acr_2011, acr_2016
from painscope.instruments.criteria import read_wpi_areas
from painscope.instruments.regions import FINE_WITHIN, WPI_AREAS, wpi_area_of

from .test_acr_criteria import FOUR_REGIONS, case


def test_finer_regions_are_not_wpi_areas_here_or_in_the_diary():
    for code in diary.regions.FINE_REGIONS:
        assert wpi_area_of(code) is None and diary.regions.wpi_area_of(code) is None
        assert FINE_WITHIN[code] == diary.regions.containing_area(code)
    assert set(FINE_WITHIN) == set(diary.regions.FINE_REGIONS)
    for area in WPI_AREAS:
        assert wpi_area_of(area) == area == diary.regions.wpi_area_of(area)
    assert len(WPI_AREAS) == 19


@pytest.mark.parametrize("fn", [acr_2016, acr_2010, acr_2011])
def test_a_knee_is_not_counted_as_the_upper_leg(fn):
    alone = fn(case(["knee_left"], 5))
    both = fn(case(["knee_left", "upper_leg_left"], 5))
    assert alone["wpi"] == 0 and alone["areas"] == []
    assert both["wpi"] == 1 and both["areas"] == ["upper_leg_left"]
    assert alone["areas_ignored"] == ["knee_left"]
    assert alone["areas_ignored_within"] == {"knee_left": "upper_leg_left"}
    reason = next(r for r in alone["reasons"] if r.startswith("not counted"))
    assert "knee_left lies within upper_leg_left" in reason and "19 WPI areas" in reason
    if fn is acr_2016:
        assert alone["regions"] == []


def test_hands_and_feet_do_not_reach_the_wpi_threshold_of_seven():
    # six WPI areas + a hand + a foot: still WPI 6 (the published index has no hand or foot)
    six = [*FOUR_REGIONS, "neck", "upper_leg_right"]
    out = acr_2016(case([*six, "hand_left", "foot_right"], 5))
    assert out["wpi"] == 6 and not out["criterion_1"] and not out["criteria_met"]
    assert acr_2016(case([*six, "lower_arm_left"], 5))["wpi"] == 7


@pytest.mark.parametrize("fn", [acr_2016, acr_2010, acr_2011])
def test_head_and_pelvis_are_ignored_with_a_reason(fn):
    out = fn(case([*FOUR_REGIONS, "head", "pelvis", "head"], 5))
    assert out["wpi"] == 4
    assert out["areas_ignored"] == ["head", "pelvis"]
    reason = next(r for r in out["reasons"] if r.startswith("not counted"))
    assert "head, pelvis" in reason and "19 WPI areas" in reason


def test_unknown_codes_are_all_named():
    with pytest.raises(CriteriaInputError) as exc:
        acr_2016(case(["knee_left", "elbow_left", "toe"], 5))
    assert exc.value.field == "wpi_areas"
    assert "'elbow_left'" in str(exc.value) and "'toe'" in str(exc.value)


def test_only_wpi_codes_give_no_reasons():
    out = read_wpi_areas(list(WPI_AREAS))
    assert out.areas == list(WPI_AREAS) and out.within == {} and out.ignored == []
    assert out.reasons() == []


def test_cli_accepts_diary_codes(capsys):
    from painscope.cli import main

    data = case([*FOUR_REGIONS, "knee_left", "upper_leg_left", "head"], 5)
    assert main(["criteria", "acr2016", "--input", json.dumps(data), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["wpi"] == 5 and out["areas_ignored"] == ["knee_left", "head"]
