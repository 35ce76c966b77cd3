"""GAD-7: totals, bands, cut-off, missing data, LOINC mapping."""

from __future__ import annotations

import pytest

from painscope.instruments import AnswerError, get_instrument, score


def gad(values):
    return {f"gad7-{i + 1}": v for i, v in enumerate(values)}


def with_total(total):
    vals, rest = [], total
    for _ in range(7):
        vals.append(min(3, rest))
        rest -= vals[-1]
    return gad(vals)


def test_minimum_and_maximum():
    assert (score("gad7", gad([0] * 7)).total, score("gad7", gad([0] * 7)).band) == (0, "minimal")
    assert (score("gad7", gad([3] * 7)).total, score("gad7", gad([3] * 7)).band) == (21, "severe")


@pytest.mark.parametrize(
    ("total", "band"),
    [(4, "minimal"), (5, "mild"), (9, "mild"), (10, "moderate"), (14, "moderate"), (15, "severe")],
)
def test_every_band_boundary(total, band):
    r = score("gad7", with_total(total))
    assert (r.total, r.band) == (total, band)


def test_screen_cutoff_is_10():
    assert not score("gad7", with_total(9)).has_flag("screen-positive")
    assert score("gad7", with_total(10)).has_flag("screen-positive")


def test_one_missing_item_prorated_two_refused():
    a = gad([2] * 7)
    del a["gad7-7"]
    r = score("gad7", a)
    assert r.total == 14 and r.missing["prorated"]
    del a["gad7-6"]
    with pytest.raises(AnswerError, match="gad7-6"):
        score("gad7", a)


def test_each_linkid_is_pinned_to_its_loinc_code():
    """Regression: some open code swaps 69689-8 (irritable) and 69736-7 (afraid)."""
    s = get_instrument("gad7").structure
    expected = ["69725-0", "68509-9", "69733-4", "69734-2", "69735-9", "69689-8", "69736-7"]
    assert [s.item(f"gad7-{i}").loinc for i in range(1, 8)] == expected
    assert "irritable" in s.item("gad7-6").text
    assert "afraid" in s.item("gad7-7").text
    assert s.panel_loinc == "69737-5"


def test_difficulty_item_not_scored():
    a = gad([1] * 7)
    a["gad7-8"] = "difficulty-3"
    assert score("gad7", a).total == 7
