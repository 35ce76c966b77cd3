"""Bad answers raise AnswerError (a ValueError) naming the item."""

from __future__ import annotations

import pytest

from painscope.instruments import AnswerError, UnknownInstrumentError, score


@pytest.mark.parametrize(
    ("instrument", "answers", "link_id"),
    [
        ("phq9", {"phq9-1": 4}, "phq9-1"),  # out of range
        ("phq9", {"phq9-1": "often"}, "phq9-1"),  # unknown code
        ("phq9", {"phq9-11": 0}, "phq9-11"),  # unknown linkId
        ("peg", {"peg-1": 5.5, "peg-2": 1, "peg-3": 1}, "peg-1"),  # not a whole number
        ("peg", {"peg-1": True, "peg-2": 1, "peg-3": 1}, "peg-1"),  # wrong type
        ("peg", {"peg-1": "5", "peg-2": 1, "peg-3": 1}, "peg-1"),  # wrong type
        ("dn4", {"dn4-1": "yes"}, "dn4-1"),
        ("psqi", {"psqi-1": "25:00"}, "psqi-1"),
        ("fss", {"fss-1": 0}, "fss-1"),
        ("tsk11", {"tsk11-1": 5}, "tsk11-1"),
    ],
)
def test_bad_answer_names_the_item(instrument, answers, link_id):
    with pytest.raises(AnswerError) as exc:
        score(instrument, answers)
    assert exc.value.link_id == link_id
    assert link_id in str(exc.value)
    assert isinstance(exc.value, ValueError)


def test_answers_must_be_an_object():
    with pytest.raises(AnswerError, match="object keyed by linkId"):
        score("phq9", [0, 1, 2])


def test_null_means_not_answered():
    a = {f"phq9-{i}": 1 for i in range(1, 10)}
    a["phq9-4"] = None
    assert score("phq9", a).missing["items"] == ["phq9-4"]


def test_integer_valued_float_is_accepted():
    assert score("peg", {"peg-1": 5.0, "peg-2": 5, "peg-3": 5}).total == 5


def test_unknown_instrument():
    with pytest.raises(UnknownInstrumentError, match="phq9"):
        score("phq-9", {})


def test_clinician_form_id_points_to_the_criteria():
    with pytest.raises(UnknownInstrumentError, match="evaluate_form"):
        score("neupsig", {})
