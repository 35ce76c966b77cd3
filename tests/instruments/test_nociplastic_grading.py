"""IASP 2021 nociplastic grading (Kosek 2021): the INSTRUMENTS.md §3.5 test vectors."""

from __future__ import annotations

import pytest

from painscope.instruments import CriteriaInputError, nociplastic_2021


def case(**over):
    data = {
        "duration_months": 12,
        "distribution": "widespread",
        "nociceptive_fully_explains": False,
        "neuropathic_fully_explains": False,
        "signs_hypersensitivity": ["dynamic_mechanical_allodynia"],
        "history_hypersensitivity": True,
        "comorbidities": ["fatigue"],
    }
    data.update(over)
    return data


def test_all_positive_is_probable():
    r = nociplastic_2021(case())
    assert r["grade"] == "probable" and r["mixed_pain"] is False


def test_two_months_is_not_chronic():
    r = nociplastic_2021(case(duration_months=2))
    assert r["grade"] == "not_met" and r["criteria"]["c1_chronic"] is False


def test_exactly_three_months_is_not_more_than_three():
    assert nociplastic_2021(case(duration_months=3))["grade"] == "not_met"
    assert nociplastic_2021(case(duration_months=3.5))["grade"] == "probable"


def test_discrete_knee_pain_fails_criterion_2():
    r = nociplastic_2021(case(distribution="discrete"))
    assert r["grade"] == "not_met" and r["criteria"]["c2_distribution"] is False


def test_pain_fully_explained_by_knee_oa_fails_criterion_3():
    r = nociplastic_2021(case(nociceptive_fully_explains=True))
    assert r["grade"] == "not_met"
    assert r["criteria"]["c3_not_entirely_nociceptive"] is False


def test_neuropathic_pain_fully_explaining_fails_criterion_3():
    assert nociplastic_2021(case(neuropathic_fully_explains=True))["grade"] == "not_met"


def test_history_and_comorbidity_without_signs_is_not_enough():
    r = nociplastic_2021(case(distribution="multifocal", signs_hypersensitivity=[]))
    assert r["grade"] == "not_met"
    assert any("signs on examination are required" in x for x in r["reasons"])


def test_signs_and_history_without_comorbidity_is_possible():
    assert nociplastic_2021(case(comorbidities=[]))["grade"] == "possible"


def test_signs_without_history_is_possible():
    assert nociplastic_2021(case(history_hypersensitivity=False))["grade"] == "possible"


def test_probable_with_partial_nociceptive_component_is_mixed():
    r = nociplastic_2021(case(nociceptive_present=True))
    assert r["grade"] == "probable"
    assert r["mixed_pain"] is True and r["mixed_components"] == ["nociceptive"]
    assert any("mixed pain" in x for x in r["reasons"])


def test_no_definite_grade_exists():
    assert nociplastic_2021(case())["grade"] in {"not_met", "possible", "probable"}


def test_each_sign_alone_is_enough_for_criterion_4():
    for sign in (
        "static_mechanical_allodynia",
        "dynamic_mechanical_allodynia",
        "heat_allodynia",
        "cold_allodynia",
        "painful_aftersensations",
    ):
        assert nociplastic_2021(case(signs_hypersensitivity=[sign]))["criteria"][
            "c4_clinical_signs"
        ]


@pytest.mark.parametrize(
    ("over", "field"),
    [
        ({"distribution": "everywhere"}, "distribution"),
        ({"signs_hypersensitivity": ["tinel_sign"]}, "signs_hypersensitivity"),
        ({"comorbidities": ["anxiety"]}, "comorbidities"),
        ({"history_hypersensitivity": "yes"}, "history_hypersensitivity"),
        ({"nociceptive_fully_explains": None}, "nociceptive_fully_explains"),
        ({"unexpected": 1}, "unexpected"),
    ],
)
def test_bad_input_names_the_field(over, field):
    with pytest.raises(CriteriaInputError) as exc:
        nociplastic_2021(case(**over))
    assert exc.value.field == field
