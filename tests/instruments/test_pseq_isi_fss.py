"""PSEQ (higher = better), ISI bands and item meaning, FSS mean (not sum)."""

from __future__ import annotations

import pytest

from painscope.instruments import AnswerError, get_instrument, score


def vals(iid, values):
    return {f"{iid}-{i + 1}": v for i, v in enumerate(values)}


def test_pseq_range_and_reference_flags():
    assert score("pseq", vals("pseq", [0] * 10)).total == 0
    hi = score("pseq", vals("pseq", [6] * 10))
    assert hi.total == 60 and hi.has_flag("pseq-reference-high") and hi.band is None
    assert score("pseq", vals("pseq", [2] * 10)).has_flag("pseq-reference-low")


def test_pseq_and_npqr_improve_upwards_others_downwards():
    from painscope.instruments import list_instruments

    direction = {r["id"]: r["higher_is_better"] for r in list_instruments()}
    assert direction["pseq"] is True and direction["npqr"] is True
    assert direction["phq9"] is False and direction["csi"] is False


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, "none"),
        (7, "none"),
        (8, "subthreshold"),
        (14, "subthreshold"),
        (15, "moderate"),
        (21, "moderate"),
        (22, "severe"),
        (28, "severe"),
    ],
)
def test_isi_every_band_boundary(total, band):
    values, rest = [], total
    for _ in range(7):
        values.append(min(4, rest))
        rest -= values[-1]
    r = score("isi", vals("isi", values))
    assert (r.total, r.band) == (total, band)


def test_isi_items_are_identified_by_meaning():
    """Regression §6.3 #12: the interference item is item 3 or 7 depending on the version."""
    s = get_instrument("isi").structure
    codes = {
        it.link_id: dict(it.codes)["http://painscope.org/fhir/CodeSystem/items"] for it in s.items
    }
    assert codes["isi-7"] == "isi-interference-daily-functioning"
    assert codes["isi-4"] == "isi-satisfaction"


def test_isi_requires_all_items():
    a = vals("isi", [1] * 7)
    del a["isi-7"]
    with pytest.raises(AnswerError, match="isi-7"):
        score("isi", a)


def test_fss_is_the_mean_not_the_sum():
    """Regression §6.3 #13."""
    r = score("fss", vals("fss", [4] * 9))
    assert r.total == 4 and r.subscales["sum"] == 36
    assert r.band == "significant_fatigue"
    r = score("fss", vals("fss", [1, 2, 3, 4, 5, 6, 7, 3, 3]))
    assert r.total == pytest.approx(34 / 9)
    assert r.band == "not_significant"


def test_fss_range():
    assert score("fss", vals("fss", [1] * 9)).total == 1
    assert score("fss", vals("fss", [7] * 9)).total == 7


def test_fss_mean_of_answered_if_at_least_7():
    a = vals("fss", [5] * 9)
    del a["fss-1"], a["fss-2"]
    r = score("fss", a)
    assert r.total == 5 and r.missing["prorated"] and r.subscales["sum"] is None
    del a["fss-3"]
    with pytest.raises(AnswerError):
        score("fss", a)
