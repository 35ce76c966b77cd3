"""The pieces of the care-loop walk on a phone (used by ``test_care_loop_phone.py``).

A real ``painscope serve`` on a temporary data folder (its embedded job runner sends the
reminders), people made by ``painscope user create``, and Debian's Chromium driven through
Playwright at 390×844 with touch, one browser context per phone.

There is no push service on this machine (Chromium's own needs the internet), so the walk
plays it: the browser's subscription is replaced by one whose keys the test holds, with an
endpoint on 127.0.0.1 that checks the VAPID JWT and decrypts the message (RFC 8291); the
decrypted message is handed to the service worker as a push event through the DevTools
protocol (``ServiceWorker.deliverPushMessage``), as a push service would.
"""

from __future__ import annotations

import base64
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.e2e.test_phone_checkin import (
    LAUNCH_ARGS,
    add_strict_csp,
    assert_fits_a_phone,
    command_line,
    serve_on,
)
from tests.web.reminders_support import PushEndpoint, Received

REPO = Path(__file__).resolve().parents[2]
PAINSCOPE = Path(sys.executable).with_name("painscope")
PASSWORD = "slow mornings 2024"

__all__ = [
    "LAUNCH_ARGS",
    "PASSWORD",
    "clinician_sign_in",
    "painscope_serve",
    "phone",
    "reminder_and_dose_walk",
    "sharing_walk",
    "sign_in",
]

NOTIFICATIONS = """() => navigator.serviceWorker.ready.then(r => r.getNotifications()).then(ns => ns.map(n => (
  {title: n.title, body: n.body, tag: n.tag, actions: n.actions.map(a => a.action)})))"""


@contextmanager
def painscope_serve(data: Path, people: dict[str, str], **env_extra: str) -> Iterator[str]:
    """``painscope serve`` on ``data`` with ``people`` (name → role) made first; yields its URL.

    On the way out it fails if the server printed a traceback.
    """
    env = {**os.environ, "PAINSCOPE_DATA_DIR": str(data), **env_extra}
    env.pop("DATABASE_URL", None)  # its own SQLite store, whichever pass the suite is in
    command = command_line()
    for name, role in people.items():
        subprocess.run([*command, "user", "create", name, "--role", role, "--data-dir", str(data)],
                       input=PASSWORD + "\n", text=True, check=True, env=env, capture_output=True, timeout=60)
    with serve_on(command, data, env) as base:
        yield base
    served = (data / "serve.log").read_text()
    assert "Traceback" not in served, served[-3000:]


