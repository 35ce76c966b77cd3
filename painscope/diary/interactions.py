"""Interaction warnings for pain-relevant medication classes (pure; no Django).

A small curated rule set (``interactions.json`` beside this file): medications are mapped
to classes by name (generic or common brand, a documented table), and each rule names two
classes, a severity, a plain message and its source (a regulator's safety communication
or a prescribing-information section). This is **not** a complete interaction checker and
never an instruction to stop anything: every warning tells the person to talk the
combination over with a pharmacist or doctor, and medications the table does not know are
listed as unchecked rather than passed silently.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations
from pathlib import Path
from typing import Any

ADVICE = ("Please talk this combination over with your pharmacist or doctor. Do not stop or change "
          "a medicine on your own: some must be reduced slowly.")
UNKNOWN_NOTE = ("painscope does not know this medicine's class, so it could not check it for "
                "interactions. A pharmacist can.")
SEVERITY_ORDER = {"high": 0, "moderate": 1}


@lru_cache(maxsize=1)
def rules() -> dict[str, Any]:
    """The curated table and rules (read once)."""
    return json.loads((Path(__file__).with_name("interactions.json")).read_text(encoding="utf-8"))


def _normal(text: str) -> str:
    return " " + re.sub(r"[^a-z0-9]+", " ", text.lower()).strip() + " "


def classes_of(name: str) -> set[str]:
    """The classes a medication name belongs to (empty when unknown).

    Matches whole words of the name, so "Duloxetine 60 mg" and "cymbalta (duloxetine)" map
    to ``snri`` while "ibuprofenx" does not map to ``nsaid``.
    """
    text = _normal(name)
    found: set[str] = set()
    for cls, names in rules()["classes"].items():
        if any(_normal(n) in text for n in names):
            found.add(cls)
    return found


@dataclass
class Warning:
    medications: list[str]
    severity: str
    message: str
    source: str
    rule: str
    advice: str = ADVICE

    def to_dict(self) -> dict[str, Any]:
        return {"medications": self.medications, "severity": self.severity, "message": self.message,
                "source": self.source, "rule": self.rule, "advice": self.advice}


@dataclass
class CheckResult:
    warnings: list[Warning] = field(default_factory=list)
    unchecked: list[str] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"warnings": [w.to_dict() for w in self.warnings], "checked": self.checked,
                "unchecked": [{"medication": m, "note": UNKNOWN_NOTE} for m in self.unchecked],
                "note": "A small curated list for pain medicines, not a complete interaction check."}


def _rule_applies(rule: dict[str, Any], a: tuple[str, set[str]], b: tuple[str, set[str]]) -> bool:
    c1, c2 = rule["classes"]
    only = {n.lower() for n in rule.get("only_names", [])}

    def named(med: str) -> bool:
        return not only or any(_normal(n) in _normal(med) for n in only)

    if c1 in a[1] and c2 in b[1] and named(a[0]):
        return True
    return c2 in a[1] and c1 in b[1] and named(b[0])


def check(medications: list[str]) -> CheckResult:
    """Warnings for every pair of the given medication names (each rule once per pair).

    A pair of names that are the same medicine (same name twice) is not a combination. A
    single product in two classes (tramadol: opioid and serotonergic) is checked only
    against the other medicines, never against itself.
    """
    result = CheckResult()
    known: list[tuple[str, set[str]]] = []
    seen: set[str] = set()
    for med in medications:
        key = _normal(med)
        if key in seen:
            continue
        seen.add(key)
        cls = classes_of(med)
        if cls:
            known.append((med, cls))
            result.checked.append(med)
        else:
            result.unchecked.append(med)
    for a, b in combinations(known, 2):
        for rule in rules()["rules"]:
            if _rule_applies(rule, a, b):
                result.warnings.append(Warning(sorted([a[0], b[0]]), rule["severity"], rule["message"],
                                               rule["source"], rule["id"]))
    result.warnings.sort(key=lambda w: (SEVERITY_ORDER.get(w.severity, 9), w.rule, w.medications))
    return result
