"""On a phone (390×844, headless Chromium): make an API token, set up two-step sign-in from
the QR page, sign in again with a code, and erase the account. Screenshots go to
``test-artifacts/e2e/accounts-*.png``."""

from __future__ import annotations

import re

import pytest

from tests.e2e.care_walks import app_code, step_now
from tests.e2e.test_phone_checkin import (
    ARTIFACTS,
    CHROMIUM,
    LAUNCH_ARGS,
    PASSWORD,
    USERNAME,
    add_strict_csp,
    assert_fits_a_phone,
    server,  # noqa: F401 - the fixture: `painscope serve` on a temporary data folder
)

pytestmark = pytest.mark.e2e


def test_person_runs_their_account_on_a_phone(server):  # noqa: F811
    from playwright.sync_api import expect, sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                      device_scale_factor=2)
        context.route(server + "/**", add_strict_csp)
        page = context.new_page()
        page.set_default_timeout(15_000)
        offsite: list[str] = []
        page.on("request", lambda r: offsite.append(r.url) if not r.url.startswith(server) else None)
        problems: list[str] = []
        page.on("pageerror", lambda e: problems.append(f"script error: {e}"))
        page.on("console", lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None)

        page.goto(server + "/accounts/login/")
        page.get_by_label("Username").fill(USERNAME)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").tap()
        expect(page.get_by_role("heading", name="Overview")).to_be_visible()

        page.goto(server + "/accounts/profile/")
        page.get_by_text("Make a new token").tap()
        page.get_by_label("Name").fill("sleep app")
        page.get_by_role("button", name="Make token").tap()
        token = page.locator("#new-token").inner_text()
        assert token.startswith("ps_")
        expect(page.get_by_role("button", name="Stop this token “sleep app”")).to_be_visible()
        page.screenshot(path=ARTIFACTS / "accounts-1-token.png", full_page=True)
        assert_fits_a_phone(page, "the account page")

        page.get_by_role("link", name="Set up two-step sign-in").tap()
        page.get_by_role("button", name="Set up two-step sign-in").tap()
        expect(page.locator("figure.qr svg")).to_be_visible()
        page.get_by_text("Can't scan it?").tap()
        secret = page.locator("details code").inner_text()
        page.screenshot(path=ARTIFACTS / "accounts-2-qr.png", full_page=True)
        assert_fits_a_phone(page, "the set-up page")
        set_up_step = step_now()
        page.get_by_label("Code from the app").fill(app_code(secret, set_up_step))
        page.get_by_role("button", name="Turn on two-step sign-in").tap()
        expect(page.get_by_role("heading", name="Save your recovery codes")).to_be_visible()
        codes = page.locator(".recovery-codes code").all_inner_texts()
        assert len(codes) == 10 and all(re.fullmatch(r"[a-z0-9]{5}-[a-z0-9]{5}", c) for c in codes)
        page.screenshot(path=ARTIFACTS / "accounts-3-recovery-codes.png", full_page=True)
        assert_fits_a_phone(page, "the recovery codes")

        page.get_by_role("button", name=f"Sign out ({USERNAME})").tap()
        page.get_by_label("Username").fill(USERNAME)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").tap()
        expect(page.get_by_role("heading", name="Enter the code from your app")).to_be_visible()
        page.screenshot(path=ARTIFACTS / "accounts-4-code-step.png", full_page=True)
        assert_fits_a_phone(page, "the code step")
        # A code is good once (the set-up's step is used) and within a step of the clock the
        # site last saw (it follows an app whose code arrived a step late, django_otp's drift):
        # the code shown now, or the next one while still in the set-up's step.
        page.get_by_label("Code").fill(app_code(secret, max(step_now(), set_up_step + 1)))
        page.get_by_role("button", name="Go on").tap()
        expect(page.get_by_role("heading", name="Overview")).to_be_visible()

        page.goto(server + "/accounts/delete/")
        expect(page.get_by_role("link", name="Download your data")).to_be_visible()
        page.get_by_label("Type your username to confirm").fill(USERNAME)
        page.get_by_label("Your password").fill(PASSWORD)
        page.get_by_label("Code from your authenticator app").fill(codes[0])
        page.screenshot(path=ARTIFACTS / "accounts-5-delete.png", full_page=True)
        assert_fits_a_phone(page, "the delete page")
        page.get_by_role("button", name="Erase my account").tap()
        expect(page.get_by_role("heading", name="Your account is erased")).to_be_visible()
        page.goto(server + "/accounts/login/")
        page.get_by_label("Username").fill(USERNAME)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").tap()
        expect(page.get_by_text("Please enter a correct username and password")).to_be_visible()
        browser.close()
    assert offsite == [], f"pages loaded something from another site: {offsite}"
    assert problems == [], f"scripts failed or broke the strict CSP: {problems}"
