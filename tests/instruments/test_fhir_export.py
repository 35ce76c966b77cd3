"""FHIR R4 export: QuestionnaireResponse, Observations and Bundle validate with fhir.resources."""

from __future__ import annotations

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.codesystem import CodeSystem
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from painscope.instruments import AnswerError, instrument_ids
from painscope.instruments.fhir import (
    SCORES_SYSTEM,
    Administration,
    CriteriaAssessment,
    build_bundle,
    build_observations,
    build_questionnaire_response,
    scores_codesystem,
)
from tests.instruments._samples import full_answers

WHEN = "2026-03-10T09:30:00+01:00"


def phq(values):
    return {f"phq9-{i + 1}": v for i, v in enumerate(values)}


def test_phq9_response_and_observation_validate():
    adm = Administration("phq9", phq([1, 2, 1, 0, 0, 1, 2, 1, 1]), WHEN, id="a1")
    qr = build_questionnaire_response("p1", adm)
    QuestionnaireResponse.model_validate(qr)
    assert qr["item"][0]["answer"][0]["valueCoding"]["code"] == "LA6569-3"
    obs = build_observations("p1", adm)
    assert len(obs) == 1
    Observation.model_validate(obs[0])
    codings = obs[0]["code"]["coding"]
    assert codings[0] == {"system": "http://loinc.org", "code": "44261-6"}
    assert obs[0]["valueQuantity"]["value"] == 9
    assert obs[0]["interpretation"][0]["coding"][0]["code"] == "phq9-band-mild"
    assert any("safety-phq9-item9" in n["text"] for n in obs[0]["note"])
    assert obs[0]["derivedFrom"][0]["reference"] == f"QuestionnaireResponse/{qr['id']}"


def test_local_codes_for_instruments_without_loinc():
    adm = Administration("pcs", {f"pcs-{i}": 2 for i in range(1, 14)}, WHEN)
    obs = build_observations("p1", adm)
    codes = [o["code"]["coding"][0]["code"] for o in obs]
    assert codes == ["pcs-total", "pcs-rumination", "pcs-magnification", "pcs-helplessness"]
    assert all(o["code"]["coding"][0]["system"] == SCORES_SYSTEM for o in obs)


def test_prorated_score_carries_components():
    a = phq([2] * 9)
    del a["phq9-2"]
    obs = build_observations("p1", Administration("phq9", a, WHEN))[0]
    comps = {c["code"]["coding"][0]["code"]: c for c in obs["component"]}
    assert comps["prorated"]["valueBoolean"] is True
    assert comps["n-answered"]["valueInteger"] == 8


def test_unscorable_subscale_gives_no_observation():
    a = {"bpisf-3": 5, "bpisf-4": 1, "bpisf-5": 3, "bpisf-6": 2, "bpisf-9a": 4}
    codes = [
        o["code"]["coding"][-1]["code"]
        for o in build_observations("p1", Administration("bpisf", a, WHEN))
    ]
    assert "bpisf-interference" not in codes and "bpisf-total" in codes


def test_peg_observation_keeps_unrounded_mean():
    obs = build_observations(
        "p1", Administration("peg", {"peg-1": 7, "peg-2": 6, "peg-3": 6}, WHEN)
    )[0]
    assert obs["valueQuantity"]["value"] == pytest.approx(19 / 3)
    assert obs["code"]["coding"][0]["code"] == "91147-9"


def test_acr_survey_adds_criteria_observation():
    answers = {f"acr-fm-survey-{i}": True for i in (3, 4, 9, 10)}  # shoulders and hips
    answers.update(
        {
            "acr-fm-survey-20": "severity-3",
            "acr-fm-survey-21": "severity-3",
            "acr-fm-survey-22": 3,
            "acr-fm-survey-23": False,
            "acr-fm-survey-24": False,
            "acr-fm-survey-25": False,
            "acr-fm-survey-26": 12,
        }
    )
    obs = build_observations("p1", Administration("acr-fm-survey", answers, WHEN))
    crit = obs[-1]
    Observation.model_validate(crit)
    assert crit["valueBoolean"] is True
    comps = {c["code"]["coding"][0]["code"]: c for c in crit["component"]}
    assert comps["acr2016-wpi"]["valueInteger"] == 4
    assert comps["acr2016-generalized-pain"]["valueBoolean"] is True


