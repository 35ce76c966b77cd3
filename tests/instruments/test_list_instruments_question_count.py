"""list_instruments counts the questions a form asks as well as the scored items."""

from __future__ import annotations

from painscope import instruments as ins


def test_phq9_asks_ten_questions_of_which_nine_are_scored():
    phq9 = next(r for r in ins.list_instruments() if r["id"] == "phq9")
    assert (phq9["n_questions"], phq9["n_items"]) == (10, 9)


def test_question_count_is_what_items_for_display_returns():
    for row in ins.list_instruments():
        if row["text_shipped"]:
            shown = [it for it in ins.items_for_display(row["id"]) if it["type"] != "display"]
            assert row["n_questions"] == len(shown), row["id"]
