"""/api/v1/patients with a clinician's token: within the share's scope only, 404 otherwise."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from painscope.web.accounts.models import ApiToken
from painscope.web.care import services
from painscope.web.care.models import AuditEvent, Share
from painscope.web.journal.models import Entry, Medication, Observation

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    User = get_user_model()
    pat = User.objects.create_user("pat")
    doc = User.objects.create_user("dr_lee")
    services.set_role(doc, "clinician")
    entry = Entry.objects.create(owner=pat, utc=datetime(2024, 3, 1, 8, tzinfo=UTC), local_date=date(2024, 3, 1))
    Observation.objects.create(entry=entry, kind="rating", name="pain", value=6)
    Observation.objects.create(entry=entry, kind="note", name="note", note="argued with my sister")
    Observation.objects.create(entry=entry, kind="measure", name="steps", value=4200)
    Medication.objects.create(owner=pat, name="Duloxetine", dose=30, start_date=date(2024, 1, 1), notes="makes me sleepy")
    _, token = ApiToken.issue(doc)
    return pat, doc, token


def get(token: str, path: str):
    return Client().get(f"/api/v1{path}", HTTP_AUTHORIZATION=f"Bearer {token}")


def share(pat, doc, scope: str) -> Share:
    _, code = services.invite(pat, scope)
    return services.accept(doc, code)


def test_patients_lists_who_shared(setup):
    pat, doc, token = setup
    assert get(token, "/patients").json()["items"] == []
    share(pat, doc, "diary")
    doc_ = get(token, "/patients").json()
    assert doc_["count"] == 1
    (item,) = doc_["items"]
    assert item["id"] == pat.pk and item["username"] == "pat" and item["scope"] == ["diary"]


def test_entries_within_scope_without_notes_or_wearables(setup):
    pat, doc, token = setup
    share(pat, doc, "diary")
    response = get(token, f"/patients/{pat.pk}/entries")
    assert response.status_code == 200
    (entry,) = response.json()["items"]
    assert [(o["kind"], o["name"]) for o in entry["observations"]] == [("rating", "pain")]
    assert "argued" not in response.content.decode()
    assert AuditEvent.objects.filter(actor=doc, patient=pat, kind="diary", route=f"/api/v1/patients/{pat.pk}/entries").exists()


def test_notes_and_wearables_when_shared(setup):
    pat, doc, token = setup
    share(pat, doc, "diary,wearables,notes,medications")
    kinds = {o["kind"] for o in get(token, f"/patients/{pat.pk}/entries").json()["items"][0]["observations"]}
    assert kinds == {"rating", "note", "measure"}
    meds = get(token, f"/patients/{pat.pk}/medications").json()
    assert meds["items"][0]["name"] == "Duloxetine" and meds["items"][0]["notes"] == "makes me sleepy"


def test_medications_without_notes_hide_the_notes(setup):
    pat, doc, token = setup
    share(pat, doc, "medications")
    meds = get(token, f"/patients/{pat.pk}/medications").json()
    assert meds["items"][0]["notes"] == ""
    assert not AuditEvent.objects.filter(kind="notes").exists()  # not asked, not logged as refused


@pytest.mark.parametrize("case", ["unshared", "outside scope", "expired", "revoked", "no such id"])
def test_not_shared_answers_json_404(setup, case):
    pat, doc, token = setup
    target = pat.pk
    if case == "outside scope":
        share(pat, doc, "questionnaires")
    elif case == "expired":
        s = share(pat, doc, "diary,medications")
        Share.objects.filter(pk=s.pk).update(ends=datetime.now(UTC) - timedelta(minutes=1))
    elif case == "revoked":
        share(pat, doc, "diary,medications")
        assert get(token, f"/patients/{pat.pk}/entries").status_code == 200
        services.revoke(pat, clinician_username="dr_lee")
    elif case == "no such id":
        target = 987654
    for path in ("entries", "medications"):
        response = get(token, f"/patients/{target}/{path}")
        assert response.status_code == 404, (case, path)
        body = response.json()
        assert body["detail"][0]["type"] == "not_found" and body["detail"][0]["loc"] == []
        assert "Duloxetine" not in response.content.decode() and "pain" not in response.content.decode()
    if case != "outside scope":
        assert get(token, f"/patients/{target}").status_code == 404


def test_a_patients_token_sees_no_patients(setup):
    pat, doc, _ = setup
    other = get_user_model().objects.create_user("bob")
    share(pat, doc, "diary")
    _, token = ApiToken.issue(other)
    assert get(token, "/patients").json()["items"] == []
    assert get(token, f"/patients/{pat.pk}/entries").status_code == 404


def test_anonymous_gets_401(setup):
    pat, _, _ = setup
    assert Client().get(f"/api/v1/patients/{pat.pk}/entries").status_code == 401


def test_nobody_is_their_own_patient(setup):
    """A person asking /patients/<own id> gets the JSON 404, not a crash (found by the fuzzer)."""
    pat, _, _ = setup
    _, token = ApiToken.issue(pat)
    response = get(token, f"/patients/{pat.pk}")
    assert response.status_code == 404
    assert response.json()["detail"][0]["type"] == "not_found"
