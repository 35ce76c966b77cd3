"""The "how much data a finding needs" guide quotes the measured power runs, nothing else."""

from __future__ import annotations

import re
from pathlib import Path

from painscope.insights import POWER_GUIDE, POWER_RUNS, data_needed_message

DOCS = Path(__file__).resolve().parents[2] / "docs" / "insights.md"


def test_power_runs_are_the_figures_in_the_docs():
    """docs/insights.md §1.6 lists the measured shares; the package constants match them."""
    text = DOCS.read_text()
    steady = re.search(r"240 days: found at delay 1 in (\d+) %, wrong delay (\d+) %; "
                       r"120 days: (\d+) %, (\d+) %", text)
    swinging = re.search(r"innovation SD 1.6 \(marginal SD 2.2\) \| 240 days: (\d+) %; "
                         r"120 days: (\d+) %", text)
    assert steady and swinging
    by = {(r.days, r.pain): r for r in POWER_RUNS}
    assert by[240, "steadier"].found == int(steady.group(1))
    assert by[120, "steadier"].found == int(steady.group(3))
    assert by[240, "swinging"].found == int(swinging.group(1))
    assert by[120, "swinging"].found == int(swinging.group(2))
    # the power test asserts ≥ 80 % in the steadier 240-day setting
    assert by[240, "steadier"].share >= 0.80


def test_guide_quotes_the_range_of_the_runs_in_tens():
    assert "How much data a finding needs" in POWER_GUIDE
    for days in (240, 120):
        shares = sorted(round(r.share * 10) for r in POWER_RUNS if r.days == days)
        assert f"{shares[0]} to {shares[-1]} of 10" in POWER_GUIDE
        assert f"{days} days" in POWER_GUIDE


def test_personal_message_depends_on_the_diary_length():
    short, mid, fair, long = (data_needed_message(n) for n in (10, 60, 150, 400))
    assert short.startswith("Your diary has 10 days") and "from 28 days on" in short
    assert "usually does not show up yet" in mid and "at 120 days" in mid
    assert "At 120 days" in fair and "at 240 days" in fair
    assert "At 240 days" in long
    assert data_needed_message(1).startswith("Your diary has 1 day with")
    for text in (short, mid, fair, long):  # no blame, no p-values
        assert "missed" not in text and "p =" not in text
