"""ACR fibromyalgia criteria 2010 / 2011 / 2016: boundaries and the regression list (INSTRUMENTS.md §3.4, §6.3)."""

from __future__ import annotations

import pytest

from painscope.instruments import CriteriaInputError, acr_2010, acr_2011, acr_2016
from painscope.instruments.regions import WPI_AREAS

FOUR_REGIONS = ["shoulder_left", "shoulder_right", "hip_left", "hip_right"]
SEVEN_IN_FOUR_REGIONS = [*FOUR_REGIONS, "neck", "upper_arm_left", "upper_leg_right"]


def sss_total(total: int) -> dict:
    """An SSS dict with the given total (0-12), filling the 0-3 items first."""
    parts = {
        "fatigue": 0,
        "waking_unrefreshed": 0,
        "cognitive": 0,
        "headaches": 0,
        "lower_abdominal": 0,
        "depression": 0,
    }
    rest = total
    for k in ("fatigue", "waking_unrefreshed", "cognitive"):
        parts[k] = min(3, rest)
        rest -= parts[k]
    for k in ("headaches", "lower_abdominal", "depression"):
        parts[k] = min(1, rest)
        rest -= parts[k]
    assert rest == 0
    return parts


def case(areas, sss, months=6):
    return {"wpi_areas": list(areas), "sss": sss_total(sss), "duration_months": months}


def test_wpi_has_19_areas():
    """Regression: '18 body regions' with a single jaw."""
    assert len(WPI_AREAS) == 19
    assert {"jaw_left", "jaw_right"} <= set(WPI_AREAS)


def test_areas_match_the_diary_body_map():
    regions = pytest.importorskip("painscope.diary.regions")
    assert tuple(regions.WPI_AREAS) == WPI_AREAS


def test_wpi_7_with_sss_5_meets_criterion_1():
    """Regression: `wpi > 7` off-by-one."""
    r = acr_2016(case(SEVEN_IN_FOUR_REGIONS, 5))
    assert r["wpi"] == 7 and r["sss"] == 5
    assert r["criteria_met"] is True
    assert r["fs"] == 12


def test_wpi_7_with_sss_4_does_not_meet():
    assert acr_2016(case(SEVEN_IN_FOUR_REGIONS, 4))["criteria_met"] is False
    assert acr_2010(case(SEVEN_IN_FOUR_REGIONS, 4))["criteria_met"] is False


def test_wpi_4_sss_9_meets_2016_when_generalized():
    r = acr_2016(case(FOUR_REGIONS, 9))
    assert r["regions_with_pain"] == 4 and r["generalized_pain"] is True
    assert r["criteria_met"] is True


def test_wpi_4_sss_8_does_not_meet():
    """Regression: `ss > 9` off-by-one, checked from the other side."""
    assert acr_2016(case(FOUR_REGIONS, 8))["criteria_met"] is False


def test_wpi_3_sss_12_fails_2016_but_meets_2010():
    areas = ["shoulder_left", "hip_left", "neck"]
    assert acr_2016(case(areas, 12))["criteria_met"] is False
    assert acr_2010(case(areas, 12))["criteria_met"] is True
    assert acr_2011(case(areas, 12))["criteria_met"] is True


def test_wpi_6_sss_8_meets_neither():
    areas = [*FOUR_REGIONS, "neck", "upper_back"]
    assert acr_2016(case(areas, 8))["criteria_met"] is False
    assert acr_2010(case(areas, 8))["criteria_met"] is False


def test_seven_areas_in_three_regions_is_not_generalized():
    """INSTRUMENTS.md §3.4 vector 1: both arms + neck → regions 1, 2, 5 only."""
    areas = [
        "shoulder_left",
        "upper_arm_left",
        "lower_arm_left",
        "shoulder_right",
        "upper_arm_right",
        "lower_arm_right",
        "neck",
    ]
    r = acr_2016(case(areas, 6))
    assert r["wpi"] == 7 and r["regions_with_pain"] == 3
    assert r["generalized_pain"] is False and r["criteria_met"] is False
    assert acr_2010(case(areas, 6))["criteria_met"] is True


