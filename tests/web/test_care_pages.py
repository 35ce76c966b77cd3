"""The sharing pages as people use them: a patient makes a code, a clinician enters it, opens
the summary and PDF, the patient reads and exports the access log, and revokes."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, date, datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from painscope.web.care import services
from painscope.web.care.models import AuditEvent, Share
from painscope.web.journal.models import DoseLog, Entry, Medication, Observation
from tests.web.signin import sign_in

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def words(response) -> str:
    """What a person reads: the page without tags."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.fixture
def people(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    User = get_user_model()
    pat = User.objects.create_user("pat")
    doc = User.objects.create_user("dr_lee")
    services.set_role(doc, "clinician")
    now = datetime.now(UTC)
    for d in range(10):
        when = now - timedelta(days=d, hours=1)
        entry = Entry.objects.create(owner=pat, utc=when, local_date=when.date())
        Observation.objects.create(entry=entry, kind="rating", name="pain", value=5 + d % 3)
    Observation.objects.create(entry=entry, kind="note", name="note", note="private words about work")
    med = Medication.objects.create(owner=pat, name="Amitriptyline", dose=10, times=["08:00"], start_date=date.today() - timedelta(days=40))
    DoseLog.objects.create(owner=pat, medication=med, status=DoseLog.TAKEN, at=now - timedelta(days=1))
    patient, clinician = Client(), Client()
    patient.force_login(pat)
    sign_in(clinician, doc)
    return pat, doc, patient, clinician


def make_code(patient: Client, scope=("diary", "questionnaires"), days="30") -> str:
    response = patient.post("/care/invite", {"scope": list(scope), "days": days})
    assert response.status_code == 200
    return re.search(r'id="share-code">([A-Z0-9-]+)<', response.content.decode()).group(1)


def test_patient_makes_a_code_and_clinician_enters_it(people):
    pat, _doc, patient, clinician = people
    page = text(patient.get("/care/"))
    assert "Only you can see your data" in page and "Nobody. Your data is yours alone." in page
    code = make_code(patient)
    assert code not in text(patient.get("/care/"))  # never shown again
    response = clinician.post("/care/accept", {"code": code})
    assert response.status_code == 302 and response["Location"] == f"/care/patients/{pat.pk}/"
    assert "dr_lee" in text(patient.get("/care/")) and "Stop sharing" in text(patient.get("/care/"))


def test_bad_invites_say_what_to_fix(people):
    _, _, patient, clinician = people
    response = patient.post("/care/invite", {"days": "30"})
    assert response.status_code == 400 and "Choose at least one kind of data to share" in text(response)
    response = patient.post("/care/invite", {"scope": ["diary"], "days": "forever"})
    assert response.status_code == 400 and "Choose how long to share, in days (got &#x27;forever&#x27;)" in text(response)
    assert not Share.objects.exists()
    response = clinician.post("/care/accept", {"code": "NOPE-NOPE-NOPE"})
    assert response.status_code == 400 and "This code is not valid" in text(response)


def test_summary_shows_only_what_is_shared(people):
    pat, doc, patient, clinician = people
    clinician.post("/care/accept", {"code": make_code(patient, scope=("diary",))})
    page = text(clinician.get(f"/care/patients/{pat.pk}/"))
    assert "pat: summary" in page and "Pain" in page
    assert "Amitriptyline" not in page and "private words" not in page
    assert "Not shared with you" in page and "medications and doses" in page
    assert "Assign a questionnaire" not in page  # questionnaires are not shared
    pdf = clinician.get(f"/care/patients/{pat.pk}/report.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert set(AuditEvent.objects.filter(actor=doc, event__in=["view", "download"]).values_list("event", flat=True)) == {"view", "download"}


def test_patients_list_with_trend_doses_and_flags(people):
    from painscope.web.assessments.services import score_and_store

    pat, _doc, patient, clinician = people
    clinician.post("/care/accept", {"code": make_code(patient, scope=("diary", "medications", "questionnaires"))})
    score_and_store(pat, "phq9", {**{f"phq9-{i}": 1 for i in range(1, 9)}, "phq9-9": 1})
    page = text(clinician.get("/care/patients/"))
    assert "1 patient shares data with you" in page
    assert "Last 7 days: average pain" in page  # painscope.diary.summary, with its basis
    assert "has question 9 above “not at all”" in page
    assert "scheduled doses in the last 4 weeks not logged as taken" in page
    clinician.get(f"/care/patients/{pat.pk}/")  # opening the patient marks the notice seen
    assert "<strong>New:</strong>" not in text(clinician.get("/care/patients/"))


def test_clinician_assigns_a_questionnaire(people):
    from painscope.web.assessments.models import AssessmentSchedule

    pat, doc, patient, clinician = people
    clinician.post("/care/accept", {"code": make_code(patient)})
    response = clinician.post(f"/care/patients/{pat.pk}/assign", {"instrument_id": "phq9", "every_days": "14"})
    assert response.status_code == 302
    schedule = AssessmentSchedule.objects.get(owner=pat)
    assert (schedule.instrument_id, schedule.every_days, schedule.author) == ("phq9", 14, doc)
    assert "asked for by dr_lee" in text(patient.get("/assessments/schedules/"))


def test_patient_reads_and_exports_the_access_log_then_revokes(people):
    pat, _doc, patient, clinician = people
    clinician.post("/care/accept", {"code": make_code(patient)})
    clinician.get(f"/care/patients/{pat.pk}/")
    page = words(patient.get("/care/audit"))
    assert "dr_lee looked at your check-ins" in page and "through the website" in page
    assert "refused" not in page  # kinds outside the share are not asked for, so not logged
    rows = list(csv.DictReader(io.StringIO(patient.get("/care/audit.csv").content.decode())))
    assert {"at", "actor", "action", "object"} <= set(rows[0]) and any(r["actor"] == "dr_lee" and r["action"] == "view" for r in rows)
    events = json.loads(patient.get("/care/audit.json").content)["events"]
    assert any(e["actor"] == "dr_lee" and e["object"] == "diary" for e in events)

    share = Share.objects.get(status=Share.ACTIVE)
    response = patient.post(f"/care/shares/{share.pk}/revoke")
    assert response.status_code == 302
    assert clinician.get(f"/care/patients/{pat.pk}/").status_code == 404
    assert clinician.get(f"/care/patients/{pat.pk}/report.pdf").status_code == 404
    assert "No patient shares data with you yet." in words(clinician.get("/care/patients/"))
    assert "you ended the share" in words(patient.get("/care/audit"))


def test_patients_cannot_open_clinician_pages_or_others_shares(people):
    _pat, _doc, patient, clinician = people
    assert patient.get("/care/patients/").status_code == 403
    assert patient.post("/care/accept", {"code": "X"}).status_code == 403
    clinician.post("/care/accept", {"code": make_code(patient)})
    share = Share.objects.get()
    bob = Client()
    bob.force_login(get_user_model().objects.create_user("bob"))
    assert bob.post(f"/care/shares/{share.pk}/revoke").status_code == 404
    assert Share.objects.get().status == Share.ACTIVE
    assert clinician.get("/care/").status_code == 302  # clinicians go to their patients


def test_item9_page_says_who_is_told(people):
    pat, _doc, patient, clinician = people
    from painscope.web.assessments.services import score_and_store

    alone = score_and_store(pat, "phq9", {**{f"phq9-{i}": 1 for i in range(1, 9)}, "phq9-9": 2})
    page = text(patient.get(_result_url(alone.pk)))
    assert "nobody is told about this answer" in page and "same day" not in page
    clinician.post("/care/accept", {"code": make_code(patient, scope=("questionnaires",))})
    linked = score_and_store(pat, "phq9", {**{f"phq9-{i}": 1 for i in range(1, 9)}, "phq9-9": 2})
    page = text(patient.get(_result_url(linked.pk)))
    assert "now on the patients list of dr_lee" in page and "nobody is phoned or e-mailed" in page
    assert "has question 9 above" in text(clinician.get("/care/patients/"))


def _result_url(pk: int) -> str:
    from django.urls import reverse

    return reverse("assessment_result", args=[pk])
