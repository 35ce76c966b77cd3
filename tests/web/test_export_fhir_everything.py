"""The FHIR Bundle of everything: diary observations, medications and doses join the
questionnaires (``painscope export-fhir``, My data → "Download everything (FHIR JSON)")."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from fhir.resources.R4B.bundle import Bundle

from painscope import diary
from painscope.cli import main
from painscope.diary.fhir import DIARY_SYSTEM, PAIN_LOINC
from painscope.web.assessments import services as assessments
from painscope.web.journal import services
from painscope.web.journal.models import DoseLog, Medication

pytestmark = pytest.mark.django_db

MORNING = datetime(2026, 3, 2, 7, 30, tzinfo=UTC)


@pytest.fixture
def person():
    user = get_user_model().objects.create_user("ana")
    services.save_entry(user, diary.Entry(MORNING, 60, [
        diary.Observation("rating", "pain", 6.0),
        diary.Observation("region", "lower_back", 1.0),
        diary.Observation("measure", "steps", 4200.0, "steps"),
        diary.Observation("measure", "hrv_rmssd_morning", 38.5, "ms"),
        diary.Observation("note", "note", None, "", "slept badly"),
    ]))
    med = Medication.objects.create(owner=user, name="Duloxetine", dose=30, unit="mg", times=["08:00"],
                                    start_date=date(2026, 1, 1))
    Medication.objects.create(owner=user, name="Ibuprofen", dose=200, unit="mg", as_needed=True,
                              start_date=date(2025, 1, 1), stop_date=date(2025, 6, 1))
    DoseLog.objects.create(owner=user, medication=med, status="taken", at=MORNING + timedelta(minutes=40),
                           scheduled_for=MORNING + timedelta(minutes=30))
    DoseLog.objects.create(owner=user, medication=med, status="skipped", at=MORNING + timedelta(days=1))
    assessments.score_and_store(user, "peg", {"peg-1": 7, "peg-2": 6, "peg-3": 6}, authored=MORNING)
    return user


def resources(doc: dict, kind: str) -> list[dict]:
    return [e["resource"] for e in doc.get("entry", []) if e["resource"]["resourceType"] == kind]


def test_the_bundle_carries_diary_medications_doses_and_questionnaires(person, tmp_path, capsys):
    out = tmp_path / "ana.json"
    assert main(["export-fhir", "--user", "ana", "--out", str(out)]) == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    Bundle.model_validate(doc)  # every resource validates against the R4B models
    err = capsys.readouterr().err
    assert "2 MedicationStatement" in err and "2 MedicationAdministration" in err

    diary_obs = [o for o in resources(doc, "Observation")
                 if any(c["system"] == DIARY_SYSTEM for c in o["code"]["coding"])]
    assert len(diary_obs) == 5
    by_code = {next(c["code"] for c in o["code"]["coding"] if c["system"] == DIARY_SYSTEM): o for o in diary_obs}
    pain = by_code["rating.pain"]
    assert pain["code"]["coding"][0] == {"system": "http://loinc.org", "code": PAIN_LOINC[0], "display": PAIN_LOINC[1]}
    assert pain["valueQuantity"] == {"value": 6.0}
    assert pain["effectiveDateTime"] == "2026-03-02T08:30:00+01:00"  # the person's offset at that moment
    assert by_code["region.lower_back"]["bodySite"]["text"] == "lower back"
    assert by_code["region.lower_back"]["valueBoolean"] is True
    assert by_code["measure.steps"]["valueQuantity"] == {"value": 4200.0, "unit": "steps"}
    assert by_code["measure.steps"]["category"][0]["coding"][0]["code"] == "activity"
    assert by_code["measure.hrv_rmssd_morning"]["category"][0]["coding"][0]["code"] == "vital-signs"
    assert by_code["note.note"]["valueString"] == "slept badly"

    statements = {s["medicationCodeableConcept"]["text"]: s for s in resources(doc, "MedicationStatement")}
    assert statements["Duloxetine"]["status"] == "active"
    assert statements["Duloxetine"]["dosage"][0]["text"] == "30 mg at 08:00"
    assert statements["Ibuprofen"]["status"] == "completed"  # stopped in 2025
    assert statements["Ibuprofen"]["dosage"][0]["asNeededBoolean"] is True
    given = sorted(resources(doc, "MedicationAdministration"), key=lambda r: r["effectiveDateTime"])
    assert [g["status"] for g in given] == ["completed", "not-done"]
    assert given[0]["dosage"]["dose"] == {"value": 30.0, "unit": "mg"}
    assert "dosage" not in given[1]
    # an administration points at its medication's statement inside the Bundle
    urls = {e["fullUrl"] for e in doc["entry"]}
    assert all(g["supportingInformation"][0]["reference"] in urls for g in given)
    assert len(resources(doc, "QuestionnaireResponse")) == 1
    assert all(r["subject"]["reference"] == f"Patient/{assessments.patient_id(person)}"
               for r in (e["resource"] for e in doc["entry"]))
    # the same data always gives the same Bundle
    assert main(["export-fhir", "--user", "ana", "--out", str(tmp_path / "again.json")]) == 0
    assert (tmp_path / "again.json").read_bytes() == out.read_bytes()


def test_my_data_offers_the_bundle_and_it_holds_only_the_persons_own_records(client, person):
    other = get_user_model().objects.create_user("ben")
    services.save_entry(other, diary.Entry(MORNING, 0, [diary.Observation("rating", "pain", 2.0)]))
    client.force_login(person)
    page = client.get(reverse("my_data")).content.decode()
    assert reverse("export_fhir") in page
    response = client.get(reverse("export_fhir"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/fhir+json")
    doc = json.loads(response.content)
    Bundle.model_validate(doc)
    refs = {e["resource"]["subject"]["reference"] for e in doc["entry"]}
    assert refs == {f"Patient/{assessments.patient_id(person)}"}
    client.force_login(other)
    doc = json.loads(client.get(reverse("export_fhir")).content)
    assert [e["resource"]["resourceType"] for e in doc["entry"]] == ["Observation"]


def test_an_empty_account_gives_an_empty_valid_bundle(client):
    user = get_user_model().objects.create_user("cy")
    client.force_login(user)
    doc = json.loads(client.get(reverse("export_fhir")).content)
    assert doc == {"resourceType": "Bundle", "type": "collection"}
    Bundle.model_validate(doc)


# -- reading a Bundle back ----------------------------------------------------------------


def test_a_bundle_painscope_wrote_restores_diary_medications_and_doses_exactly(person, tmp_path, capsys):
    Medication.objects.filter(name="Duloxetine").update(timezone="Europe/London", weekdays=[1, 3, 5], pills_left=41.5,
                                                         refill_threshold=10, notes="with food")
    services.save_entry(person, diary.Entry(MORNING + timedelta(hours=5, microseconds=250), 60, [
        diary.Observation("rating", "pain", 6.25), diary.Observation("note", "note", None, "", "=SUM(A1) is not a formula"),
    ]))
    bundle = tmp_path / "ana.json"
    assert main(["export-fhir", "--user", "ana", "--out", str(bundle)]) == 0
    get_user_model().objects.create_user("ben")
    capsys.readouterr()
    assert main(["import-fhir", "--user", "ben", str(bundle), "--json"]) == 0
    done = json.loads(capsys.readouterr().out)
    assert done["observations_created"] == 7 and done["medications_created"] == 2 and done["doses_created"] == 2
    assert done["questionnaires_created"] == 1
    assert done["left_out"] == {
        "questionnaire scores and criteria results (Observation; scores are recomputed from the answers)": 1}
    ben = get_user_model().objects.get(username="ben")
    (mine,), (theirs,) = assessments.administrations_for_user(person), assessments.administrations_for_user(ben)
    assert (theirs.instrument_id, theirs.authored, theirs.total, theirs.source) == ("peg", mine.authored, mine.total, "import")
    # the tidy export (diary, plans with every field, dose logs) of both is the same file
    assert main(["export", "--user", "ana", "--out", str(tmp_path / "ana.csv")]) == 0
    assert main(["export", "--user", "ben", "--out", str(tmp_path / "ben.csv")]) == 0
    assert (tmp_path / "ben.csv").read_bytes() == (tmp_path / "ana.csv").read_bytes()
    # importing it again adds nothing
    capsys.readouterr()
    assert main(["import-fhir", "--user", "ben", str(bundle), "--json"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert again["observations_created"] == again["medications_created"] == again["doses_created"] == 0
    assert again["questionnaires_created"] == 0 and again["questionnaires_unchanged"] == 1


def _bundle(*resources: dict) -> bytes:
    return json.dumps({"resourceType": "Bundle", "type": "collection",
                       "entry": [{"resource": r} for r in resources]}).encode()


def _pain(value, when="2026-03-02T08:30:00+01:00") -> dict:
    return {"resourceType": "Observation", "status": "final", "effectiveDateTime": when,
            "code": {"coding": [{"system": "http://loinc.org", "code": "72514-3"}]}, "valueQuantity": {"value": value}}


def test_a_pain_score_from_another_system_is_read_by_its_loinc_code():
    from painscope.web.journal.fhir_export import import_fhir

    user = get_user_model().objects.create_user("cy")
    done = import_fhir(user, _bundle(_pain(7), {"resourceType": "Patient"},
                                     {"resourceType": "MedicationStatement", "extension": True}))
    assert done.result.observations_created == 1
    assert done.left_out == {"Patient resources": 1, "MedicationStatement from another system (not imported yet)": 1}
    frame = services.diary_frame(user)
    assert (frame["kind"].tolist(), frame["name"].tolist(), frame["value"].tolist()) == (["rating"], ["pain"], [7.0])


@pytest.mark.parametrize(("data", "says"), [
    (b"{not json", "not JSON: Expecting property name enclosed in double quotes at line 1, column 2"),
    (b'{"resourceType": "Patient"}', "not a FHIR Bundle"),
    (b"{\"a\": \"\xc3\x28\"}", "not UTF-8"),
    (_bundle(_pain("seven")), "entry 1, column valueQuantity.value: must be a number"),
    (_bundle(_pain(3), _pain(12)), "entry 2, column value"),  # the diary's own range check, named by entry
    (_bundle(_pain(3), {"resourceType": "Observation", "code": {"coding": [{"system": DIARY_SYSTEM, "code": "pain"}]}}),
     "entry 2, column code"),
    (_bundle({"resourceType": "MedicationStatement", "extension": [
        {"url": "http://painscope.org/fhir/StructureDefinition/tidy-record", "valueString": "[1, 2]"}]}),
     "entry 1, column extension: the painscope record is not a list of 6 texts"),
    (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    (_bundle(_pain(3), {"resourceType": "QuestionnaireResponse", "status": "completed", "authored": "2026-03-02T08:30:00+00:00",
                        "questionnaire": "http://example.org/Questionnaire/x"}),
     "entry 2, column questionnaire: 'http://example.org/Questionnaire/x' is not one of painscope's instruments"),
    (_bundle({"resourceType": "QuestionnaireResponse", "status": "completed", "authored": "2026-03-02T08:30:00+00:00",
              "questionnaire": "http://painscope.org/fhir/Questionnaire/peg|1", "item": [{"linkId": "peg-1", "answer": [{"valueInteger": 11}]}]}),
     "entry 1, column item peg-1: peg item peg-1 must be a whole number from 0 to 10 (got 11)"),
])
def test_a_bad_bundle_is_refused_naming_the_entry_and_nothing_is_stored(tmp_path, capsys, data, says):
    user = get_user_model().objects.create_user("dee")
    services.save_entry(user, diary.Entry(MORNING, 0, [diary.Observation("rating", "pain", 2.0)]))
    path = tmp_path / "bad.json"
    path.write_bytes(data)
    assert main(["import-fhir", "--user", "dee", str(path)]) == 2
    err = capsys.readouterr().err
    assert says in err and "nothing was imported" in err and "Traceback" not in err
    assert services.diary_frame(user)["value"].tolist() == [2.0]


def test_a_bundle_over_the_size_limit_is_refused_before_reading(tmp_path, capsys, monkeypatch):
    from painscope.diary import fhir

    get_user_model().objects.create_user("eve")
    monkeypatch.setattr(fhir, "MAX_BUNDLE_BYTES", 1000)
    path = tmp_path / "big.json"
    path.write_bytes(_bundle(*[_pain(3)] * 20))
    assert main(["import-fhir", "--user", "eve", str(path)]) == 2
    assert "larger than" in capsys.readouterr().err
