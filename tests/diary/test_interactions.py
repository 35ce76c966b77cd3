"""Interaction warnings (issue 15): every rule fires on its classes, and only there."""

from __future__ import annotations

import pytest

from painscope.diary.interactions import ADVICE, check, classes_of, rules

RULES = rules()["rules"]


def _example(cls: str, rule: dict) -> str:
    only = rule.get("only_names")
    for name in rules()["classes"][cls]:
        if only and cls == rule["classes"][0] and name not in only:
            continue
        return name.title()
    raise AssertionError(cls)


@pytest.mark.parametrize("rule", RULES, ids=[r["id"] for r in RULES])
def test_each_rule_fires_on_a_pair_from_its_two_classes(rule):
    c1, c2 = rule["classes"]
    a = _example(c1, rule)
    names = [n for n in rules()["classes"][c2] if n.lower() != a.lower()]
    b = names[0].title()
    result = check([a, b])
    hits = [w for w in result.warnings if w.rule == rule["id"]]
    assert len(hits) == 1, (a, b, [w.rule for w in result.warnings])
    w = hits[0]
    assert w.severity in {"high", "moderate"} and w.source and w.message
    assert "pharmacist or doctor" in w.advice and "Do not stop" in w.advice
    # and in the other order
    assert [x.rule for x in check([b, a]).warnings if x.rule == rule["id"]] == [rule["id"]]


@pytest.mark.parametrize("rule", RULES, ids=[r["id"] for r in RULES])
def test_every_rule_cites_a_source_and_never_says_stop(rule):
    assert len(rule["source"]) > 20
    text = rule["message"].lower()
    assert "stop taking" not in text and "do not take" not in text


def test_the_combinations_the_issue_names():
    got = {w.rule for w in check(["Duloxetine 60 mg", "Tramadol 50 mg"]).warnings}
    assert "serotonergic_opioid+snri" in got
    assert {w.rule for w in check(["oxycodone", "pregabalin"]).warnings} == {"opioid+gabapentinoid"}
    assert {w.rule for w in check(["morphine", "diazepam"]).warnings} == {"opioid+benzodiazepine"}
    assert {w.rule for w in check(["naproxen", "sertraline"]).warnings} == {"ssri+nsaid"}
    assert {w.rule for w in check(["ibuprofen", "apixaban"]).warnings} == {"nsaid+anticoagulant"}


def test_safe_or_unrelated_pairs_give_no_warning():
    assert check(["paracetamol", "duloxetine"]).warnings == []
    assert check(["pregabalin", "duloxetine"]).warnings == []
    # a naloxone rescue spray is advised alongside opioids, not a clash
    assert check(["oxycodone", "naloxone nasal spray"]).warnings == []
    # one medicine entered twice is not a combination
    assert check(["ibuprofen 200 mg", "Ibuprofen 200 mg"]).warnings == []


def test_medications_with_no_class_are_listed_as_unchecked_not_passed_silently():
    result = check(["Vitamin D 1000 IU", "duloxetine", "Mystery herbal tea"])
    assert result.warnings == []
    assert result.unchecked == ["Vitamin D 1000 IU", "Mystery herbal tea"]
    doc = result.to_dict()
    assert all("could not check" in u["note"] for u in doc["unchecked"])
    assert "not a complete interaction check" in doc["note"]


def test_names_match_whole_words_with_doses_and_brands():
    assert classes_of("Cymbalta 30mg") == {"snri"}
    assert classes_of("co-codamol 30/500") == {"opioid"}
    assert "nsaid" not in classes_of("ibuprofenx")
    assert classes_of("Tramadol") == {"opioid", "serotonergic_opioid"}


def test_duloxetine_only_rule_does_not_fire_for_other_snris():
    assert "snri+cyp1a2_strong_inhibitor" in {w.rule for w in check(["duloxetine", "ciprofloxacin"]).warnings}
    assert check(["venlafaxine", "ciprofloxacin"]).warnings == []


def test_high_severity_comes_first():
    ws = check(["ibuprofen", "sertraline", "warfarin"]).warnings
    assert [w.severity for w in ws] == sorted([w.severity for w in ws], key={"high": 0, "moderate": 1}.get)
    assert ws[0].severity == "high"


def test_advice_is_a_conversation_not_an_order():
    assert ADVICE.startswith("Please talk this combination over")


def test_docs_list_every_rule():
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "docs" / "medications.md").read_text()
    for rule in RULES:
        assert f"`{rule['id']}`" in text
