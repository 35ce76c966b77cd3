"""API tokens a clinic can run: they expire, end with a password change, are listed, made
and stopped on the account page and from the CLI, and reading never waits on a busy store."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from painscope import cli
from painscope.web.accounts.models import ApiToken

pytestmark = pytest.mark.django_db

PASSWORD = "a calm river 42"


def api_status(token: str) -> int:
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}").get("/api/v1/entries").status_code


@pytest.fixture
def lin(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return get_user_model().objects.create_user("lin", password=PASSWORD)


def test_a_token_works_until_it_expires(lin, settings):
    record, token = ApiToken.issue(lin)
    assert record.expires - timezone.now() > timedelta(days=settings.API_TOKEN_DAYS - 1)
    assert api_status(token) == 200
    ApiToken.objects.filter(pk=record.pk).update(expires=timezone.now() - timedelta(seconds=1))
    assert api_status(token) == 401


def test_token_lifetime_follows_the_site_setting(lin, settings):
    settings.API_TOKEN_DAYS = 7
    record, _ = ApiToken.issue(lin)
    assert timedelta(days=6) < record.expires - timezone.now() <= timedelta(days=7)
    with pytest.raises(ValueError, match="between 1 and"):
        ApiToken.issue(lin, days=settings.API_TOKEN_MAX_DAYS + 1)


def test_a_token_made_before_expiry_existed_lives_the_default_lifetime(lin, settings):
    record, token = ApiToken.issue(lin)
    ApiToken.objects.filter(pk=record.pk).update(expires=None)
    assert api_status(token) == 200
    ApiToken.objects.filter(pk=record.pk).update(created=timezone.now() - timedelta(days=settings.API_TOKEN_DAYS + 1))
    assert api_status(token) == 401


@pytest.mark.parametrize("route", ["change form", "reset form", "set_password"])
def test_every_token_ends_when_the_password_changes(lin, route):
    _, first = ApiToken.issue(lin, name="phone")
    _, second = ApiToken.issue(lin, name="script")
    assert api_status(first) == api_status(second) == 200
    new = "a brand new river 77"
    if route == "change form":
        client = Client()
        client.force_login(lin)
        response = client.post(reverse("password_change"), {"old_password": PASSWORD, "new_password1": new, "new_password2": new})
        assert response.status_code == 302
    elif route == "reset form":
        from django.contrib.auth.forms import SetPasswordForm

        form = SetPasswordForm(lin, {"new_password1": new, "new_password2": new})
        assert form.is_valid()
        form.save()
    else:
        lin.set_password(new)
        lin.save()
    assert api_status(first) == api_status(second) == 401
    assert not ApiToken.objects.filter(user=lin).exists()


def test_signing_in_again_does_not_end_tokens(lin, settings):
    _, token = ApiToken.issue(lin)
    # a hasher upgrade at sign-in rehashes the password without changing it
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher", "django.contrib.auth.hashers.MD5PasswordHasher"]
    assert Client().post(reverse("login"), {"username": "lin", "password": PASSWORD}).status_code == 302
    lin.refresh_from_db()
    assert lin.password.startswith("pbkdf2_")
    assert api_status(token) == 200


def test_account_page_lists_makes_and_stops_tokens(lin):
    client = Client()
    client.force_login(lin)
    made = client.post(reverse("token_create"), {"name": "sleep app", "days": 30})
    assert made.status_code == 200 and made["Cache-Control"] == "no-store"
    page = made.content.decode()
    token = page.split('<code id="new-token">')[1].split("</code>")[0]
    assert token.startswith("ps_") and api_status(token) == 200
    record = ApiToken.objects.get(user=lin)
    assert record.name == "sleep app" and timedelta(days=29) < record.expires - timezone.now() <= timedelta(days=30)
    listed = client.get(reverse("profile")).content.decode()
    assert "sleep app" in listed and record.hint in listed and token not in listed  # shown once only
    assert client.post(reverse("token_revoke", args=[record.pk])).status_code == 302
    assert api_status(token) == 401


def test_a_bad_token_form_says_which_field(lin):
    client = Client()
    client.force_login(lin)
    response = client.post(reverse("token_create"), {"name": "", "days": 5000})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Name:" in page and "Works for:" in page
    assert not ApiToken.objects.exists()


def test_nobody_can_stop_another_persons_token(lin):
    record, token = ApiToken.issue(lin)
    other = get_user_model().objects.create_user("bob")
    client = Client()
    client.force_login(other)
    assert client.post(reverse("token_revoke", args=[record.pk])).status_code == 404
    assert api_status(token) == 200


def run_cli(*argv: str, stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    old = sys.stdin, sys.stdout, sys.stderr
    sys.stdin, sys.stdout, sys.stderr = io.StringIO(stdin), out, err
    try:
        code = cli.main(list(argv))
    finally:
        sys.stdin, sys.stdout, sys.stderr = old
    return code, out.getvalue(), err.getvalue()


def test_cli_prints_a_new_token_lists_and_revokes(lin):
    code, out, _ = run_cli("user", "token", "lin")
    assert code == 0 and out.strip().startswith("ps_") and len(out.splitlines()) == 1
    token = out.strip()
    code, out, _ = run_cli("user", "token", "lin", "--list", "--json")
    rows = json.loads(out)["tokens"]
    assert code == 0 and [r["name"] for r in rows] == ["cli"] and token not in out
    assert api_status(token) == 200
    code, _, err = run_cli("user", "token", "lin", "--revoke", str(rows[0]["id"]))
    assert code == 0 and "no longer works" in err
    assert api_status(token) == 401
    code, _, err = run_cli("user", "token", "lin", "--revoke", str(rows[0]["id"]))
    assert code == 2 and "no token with id" in err


def test_cli_cannot_revoke_another_persons_token(lin):
    record, token = ApiToken.issue(lin)
    get_user_model().objects.create_user("bob")
    code, _, err = run_cli("user", "token", "bob", "--revoke", str(record.pk))
    assert code == 2 and "no token with id" in err and api_status(token) == 200


def test_cli_token_days(lin):
    code, out, _ = run_cli("user", "token", "lin", "--days", "3", "--json")
    doc = json.loads(out)
    assert code == 0 and doc["token"].startswith("ps_")
    assert timedelta(days=2) < ApiToken.objects.get(pk=doc["id"]).expires - timezone.now() <= timedelta(days=3)
    code, _, err = run_cli("user", "token", "lin", "--days", "0")
    assert code == 2 and "between 1 and" in err


LOCKED_STORE = r"""
import json, sqlite3, sys, threading, time
import django
django.setup()
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from painscope.web.accounts.models import ApiToken