def phone(browser, server: str, problems: list[str], *, notifications: bool = False):
    """A new phone (browser context) with the strict CSP; script and CSP errors go to ``problems``."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                  device_scale_factor=2)
    if notifications:
        context.grant_permissions(["notifications"], origin=server)
    context.route(server + "/**", add_strict_csp)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.on("pageerror", lambda e: problems.append(f"script error: {e}"))
    page.on("console", lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None)
    return page


def sign_in(page, server: str, username: str) -> None:
    from playwright.sync_api import expect

    page.goto(server + "/accounts/login/")  # "/" is the public landing page when signed out
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").tap()
    expect(page.get_by_role("heading", name="Overview")).to_be_visible()


def step_now() -> int:
    """The authenticator apps' current 30-second step."""
    return int(time.time() // 30)


def app_code(secret_text: str, step: int | None = None) -> str:
    """What an authenticator app shows for the secret typed in by hand, now or during ``step``."""
    from django_otp.oath import TOTP

    raw = secret_text.replace(" ", "")
    otp = TOTP(base64.b32decode(raw + "=" * (-len(raw) % 8)), 30, 0, 6, 0)
    otp.time = time.time() if step is None else step * 30 + 15
    return f"{otp.token():06d}"


def clinician_sign_in(page, server: str, username: str, shots: Path) -> None:
    """A clinician's first sign-in: the site sends them to set up two-step sign-in first."""
    from playwright.sync_api import expect

    page.goto(server + "/accounts/login/")  # "/" is the public landing page when signed out
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").tap()
    page.get_by_role("button", name="Set up two-step sign-in").tap()
    expect(page.locator("figure.qr svg")).to_be_visible()
    page.get_by_text("Can't scan it?").tap()
    secret = page.locator("details code").inner_text()
    page.get_by_label("Code from the app").fill(app_code(secret))
    page.get_by_role("button", name="Turn on two-step sign-in").tap()
    expect(page.get_by_role("heading", name="Save your recovery codes")).to_be_visible()
    page.screenshot(path=shots / "clinician-two-step.png", full_page=True)


def reminder_and_dose_walk(page, server: str, push_service: PushEndpoint, shots: Path) -> Received:
    """A signed-in person sets a check-in reminder and a medication due in about a minute;
    the server's runner sends the dose reminder; the notification appears; "Taken" logs it.
    Returns the push message as the push service received it."""
    from playwright.sync_api import expect

    context = page.context
    # A check-in reminder, set on the Reminders page.
    page.get_by_role("link", name="More", exact=True).tap()  # on a phone: the bottom bar
    page.locator(".more-list").get_by_role("link", name="Reminders").tap()
    expect(page.get_by_role("heading", name="Reminders", exact=True)).to_be_visible()
    page.get_by_label("At what times?").fill("20:00")
    page.get_by_role("button", name="Save check-in reminder").tap()
    expect(page.get_by_text("Check-in reminder saved.")).to_be_visible()
    expect(page.get_by_text("Next:")).to_be_visible()
    assert_fits_a_phone(page, "the reminders page")
    page.screenshot(path=shots / "01-reminders.png", full_page=True)

    # Notifications on: the button registers the service worker; the browser's own push
    # service is out of reach here, so the test's loopback one is subscribed.
    page.get_by_role("button", name="Turn on notifications here").tap()
    page.wait_for_function("() => navigator.serviceWorker.controller !== null || "
                           "navigator.serviceWorker.getRegistration().then(r => !!(r && r.active))")
    status = page.evaluate(
        """(sub) => fetch('/reminders/push/subscribe/', {method: 'POST', credentials: 'same-origin',
             headers: {'Content-Type': 'application/json',
                       'X-CSRFToken': document.querySelector('input[name=csrfmiddlewaretoken]').value},
             body: JSON.stringify(sub)}).then(r => r.status)""", push_service.subscription("e2e"))
    assert status == 200

    # A medication due in about a minute (the account's zone is UTC).
    due = (datetime.now(UTC) + timedelta(seconds=75)).replace(second=0, microsecond=0)
    page.goto(server + "/medications/new/")
    page.get_by_label("Name").fill("Amitriptyline")
    page.get_by_label("Dose per intake").fill("10")
    page.get_by_label("Times of day").fill(f"{due:%H:%M}")
    page.get_by_label("Pills (or doses) left (optional)").fill("20")
    page.get_by_role("button", name="Save").first.tap()
    expect(page.get_by_text("Amitriptyline is saved.")).to_be_visible()

    # The runner inside `painscope serve` sends it at its time.
    deadline = time.monotonic() + 150
    while not push_service.received and time.monotonic() < deadline:
        time.sleep(0.5)
    assert push_service.errors == []
    assert push_service.received, "no push message reached the loopback push service"
    message = push_service.received[0]
    assert message.doc["body"] == "A dose is due now." and "Amitriptyline" not in message.plaintext.decode()
    assert message.doc["kind"] == "dose"
    assert datetime.now(UTC) >= due

    # The push service delivers it to the browser; the service worker shows it.
    page.goto(server + "/reminders/")
    cdp = context.new_cdp_session(page)
    registrations: list[dict] = []
    cdp.on("ServiceWorker.workerRegistrationUpdated", lambda e: registrations.extend(e["registrations"]))
    cdp.send("ServiceWorker.enable")
    deadline = time.monotonic() + 10
    while not registrations and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    reg = next(r for r in registrations if not r.get("isDeleted"))
    cdp.send("ServiceWorker.deliverPushMessage", {"origin": server, "registrationId": reg["registrationId"],
                                                  "data": message.plaintext.decode()})
    page.wait_for_function(NOTIFICATIONS.replace("ns.map", "ns.length > 0 && ns.map"))
    assert page.evaluate(NOTIFICATIONS) == [{"title": "painscope", "body": "A dose is due now.",
                                             "tag": message.doc["tag"], "actions": ["taken", "skip"]}]

    # "Taken": the service worker runs the same handler its notificationclick listener runs.
    worker = context.service_workers[0] if context.service_workers else context.wait_for_event("serviceworker")
    result = worker.evaluate(
        "() => self.registration.getNotifications().then(ns => self.painscopeHandleAction('taken', ns[0].data))")
    assert result["ok"] is True and result["url"] == "/medications/"
    assert result["message"] == "Amitriptyline is logged as taken."

    page.goto(server + "/medications/")
    expect(page.get_by_text("19 left.")).to_be_visible()
    expect(page.get_by_text("Recent: taken")).to_be_visible()
    page.screenshot(path=shots / "02-taken.png", full_page=True)
    page.goto(server + "/reminders/")
    expect(page.get_by_text("Amitriptyline · taken")).to_be_visible()
    return message


def sharing_walk(patient, doctor, server: str, patient_name: str, clinician_name: str, shots: Path) -> None:
    """The signed-in patient makes a sharing code; the clinician (two-step sign-in set up on
    the way) adds the patient and opens the summary; the patient sees that look in the
    access log and revokes; the clinician's next request is a 404."""
    from playwright.sync_api import expect

    patient.get_by_role("link", name="More", exact=True).tap()
    patient.locator(".more-list").get_by_role("link", name="Sharing").tap()
    expect(patient.get_by_role("heading", name="Sharing with a clinician")).to_be_visible()
    patient.get_by_label("Medications and doses").uncheck()
    patient.locator("label.chip", has_text="30 days").tap()
    patient.screenshot(path=shots / "03-sharing.png", full_page=True)
    assert_fits_a_phone(patient, "the sharing page")
    patient.get_by_role("button", name="Make a sharing code").tap()
    expect(patient.get_by_role("heading", name="Your sharing code")).to_be_visible()
    code = patient.locator("#share-code").inner_text().strip()
    assert len(code) == 14
    patient.screenshot(path=shots / "04-code.png", full_page=True)
    assert_fits_a_phone(patient, "the code page")

    # the clinician enters it and opens the summary
    clinician_sign_in(doctor, server, clinician_name, shots)  # required for clinicians
    doctor.goto(server + "/care/patients/")
    doctor.get_by_role("link", name="Enter a patient's code").tap()
    doctor.get_by_label("Sharing code").fill(code)
    assert_fits_a_phone(doctor, "the code entry page")
    doctor.get_by_role("button", name="Add the patient").tap()
    expect(doctor.get_by_role("heading", name=f"{patient_name}: summary")).to_be_visible()
    expect(doctor.get_by_role("heading", name="Not shared with you")).to_be_visible()  # medications were unticked
    doctor.screenshot(path=shots / "05-summary.png", full_page=True)
    assert_fits_a_phone(doctor, "the patient summary")
    doctor.get_by_role("link", name="Back to your patients").tap()
    # exact: the summary's own heading "<patient>: summary" would match a substring at once
    expect(doctor.get_by_role("heading", name=patient_name, exact=True)).to_be_visible()
    assert_fits_a_phone(doctor, "the patients list")
    # (the strict-CSP route follows redirects itself, so page.url can lag behind; read the link)
    summary_url = server + doctor.get_by_role("link", name=f"Open the summary of {patient_name}").get_attribute("href")

    # the patient sees the look in the access log
    patient.goto(server + "/care/audit")
    expect(patient.locator(".audit-list li", has_text=f"{clinician_name} looked at your check-ins").first).to_be_visible()
    patient.screenshot(path=shots / "06-audit.png", full_page=True)
    assert_fits_a_phone(patient, "the access log")

    # and revokes: the clinician's next request gets 404
    patient.get_by_role("link", name="Back to sharing").tap()
    patient.get_by_role("button", name=f"Stop sharing with {clinician_name}").tap()
    expect(patient.get_by_text(f"Sharing with {clinician_name} has ended.")).to_be_visible()
    response = doctor.goto(summary_url)
    assert response is not None and response.status == 404
    doctor.screenshot(path=shots / "07-after-revoke.png", full_page=True)