def test_criteria_observation_for_nociplastic_exports_every_step():
    data = {
        "duration_months": 12,
        "distribution": "widespread",
        "nociceptive_fully_explains": False,
        "neuropathic_fully_explains": False,
        "nociceptive_present": True,
        "signs_hypersensitivity": ["cold_allodynia"],
        "history_hypersensitivity": True,
        "comorbidities": ["fatigue"],
    }
    bundle = build_bundle(
        "p1", [CriteriaAssessment("nociplastic", data, WHEN, performer="Practitioner/7")]
    )
    obs = bundle["entry"][0]["resource"]
    Observation.model_validate(obs)
    assert obs["valueCodeableConcept"]["coding"][0]["code"] == "nociplastic-probable"
    codes = {c["code"]["coding"][0]["code"] for c in obs["component"]}
    assert {
        "nociplastic-c1-chronic",
        "nociplastic-c4-clinical-signs",
        "nociplastic-mixed-pain",
    } <= codes
    assert obs["performer"] == [{"reference": "Practitioner/7"}]
    assert all(e["resource"]["resourceType"] != "Condition" for e in bundle["entry"])


def test_bundle_of_several_administrations_validates_and_is_reproducible():
    adms = [
        Administration("phq9", phq([0] * 9), WHEN, id="x"),
        Administration("gad7", {f"gad7-{i}": 1 for i in range(1, 8)}, "2026-03-11T09:30:00Z"),
        Administration(
            "neupsig",
            {"neupsig-1": True, "neupsig-2": True, "neupsig-3": True},
            WHEN,
            performer="Practitioner/7",
        ),
        CriteriaAssessment(
            "neupsig", {"history_lesion_or_disease": False, "plausible_distribution": True}, WHEN
        ),
    ]
    b1 = build_bundle("p1", adms)
    Bundle.model_validate(b1)
    assert b1["type"] == "collection"
    kinds = [e["resource"]["resourceType"] for e in b1["entry"]]
    assert kinds == [
        "QuestionnaireResponse",
        "Observation",
        "QuestionnaireResponse",
        "Observation",
        "QuestionnaireResponse",
        "Observation",
        "Observation",
    ]
    qr_url = b1["entry"][0]["fullUrl"]
    assert b1["entry"][1]["resource"]["derivedFrom"][0]["reference"] == qr_url
    assert build_bundle("p1", adms) == b1
    assert build_bundle("p2", adms) != b1


@pytest.mark.parametrize("iid", instrument_ids())
def test_every_instrument_exports_valid_resources_with_published_codes(iid):
    known = {c["code"] for c in scores_codesystem()["concept"]}
    adm = Administration(iid, full_answers(iid), WHEN)
    QuestionnaireResponse.model_validate(build_questionnaire_response("p1", adm))
    for obs in build_observations("p1", adm):
        Observation.model_validate(obs)
        for coding in obs["code"]["coding"] + [
            c for i in obs.get("interpretation", []) for c in i["coding"]
        ]:
            if coding["system"] == SCORES_SYSTEM:
                assert coding["code"] in known


@pytest.mark.parametrize("name", ["scores", "answers", "items"])
def test_codesystems_validate(name):
    from importlib import resources

    text = (resources.files("painscope.instruments") / f"codesystem-{name}.json").read_text(
        encoding="utf-8"
    )
    cs = CodeSystem.model_validate_json(text)
    codes = [c.code for c in cs.concept]
    assert len(codes) == len(set(codes)) == cs.count


def test_bad_answers_are_refused_before_export():
    with pytest.raises(AnswerError, match="phq9-1"):
        build_questionnaire_response("p1", Administration("phq9", {"phq9-1": 9}, WHEN))


def test_time_without_offset_is_refused():
    from painscope.instruments import InstrumentError

    with pytest.raises(InstrumentError, match="offset"):
        build_questionnaire_response(
            "p1", Administration("peg", {"peg-1": 1}, "2026-03-10T09:30:00")
        )
