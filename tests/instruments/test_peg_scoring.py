"""PEG: unrounded mean of three items."""

from __future__ import annotations

import pytest

from painscope.instruments import AnswerError, get_instrument, score


def test_mean_is_not_rounded_to_integer():
    """Regression: the CDS Connect CQL uses Round(sum/3); (7, 6, 6) must give 6.33..., not 6."""
    r = score("peg", {"peg-1": 7, "peg-2": 6, "peg-3": 6})
    assert r.total == pytest.approx(19 / 3)
    assert r.total != 6
    assert r.band is None


def test_minimum_and_maximum():
    assert score("peg", {"peg-1": 0, "peg-2": 0, "peg-3": 0}).total == 0
    assert score("peg", {"peg-1": 10, "peg-2": 10, "peg-3": 10}).total == 10


def test_all_three_items_are_required():
    with pytest.raises(AnswerError, match="peg-2"):
        score("peg", {"peg-1": 5, "peg-3": 5})


def test_loinc_codes():
    s = get_instrument("peg").structure
    assert s.panel_loinc == "91148-7"
    assert [s.item(f"peg-{i}").loinc for i in (1, 2, 3)] == ["75893-8", "91145-3", "91146-1"]


def test_thirty_percent_reduction_is_meaningful():
    prev = score("peg", {"peg-1": 6, "peg-2": 6, "peg-3": 6})
    better = score("peg", {"peg-1": 4, "peg-2": 4, "peg-3": 4}, previous=prev)  # -33 %
    same = score("peg", {"peg-1": 5, "peg-2": 5, "peg-3": 5}, previous=prev)  # -17 %
    assert better.has_flag("meaningful-improvement")
    assert same.has_flag("change-below-mcid")
