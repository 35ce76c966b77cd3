"""ACR criteria read the diary's region codes: finer regions count as their WPI area, once."""

from __future__ import annotations

import json

import pytest

from painscope import diary
from painscope.instruments import CriteriaInputError, acr_2010, acr_2011, acr_2016
from painscope.instruments.criteria import read_wpi_areas
from painscope.instruments.regions import FINE_TO_WPI, WPI_AREAS, wpi_area_of

from .test_acr_criteria import FOUR_REGIONS, case


def test_finer_regions_map_like_the_diary():
    for code in diary.regions.FINE_REGIONS:
        assert wpi_area_of(code) == diary.regions.wpi_area_of(code)
    assert set(FINE_TO_WPI) == set(diary.regions.FINE_REGIONS)
    for area in WPI_AREAS:
        assert wpi_area_of(area) == area


def test_knee_counts_as_upper_leg_and_only_once():
    alone = acr_2016(case(["knee_left"], 5))
    both = acr_2016(case(["knee_left", "upper_leg_left"], 5))
    assert alone["wpi"] == both["wpi"] == 1
    assert alone["areas"] == both["areas"] == ["upper_leg_left"]
    assert alone["regions"] == ["left_lower"]
    assert both["areas_mapped"] == {"knee_left": "upper_leg_left"}
    assert any("knee_left as upper_leg_left" in r for r in both["reasons"])


def test_hand_and_foot_reach_the_wpi_threshold_of_seven():
    # six WPI areas + a hand (lower arm) = 7: Wolfe 2016 criterion 1 with SSS 5
    six = [*FOUR_REGIONS, "neck", "upper_leg_right"]
    assert not acr_2016(case(six, 5))["criterion_1"]
    with_hand = acr_2016(case([*six, "hand_left"], 5))
    assert with_hand["wpi"] == 7 and with_hand["criterion_1"] and with_hand["criteria_met"]
    # the foot of a leg already counted adds nothing
    assert acr_2016(case([*six, "foot_right", "lower_leg_right"], 5))["wpi"] == 7


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


def test_only_wpi_codes_give_no_mapping_reasons():
    out = read_wpi_areas(list(WPI_AREAS))
    assert out.areas == list(WPI_AREAS) and out.mapped == {} and out.ignored == []
    assert out.reasons() == []


def test_cli_accepts_diary_codes(capsys):
    from painscope.cli import main

    data = case([*FOUR_REGIONS, "knee_left", "upper_leg_left", "head"], 5)
    assert main(["criteria", "acr2016", "--input", json.dumps(data), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["wpi"] == 5 and out["areas_ignored"] == ["head"]
