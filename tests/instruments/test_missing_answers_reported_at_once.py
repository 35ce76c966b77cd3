"""An answer set with many gaps names every item that must still be answered, not the first."""

from __future__ import annotations

import pytest

from painscope.instruments import AnswerError, missing_answers, score
from painscope.instruments.scoring import gad7, pcs, phq9


def test_phq9_with_only_item1_names_items_2_to_9():
    with pytest.raises(AnswerError) as exc:
        score("phq9", {"phq9-1": 2})
    assert exc.value.missing == tuple(f"phq9-{i}" for i in range(2, 10))
    assert exc.value.link_id == "phq9-2"
    for i in range(2, 10):
        assert f"phq9-{i}" in str(exc.value)


def test_phq9_without_item9_but_otherwise_scorable_asks_for_item9_only():
    answers = {f"phq9-{i}": 1 for i in range(1, 9)}
    with pytest.raises(AnswerError) as exc:
        score("phq9", answers)
    assert exc.value.missing == ("phq9-9",)


def test_strict_mode_names_every_gap():
    answers = {f"phq9-{i}": 1 for i in range(1, 8)}
    assert missing_answers("phq9", answers, strict=True) == ["phq9-8", "phq9-9"]


def test_missing_answers_is_empty_for_a_scorable_set():
    answers = {f"gad7-{i}": 1 for i in range(1, 7)}  # one gap: prorated by the GAD-7 rule
    assert missing_answers("gad7", answers) == []
    assert score("gad7", answers).missing["prorated"]


def test_missing_answers_lists_all_items_of_every_rule_in_item_order():
    # a PCS with one item: the first subscale rule fails first; the others must be named too
    needed = missing_answers("pcs", {"pcs-1": 2})
    assert needed == pcs.ITEMS[1:] == [f"pcs-{i}" for i in range(2, 14)]


def test_invalid_answers_count_as_unanswered_for_the_gap_list():
    needed = missing_answers("gad7", {"gad7-1": 1, "gad7-2": 9})
    assert needed == gad7.ITEMS[1:]


def test_missing_answers_never_changes_the_result_of_a_complete_set():
    answers = {f"phq9-{i}": 2 for i in range(1, 10)}
    before = score("phq9", answers).to_dict()
    assert missing_answers("phq9", answers) == []
    assert score("phq9", answers).to_dict() == before
    assert phq9.ITEMS[-1] == "phq9-9"
