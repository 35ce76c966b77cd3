"""Pills left after logging doses (painscope.diary.medications.pills_after)."""

from __future__ import annotations

from painscope.diary.medications import SKIPPED, TAKEN, pills_after


def test_half_tablet_doses_keep_counting_down():
    left, seen = 5, []
    for _ in range(4):
        left = pills_after(left, 0.5, TAKEN)
        seen.append(left)
    assert seen == [4.5, 4, 3.5, 3]


def test_whole_counts_come_back_as_whole_numbers():
    assert pills_after(30, 1, TAKEN) == 29
    assert isinstance(pills_after(30, 1, TAKEN), int)
    assert isinstance(pills_after(30.0, 0.5, TAKEN), float)


def test_skipped_dose_leaves_the_supply_alone():
    assert pills_after(5, 0.5, SKIPPED) == 5
    assert pills_after(5, 0.5, SKIPPED, undo=True) == 5


def test_supply_never_goes_below_zero():
    assert pills_after(0.5, 1, TAKEN) == 0
    assert pills_after(0, 2, TAKEN) == 0


def test_uncounted_supply_stays_uncounted():
    assert pills_after(None, 1, TAKEN) is None


def test_undoing_a_taken_dose_adds_it_back_exactly():
    left = 3.0
    for _ in range(10):
        left = pills_after(left, 0.1, TAKEN)
    assert left == 2
    for _ in range(10):
        left = pills_after(left, 0.1, TAKEN, undo=True)
    assert left == 3 and isinstance(left, int)
