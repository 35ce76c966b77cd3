"""The Questionnaire JSON files: valid FHIR, linkId convention, copyright, LOINC only where verified."""

from __future__ import annotations

import re

import pytest
from fhir.resources.R4B.questionnaire import Questionnaire

from painscope.instruments import AnswerError, get_instrument, instrument_ids, score
from painscope.instruments.structure import load_questionnaire, load_structure, questionnaire_ids
from tests.instruments._samples import full_answers

IDS = instrument_ids()
#: LOINC codes verified in INSTRUMENTS.md (PHQ-9 §3.7, GAD-7 §3.8, PEG §3.9); nothing else may carry LOINC.
VERIFIED_LOINC = {
    "phq9": {
        "44249-1",
        "44250-9",
        "44255-8",
        "44259-0",
        "44254-1",
        "44251-7",
        "44258-2",
        "44252-5",
        "44253-3",
        "44260-8",
        "69722-7",
        "LA6568-5",
        "LA6569-3",
        "LA6570-1",
        "LA6571-9",
        "LA6572-7",
        "LA6573-5",
        "LA6575-0",
        "LA6574-3",
    },
    "gad7": {
        "69737-5",
        "69725-0",
        "68509-9",
        "69733-4",
        "69734-2",
        "69735-9",
        "69689-8",
        "69736-7",
    },
    "peg": {"91148-7", "75893-8", "91145-3", "91146-1"},
}


# The instrument ids the issue names.
ISSUE_IDS = (
    "phq9",
    "gad7",
    "peg",
    "csi",
    "fiqr",
    "pcs",
    "tsk11",
    "tsk17",
    "pseq",
    "isi",
    "psqi",
    "bpisf",
    "promis-pi-6a",
    "npqr",
    "fss",
    "paindetect",
    "dn4",
    "startback",
    "ompsq-sf",
)


def test_issue_ids_are_all_registered():
    for iid in ISSUE_IDS:
        assert iid in IDS


ALL = questionnaire_ids()


def test_every_questionnaire_file_is_a_registered_instrument_or_clinician_form():
    assert set(ALL) == set(IDS) | {"iasp-nociplastic", "neupsig"}


@pytest.mark.parametrize("iid", ALL)
def test_questionnaire_is_valid_fhir(iid):
    q = Questionnaire.model_validate(load_questionnaire(iid))
    assert q.id == iid
    assert q.copyright and len(q.copyright) > 20
    assert q.status == "active"


@pytest.mark.parametrize("iid", ALL)
def test_linkids_are_instrument_hyphen_item(iid):
    pattern = re.compile(rf"^{re.escape(iid)}-(\d+[a-z]?)(-[a-z]+)?$")
    for item in load_structure(iid).items:
        assert pattern.match(item.link_id), item.link_id


@pytest.mark.parametrize("iid", ALL)
def test_loinc_only_where_verified(iid):
    q = load_questionnaire(iid)
    found = set()

    def walk(node):
        if isinstance(node, dict):
            if node.get("system") == "http://loinc.org":
                found.add(node["code"])
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(q)
    assert found <= VERIFIED_LOINC.get(iid, set())


@pytest.mark.parametrize("iid", ALL)
def test_text_ships_only_for_tier_a(iid):
    s = load_structure(iid)
    has_text = any(it.text for it in s.items)
    assert has_text == (s.tier == "A")
    assert s.text_shipped == (s.tier == "A")


@pytest.mark.parametrize("iid", IDS)
def test_complete_answers_score(iid):
    r = score(iid, full_answers(iid))
    assert r.instrument == iid and r.total is not None
    assert set(r.to_dict()) == {"instrument", "total", "band", "subscales", "flags", "missing"}


@pytest.mark.parametrize("iid", IDS)
def test_every_required_item_is_enforced_by_the_scorer(iid):
    """The Questionnaire's `required` flags and the scoring rules agree."""
    for it in get_instrument(iid).structure.items:
        if not it.required:
            continue
        answers = full_answers(iid)
        del answers[it.link_id]
        with pytest.raises(AnswerError) as exc:
            score(iid, answers)
        assert it.link_id in str(exc.value)


@pytest.mark.parametrize("iid", ALL)
def test_every_instrument_has_a_licence_note_and_a_docs_section(iid):
    from importlib import resources
    from pathlib import Path

    note = (resources.files("painscope.instruments") / "licences" / f"{iid}.md").read_text(
        encoding="utf-8"
    )
    assert f"`{iid}`" in note and "Tier" in note
    docs = Path(__file__).resolve().parents[2] / "docs" / "instruments.md"
    assert f"`{iid}`" in docs.read_text(encoding="utf-8")
