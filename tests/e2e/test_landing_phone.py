"""End to end on a phone (390×844): a visitor opens "/", reads the landing page, signs in
from its button and reaches the overview. Screenshots go to ``test-artifacts/e2e-landing/``.
"""

from __future__ import annotations

import shutil

import pytest

from tests.e2e.test_phone_checkin import (  # noqa: F401  (server is a fixture)
    CHROMIUM,
    LAUNCH_ARGS,
    PASSWORD,
    REPO,
    USERNAME,
    add_strict_csp,
    assert_fits_a_phone,
    server,
)

ARTIFACTS = REPO / "test-artifacts" / "e2e-landing"
pytestmark = pytest.mark.e2e


def test_visitor_reads_the_landing_page_on_a_phone_and_signs_in_from_it(server):  # noqa: F811
    from playwright.sync_api import expect, sync_playwright

    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                      device_scale_factor=2)
        context.route(server + "/**", add_strict_csp)
        page = context.new_page()
        page.set_default_timeout(30_000)
        problems: list[str] = []
        page.on("pageerror", lambda e: problems.append(f"script error: {e}"))
        page.on("console", lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None)

        page.goto(server + "/")
        expect(page.get_by_role("heading", name="A diary for people who live with pain")).to_be_visible()
        expect(page.get_by_text("has not said who they are")).to_be_visible()
        page.screenshot(path=ARTIFACTS / "01-landing.png", full_page=True)
        assert_fits_a_phone(page, "the landing page")
        main = page.locator("main")
        for name in ("Sign in", "Create an account"):
            box = main.get_by_role("link", name=name, exact=True).bounding_box()
            assert box["height"] >= 44 and box["width"] >= 44, (name, box)

        main.get_by_role("link", name="Sign in", exact=True).tap()
        page.get_by_label("Username").fill(USERNAME)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").tap()
        expect(page.get_by_role("heading", name="Overview")).to_be_visible()
        assert problems == []
        browser.close()
