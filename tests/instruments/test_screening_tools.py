"""painDETECT, DN4, STarT Back, ÖMPSQ-SF, NPQ-R: sums, bands and the §6.3 regressions."""

from __future__ import annotations

import pytest

from painscope.instruments import AnswerError, score


def pd(sensory, pattern="pattern-persistent-slight-fluctuations", radiating=False):
    a = {f"paindetect-{i + 1}": v for i, v in enumerate(sensory)}
    a.update({"paindetect-8": pattern, "paindetect-9": radiating})
    return a


def test_paindetect_range():
    assert score("paindetect", pd([0] * 7, "pattern-persistent-with-attacks")).total == -1
    assert score("paindetect", pd([5] * 7, "pattern-attacks-pain-between", True)).total == 38


@pytest.mark.parametrize(
    ("total", "band"), [(12, "unlikely"), (13, "ambiguous"), (18, "ambiguous"), (19, "likely")]
)
def test_paindetect_boundaries(total, band):
    """Regression §6.3 #7: 19 is 'likely' (the NINDS CDE '<= 19' is a typo)."""
    sensory = [min(5, max(0, total - 5 * i)) for i in range(7)]
    r = score("paindetect", pd(sensory))
    assert (r.total, r.band) == (total, band)


def test_paindetect_pattern_and_radiation_points():
    base = [2] * 7  # 14
    assert score("paindetect", pd(base, "pattern-attacks-no-pain-between")).total == 15
    assert score("paindetect", pd(base, "pattern-persistent-with-attacks")).total == 13
    assert score("paindetect", pd(base, radiating=True)).total == 16


def dn4(interview, exam=None):
    a = {f"dn4-{i + 1}": v for i, v in enumerate(interview)}
    if exam is not None:
        a.update({f"dn4-{i + 8}": v for i, v in enumerate(exam)})
    return a


def test_dn4_cutoff_4_of_10():
    r = score("dn4", dn4([1, 1, 1, 0, 0, 0, 0], [0, 0, 0]))
    assert (r.total, r.band) == (3, "negative")
    r = score("dn4", dn4([1, 1, 1, 0, 0, 0, 0], [1, 0, 0]))
    assert (r.total, r.band) == (4, "positive")
    assert score("dn4", dn4([True] * 7, [True] * 3)).total == 10


def test_dn4_interview_only_cutoff_3_of_7():
    r = score("dn4", dn4([1, 1, 1, 0, 0, 0, 0]))
    assert r.total == 3 and r.band == "positive" and r.has_flag("dn4-interview-only")
    assert score("dn4", dn4([1, 1, 0, 0, 0, 0, 0])).band == "negative"


def test_dn4_partial_examination_is_refused():
    with pytest.raises(AnswerError, match="dn4-9"):
        score("dn4", {**dn4([0] * 7), "dn4-8": 1})


def sb(items_1_8, item9):
    a = {f"startback-{i + 1}": ("agree" if v else "disagree") for i, v in enumerate(items_1_8)}
    a["startback-9"] = item9
    return a


def test_startback_subscale_is_items_5_to_9_not_4_to_9():
    """Regression §6.3 #10."""
    r = score("startback", sb([0, 0, 0, 1, 1, 1, 1, 0], 0))
    assert r.subscales["psychosocial"] == 3
    assert r.band == "medium"


def test_startback_item9_is_dichotomised():
    assert score("startback", sb([0] * 8, "bother-moderately")).total == 0
    assert score("startback", sb([0] * 8, "bother-very-much")).total == 1
    assert score("startback", sb([0] * 8, 4)).total == 1


@pytest.mark.parametrize(
    ("items", "item9", "band"),
    [
        ([1, 1, 1, 0, 0, 0, 0, 0], 0, "low"),  # total 3
        ([1, 1, 1, 1, 0, 0, 0, 0], 0, "medium"),  # total 4, subscale 0
        ([1, 1, 1, 1, 1, 1, 1, 0], 0, "medium"),  # subscale 3
        ([0, 0, 0, 0, 1, 1, 1, 1], 0, "high"),  # subscale 4
        ([0, 0, 0, 0, 1, 1, 1, 0], 3, "high"),  # subscale 4 via item 9
    ],
)
def test_startback_groups(items, item9, band):
    assert score("startback", sb(items, item9)).band == band


def test_startback_minimum_and_maximum():
    assert score("startback", sb([0] * 8, 0)).total == 0
    r = score("startback", sb([1] * 8, "bother-extremely"))
    assert r.total == 9 and r.subscales["psychosocial"] == 5


def om(duration, rest):
    a = {"ompsq-sf-1": duration}
    a.update({f"ompsq-sf-{i + 2}": v for i, v in enumerate(rest)})
    return a


def test_ompsq_sf_reverse_items_and_range():
    low = om("duration-1", [0, 10, 10, 0, 0, 0, 10, 0, 0])
    assert score("ompsq-sf", low).total == 1
    high = om("duration-10", [10, 0, 0, 10, 10, 10, 0, 10, 10])
    assert score("ompsq-sf", high).total == 100


def test_ompsq_sf_cutoff_50():
    # duration 5 + intensity 5 + items... total 49 and 50
    r49 = score("ompsq-sf", om(5, [5, 5, 5, 5, 5, 5, 5, 5, 4]))
    r50 = score("ompsq-sf", om(5, [5, 5, 5, 5, 5, 5, 5, 5, 5]))
    assert (r49.total, r49.band) == (49, "below_cutoff")
    assert (r50.total, r50.band) == (50, "high_risk")


def test_npqr_correct_answers_score_one_undecided_zero():
    key = ["F", "F", "F", "T", "T", "T", "F", "F", "F", "F", "F", "T"]
    right = {f"npqr-{i + 1}": ("tfu-true" if k == "T" else "tfu-false") for i, k in enumerate(key)}
    assert score("npqr", right).total == 12
    wrong = {k: ("tfu-false" if v == "tfu-true" else "tfu-true") for k, v in right.items()}
    assert score("npqr", wrong).total == 0
    undecided = dict.fromkeys(right, "tfu-undecided")
    assert score("npqr", undecided).total == 0
