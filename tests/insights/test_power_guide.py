"""The "how much data a finding needs" guide quotes the measured power runs, nothing else."""

from __future__ import annotations

import re
from pathlib import Path

from painscope.insights import POWER_GUIDE, POWER_RUNS, data_needed_message
from painscope.insights.power import PERSISTENT_STAY, SWITCHING_STAY

DOCS = Path(__file__).resolve().parents[2] / "docs" / "insights.md"


def _run(days, pain="steadier", stay=SWITCHING_STAY, p_on=0.3):
    (run,) = [r for r in POWER_RUNS if (r.days, r.pain, r.stay, r.p_on) == (days, pain, stay,
                                                                            p_on)]
    return run


def test_power_runs_are_the_figures_in_the_docs():
    """docs/insights.md §1.6 lists the measured shares; the package constants match them."""
    text = DOCS.read_text()
    steady = re.search(r"240 days: found at delay 1 in (\d+) %, wrong delay (\d+) %; "
                       r"120 days: (\d+) %, (\d+) %", text)
    swinging = re.search(r"innovation SD 1.6 \(marginal SD 2.2\) \| 240 days: (\d+) %; "
                         r"120 days: (\d+) %", text)
    persistent = re.search(r"persistent factor \(P\(stay on\) 0.9\), pain SD 1.6 \| "
                           r"240 days: (\d+) %; 120 days: (\d+) %; 365 days: (\d+) %; "
                           r"on 50 % of days, 240 days: (\d+) %", text)
    persistent_swinging = re.search(r"persistent factor, innovation SD 1.6 "
                                    r"\(marginal SD 2.2\) \| 240 days: (\d+) %", text)
    assert steady and swinging and persistent and persistent_swinging
    assert _run(240).found == int(steady.group(1))
    assert _run(120).found == int(steady.group(3))
    assert _run(240, "swinging").found == int(swinging.group(1))
    assert _run(120, "swinging").found == int(swinging.group(2))
    p = PERSISTENT_STAY
    assert _run(240, stay=p).found == int(persistent.group(1))
    assert _run(120, stay=p).found == int(persistent.group(2))
    assert _run(365, stay=p).found == int(persistent.group(3))
    assert _run(240, stay=p, p_on=0.5).found == int(persistent.group(4))
    assert _run(240, "swinging", stay=p).found == int(persistent_swinging.group(1))
    assert len(POWER_RUNS) == 9  # every run is in the docs table
    # the power test asserts ≥ 80 % in the steadier, switching 240-day setting
    assert _run(240).share >= 0.80


def test_guide_quotes_the_full_range_of_the_runs_in_tens():
    assert "How much data a finding needs" in POWER_GUIDE
    for days in (240, 120):
        shares = sorted(round(r.share * 10) for r in POWER_RUNS if r.days == days)
        assert f"{shares[0]} to {shares[-1]} of 10" in POWER_GUIDE
        assert f"{days} days" in POWER_GUIDE
    # both ends: a factor that switches every few days and one that comes in spells
    assert f"in {round(_run(240).share * 10)} of 10 when the factor switched" in POWER_GUIDE
    spells = round(_run(240, stay=PERSISTENT_STAY).share * 10)
    assert f"about {spells} of 10 when it came in spells of a week or more" in POWER_GUIDE
    assert "depending on how often the factor changes from day to day" in POWER_GUIDE
    # never the old overstatement that a long diary finds it (nearly) every time
    assert "10 of 10 diaries after 240" not in POWER_GUIDE


def test_personal_message_depends_on_the_diary_length():
    short, mid, fair, long = (data_needed_message(n) for n in (10, 60, 150, 400))
    assert short.startswith("Your diary has 10 days") and "from 28 days on" in short
    assert "usually does not show up yet" in mid and "at 120 days" in mid
    assert "At 120 days" in fair and "at 240 days" in fair
    assert "At 240 days" in long
    year = round(_run(365, stay=PERSISTENT_STAY).share * 10)
    assert f"only about {year} of 10 even after a year" in long
    for text in (mid, fair, long):  # every band says the result depends on the factor
        assert "how often the factor changes from day to day" in text
    assert data_needed_message(1).startswith("Your diary has 1 day with")
    for text in (short, mid, fair, long):  # no blame, no p-values
        assert "missed" not in text and "p =" not in text
