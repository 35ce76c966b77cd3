"""Forgotten passwords: a reset link by e-mail that does not tell who has an account, and
``painscope user password NAME`` for the person who runs the site."""

from __future__ import annotations

import html
import io
import re
import sys

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse

from painscope import cli
from painscope.web.accounts.models import ApiToken

pytestmark = pytest.mark.django_db

PASSWORD = "a calm river 42"
NEW = "a quiet lake 2024"


@pytest.fixture
def sam(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_ENABLED = True
    settings.EMAIL_IN_BACKGROUND = False
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return get_user_model().objects.create_user("sam", email="sam@example.org", password=PASSWORD)


def page(response) -> str:
    return html.unescape(response.content.decode())


def _visible(response) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def test_sign_in_page_offers_the_reset(client):
    assert reverse("password_reset") in client.get(reverse("login")).content.decode()


def test_person_resets_their_password_from_the_emailed_link(client, sam):
    _, token = ApiToken.issue(sam)
    response = client.post(reverse("password_reset"), {"email": "sam@example.org"})
    assert response.status_code == 302 and response["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["sam@example.org"] and "painscope" in message.subject
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", message.body).group(1)
    form_page = client.get(link, follow=True)
    assert "Choose a new password" in page(form_page)
    done = client.post(form_page.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW})
    assert done.status_code == 302 and done["Location"] == reverse("password_reset_complete")
    sam.refresh_from_db()
    assert sam.check_password(NEW)
    assert Client(HTTP_AUTHORIZATION=f"Bearer {token}").get("/api/v1/entries").status_code == 401
    # the link works once
    again = client.get(link, follow=True)
    assert "This link no longer works" in page(again)


def test_the_answer_is_the_same_for_an_address_with_no_account(sam):
    known, unknown = Client(), Client()
    a = known.post(reverse("password_reset"), {"email": "sam@example.org"})
    b = unknown.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert (a.status_code, a["Location"]) == (b.status_code, b["Location"])
    assert _visible(known.get(a["Location"])) == _visible(unknown.get(b["Location"]))
    assert [m.to for m in mail.outbox] == [["sam@example.org"]]


def test_a_weak_new_password_is_refused_next_to_the_field(client, sam):
    client.post(reverse("password_reset"), {"email": "sam@example.org"})
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    response = client.post(form_page.redirect_chain[-1][0], {"new_password1": "sam12345", "new_password2": "sam12345"})
    assert response.status_code == 200 and "This password is too short" in page(response)
    sam.refresh_from_db()
    assert sam.check_password(PASSWORD)


def test_reset_emails_are_limited_per_address(sam, settings):
    settings.RESETS_PER_HOUR = 2
    client = Client(REMOTE_ADDR="192.0.2.50")
    for _ in range(2):
        assert client.post(reverse("password_reset"), {"email": "sam@example.org"}).status_code == 302
    refused = client.post(reverse("password_reset"), {"email": "sam@example.org"})
    assert refused.status_code == 429 and "paused" in page(refused)
    assert len(mail.outbox) == 2


def test_without_smtp_the_page_says_no_email_can_be_sent(client, sam, settings):
    settings.EMAIL_ENABLED = False
    response = client.get(reverse("password_reset"))
    assert "can't send e-mail" in page(response) and "painscope user password" in page(response)
    client.post(reverse("password_reset"), {"email": "sam@example.org"})
    assert mail.outbox == []


def test_the_reset_does_not_skip_two_step_sign_in(client, sam):
    from django_otp.oath import TOTP

    from painscope.web.accounts import twofactor

    device = twofactor.start_enrolment(sam)
    otp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    twofactor.confirm_enrolment(sam, device, f"{otp.token():06d}")
    client.post(reverse("password_reset"), {"email": "sam@example.org"})
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    client.post(form_page.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW})
    response = client.post(reverse("login"), {"username": "sam", "password": NEW})
    assert response["Location"].startswith(reverse("login_code"))
    assert client.get(reverse("entries")).status_code == 302


def run_cli(*argv: str, stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    old = sys.stdin, sys.stdout, sys.stderr
    sys.stdin, sys.stdout, sys.stderr = io.StringIO(stdin), out, err
    try:
        code = cli.main(list(argv))
    finally:
        sys.stdin, sys.stdout, sys.stderr = old
    return code, out.getvalue(), err.getvalue()


def test_cli_sets_a_new_password_from_stdin_and_ends_tokens_and_sessions(sam):
    _, token = ApiToken.issue(sam)
    browser = Client()
    browser.force_login(sam)
    code, out, err = run_cli("user", "password", "sam", stdin=NEW + "\n")
    assert code == 0 and out == "" and "changed" in err
    sam.refresh_from_db()
    assert sam.check_password(NEW)
    assert Client(HTTP_AUTHORIZATION=f"Bearer {token}").get("/api/v1/entries").status_code == 401
    assert browser.get(reverse("entries")).status_code == 302  # signed out everywhere


@pytest.mark.parametrize(("given", "says"), [("short", "too short"), ("password123", "too common"), ("", "no password")])
def test_cli_refuses_a_password_the_site_would_refuse(sam, given, says):
    code, _, err = run_cli("user", "password", "sam", stdin=given + "\n")
    assert code == 2 and says in err
    sam.refresh_from_db()
    assert sam.check_password(PASSWORD)


def test_cli_password_for_an_unknown_user(sam):
    code, _, err = run_cli("user", "password", "nobody", stdin=NEW + "\n")
    assert code == 2 and "no user named 'nobody'" in err


def test_the_person_is_told_when_their_password_or_two_step_sign_in_changes(sam):
    from django_otp.oath import TOTP

    from painscope.web.accounts import twofactor

    client = Client()
    client.force_login(sam)
    client.post(reverse("password_change"), {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW})
    assert [m.to for m in mail.outbox] == [["sam@example.org"]]
    assert "password" in mail.outbox[0].body and NEW not in mail.outbox[0].body
    client.post(reverse("two_factor"), {"action": "start"})
    device = twofactor.pending_device(sam)
    otp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    client.post(reverse("two_factor"), {"action": "confirm", "code": f"{otp.token():06d}"})
    assert "turned on" in mail.outbox[1].body
    client.post(reverse("two_factor"), {"action": "off", "password": NEW})
    assert "turned off" in mail.outbox[2].body and len(mail.outbox) == 3


def test_no_notice_without_smtp(sam, settings):
    settings.EMAIL_ENABLED = False
    sam.set_password(NEW)
    sam.save()
    assert mail.outbox == []
