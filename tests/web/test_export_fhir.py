"""A person's questionnaires leave painscope as a FHIR R4 Bundle: CLI and "Download as FHIR".

Validated with ``fhir.resources`` (its R4B models: for the Bundle, QuestionnaireResponse and
Observation content painscope writes, R4 and R4B are the same).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from fhir.resources.R4B.bundle import Bundle

from painscope.cli import main
from painscope.web.assessments import services
from painscope.web.assessments.models import CriteriaAssessment

pytestmark = pytest.mark.django_db


@pytest.fixture
def person():
    user = get_user_model().objects.create_user("ana")
    now = datetime.now(UTC)
    services.score_and_store(user, "phq9", {f"phq9-{i}": 1 for i in range(1, 10)}, authored=now - timedelta(days=14))
    services.score_and_store(user, "phq9", {f"phq9-{i}": 2 for i in range(1, 10)}, authored=now)
    services.score_and_store(user, "peg", {"peg-1": 7, "peg-2": 6, "peg-3": 6}, authored=now)
    services.evaluate_and_store_form(user, "neupsig", {"neupsig-1": True, "neupsig-2": True, "neupsig-3": True})
    CriteriaAssessment.objects.create(
        owner=user, criteria="acr2016",
        input={"wpi_areas": ["neck", "lower_back", "hip_left", "hip_right", "shoulder_left", "shoulder_right", "upper_leg_left"],
               "sss": {"fatigue": 2, "waking_unrefreshed": 2, "cognitive": 1, "headaches": 1, "lower_abdominal": 0, "depression": 0},
               "duration_months": 6},
        output={},
    )
    return user


def kinds(bundle: dict) -> list[str]:
    return [e["resource"]["resourceType"] for e in bundle.get("entry", [])]


def test_export_fhir_bundle_validates(person, tmp_path, capsys):
    out = tmp_path / "ana.json"
    assert main(["export-fhir", "--user", "ana", "--out", str(out)]) == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    Bundle.model_validate(doc)
    assert doc["type"] == "collection"
    # 3 questionnaires → 3 QuestionnaireResponses with one total Observation each; the NeuPSIG
    # form → its QuestionnaireResponse and grade Observation; the ACR criteria → one Observation
    assert kinds(doc).count("QuestionnaireResponse") == 4
    assert kinds(doc).count("Observation") == 5
    observations = [e["resource"] for e in doc["entry"] if e["resource"]["resourceType"] == "Observation"]
    totals = [o for o in observations if o["code"]["coding"][0]["code"] == "44261-6"]
    assert sorted(o["valueQuantity"]["value"] for o in totals) == [9, 18]  # PHQ-9 totals, LOINC 44261-6
    assert all(e["resource"]["subject"]["reference"] == f"Patient/{services.patient_id(person)}" for e in doc["entry"])
    assert "4 QuestionnaireResponse" in capsys.readouterr().err
    # the same data always gives the same Bundle (stable urn:uuid ids)
    assert main(["export-fhir", "--user", "ana", "--out", str(tmp_path / "again.json")]) == 0
    assert (tmp_path / "again.json").read_text(encoding="utf-8") == out.read_text(encoding="utf-8")


def test_export_fhir_to_stdout_is_one_json_document(person, capsys):
    assert main(["export-fhir", "--user", "ana"]) == 0
    Bundle.model_validate(json.loads(capsys.readouterr().out))


def test_export_fhir_for_unknown_user_is_an_error(person, capsys):
    assert main(["export-fhir", "--user", "nobody"]) == 2
    assert "no user named 'nobody'" in capsys.readouterr().err


def test_person_downloads_fhir_from_the_assessments_page(client, person):
    client.force_login(person)
    page = client.get(reverse("assessments")).content.decode()
    assert "Download as FHIR" in page and reverse("assessments_fhir") in page
    response = client.get(reverse("assessments_fhir"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/fhir+json")
    assert "attachment" in response["Content-Disposition"]
    doc = json.loads(response.content)
    Bundle.model_validate(doc)
    assert kinds(doc).count("QuestionnaireResponse") == 4


def test_download_holds_only_the_persons_own_records(client, person):
    other = get_user_model().objects.create_user("bo")
    client.force_login(other)
    doc = json.loads(client.get(reverse("assessments_fhir")).content)
    assert "entry" not in doc  # FHIR JSON has no empty arrays
    Bundle.model_validate(doc)


def test_a_stored_record_that_no_longer_scores_is_left_out_with_a_warning(person, capsys):
    from painscope.web.assessments.models import Administration

    Administration.objects.create(owner=person, instrument_id="phq9", answers={"phq9-1": 7}, result={},
                                  authored=datetime(2024, 1, 1, tzinfo=UTC))
    assert main(["export-fhir", "--user", "ana"]) == 0
    captured = capsys.readouterr()
    doc = json.loads(captured.out)
    Bundle.model_validate(doc)
    assert kinds(doc).count("QuestionnaireResponse") == 4  # the four good ones
    assert "left out of the Bundle: phq9" in captured.err and "phq9-1" in captured.err