user = get_user_model().objects.create_user("reader")
record, token = ApiToken.issue(user)
locked, release = threading.Event(), threading.Event()

def long_import():
    # what a big CSV import does: one IMMEDIATE transaction holding the write lock
    db = sqlite3.connect(settings.DATABASES["default"]["NAME"], timeout=1, isolation_level=None)
    db.execute("BEGIN IMMEDIATE")
    db.execute("UPDATE accounts_profile SET timezone = timezone")
    locked.set()
    release.wait(30)
    db.execute("COMMIT")
    db.close()

Client().get("/api/v1/entries")  # warm up (imports, URL map) without touching the token
t = threading.Thread(target=long_import)
t.start()
locked.wait(10)
client = Client(HTTP_AUTHORIZATION="Bearer " + token)
started = time.monotonic()
during = client.get("/api/v1/entries").status_code
took = time.monotonic() - started
record.refresh_from_db()
written_during = record.last_used is not None
release.set()
t.join()
after = client.get("/api/v1/entries").status_code
record.refresh_from_db()
print(json.dumps({"during": during, "took": took, "written_during": written_during,
                  "after": after, "written_after": record.last_used is not None}))
"""


def test_reading_with_a_token_never_waits_for_a_long_import(tmp_path):
    env = {**os.environ, "PAINSCOPE_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "painscope.web.settings"}
    env.pop("DATABASE_URL", None)  # this one is about SQLite's writer lock; PostgreSQL has no such wait
    done = subprocess.run([sys.executable, "-c", LOCKED_STORE], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["during"] == 200, result  # before: a 10-s wait, then "database is locked"
    assert result["took"] < 2, result
    assert result["written_during"] is False  # skipped while the store was busy ...
    assert result["after"] == 200 and result["written_after"] is True  # ... and recorded next time