def test_jaw_chest_abdomen_do_not_count_toward_generalized_pain():
    """Regression: generalized pain computed without excluding jaw, chest and abdomen."""
    r = acr_2016(case(["jaw_left", "jaw_right", "chest", "abdomen"], 12))
    assert r["wpi"] == 4
    assert r["regions_with_pain"] == 0
    assert r["generalized_pain"] is False and r["criteria_met"] is False
    assert acr_2010(case(["jaw_left", "jaw_right", "chest", "abdomen"], 12))["criteria_met"] is True


def test_symptoms_need_three_months():
    assert acr_2016(case(SEVEN_IN_FOUR_REGIONS, 5, months=3))["criteria_met"] is True
    r = acr_2016(case(SEVEN_IN_FOUR_REGIONS, 5, months=2.5))
    assert r["criteria_met"] is False
    assert any("2.5 months" in x for x in r["reasons"])


def test_fs_and_psd_band_reported_even_when_not_met():
    r = acr_2016(case(["neck"], 2))
    assert r["fs"] == 3 and r["psd_band"] == "none"
    assert acr_2016(case(FOUR_REGIONS, 8))["psd_band"] == "severe"  # FS 12 (Wolfe 2015)


@pytest.mark.parametrize(
    ("fs", "band"),
    [
        (3, "none"),
        (4, "mild"),
        (7, "mild"),
        (8, "moderate"),
        (11, "moderate"),
        (12, "severe"),
        (19, "severe"),
        (20, "very_severe"),
    ],
)
def test_psd_band_boundaries(fs, band):
    areas = list(WPI_AREAS[: max(0, fs - 12)])
    r = acr_2016({"wpi_areas": areas, "sss": sss_total(fs - len(areas)), "duration_months": 6})
    assert r["fs"] == fs and r["psd_band"] == band


def test_other_disorder_excludes_2010_but_not_2016():
    data = case(SEVEN_IN_FOUR_REGIONS, 6)
    assert acr_2016(data)["criteria_met"] is True
    data_2010 = {**data, "other_disorder_explains_pain": True}
    assert acr_2010(data_2010)["criteria_met"] is False
    r = acr_2016(data_2010)
    assert r["criteria_met"] is True
    assert any("irrespective of other diagnoses" in x for x in r["reasons"])


def test_2010_accepts_clinician_somatic_rating_2016_does_not():
    data = {
        "wpi_areas": SEVEN_IN_FOUR_REGIONS,
        "sss": {"fatigue": 1, "waking_unrefreshed": 1, "cognitive": 1, "somatic_symptoms": 2},
        "duration_months": 12,
    }
    r = acr_2010(data)
    assert r["sss"] == 5 and r["criteria_met"] is True
    with pytest.raises(CriteriaInputError, match="somatic_symptoms"):
        acr_2016(data)


def test_2011_reports_fs_cutoff_13():
    assert acr_2011(case(FOUR_REGIONS, 9))["fs_ge_13"] is True
    assert acr_2011(case(FOUR_REGIONS, 8))["fs_ge_13"] is False


def test_self_report_is_labelled_survey_not_diagnosis():
    r = acr_2016(case(SEVEN_IN_FOUR_REGIONS, 5))
    assert r["label"] == "meets survey criteria for fibromyalgia"
    r = acr_2016({**case(SEVEN_IN_FOUR_REGIONS, 5), "mode": "clinician"})
    assert r["label"] == "meets criteria for fibromyalgia"


def test_duplicate_areas_count_once():
    assert acr_2016(case([*FOUR_REGIONS, "hip_left"], 9))["wpi"] == 4


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"wpi_areas": ["elbow_left"], "sss": sss_total(5), "duration_months": 6}, "wpi_areas"),
        (
            {"wpi_areas": [], "sss": {**sss_total(5), "fatigue": 4}, "duration_months": 6},
            "sss.fatigue",
        ),
        (
            {"wpi_areas": [], "sss": {**sss_total(0), "headaches": 2}, "duration_months": 6},
            "sss.headaches",
        ),
        ({"wpi_areas": [], "sss": sss_total(5)}, "duration_months"),
        ({"wpi_areas": [], "sss": sss_total(5), "duration_months": "long"}, "duration_months"),
    ],
)
def test_bad_input_names_the_field(data, field):
    with pytest.raises(CriteriaInputError) as exc:
        acr_2016(data)
    assert exc.value.field == field
