"""NeuPSIG 2016 neuropathic pain grading (Finnerup 2016)."""

from __future__ import annotations

import pytest

from painscope.instruments import CriteriaInputError, neupsig_2016


def grade(history=True, plausible=True, signs=False, test=False, **extra):
    return neupsig_2016(
        {
            "history_lesion_or_disease": history,
            "plausible_distribution": plausible,
            "sensory_signs_in_distribution": signs,
            "confirmatory_test": test,
            **extra,
        }
    )


def test_no_history_is_unlikely_whatever_the_signs():
    assert grade(history=False, signs=True, test=True)["grade"] == "unlikely"


def test_implausible_distribution_is_unlikely():
    assert grade(plausible=False, signs=True)["grade"] == "unlikely"


def test_history_and_plausible_distribution_is_possible():
    assert grade()["grade"] == "possible"


def test_plus_sensory_signs_is_probable():
    assert grade(signs=True)["grade"] == "probable"


def test_plus_confirmatory_test_is_definite():
    r = grade(signs=True, test=True)
    assert r["grade"] == "definite"
    assert any("does not prove that it causes the pain" in x for x in r["reasons"])


def test_test_without_signs_stays_probable_never_definite():
    r = grade(signs=False, test=True)
    assert r["grade"] == "probable" and r["note"] == "no_signs_test_confirmed"


def test_screening_tool_is_noted_but_not_graded():
    assert grade(screening_positive=True)["grade"] == "possible"
    assert grade(history=False, screening_positive=True)["grade"] == "unlikely"


def test_missing_required_step_is_named():
    with pytest.raises(CriteriaInputError) as exc:
        neupsig_2016({"history_lesion_or_disease": True})
    assert exc.value.field == "plausible_distribution"
