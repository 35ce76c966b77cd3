"""Thought record, exposure hierarchy, TSK/PCS link; breathing pacer and session HRV; lessons."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from painscope.programmes import PROGRAMMES, breathing, cbt, education
from painscope.signals.baseline import Baseline


def test_thought_record_keeps_the_columns_and_the_change_in_feeling():
    rec = cbt.thought_record({"situation": "Stairs at work", "thought": "My back will give way",
                              "feeling_before": "80", "evidence_for": "It hurt last week",
                              "evidence_against": "I climbed them yesterday", "balanced": "It hurts, but holds",
                              "feeling_after": "45", "distortions": ["catastrophising"]})
    assert rec["change"] == -35 and rec["distortions"] == ["catastrophising"]


@pytest.mark.parametrize(("field", "value", "match"), [
    ("situation", "", "situation"), ("feeling_before", "120", "feeling_before"), ("feeling_after", "x", "feeling_after"),
])
def test_thought_record_errors_name_the_field(field, value, match):
    data = {"situation": "s", "thought": "t", "balanced": "b", "feeling_before": "50", "feeling_after": "40"}
    with pytest.raises(ValueError, match=match):
        cbt.thought_record(data | {field: value})


def test_exposure_goes_from_the_least_feared_open_item_and_counts_a_20_point_drop_as_done():
    items = [cbt.HierarchyItem(1, "bending to pick up a bag", 70, 70), cbt.HierarchyItem(2, "walking 10 min", 40, 15),
             cbt.HierarchyItem(3, "carrying shopping", 60, 55)]
    assert items[1].done  # below 30
    assert not items[2].done  # 5 points is not a true change (PHODA-SeV > 20)
    assert cbt.next_step(items).id == 3
    assert cbt.HierarchyItem(4, "x", 70, 49).done


def test_tsk_and_pcs_results_link_to_exposure_without_diagnosing():
    assert cbt.fear_link("tsk17", 42).high
    assert not cbt.fear_link("tsk17", 37).high
    assert cbt.fear_link("tsk11", 30).high is None
    assert cbt.fear_link("pcs", 30).high
    assert cbt.fear_link("phq9", 10) is None and cbt.fear_link("pcs", None) is None


def test_default_pace_is_six_a_minute_with_a_longer_out_breath():
    p = breathing.pace()
    assert p.rate == 6 and p.inhale_s == 4 and p.exhale_s == 6
    assert breathing.pace(4.5).inhale_s + breathing.pace(4.5).exhale_s == pytest.approx(60 / 4.5, abs=0.02)
    with pytest.raises(ValueError, match="rate"):
        breathing.pace(20)


def test_relaxation_scripts_take_under_five_minutes():
    assert breathing.total_seconds(breathing.PMR) < 300
    assert breathing.total_seconds(breathing.BODY_SCAN) < 300


def rr_with_rmssd(n: int, rmssd: float, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    # alternating +/- steps give successive differences of about rmssd
    steps = rng.normal(0, rmssd / np.sqrt(2), n)
    return 850 + steps


def test_session_hrv_is_set_against_the_morning_range():
    base = Baseline(date(2026, 3, 1), "within", "", None, 3.6, 7, 4.0, 3.6, 3.4, 3.8, 40)
    rr = rr_with_rmssd(300, 80)
    result = breathing.session_hrv(rr, base)
    assert result.rmssd_ms == pytest.approx(80, rel=0.25)
    assert result.position == "above"  # ln 80 = 4.38 > 3.8
    assert "longer-term change" in result.sentence


def test_session_hrv_says_not_enough_data_without_baseline_or_beats():
    assert breathing.session_hrv(rr_with_rmssd(30, 50), None).position == "too_short"
    assert breathing.session_hrv(rr_with_rmssd(200, 50), None).position == "no_baseline"


def test_six_lessons_each_with_one_true_and_one_false_statement():
    assert len(education.LESSONS) == 6
    for lesson in education.LESSONS:
        assert sorted(s.true for s in lesson.statements) == [False, True]


def test_knowledge_check_scores_one_point_per_right_answer_and_not_sure_scores_nothing():
    lesson = education.LESSONS[0]
    right = {s.id: ("true" if s.true else "false") for s in lesson.statements}
    assert education.score_check(lesson.id, right).correct == 2
    unsure = dict.fromkeys(right, "not_sure")
    assert education.score_check(lesson.id, unsure).correct == 0
    with pytest.raises(ValueError, match="answer true, false or not sure"):
        education.score_check(lesson.id, {})


def test_progress_counts_lessons_done():
    prog = education.progress({"protects": [1, 2], "cues": [2]})
    assert prog["done"] == 2 and prog["lessons"][0]["first"] == 1 and prog["lessons"][0]["latest"] == 2


class F:
    def __init__(self, lag, sentence):
        self.lag, self.sentence = lag, sentence


def test_own_examples_only_from_findings_that_come_before_pain():
    assert education.own_examples([]) == []
    out = education.own_examples([F(0, "same day"), F(1, "After nights under 6 h pain was higher.")])
    assert len(out) == 1 and "nights under 6 h" in out[0]


def test_every_programme_has_sources_and_a_design():
    for p in PROGRAMMES:
        assert p.sources and p.design in ("learning", "reversible")


def test_adherence_counts_days_with_a_session_and_this_programme_week():
    from datetime import timedelta

    from painscope.programmes.adherence import adherence

    start = date(2026, 3, 2)
    days = [start, start, start + timedelta(days=1), start + timedelta(days=8), start - timedelta(days=3)]
    a = adherence(start, start + timedelta(days=9), days, 7)
    assert (a.week, a.days_since_start, a.days_with_session, a.sessions, a.this_week) == (2, 10, 3, 4, 1)
    assert "Week 2: 1 of 7" in a.sentence
    assert adherence(start, start - timedelta(days=1), [], 7).sentence.startswith("The programme starts")


def test_learning_programmes_get_an_ab_plan_starting_at_the_programme_start():
    from painscope.programmes import programme
    from painscope.programmes.evaluation import plan_for

    start = date(2026, 3, 2)
    plan = plan_for(programme("sleep"), start)
    assert [b.condition for b in plan.blocks] == ["off", "on"]
    assert plan.blocks[1].start == "2026-03-02" and plan.blocks[0].end == "2026-03-01"
    abab = plan_for(programme("breathing"), start, seed=1)
    assert len(abab.blocks) == 4 and abab.blocks[0].start == "2026-03-02"
    assert sorted(b.condition for b in abab.blocks) == ["off", "off", "on", "on"]


def test_pathway_levels_follow_the_model_states():
    calm = education.pathway_levels({"S2": 0.0, "D": 0.8, "A": 0.2, "H": 0.6})
    sensitised = education.pathway_levels({"S2": 0.37, "D": 0.29, "A": 0.6, "H": 0.84})
    assert calm["up"] == 1 and sensitised["up"] == 4
    assert calm["down"] > sensitised["down"]
    assert all(1 <= v <= 5 for v in [*calm.values(), *sensitised.values()])
