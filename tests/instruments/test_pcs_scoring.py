"""PCS: subscale item sets (regression §6.3 #9), cut-off 30, prorating convention."""

from __future__ import annotations

import pytest

from painscope.instruments import AnswerError, score
from painscope.instruments.scoring.pcs import SUBSCALES

# awell-score pcs __testdata__ "random_response": rumination 10, magnification 5, helplessness 6, total 21.
AWELL_RANDOM = [0, 1, 2, 3, 0, 0, 1, 4, 2, 1, 3, 0, 4]


def pcs(values):
    return {f"pcs-{i + 1}": v for i, v in enumerate(values)}


def test_subscale_item_sets():
    assert SUBSCALES["helplessness"] == ["pcs-1", "pcs-2", "pcs-3", "pcs-4", "pcs-5", "pcs-12"]
    assert SUBSCALES["magnification"] == ["pcs-6", "pcs-7", "pcs-13"]
    assert SUBSCALES["rumination"] == ["pcs-8", "pcs-9", "pcs-10", "pcs-11"]


def test_awell_score_random_vector():
    r = score("pcs", pcs(AWELL_RANDOM))
    assert r.subscales == {"rumination": 10, "magnification": 5, "helplessness": 6}
    assert r.total == 21


def test_min_median_max():
    assert score("pcs", pcs([0] * 13)).total == 0
    assert score("pcs", pcs([2] * 13)).total == 26
    r = score("pcs", pcs([4] * 13))
    assert r.total == 52 and r.subscales == {
        "rumination": 16,
        "magnification": 12,
        "helplessness": 24,
    }


def test_cutoff_30_boundary():
    low = score("pcs", pcs([4, 4, 4, 4, 4, 4, 4, 1, 0, 0, 0, 0, 0]))  # 29
    high = score("pcs", pcs([4, 4, 4, 4, 4, 4, 4, 2, 0, 0, 0, 0, 0]))  # 30
    assert (low.total, low.band) == (29, "below_cutoff")
    assert (high.total, high.band) == (30, "clinically_relevant") and high.has_flag("pcs-cutoff-30")


def test_one_missing_item_per_subscale_is_prorated():
    a = pcs([2] * 13)
    del a["pcs-8"], a["pcs-6"]
    r = score("pcs", a)
    assert r.subscales == {"rumination": 8, "magnification": 6, "helplessness": 12}
    assert r.missing["items"] == ["pcs-6", "pcs-8"] and r.missing["prorated"]


def test_two_missing_items_in_one_subscale_invalidates_the_total():
    a = pcs([2] * 13)
    del a["pcs-6"], a["pcs-7"]
    with pytest.raises(AnswerError, match="magnification"):
        score("pcs", a)
