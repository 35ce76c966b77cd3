"""Numbers in person-facing sentences: no "-0.0", and an interval that excludes zero never
reads as if it touched zero (docs/insights.md §1.5)."""

from __future__ import annotations

import math
import re

from hypothesis import given
from hypothesis import strategies as st

from painscope.diary import daily_table
from painscope.diary.demo import demo_diary
from painscope.insights import change_analysis, lagged_effects, magnitude, signed
from painscope.insights.simulate import simulate_daily

ZERO = re.compile(r"(?<![\d.])[+-]?0\.0+(?![\d])")  # "0.0", "-0.00", "+0.0" as a whole number
NUMBER = r"([+-]?\d[\d,]*\.?\d*)"


@given(st.floats(min_value=-50, max_value=50, allow_nan=False))
def test_a_number_that_is_not_zero_never_prints_as_zero_and_keeps_its_sign(x):
    text = signed(x)
    if x == 0:
        assert text == "0.0"
        return
    assert not ZERO.fullmatch(text), (x, text)
    assert text[0] == ("+" if x > 0 else "-")
    assert abs(float(text) - x) <= max(0.05, abs(x) * 0.5)
    assert magnitude(x) == text[1:]
    if abs(x) < 0.1:  # two decimals (or more) below 0.1
        assert len(text.split(".")[1]) >= 2


def test_negative_zero_and_tiny_values():
    assert signed(-0.0) == "0.0" and magnitude(-0.0) == "0.0"
    assert signed(-0.04) == "-0.04" and signed(-0.003) == "-0.003"
    assert signed(0.25) == "+0.2" or signed(0.25) == "+0.3"
    assert signed(float("nan")) == "n/a"


def _intervals(sentences: list[str]) -> list[tuple[str, str]]:
    return re.findall(rf"95 % interval {NUMBER} to {NUMBER}", " ".join(sentences))


def test_demo_diary_sentences_never_read_minus_zero():
    """The web engineer's reproducer: a two-year demo diary."""
    report = lagged_effects(daily_table(demo_diary(730, seed=11)))
    sentences = report.sentences()
    text = " ".join(sentences)
    assert "-0.0 " not in text and "+0.0 " not in text and "-0.0)" not in text
    pairs = _intervals(sentences)
    assert pairs
    for f in report.significant:  # a clear finding's interval excludes 0 …
        assert f.ci_low > 0 or f.ci_high < 0
    for lo, hi in pairs:  # … and so does its text: neither end reads as zero
        for end in (lo, hi):
            assert not ZERO.fullmatch(end), (lo, hi)
        assert (float(lo) > 0) == (float(hi) > 0)


def test_change_sentences_use_the_same_number_format():
    daily = simulate_daily(200, phi=0.5, pain_sd=0.6, n_factors=0, seed=31)
    daily.iloc[100:, 0] -= 0.45  # a small drop: its interval ends close to zero
    report = change_analysis(daily, daily.index[100].date(), onset_days=0, exclude_before_days=0)
    a = report.average_change
    text = " ".join(report.sentences())
    assert "-0.0 " not in text and "+0.0 " not in text
    lo, hi = _intervals(report.sentences())[0]
    assert math.copysign(1, float(lo)) == math.copysign(1, a.ci_low)
    assert math.copysign(1, float(hi)) == math.copysign(1, a.ci_high)
    assert not ZERO.fullmatch(hi) and not ZERO.fullmatch(lo)
