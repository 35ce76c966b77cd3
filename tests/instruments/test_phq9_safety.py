"""PHQ-9 item 9 > 0 raises a safety alert carrying the site's crisis contacts."""

from __future__ import annotations

import json

import pytest

from painscope.instruments import AnswerError, score
from painscope.instruments.safety import DEFAULT_CRISIS_CONTACTS, phq9_item9_flag


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


@pytest.mark.parametrize("contacts", [[], ["", "  "]])
def test_without_site_contacts_the_message_still_says_where_to_turn(contacts):
    flag = phq9_item9_flag(3, contacts)
    assert "not configured" not in flag.message and "no crisis contacts" not in flag.message
    assert "local emergency number" in flag.message
    assert "988" in flag.message and "116 123" in flag.message
    assert flag.data["crisis_contacts"] == list(DEFAULT_CRISIS_CONTACTS)
    assert flag.data["default_contacts"] is True


def test_site_contacts_replace_the_generic_default():
    flag = phq9_item9_flag(1, ["Crisis line 0800 111 0 111"])
    assert flag.data["crisis_contacts"] == ["Crisis line 0800 111 0 111"]
    assert flag.data["default_contacts"] is False
    assert DEFAULT_CRISIS_CONTACTS[0] not in flag.message


def test_cli_default_tells_a_person_at_risk_where_to_turn(monkeypatch, capsys):
    from painscope.cli import main

    monkeypatch.delenv("PAINSCOPE_CRISIS_CONTACTS", raising=False)
    answers = json.dumps(phq([0] * 8 + [2]))
    assert main(["score", "phq9", "--answers", answers, "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    flag = next(f for f in doc["flags"] if f["code"] == "safety-phq9-item9")
    assert "local emergency number" in flag["message"]
    assert "no crisis contacts" not in flag["message"]


def test_unscorable_phq9_still_reports_positive_item9():
    a = {"phq9-1": 3, "phq9-9": 2}
    with pytest.raises(AnswerError) as exc:
        score("phq9", a, crisis_contacts=["call 112"])
    assert "SAFETY" in str(exc.value)
    assert exc.value.flags[0].code == "safety-phq9-item9"
    assert "call 112" in exc.value.flags[0].message
