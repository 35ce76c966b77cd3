"""PHQ-9: totals, bands, screen cut-off, missing data, item-9 safety flag."""

from __future__ import annotations

import pytest

from painscope.instruments import AnswerError, score
from painscope.instruments.scoring.phq9 import BANDS


def phq(values):
    return {f"phq9-{i + 1}": v for i, v in enumerate(values)}


def answers_with_total(total: int) -> dict:
    """Nine answers (item 9 = 0 unless needed) summing to ``total``."""
    vals = [0] * 9
    rest = total
    for i in range(9):
        vals[i] = min(3, rest)
        rest -= vals[i]
    return phq(vals)


def test_minimum_is_zero_minimal():
    r = score("phq9", phq([0] * 9))
    assert (r.total, r.band) == (0, "minimal")
    assert r.flags == ()


def test_maximum_is_27_severe():
    r = score("phq9", phq([3] * 9))
    assert (r.total, r.band) == (27, "severe")


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (4, "minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "moderately_severe"),
        (19, "moderately_severe"),
        (20, "severe"),
    ],
)
def test_every_band_boundary(total, band):
    r = score("phq9", answers_with_total(total))
    assert r.total == total
    assert r.band == band


def test_bands_cover_kroenke_2001_lower_bounds():
    assert [b for b, _ in BANDS] == [0, 5, 10, 15, 20]


def test_screen_positive_from_10_not_9():
    assert not score("phq9", answers_with_total(9)).has_flag("screen-positive")
    assert score("phq9", answers_with_total(10)).has_flag("screen-positive")


def test_difficulty_item_is_not_scored():
    a = phq([1] * 9)
    a["phq9-10"] = 3
    assert score("phq9", a).total == 9


def test_loinc_answer_codes_are_accepted():
    a = phq([0] * 9)
    a["phq9-1"] = "LA6571-9"  # "Nearly every day" = 3
    assert score("phq9", a).total == 3


def test_one_missing_item_is_prorated_never_silently_zero():
    """Regression (LHC-Forms sums missing items as 0): 8 answered, 1 missing."""
    a = phq([2] * 9)
    del a["phq9-3"]
    r = score("phq9", a)
    assert r.total == 18  # mean 2 x 9, not 16
    assert r.missing["prorated"] is True
    assert r.missing["items"] == ["phq9-3"]
    assert r.missing["official"] is False
    assert r.has_flag("prorated")


def test_proration_rounds_half_up():
    a = phq([1, 1, 1, 1, 0, 0, 0, 0, 0])
    del a["phq9-8"]  # 4/8 x 9 = 4.5 → 5 (Python's round would give 4)
    assert score("phq9", a).total == 5
    b = phq([3, 3, 3, 3, 2, 2, 0, 0, 0])
    del b["phq9-8"], b["phq9-7"]  # 16/7 x 9 = 20.57 → 21
    assert score("phq9", b).total == 21


def test_three_missing_items_cannot_be_scored():
    a = phq([1] * 9)
    for k in ("phq9-1", "phq9-2", "phq9-3"):
        del a[k]
    with pytest.raises(AnswerError, match="phq9-1"):
        score("phq9", a)


def test_strict_mode_refuses_any_missing_item():
    a = phq([1] * 9)
    del a["phq9-2"]
    with pytest.raises(AnswerError, match="phq9-2"):
        score("phq9", a, strict=True)


def test_item9_is_never_prorated():
    a = phq([1] * 9)
    del a["phq9-9"]
    with pytest.raises(AnswerError) as exc:
        score("phq9", a)
    assert exc.value.link_id == "phq9-9"
