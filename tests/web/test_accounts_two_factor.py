"""Two-step sign-in: setting up an authenticator app, signing in with a code or a recovery
code, and clinicians, who must have it before anything else."""

from __future__ import annotations

import html
import re
import time

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from painscope.web.accounts import twofactor
from painscope.web.accounts.models import ApiToken, RecoveryCode

pytestmark = pytest.mark.django_db

PASSWORD = "a calm river 42"


def text(response) -> str:
    return html.unescape(response.content.decode())


def code_for(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """What the person's authenticator app shows now (or ``steps_ahead`` 30-s steps on)."""
    device.refresh_from_db()
    otp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    otp.time = time.time() + steps_ahead * device.step
    return f"{otp.token():0{device.digits}d}"


def enrolled(user) -> tuple[TOTPDevice, list[str]]:
    device = twofactor.start_enrolment(user)
    codes = twofactor.confirm_enrolment(user, device, code_for(device))
    assert codes is not None
    device.refresh_from_db()
    return device, codes


def verified_client(user, device: TOTPDevice) -> Client:
    """A browser signed in with password and code (what the code step leaves behind)."""
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def sam(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return get_user_model().objects.create_user("sam", password=PASSWORD)


@pytest.fixture
def clinician(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    user = get_user_model().objects.create_user("dr_kim", password=PASSWORD)
    user.groups.add(Group.objects.get_or_create(name="clinician")[0])
    return user


def test_person_sets_up_the_app_from_a_qr_code_drawn_on_the_server(client, sam):
    client.force_login(sam)
    page = text(client.get(reverse("two_factor")))
    assert "Set up two-step sign-in" in page
    client.post(reverse("two_factor"), {"action": "start"})
    response = client.get(reverse("two_factor"))
    page = text(response)
    assert "<svg" in page and "QR code for your authenticator app" in page  # inline, no script, no image host
    assert response["Cache-Control"] == "no-store"
    device = TOTPDevice.objects.get(user=sam, confirmed=False)
    assert twofactor.secret_text(device).replace(" ", "") in page.replace(" ", "")
    assert len(device.bin_key) * 8 >= 160  # RFC 4226 §4: 160-bit secrets recommended

    wrong = client.post(reverse("two_factor"), {"action": "confirm", "code": "000000" if code_for(device) != "000000" else "111111"})
    assert wrong.status_code == 400 and "doesn't match" in text(wrong)
    assert not twofactor.has_two_factor(sam)
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)  # past the 1-s back-off

    done = client.post(reverse("two_factor"), {"action": "confirm", "code": code_for(device)})
    assert done.status_code == 200 and done["Cache-Control"] == "no-store"
    shown = re.findall(r"<code>([a-z0-9]{5}-[a-z0-9]{5})</code>", text(done))
    assert len(shown) == 10 and len(set(shown)) == 10
    assert twofactor.has_two_factor(sam)
    # only keyed hashes are stored
    stored = set(RecoveryCode.objects.filter(user=sam).values_list("digest", flat=True))
    assert len(stored) == 10 and not any(c.replace("-", "") in d for c in shown for d in stored)
    # the session that set it up counts as verified
    assert client.get(reverse("entries")).status_code == 200


def test_with_the_app_on_signing_in_needs_the_code_after_the_password(client, sam):
    device, _ = enrolled(sam)
    response = client.post(reverse("login"), {"username": "sam", "password": PASSWORD, "next": "/entries/"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("login_code"))
    # not signed in yet: pages still ask for sign-in
    assert client.get(reverse("entries"))["Location"].startswith(reverse("login"))
    wrong = client.post(reverse("login_code"), {"code": "12345x", "next": "/entries/"})
    assert wrong.status_code == 200 and "doesn't match" in text(wrong)
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)  # past the 1-s back-off
    ok = client.post(reverse("login_code"), {"code": code_for(device, steps_ahead=1), "next": "/entries/"})
    assert ok.status_code == 302 and ok["Location"] == "/entries/"
    assert client.get(reverse("entries")).status_code == 200


def test_a_code_works_only_once(client, sam):
    device, _ = enrolled(sam)  # used the code of this 30-s step
    client.post(reverse("login"), {"username": "sam", "password": PASSWORD})
    reused = client.post(reverse("login_code"), {"code": code_for(device)})
    assert reused.status_code == 200 and "doesn't match" in text(reused)


def test_repeated_wrong_codes_make_the_person_wait(client, sam):
    device, _ = enrolled(sam)
    client.post(reverse("login"), {"username": "sam", "password": PASSWORD})
    client.post(reverse("login_code"), {"code": "000001"})
    client.post(reverse("login_code"), {"code": "000002"})
    # the next try, even with the right code, comes within the back-off (1 s, then 2 s)
    waiting = client.post(reverse("login_code"), {"code": code_for(device, steps_ahead=1)})
    assert "wait a minute" in text(waiting)
    assert client.get(reverse("entries")).status_code == 302


def test_a_recovery_code_gets_in_once(sam):
    _, codes = enrolled(sam)
    first = Client()
    first.post(reverse("login"), {"username": "sam", "password": PASSWORD})
    assert first.post(reverse("login_code"), {"code": codes[0].upper()})["Location"] == reverse("dashboard")
    assert RecoveryCode.objects.filter(user=sam).count() == 9
    second = Client()
    second.post(reverse("login"), {"username": "sam", "password": PASSWORD})
    again = second.post(reverse("login_code"), {"code": codes[0]})
    assert again.status_code == 200 and "doesn't match" in text(again)


def test_the_code_step_times_out_and_dies_with_a_password_change(client, sam):
    device, _ = enrolled(sam)
    client.post(reverse("login"), {"username": "sam", "password": PASSWORD})
    sam.set_password("a new calm river 43")
    sam.save()
    response = client.post(reverse("login_code"), {"code": code_for(device, steps_ahead=1)})
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert client.get(reverse("entries")).status_code == 302


def test_an_older_session_of_someone_who_turned_it_on_must_pass_the_code_step(sam):
    old = Client()
    old.force_login(sam)  # signed in with the password alone, before the app was set up
    device, _ = enrolled(sam)
    response = old.get(reverse("entries"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login_code"))
    assert old.get("/api/v1/entries").status_code == 403
    ok = old.post(reverse("login_code"), {"code": code_for(device, steps_ahead=1)})
    assert ok.status_code == 302
    assert old.get(reverse("entries")).status_code == 200


def test_a_person_can_turn_it_off_with_their_password(sam):
    device, _ = enrolled(sam)
    client = verified_client(sam, device)
    refused = client.post(reverse("two_factor"), {"action": "off", "password": "not it"})
    assert refused.status_code == 400 and twofactor.has_two_factor(sam)
    client.post(reverse("two_factor"), {"action": "off", "password": PASSWORD})
    assert not twofactor.has_two_factor(sam) and not RecoveryCode.objects.filter(user=sam).exists()


def test_new_recovery_codes_end_the_old_ones(sam):
    device, old_codes = enrolled(sam)
    client = verified_client(sam, device)
    page = text(client.post(reverse("two_factor"), {"action": "codes", "password": PASSWORD}))
    new_codes = re.findall(r"<code>([a-z0-9]{5}-[a-z0-9]{5})</code>", page)
    assert len(new_codes) == 10 and not set(new_codes) & set(old_codes)
    assert twofactor.check_second_factor(sam, old_codes[0])[0] == "wrong"


def test_clinician_without_the_app_is_sent_to_set_it_up_before_anything_else(clinician):
    client = Client()
    response = client.post(reverse("login"), {"username": "dr_kim", "password": PASSWORD})
    assert response.status_code == 302
    for page in (reverse("dashboard"), reverse("entries"), reverse("profile"), reverse("my_data")):
        response = client.get(page)
        assert response.status_code == 302 and response["Location"].startswith(reverse("two_factor")), page
    assert client.get("/api/v1/entries").status_code == 403  # the site's own scripts too
    setup = client.get(reverse("two_factor"))
    assert setup.status_code == 200 and "Clinician accounts need two-step sign-in" in text(setup)
    client.post(reverse("two_factor"), {"action": "start"})
    device = TOTPDevice.objects.get(user=clinician, confirmed=False)
    client.post(reverse("two_factor"), {"action": "confirm", "code": code_for(device)})
    assert client.get(reverse("entries")).status_code == 200


def test_clinician_cannot_turn_it_off(clinician):
    device, _ = enrolled(clinician)
    client = verified_client(clinician, device)
    client.post(reverse("two_factor"), {"action": "off", "password": PASSWORD})
    assert twofactor.has_two_factor(clinician)
    assert "must keep two-step sign-in" in text(client.get(reverse("two_factor")))


def test_clinician_api_token_is_the_credential_on_its_own(clinician):
    # Tokens are made by a verified session or by the site's operator (CLI).
    _, token = ApiToken.issue(clinician)
    assert Client(HTTP_AUTHORIZATION=f"Bearer {token}").get("/api/v1/entries").status_code == 200


def test_someone_elses_half_finished_sign_in_cannot_be_used(sam, clinician):
    enrolled(sam)
    attacker = Client()
    attacker.post(reverse("login"), {"username": "sam", "password": "wrong"})
    response = attacker.post(reverse("login_code"), {"code": "123456"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_operator_turns_it_off_for_a_lost_phone(sam):
    import io
    import json
    import sys

    from painscope import cli

    enrolled(sam)
    out = io.StringIO()
    old = sys.stdout
    sys.stdout = out
    try:
        assert cli.main(["user", "two-factor", "sam", "--json"]) == 0
        assert cli.main(["user", "two-factor", "sam", "--off", "--json"]) == 0
    finally:
        sys.stdout = old
    before, after = (json.loads(d) for d in out.getvalue().replace("}\n{", "}\n\x00{").split("\x00"))
    assert before == {"on": True, "recovery_codes_left": 10, "clinician": False}
    assert after == {"on": False, "recovery_codes_left": 0, "clinician": False}
    response = Client().post(reverse("login"), {"username": "sam", "password": PASSWORD})
    assert response["Location"] == reverse("dashboard")  # password alone again
