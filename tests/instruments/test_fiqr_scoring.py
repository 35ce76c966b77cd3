"""FIQR: domain formulas, Salaffi bands, the fiqr.info missing-data rule."""

from __future__ import annotations

import pytest

from painscope.instruments import AnswerError, score


def fiqr(function, overall, symptoms):
    vals = list(function) + list(overall) + list(symptoms)
    assert len(vals) == 21
    return {f"fiqr-{i + 1}": v for i, v in enumerate(vals)}


def test_instruments_md_vector_all_fives_is_50_moderate():
    r = score("fiqr", fiqr([5] * 9, [5, 5], [5] * 10))
    assert r.subscales == {"function": 15, "overall": 10, "symptoms": 25}
    assert (r.total, r.band) == (50, "moderate")


def test_minimum_and_maximum():
    assert score("fiqr", fiqr([0] * 9, [0, 0], [0] * 10)).total == 0
    r = score("fiqr", fiqr([10] * 9, [10, 10], [10] * 10))
    assert r.total == 100 and r.subscales == {"function": 30, "overall": 20, "symptoms": 50}


def test_function_divides_by_three_symptoms_by_two_not_rounded():
    r = score("fiqr", fiqr([1] + [0] * 8, [0, 0], [1] + [0] * 9))
    assert r.subscales["function"] == pytest.approx(1 / 3)
    assert r.subscales["symptoms"] == pytest.approx(0.5)
    assert r.total == pytest.approx(1 / 3 + 0.5)


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (23, "remission"),
        (24, "mild"),
        (40, "mild"),
        (41, "moderate"),
        (63, "moderate"),
        (64, "severe"),
        (82, "severe"),
        (83, "very_severe"),
    ],
)
def test_every_2020_band_boundary(total, band):
    def spread(amount, n):
        out = []
        for _ in range(n):
            out.append(min(10, amount))
            amount -= out[-1]
        assert amount == 0
        return out

    sym = min(50, total)
    overall = min(20, total - sym)
    function = (total - sym - overall) * 3  # the function sum is divided by 3
    r = score("fiqr", fiqr(spread(function, 9), spread(overall, 2), spread(sym * 2, 10)))
    assert r.total == pytest.approx(total)
    assert r.band == band


def test_2018_band_set_on_request():
    r = score("fiqr", fiqr([5] * 9, [5, 5], [5] * 10), fiqr_bands="salaffi2018")
    assert r.band == "moderate"
    r = score("fiqr", fiqr([0] * 9, [10, 10], [2] * 10), fiqr_bands="salaffi2018")  # 30
    assert r.band == "remission"


def test_one_missing_function_item_is_prorated_by_the_official_rule():
    a = fiqr([6] * 9, [5, 5], [5] * 10)
    del a["fiqr-4"]
    r = score("fiqr", a)
    assert r.subscales["function"] == pytest.approx(18)  # 48 x 9/8 / 3
    assert r.missing["official"] is True and r.missing["prorated"] is True


def test_two_missing_function_items_invalid():
    a = fiqr([6] * 9, [5, 5], [5] * 10)
    del a["fiqr-1"], a["fiqr-2"]
    with pytest.raises(AnswerError, match="fiqr-1"):
        score("fiqr", a)


@pytest.mark.parametrize("missing", ["fiqr-10", "fiqr-21"])
def test_any_missing_overall_or_symptom_item_invalid(missing):
    a = fiqr([6] * 9, [5, 5], [5] * 10)
    del a[missing]
    with pytest.raises(AnswerError) as exc:
        score("fiqr", a)
    assert exc.value.link_id == missing
