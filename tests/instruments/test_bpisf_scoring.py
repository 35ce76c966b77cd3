"""BPI-SF: severity mean, interference >= 4 of 7, Serlin worst-pain bands."""

from __future__ import annotations

import pytest

from painscope.instruments import AnswerError, score

INTERF = [f"bpisf-9{c}" for c in "abcdefg"]


def bpi(worst=6, least=2, average=4, now=3, interference=(5,) * 7):
    a = {"bpisf-3": worst, "bpisf-4": least, "bpisf-5": average, "bpisf-6": now}
    a.update({k: v for k, v in zip(INTERF, interference, strict=False) if v is not None})
    return a


def test_severity_is_an_unrounded_mean():
    r = score("bpisf", bpi(worst=7, least=2, average=4, now=4))
    assert r.total == pytest.approx(17 / 4)
    assert r.subscales["severity"] == pytest.approx(4.25)


def test_interference_mean_of_7():
    r = score("bpisf", bpi(interference=(1, 2, 3, 4, 5, 6, 7)))
    assert r.subscales["interference"] == 4


def test_interference_needs_4_of_7():
    r = score("bpisf", bpi(interference=(2, 4, 6, 8)))
    assert r.subscales["interference"] == 5
    r = score("bpisf", bpi(interference=(2, 4, 6)))
    assert r.subscales["interference"] is None and r.has_flag("bpisf-interference-not-scored")


@pytest.mark.parametrize(
    ("worst", "band"),
    [
        (0, "none"),
        (1, "mild"),
        (4, "mild"),
        (5, "moderate"),
        (6, "moderate"),
        (7, "severe"),
        (10, "severe"),
    ],
)
def test_worst_pain_bands(worst, band):
    assert score("bpisf", bpi(worst=worst)).band == band


def test_severity_items_required():
    a = bpi()
    del a["bpisf-5"]
    with pytest.raises(AnswerError, match="bpisf-5"):
        score("bpisf", a)
