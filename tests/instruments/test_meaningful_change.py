"""Meaningful-change flags against a previous administration (MCID with source)."""

from __future__ import annotations

import pytest

from painscope.instruments import AnswerError, score
from painscope.instruments._common import Mcid, change_flag
from painscope.instruments.result import ScoreResult


def res(total, iid="phq9"):
    return ScoreResult(iid, total, None, {}, (), {})


def test_phq9_drop_of_5_is_meaningful_improvement_4_is_not():
    mcid = Mcid(5, "points", "Löwe 2004")
    assert change_flag(res(10), res(15), mcid).code == "meaningful-improvement"
    assert change_flag(res(11), res(15), mcid).code == "change-below-mcid"
    assert change_flag(res(20), res(15), mcid).code == "meaningful-worsening"


def test_higher_is_better_instruments_improve_upwards():
    mcid = Mcid(4, "points", "x", higher_is_worse=False)
    assert change_flag(res(30, "pseq"), res(20, "pseq"), mcid).code == "meaningful-improvement"


def test_percent_mcid_and_zero_baseline():
    mcid = Mcid(30, "percent", "Krebs 2009")
    assert change_flag(res(7, "peg"), res(10, "peg"), mcid).code == "meaningful-improvement"
    assert change_flag(res(8, "peg"), res(10, "peg"), mcid).code == "change-below-mcid"
    assert change_flag(res(3, "peg"), res(0, "peg"), mcid).code == "change-not-assessable"


def test_source_is_carried_in_the_flag():
    r = score(
        "gad7", {f"gad7-{i}": 0 for i in range(1, 8)}, previous={"instrument": "gad7", "total": 8}
    )
    flag = next(f for f in r.flags if f.code == "meaningful-improvement")
    assert "Toussaint" in flag.source
    assert flag.data["change"] == -8


def test_previous_of_another_instrument_is_refused():
    with pytest.raises(AnswerError, match="gad7"):
        score(
            "phq9",
            {f"phq9-{i}": 0 for i in range(1, 10)},
            previous={"instrument": "gad7", "total": 3},
        )


def test_no_flag_without_mcid():
    r = score("isi", {f"isi-{i}": 1 for i in range(1, 8)}, previous=20)
    assert not any(f.code.startswith(("meaningful", "change")) for f in r.flags)


def test_public_meaningful_change_uses_the_instruments_mcid():
    from painscope.instruments import meaningful_change

    first = score("phq9", {f"phq9-{i}": 2 for i in range(1, 10)})  # 18
    later = score("phq9", {f"phq9-{i}": 1 for i in range(1, 10)})  # 9
    flag = meaningful_change(later, first)
    assert flag.code == "meaningful-improvement" and "Löwe" in flag.source
    assert meaningful_change(later, None) is None
