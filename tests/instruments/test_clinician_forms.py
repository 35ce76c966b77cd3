"""Clinician forms (IASP 2021, NeuPSIG): answers by linkId → grade."""

from __future__ import annotations

import json

import pytest

from painscope.cli import main
from painscope.instruments import (
    AnswerError,
    evaluate_form,
    form_to_criteria_input,
    items_for_display,
)


def iasp(**over):
    a = {
        "iasp-nociplastic-1": 24,
        "iasp-nociplastic-2": "widespread",
        "iasp-nociplastic-3": "present_partial",
        "iasp-nociplastic-4": "absent",
        "iasp-nociplastic-6": True,
        "iasp-nociplastic-10": True,
        "iasp-nociplastic-13": True,
    }
    a.update(over)
    return a


def test_iasp_form_maps_to_criteria_input():
    data = form_to_criteria_input("iasp-nociplastic", iasp())
    assert data["signs_hypersensitivity"] == ["dynamic_mechanical_allodynia"]
    assert data["comorbidities"] == ["fatigue"]
    assert data["nociceptive_present"] is True and data["nociceptive_fully_explains"] is False


def test_iasp_form_grades_probable_mixed():
    r = evaluate_form("iasp-nociplastic", iasp())
    assert r["grade"] == "probable" and r["mixed_pain"] is True


def test_iasp_form_nociceptive_fully_explains():
    assert (
        evaluate_form("iasp-nociplastic", iasp(**{"iasp-nociplastic-3": "entirely_explains"}))[
            "grade"
        ]
        == "not_met"
    )


def test_iasp_form_missing_required_item():
    a = iasp()
    del a["iasp-nociplastic-10"]
    with pytest.raises(AnswerError, match="iasp-nociplastic-10"):
        evaluate_form("iasp-nociplastic", a)


def test_neupsig_form():
    assert (
        evaluate_form("neupsig", {"neupsig-1": True, "neupsig-2": True, "neupsig-3": True})["grade"]
        == "probable"
    )


def test_forms_have_paraphrased_text_for_display():
    rows = items_for_display("iasp-nociplastic")
    assert all(r["text"] for r in rows)
    dist = next(r for r in rows if r["link_id"] == "iasp-nociplastic-2")
    assert [a["value"] for a in dist["answers"]] == [
        "discrete",
        "regional",
        "multifocal",
        "widespread",
    ]


def test_cli_nociplastic_and_neupsig(capsys):
    data = {
        "duration_months": 12,
        "distribution": "regional",
        "nociceptive_fully_explains": False,
        "neuropathic_fully_explains": False,
        "signs_hypersensitivity": ["cold_allodynia"],
        "history_hypersensitivity": False,
        "comorbidities": [],
    }
    assert main(["criteria", "nociplastic", "--input", json.dumps(data), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["grade"] == "possible"
    nd = {"history_lesion_or_disease": True, "plausible_distribution": True}
    assert main(["criteria", "neupsig", "--input", json.dumps(nd), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["grade"] == "possible"
