"""Erasing an account: every row that points at the person goes, in every table (tables
added later included), with their files, sessions and sign-in records; the site keeps
only the fact that an account was erased, and when."""

from __future__ import annotations

import io
import json
import sys

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection, models
from django.test import Client
from django.urls import reverse

from painscope import cli
from painscope.web.accounts.erase import erase_account, relations_to_user
from painscope.web.accounts.models import ErasedAccount
from tests.web.test_ownership import OWNED_ID, SECRET, make_first_person, owned_models, snapshot

pytestmark = pytest.mark.django_db

PASSWORD = "a calm river 42"


@pytest.fixture
def people(settings, tmp_path):
    """Person A with a row in every model that belongs to a person (the ownership walk's
    filler: any model added later gets one too), a signed-in session, a failed sign-in
    record, an upload on disk; and person B, who must lose nothing."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    a = make_first_person()
    user = a["user"]
    from django.contrib.auth.hashers import make_password

    user.password = make_password(PASSWORD)  # not set_password: that would end A's API token
    user.save(update_fields=["password"])
    browser = Client()
    browser.force_login(user)
    Client().post(reverse("login"), {"username": user.username, "password": "wrong"})  # django-axes keeps the name
    from painscope.web.wearables.uploads import new_upload_dir

    upload = new_upload_dir(user.pk) / f"hrv {SECRET}.csv"
    upload.write_text(f"rr,{SECRET}\n")
    b_user = get_user_model().objects.create_user("bob", password=PASSWORD)
    b_browser = Client()
    b_browser.force_login(b_user)
    from painscope.web.journal.models import Entry

    Entry.objects.create(owner=b_user, utc="2024-03-02T08:00Z", offset_minutes=0, local_date="2024-03-02")
    return {"a": user, "a_browser": browser, "upload": upload, "b": b_user, "b_browser": b_browser, "b_before": snapshot(b_user)}


def rows_pointing_at(user_pk: int) -> dict[str, int]:
    """For every foreign key to the user in every installed model: rows that hold ``user_pk``."""
    User = get_user_model()
    found = {}
    for model in apps.get_models(include_auto_created=True):
        for f in model._meta.concrete_fields:
            if f.is_relation and f.related_model is User:
                n = model._base_manager.filter(**{f.attname: user_pk}).count()
                if n:
                    found[f"{model._meta.label}.{f.name}"] = n
    return found


def tables_mentioning(text: str) -> dict[str, int]:
    """Every table and text column in the database that still contains ``text``."""
    found = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            for col in connection.introspection.get_table_description(cursor, table):
                qn = connection.ops.quote_name
                cursor.execute(f"SELECT COUNT(*) FROM {qn(table)} WHERE CAST({qn(col.name)} AS TEXT) LIKE %s", [f"%{text}%"])
                n = cursor.fetchone()[0]
                if n:
                    found[f"{table}.{col.name}"] = n
    return found


def assert_erased(people, report=None) -> None:
    a_pk = people["a_pk"]
    assert rows_pointing_at(a_pk) == {}, "rows still point at the erased person"
    direct, children = owned_models()
    left = [m.__name__ for m in direct + children if m._base_manager.filter(pk=OWNED_ID).exists()]
    assert left == [], f"the erased person's rows are still in {left}"
    assert tables_mentioning(SECRET) == {}, "the erased person's words are still stored"
    assert not get_user_model().objects.filter(pk=a_pk).exists()
    assert not people["upload"].exists() and not people["upload"].parent.parent.exists()
    tomb = ErasedAccount.objects.get()
    assert {f.name for f in ErasedAccount._meta.concrete_fields} == {"id", "erased_at"}  # no id, no name
    assert tomb.erased_at.second == 0
    # person B lost nothing and stays signed in
    assert snapshot(people["b"]) == people["b_before"]
    assert people["b_browser"].get(reverse("entries")).status_code == 200


def test_the_filler_really_reaches_every_table_that_points_at_a_person(people):
    direct, _ = owned_models()
    assert len(direct) >= 10  # journal, assessments, wearables, insights, accounts, two-step devices ...
    assert set(rows_pointing_at(people["a"].pk)) >= {f"{m._meta.label}.{f.name}" for m in direct for f in m._meta.concrete_fields if f.is_relation and f.related_model is get_user_model()}
    assert tables_mentioning(SECRET)  # the scan finds the person's words before erasing


def test_erasing_removes_every_row_file_session_and_sign_in_record(people):
    people["a_pk"] = people["a"].pk
    from axes.models import AccessAttempt

    assert AccessAttempt.objects.filter(username=people["a"].username).exists()
    from django.contrib.sessions.models import Session

    key = people["a_browser"].cookies["sessionid"].value
    assert Session.objects.filter(session_key=key).exists()
    report = erase_account(people["a"])
    assert report.total_rows > 0 and report.sessions >= 1 and report.files >= 1
    assert not Session.objects.filter(session_key=key).exists()
    assert not AccessAttempt.objects.filter(username__contains=SECRET).exists()
    assert people["a_browser"].get(reverse("entries")).status_code == 302  # that session is gone
    assert_erased(people, report)


#: relations that deliberately do not cascade, each row still erased with its own owner FK
DECIDED = {
    # a revoked or deleted share leaves the patient's record that a look happened; the
    # audit row itself belongs to the patient (AuditEvent.patient cascades)
    "care.AuditEvent.share (SET_NULL)",
    # deleting a saved "Did it help" experiment keeps the programme enrolment, which is the
    # person's own row and goes with them (Enrolment.owner cascades)
    "programmes.Enrolment.experiment (SET_NULL)",
}


def test_every_relation_to_a_persons_rows_cascades():
    """A child of a person's row that does not go with it (PROTECT blocks the erasure,
    SET_NULL leaves it behind) must be named here, so its app decides what erasing means."""
    direct, _ = owned_models()
    wrong = []
    for model in apps.get_models(include_auto_created=True):
        for f in model._meta.concrete_fields:
            if f.is_relation and f.related_model in direct and f.remote_field.on_delete is not models.CASCADE:
                wrong.append(f"{model._meta.label}.{f.name} ({f.remote_field.on_delete.__name__})")
    assert sorted(set(wrong) - DECIDED) == []


def test_the_walk_finds_every_foreign_key_to_the_user():
    User = get_user_model()
    expected = {
        (m, f.name) for m in apps.get_models(include_auto_created=True) for f in m._meta.concrete_fields
        if f.is_relation and f.related_model is User
    }
    assert {(f.model, f.name) for f in relations_to_user()} == expected


def test_person_erases_their_account_from_the_page(people):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    people["a_pk"] = people["a"].pk
    TOTPDevice.objects.filter(user=people["a"]).delete()  # the filler's device: no app here
    client = people["a_browser"]
    page = client.get(reverse("delete_account")).content.decode()
    assert reverse("my_data") in page  # the export is offered first
    wrong = client.post(reverse("delete_account"), {"username": "someone", "password": PASSWORD})
    assert wrong.status_code == 400 and "Nothing was deleted" in wrong.content.decode()
    wrong = client.post(reverse("delete_account"), {"username": people["a"].username, "password": "nope"})
    assert wrong.status_code == 400
    assert get_user_model().objects.filter(pk=people["a_pk"]).exists()
    done = client.post(reverse("delete_account"), {"username": people["a"].username, "password": PASSWORD})
    assert done.status_code == 200 and "Your account is erased" in done.content.decode()
    assert client.get(reverse("entries")).status_code == 302
    assert_erased(people)


def test_with_two_step_sign_in_the_page_also_asks_for_a_code(people):
    import time

    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from painscope.web.accounts import twofactor

    user = people["a"]
    TOTPDevice.objects.filter(user=user).delete()
    device = twofactor.start_enrolment(user)
    otp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    twofactor.confirm_enrolment(user, device, f"{otp.token():06d}")
    client = people["a_browser"]
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    form = {"username": user.username, "password": PASSWORD}
    refused = client.post(reverse("delete_account"), form)
    assert refused.status_code == 400 and get_user_model().objects.filter(pk=user.pk).exists()
    device.refresh_from_db()
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)
    otp.time = time.time() + 30  # the next step's code (this step's was used to set up)
    done = client.post(reverse("delete_account"), {**form, "code": f"{otp.token():06d}"})
    assert done.status_code == 200 and not get_user_model().objects.filter(pk=user.pk).exists()


def run_cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    old = sys.stdin, sys.stdout, sys.stderr
    sys.stdin, sys.stdout, sys.stderr = io.StringIO(""), out, err
    try:
        code = cli.main(list(argv))
    finally:
        sys.stdin, sys.stdout, sys.stderr = old
    return code, out.getvalue(), err.getvalue()


def test_cli_erases_with_yes_and_reports(people):
    people["a_pk"] = people["a"].pk
    code, out, err = run_cli("user", "delete", people["a"].username)
    assert code == 2 and "--yes" in err and get_user_model().objects.filter(pk=people["a_pk"]).exists()
    code, out, _ = run_cli("user", "delete", people["a"].username, "--yes", "--json")
    assert code == 0
    doc = json.loads(out)
    assert doc["erased"] is True and doc["total_rows"] > 0 and SECRET not in out
    assert_erased(people)
    code, _, err = run_cli("user", "delete", people["a"].username, "--yes")
    assert code == 2 and "no user named" in err
