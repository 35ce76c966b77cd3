"""PROMIS short forms: raw sums; T-scores only from a site table."""

from __future__ import annotations

import pytest

from painscope.instruments import AnswerError, score
from painscope.instruments.textpacks import TextPack, TextPacks


def form(iid, values):
    return {f"{iid}-{i + 1}": v for i, v in enumerate(values)}


@pytest.mark.parametrize("iid", ["promis-pi-6a", "promis-fatigue-6a", "promis-sd-6a"])
def test_raw_sum_range_and_no_t_score_without_table(iid):
    lo = score(iid, form(iid, [1] * 6))
    hi = score(iid, form(iid, [5] * 6))
    assert (lo.total, hi.total) == (6, 30)
    assert lo.subscales == {"t_score": None} and lo.band is None
    assert lo.has_flag("t-score-unavailable")


def test_all_items_required_for_the_table():
    a = form("promis-pi-6a", [2] * 6)
    del a["promis-pi-6a-6"]
    with pytest.raises(AnswerError, match="promis-pi-6a-6"):
        score("promis-pi-6a", a)


def _packs_with_table(table):
    pack = TextPack("promis-pi-6a", "en", "test", "", "", None, None, (), {}, table, "test table")
    return TextPacks({"promis-pi-6a": pack})


def test_t_score_and_band_from_site_table():
    # an invented monotone table, only to test the lookup (no real PROMIS values are shipped)
    table = {raw: 30.0 + 1.5 * raw for raw in range(6, 31)}
    packs = _packs_with_table(table)
    r = score("promis-pi-6a", form("promis-pi-6a", [3] * 6), text_packs=packs)  # raw 18 → 57
    assert r.total == 18
    assert r.subscales["t_score"] == 57.0
    assert r.band == "mild"
    r = score("promis-pi-6a", form("promis-pi-6a", [5] * 6), text_packs=packs)  # 75
    assert r.band == "severe"
