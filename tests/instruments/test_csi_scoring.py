"""CSI Part A: sum, Neblett 2017 bands, >= 40 cut-off, prorating convention."""

from __future__ import annotations

import pytest

from painscope.instruments import AnswerError, score

# awell-score csi __testdata__ "random_response" (expected 49), as answer values only.
AWELL_RANDOM = [0, 1, 4, 2, 2, 3, 3, 0, 0, 0, 0, 1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 0, 3, 4, 4]


def csi(values):
    return {f"csi-{i + 1}": v for i, v in enumerate(values)}


def with_total(total):
    vals, rest = [], total
    for _ in range(25):
        vals.append(min(4, rest))
        rest -= vals[-1]
    return csi(vals)


@pytest.mark.parametrize(
    ("values", "total", "band"),
    [
        ([0] * 25, 0, "subclinical"),
        ([1] * 25, 25, "subclinical"),
        ([2] * 25, 50, "severe"),
        ([2] * 24 + [0], 48, "moderate"),
        ([4] * 25, 100, "extreme"),
    ],
)
def test_instruments_md_vectors(values, total, band):
    r = score("csi", csi(values))
    assert (r.total, r.band) == (total, band)


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (29, "subclinical"),
        (30, "mild"),
        (39, "mild"),
        (40, "moderate"),
        (49, "moderate"),
        (50, "severe"),
        (59, "severe"),
        (60, "extreme"),
    ],
)
def test_every_band_boundary(total, band):
    assert score("csi", with_total(total)).band == band


def test_awell_score_random_vector():
    r = score("csi", csi(AWELL_RANDOM))
    assert (r.total, r.band) == (49, "moderate")


def test_cutoff_40_flag():
    assert not score("csi", with_total(39)).has_flag("csi-cutoff-40")
    assert score("csi", with_total(40)).has_flag("csi-cutoff-40")


def test_two_missing_prorated_three_refused():
    a = csi([2] * 25)
    del a["csi-1"], a["csi-2"]
    r = score("csi", a)
    assert r.total == 50 and r.missing["prorated"] and r.has_flag("prorated")
    del a["csi-3"]
    with pytest.raises(AnswerError, match="csi-1"):
        score("csi", a)
