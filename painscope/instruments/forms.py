"""Clinician forms for the grading systems: answers (by linkId) → criteria input → grade.

The forms are the ``iasp-nociplastic`` and ``neupsig`` Questionnaires (painscope's paraphrase,
cited). The grading itself is in :mod:`painscope.instruments.criteria`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from painscope.instruments._common import require
from painscope.instruments.criteria import (
    COMORBIDITIES,
    HYPERSENSITIVITY_SIGNS,
    neupsig_2016,
    nociplastic_2021,
)
from painscope.instruments.errors import UnknownInstrumentError
from painscope.instruments.structure import load_structure, validate_answers

FORMS = ("iasp-nociplastic", "neupsig")


def _by_meaning(form_id: str) -> dict[str, str]:
    """Map the item's meaning code (item.code) to its linkId."""
    s = load_structure(form_id)
    return {code: it.link_id for it in s.items for _, code in it.codes}


def form_to_criteria_input(form_id: str, answers: Mapping[str, Any]) -> dict[str, Any]:
    """Translate clinician-form answers into the input of the matching criteria function.

    Raises
    ------
    AnswerError
        For invalid answers or a missing required item (named).
    """
    if form_id not in FORMS:
        raise UnknownInstrumentError(
            f"unknown clinician form '{form_id}'; known: {', '.join(FORMS)}"
        )
    s = load_structure(form_id)
    values = {k: a.value for k, a in validate_answers(s, answers).items()}
    required = [it.link_id for it in s.items if it.required]
    require(form_id, values, required, "the clinician must answer every required question")
    m = _by_meaning(form_id)
    if form_id == "neupsig":
        out = {
            key: bool(values.get(m[key], False))
            for key in (
                "history_lesion_or_disease",
                "plausible_distribution",
                "sensory_signs_in_distribution",
                "confirmatory_test",
            )
        }
        if values.get(m["screening_positive"]) is not None:
            out["screening_positive"] = bool(values[m["screening_positive"]])
        return out
    noci = values[m["nociplastic-nociceptive"]]
    neuro = values[m["nociplastic-neuropathic"]]
    return {
        "duration_months": values[m["nociplastic-duration-months"]],
        "distribution": values[m["nociplastic-distribution"]],
        "nociceptive_fully_explains": noci == "entirely_explains",
        "neuropathic_fully_explains": neuro == "entirely_explains",
        "nociceptive_present": noci != "absent",
        "neuropathic_present": neuro != "absent",
        "signs_hypersensitivity": [k for k in HYPERSENSITIVITY_SIGNS if values.get(m[k])],
        "history_hypersensitivity": bool(values[m["history_hypersensitivity"]]),
        "comorbidities": [k for k in COMORBIDITIES if values.get(m[k])],
    }


def evaluate_form(form_id: str, answers: Mapping[str, Any]) -> dict[str, Any]:
    """Grade a completed clinician form (IASP 2021 nociplastic or NeuPSIG 2016)."""
    data = form_to_criteria_input(form_id, answers)
    return nociplastic_2021(data) if form_id == "iasp-nociplastic" else neupsig_2016(data)
