"""A patient shares with a clinician: one-time codes, scope, expiry, revocation, the gate."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, transaction
from django.http import Http404

from painscope.web.care import gate, services
from painscope.web.care.models import AuditEvent, Share
from painscope.web.journal.models import Entry, Medication

pytestmark = pytest.mark.django_db


@pytest.fixture
def pat():
    return get_user_model().objects.create_user("pat")


@pytest.fixture
def doc():
    user = get_user_model().objects.create_user("dr_lee")
    services.set_role(user, "clinician")
    return user


def linked(pat, doc, scope="diary,medications", days=30) -> Share:
    _, code = services.invite(pat, scope, days=days)
    return services.accept(doc, code)


def test_role_is_the_clinician_group(pat, doc):
    assert gate.is_clinician(doc) and not gate.is_clinician(pat)
    assert doc.groups.filter(name="clinician").exists()
    services.set_role(doc, "patient")
    assert not gate.is_clinician(doc)
    with pytest.raises(services.CareError, match="role must be one of patient, clinician"):
        services.set_role(pat, "admin")


def test_a_code_links_one_clinician_once(pat, doc):
    share, code = services.invite(pat, "medications,diary", days=30)
    assert share.status == Share.PROPOSED and share.scope == ["diary", "medications"]  # canonical order
    assert len(code) == 14 and code.count("-") == 2
    assert code not in share.code_digest and Share.objects.filter(code_digest=Share.digest_of(code)).exists()
    accepted = services.accept(doc, code.lower().replace("-", " "))  # typed loosely still works
    assert accepted.pk == share.pk and accepted.status == Share.ACTIVE and accepted.clinician == doc
    other = get_user_model().objects.create_user("dr_two")
    services.set_role(other, "clinician")
    with pytest.raises(services.CareError, match="not valid"):
        services.accept(other, code)  # spent
    assert gate.may_see(doc, pat, "diary") and not gate.may_see(other, pat, "diary")


def test_only_clinicians_accept_and_scope_and_days_are_checked(pat, doc):
    _, code = services.invite(pat, "diary")
    bob = get_user_model().objects.create_user("bob")
    with pytest.raises(services.CareError, match="only clinician accounts"):
        services.accept(bob, code)
    with pytest.raises(services.CareError, match="unknown kind 'feelings'") as exc:
        services.invite(pat, "diary,feelings")
    assert exc.value.field == "scope"
    with pytest.raises(services.CareError, match="at least one kind"):
        services.invite(pat, " , ")
    with pytest.raises(services.CareError, match="days must be a whole number from 1 to 365 \\(got 0\\)"):
        services.invite(pat, "diary", days=0)
    with pytest.raises(services.CareError, match="not valid"):
        services.accept(doc, "AAAA-BBBB-CCCC")
    assert Share.objects.filter(status=Share.ACTIVE).count() == 0


def test_the_gate_follows_scope_expiry_and_revocation(pat, doc):
    share = linked(pat, doc, scope="diary")
    assert gate.may_see(doc, pat, "diary")
    assert not gate.may_see(doc, pat, "medications")  # outside the scope
    assert gate.allowed_kinds(doc, pat) == {"diary"}
    assert gate.allowed_kinds(pat, pat) == set(gate.KINDS)

    Share.objects.filter(pk=share.pk).update(ends=datetime.now(UTC) - timedelta(seconds=1))
    assert not gate.may_see(doc, pat, "diary")  # expired

    share = linked(pat, doc, scope="diary")
    assert gate.may_see(doc, pat, "diary")
    assert services.revoke(pat, clinician_username="dr_lee") == 1
    assert not gate.may_see(doc, pat, "diary")  # revoked: the very next check
    with pytest.raises(Http404):
        gate.patient_for(doc, pat.pk, "diary")
    with pytest.raises(services.CareError, match="no active share with 'dr_lee'"):
        services.revoke(pat, clinician_username="dr_lee")


def test_a_clinician_who_loses_the_role_loses_access(pat, doc):
    linked(pat, doc)
    services.set_role(doc, "patient")
    assert not gate.may_see(doc, pat, "diary")


def test_a_newer_share_replaces_the_older_one(pat, doc):
    first = linked(pat, doc, scope="diary,medications")
    second = linked(pat, doc, scope="questionnaires")
    first.refresh_from_db()
    assert first.status == Share.INACTIVE and second.status == Share.ACTIVE
    assert gate.allowed_kinds(doc, pat) == {"questionnaires"}


def test_the_owner_is_never_logged_and_others_always_are(pat, doc):
    assert gate.may_see(pat, pat, "notes") and not AuditEvent.objects.filter(event="view").exists()
    linked(pat, doc, scope="diary")
    gate.may_see(doc, pat, "diary")
    gate.may_see(doc, pat, "medications")
    rows = list(AuditEvent.objects.filter(event="view").order_by("pk").values_list("actor__username", "kind", "outcome"))
    assert rows == [("dr_lee", "diary", AuditEvent.ALLOWED), ("dr_lee", "medications", AuditEvent.REFUSED)]
    stranger = get_user_model().objects.create_user("eve")
    assert not gate.may_see(stranger, pat, "diary")
    assert AuditEvent.objects.filter(actor=stranger, outcome=AuditEvent.REFUSED).count() == 1


def test_the_ownership_helpers_go_through_the_gate(pat, doc):
    from painscope.web.journal import services as journal

    Entry.objects.create(owner=pat, utc=datetime(2024, 3, 1, 8, tzinfo=UTC), local_date=date(2024, 3, 1))
    Medication.objects.create(owner=pat, name="Duloxetine", dose=30, start_date=date(2024, 1, 1))
    linked(pat, doc, scope="diary")
    assert journal.entries_for_user(pat, viewer=doc).count() == 1
    with pytest.raises(Http404):
        journal.medications_for_user(pat, viewer=doc)
    assert journal.medications_for_user(pat).count() == 1  # the owner


def test_the_audit_log_is_append_only(pat, doc):
    linked(pat, doc)
    event = AuditEvent.objects.filter(event="share.accept").get()
    event.event = "nothing happened"
    with pytest.raises(PermissionError, match="append-only"):
        event.save()
    with pytest.raises(PermissionError, match="append-only"):
        event.delete()
    if connection.vendor in ("sqlite", "postgresql"):  # the database refuses it too
        with pytest.raises(Exception, match="append-only"), transaction.atomic():
            AuditEvent.objects.filter(pk=event.pk).update(route="/elsewhere")
    assert AuditEvent.objects.get(pk=event.pk).event == "share.accept"


def test_deleting_an_account_erases_its_shares_and_audit_trail(pat, doc):
    linked(pat, doc)
    gate.may_see(doc, pat, "diary")
    other = get_user_model().objects.create_user("other")
    linked(other, doc)
    doc.delete()  # the clinician's account: the patients' trails keep the fact, not the name
    assert not Share.objects.filter(clinician_id__isnull=False).exists()
    kept = AuditEvent.objects.filter(patient=pat, event="view").get()
    assert kept.actor_id is None and services.actor_name(kept) == "an account since deleted"
    pat.delete()
    assert not AuditEvent.objects.filter(patient_id=pat.pk).exists() and not Share.objects.filter(patient_id=pat.pk).exists()
    assert AuditEvent.objects.filter(patient=other).exists()


def test_one_notice_per_answer_and_only_to_linked_clinicians(pat, doc):
    from painscope.web.assessments.services import score_and_store
    from painscope.web.care.models import Notification

    linked(pat, doc, scope="questionnaires")
    unlinked = get_user_model().objects.create_user("dr_far")
    services.set_role(unlinked, "clinician")
    answers = {**{f"phq9-{i}": 1 for i in range(1, 9)}, "phq9-9": 1}
    adm = score_and_store(pat, "phq9", answers)
    assert list(Notification.objects.values_list("recipient__username", "patient__username")) == [("dr_lee", "pat")]
    services.notify_item9(adm)  # again: still one
    assert Notification.objects.count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(recipient=doc, patient=pat, kind=Notification.PHQ9_ITEM9, administration_id=adm.pk)
    score_and_store(pat, "phq9", {**answers, "phq9-9": 0})  # item 9 "not at all": no notice
    assert Notification.objects.count() == 1


def test_no_notice_without_questionnaires_in_scope(pat, doc):
    from painscope.web.assessments.services import score_and_store
    from painscope.web.care.models import Notification

    linked(pat, doc, scope="diary")
    score_and_store(pat, "phq9", {**{f"phq9-{i}": 0 for i in range(1, 9)}, "phq9-9": 2})
    assert not Notification.objects.exists()


def test_assigning_a_questionnaire_records_the_clinician(pat, doc):
    from painscope.web.assessments.models import AssessmentSchedule

    linked(pat, doc, scope="questionnaires")
    schedule = services.assign_questionnaire(doc, pat, "phq9", 14)
    assert (schedule.owner, schedule.author, schedule.every_days) == (pat, doc, 14)
    assert AssessmentSchedule.objects.filter(owner=pat).count() == 1
    assert AuditEvent.objects.filter(event="assign", action="C", actor=doc).exists()
    with pytest.raises(services.CareError, match="unknown or unavailable 'nope'"):
        services.assign_questionnaire(doc, pat, "nope", 14)
    with pytest.raises(services.CareError, match="every_days must be"):
        services.assign_questionnaire(doc, pat, "phq9", 0)
    services.revoke(pat, clinician_username="dr_lee")
    with pytest.raises(Http404):
        services.assign_questionnaire(doc, pat, "gad7", 14)
