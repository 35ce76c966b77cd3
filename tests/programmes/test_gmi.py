"""Graded motor imagery: balanced, rotated and mirrored trials; scores against norms."""

from __future__ import annotations

import pytest

from painscope.programmes import gmi


def test_trials_are_balanced_across_parts_and_sides_and_rotated():
    trials = gmi.make_trials(40, seed=3)
    for part in gmi.PARTS:
        for side in gmi.SIDES:
            assert sum(t.part == part and t.side == side for t in trials) == 5
    assert len({t.rotation for t in trials if t.part == "hand"}) > 2
    assert all(t.rotation in gmi.TRUNK_ROTATIONS for t in trials if t.part in ("back", "neck"))
    assert {t.symbol for t in trials} >= {"gmi-hand-back", "gmi-hand-palm", "gmi-foot-top", "gmi-foot-sole"}


def test_trial_count_is_bounded():
    with pytest.raises(ValueError, match="between 4 and 100"):
        gmi.make_trials(2)


def answers(part, side, n, correct, rt):
    wrong = "left" if side == "right" else "right"
    return [gmi.Answer(part, side, side if i < correct else wrong, rt) for i in range(n)]


def test_accurate_and_fast_hands_are_within_the_norm():
    score = gmi.score_session(answers("hand", "left", 10, 9, 1.8) + answers("hand", "right", 10, 10, 1.7))
    left = next(c for c in score.cells if c.side == "left")
    assert left.accuracy == pytest.approx(0.9) and left.within_norm
    assert score.gaps["hand"] == pytest.approx(0.1)


def test_slow_or_inaccurate_answers_are_outside_the_norm():
    slow = gmi.score_session(answers("neck", "left", 10, 10, 2.5)).cells[0]
    assert slow.within_norm is False  # 2.5 s > 1.621 + 0.501 s (Wallwork 2013)
    wrong = gmi.score_session(answers("foot", "right", 10, 6, 1.5)).cells[0]
    assert wrong.within_norm is False  # 60 % < 80 %


def test_too_few_answers_make_no_comparison():
    cell = gmi.score_session(answers("hand", "left", 3, 3, 1.5)).cells[0]
    assert cell.within_norm is None and "Too few" in cell.sentence


def test_anticipations_and_long_pauses_are_left_out_of_the_time():
    a = [gmi.Answer("hand", "left", "left", t) for t in (0.1, 1.5, 2.5, 30.0)]
    cell = gmi.score_session(a).cells[0]
    assert cell.n_timed == 2 and cell.mean_rt_s == pytest.approx(2.0)


def test_parse_answers_names_the_trial_and_field():
    with pytest.raises(ValueError, match="trial 2, rt_s"):
        gmi.parse_answers([{"part": "hand", "side": "left", "answer": "left", "rt_s": 1},
                           {"part": "hand", "side": "left", "answer": "left", "rt_s": "x"}])
    with pytest.raises(ValueError, match="trial 1, part"):
        gmi.parse_answers([{"part": "knee", "side": "left", "answer": "left", "rt_s": 1}])


def test_stage_two_after_about_a_week_within_norms():
    days = {f"2026-03-{d:02d}": True for d in range(1, 6)}
    assert gmi.ready_for_stage_2(days)
    assert not gmi.ready_for_stage_2(dict(list(days.items())[:4]))


def test_guided_stages_fit_in_five_minutes():
    for steps in gmi.GUIDED.values():
        assert sum(s.seconds for s in steps) < 300
