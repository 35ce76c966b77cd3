"""PHQ-9 item 9 > 0 raises a safety alert carrying the site's crisis contacts."""

from __future__ import annotations

import pytest

from painscope.instruments import AnswerError, score
from painscope.instruments.safety import phq9_item9_flag


def phq(values):
    return {f"phq9-{i + 1}": v for i, v in enumerate(values)}


def test_item9_positive_raises_alert_whatever_the_total():
    r = score("phq9", phq([0] * 8 + [1]), crisis_contacts=["Samaritans 116 123"])
    flag = next(f for f in r.flags if f.code == "safety-phq9-item9")
    assert r.total == 1 and r.band == "minimal"
    assert flag.level == "alert"
    assert "Samaritans 116 123" in flag.message


def test_item9_zero_gives_no_safety_flag():
    r = score("phq9", phq([3] * 8 + [0]), crisis_contacts=["x"])
    assert not r.has_flag("safety-phq9-item9")


def test_every_contact_is_listed():
    flag = phq9_item9_flag(2, ["988 Suicide & Crisis Lifeline", "local GP out of hours: 111"])
    assert "988 Suicide & Crisis Lifeline" in flag.message
    assert "local GP out of hours: 111" in flag.message
    assert flag.data["item9"] == 2


def test_message_says_when_no_contacts_are_configured():
    flag = phq9_item9_flag(3, [])
    assert "no crisis contacts are configured" in flag.message


def test_unscorable_phq9_still_reports_positive_item9():
    a = {"phq9-1": 3, "phq9-9": 2}
    with pytest.raises(AnswerError) as exc:
        score("phq9", a, crisis_contacts=["call 112"])
    assert "SAFETY" in str(exc.value)
    assert exc.value.flags[0].code == "safety-phq9-item9"
    assert "call 112" in exc.value.flags[0].message
