"""The care loop end to end, on phones at 390×844 with touch (issue 12's browser test).

One patient, one walk: they set a check-in reminder and a medication; the real
``painscope serve`` sends the dose reminder at its time as an encrypted Web Push message;
the notification appears and "Taken" from it logs the dose. Then the same patient invites
a clinician, who sets up two-step sign-in, adds the patient and opens the summary; the
patient sees that look in their access log, revokes, and the clinician's next request is a
404. How the push service is played, and each step: :mod:`tests.e2e.care_walks`.
Screenshots go to ``test-artifacts/e2e-care-loop/``.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest

from tests.e2e.care_walks import (
    LAUNCH_ARGS,
    REPO,
    painscope_serve,
    phone,
    reminder_and_dose_walk,
    sharing_walk,
    sign_in,
)
from tests.e2e.test_phone_checkin import CHROMIUM
from tests.web.reminders_support import PushEndpoint

pytestmark = pytest.mark.e2e
ARTIFACTS = REPO / "test-artifacts" / "e2e-care-loop"
PATIENT, CLINICIAN = "e2e-patient", "e2e-doctor"


@pytest.fixture(scope="module")
def push_service() -> Iterator[PushEndpoint]:
    ep = PushEndpoint().start()
    yield ep
    ep.stop()


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium is not installed at /usr/bin/chromium")
    pytest.importorskip("playwright.sync_api", reason="the playwright Python package is not installed")
    data = tmp_path_factory.mktemp("painscope-e2e-care-loop")
    with painscope_serve(data, {PATIENT: "patient", CLINICIAN: "clinician"}, PAINSCOPE_REMINDER_TICK="1",
                         PAINSCOPE_VAPID_SUBJECT="mailto:e2e@example.org", PAINSCOPE_PUSH_HOSTS="127.0.0.1") as base:
        yield base


def test_reminder_dose_taken_then_share_audit_revoke(server, push_service):
    from playwright.sync_api import sync_playwright

    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        patient = phone(browser, server, problems, notifications=True)
        sign_in(patient, server, PATIENT)
        reminder_and_dose_walk(patient, server, push_service, ARTIFACTS)
        doctor = phone(browser, server, problems)
        sharing_walk(patient, doctor, server, PATIENT, CLINICIAN, ARTIFACTS)
        browser.close()
    assert problems == [], f"scripts failed or broke the strict CSP: {problems}"
