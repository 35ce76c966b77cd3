"""Why painscope does not "smooth, then search for the best shift" (ANALYTICS.md §2.2, §4.1)."""

from __future__ import annotations

import numpy as np
import pytest

from painscope.insights.optimal_shift import smoothed_shift_scan
from painscope.insights.simulate import simulate_daily


def test_on_unrelated_series_the_naive_p_value_lies_and_the_rotation_null_does_not():
    rng = np.random.default_rng(41)
    naive, rotation = [], []
    for _ in range(20):
        daily = simulate_daily(180, phi=0.7, n_factors=1, stay=0.9, seed=rng)
        scan = smoothed_shift_scan(daily, "factor:f0", n_rotations=99, seed=1)
        naive.append(scan.naive_p < 0.05)
        rotation.append(scan.rotation_p < 0.05)
    # Nothing links them: the naive test "finds" a link most of the time (ANALYTICS.md
    # §2.2 reports 24-50 % for plain AR(1) correlation; smoothing plus a 15-shift search is
    # worse), the rotation test at about its nominal 5 % (P(≥ 5 of 20) = 0.016 at 5 %).
    assert sum(naive) >= 10, naive
    assert sum(rotation) <= 4, rotation


@pytest.fixture(scope="module")
def p8_daily(shared_data):
    from painscope.diary import daily_table, validate_frame
    from painscope.insights.myaiguide import myaiguide_to_tidy

    folder = shared_data / "diaries" / "myaiguide-p8"
    rows = myaiguide_to_tidy(folder / "Participant8PainNew.csv",
                             folder / "Participant8ObservationsNew.csv")
    return daily_table(validate_frame(rows))


@pytest.mark.parametrize("column", ["factor:poor_sleep", "factor:stress", "factor:tired",
                                    "factor:sadness", "factor:worried_anxious"])
def test_myaiguide_p8_smoothed_shift_correlations_are_not_beyond_chance(p8_daily, column):
    scan = smoothed_shift_scan(p8_daily, column, n_rotations=199, seed=0)
    # On the real diary the smoothed best-shift correlations look overwhelming when the
    # smoothed days are treated as independent (worried/anxious: r ≈ −0.55, p ≈ 1e-41) ...
    assert scan.naive_p < 0.01
    # ... and none stands out against rotations of the same series.
    assert scan.rotation_p > 0.05
    assert "unremarkable" in scan.sentences()[1]
