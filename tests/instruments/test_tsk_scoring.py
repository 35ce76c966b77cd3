"""TSK-17 reverse items and cut-off; TSK-11 has no reversal (regression §6.3 #8)."""

from __future__ import annotations

import pytest

from painscope.instruments import AnswerError, score

# awell-score tampa __testdata__ (TSK-17): "random_response" and "median_response" both 43.
AWELL_RANDOM = [1, 3, 3, 2, 2, 3, 2, 2, 3, 2, 3, 3, 2, 3, 3, 3, 3]
AWELL_MEDIAN = [2, 2, 2, 3, 2, 2, 2, 3, 3, 3, 3, 2, 3, 3, 3, 2, 3]


def tsk(form, values):
    return {f"{form}-{i + 1}": v for i, v in enumerate(values)}


def test_tsk17_reverse_items_min_and_max():
    lowest = [1] * 17
    for i in (4, 8, 12, 16):
        lowest[i - 1] = 4
    assert score("tsk17", tsk("tsk17", lowest)).total == 17
    highest = [5 - v for v in lowest]
    assert score("tsk17", tsk("tsk17", highest)).total == 68


@pytest.mark.parametrize("vector", [AWELL_RANDOM, AWELL_MEDIAN])
def test_tsk17_awell_vectors(vector):
    assert score("tsk17", tsk("tsk17", vector)).total == 43


def test_tsk17_cutoff_is_strictly_above_37():
    at = [2] * 17  # reversed items give 3: 13*2 + 4*3 = 38
    at[0] = 1  # 37
    r37 = score("tsk17", tsk("tsk17", at))
    assert r37.total == 37 and r37.band == "not_high"
    at[0] = 2
    r38 = score("tsk17", tsk("tsk17", at))
    assert r38.total == 38 and r38.band == "high" and r38.has_flag("tsk17-high")


def test_tsk11_has_no_reverse_scoring_and_ranges_11_to_44():
    assert score("tsk11", tsk("tsk11", [1] * 11)).total == 11
    assert score("tsk11", tsk("tsk11", [4] * 11)).total == 44
    r = score("tsk11", tsk("tsk11", [4, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]))
    assert r.total == 14 and r.band is None


def test_tsk11_mcid_is_4_points():
    prev = score("tsk11", tsk("tsk11", [3] * 11))  # 33
    assert score("tsk11", tsk("tsk11", [3] * 7 + [2] * 4), previous=prev).has_flag(
        "meaningful-improvement"
    )
    assert score("tsk11", tsk("tsk11", [3] * 8 + [2] * 3), previous=prev).has_flag(
        "change-below-mcid"
    )


def test_tsk11_one_missing_prorated_two_refused():
    a = tsk("tsk11", [2] * 11)
    del a["tsk11-5"]
    assert score("tsk11", a).total == 22
    del a["tsk11-6"]
    with pytest.raises(AnswerError):
        score("tsk11", a)


def test_tsk17_prorating_uses_reversed_scores():
    a = tsk("tsk17", [1] * 17)
    for i in (4, 8, 12, 16):
        a[f"tsk17-{i}"] = 4
    del a["tsk17-4"], a["tsk17-1"]
    assert score("tsk17", a).total == 17
