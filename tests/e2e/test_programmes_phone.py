"""End to end on a phone (390×844): each programme started, one session done, adherence shown,
and all six in "Did it help". Same server and strict-CSP set-up as test_phone_checkin.
Screenshots go to ``test-artifacts/e2e-programmes/``.
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

ARTIFACTS = REPO / "test-artifacts" / "e2e-programmes"
pytestmark = pytest.mark.e2e


def test_each_programme_starts_runs_a_session_shows_adherence_and_is_in_did_it_help(server):  # noqa: F811
    from playwright.sync_api import expect, sync_playwright

    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                      device_scale_factor=2)
        context.route(server + "/**", add_strict_csp)
        page = context.new_page()
        # generous: the machine running the suite may be busy, and the education page runs the model once
        page.set_default_timeout(30_000)
        expect.set_options(timeout=15_000)
        offsite: list[str] = []
        page.on("request", lambda r: offsite.append(r.url) if not r.url.startswith(server) else None)
        problems: list[str] = []
        page.on("pageerror", lambda e: problems.append(f"script error: {e}"))
        page.on("console", lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None)

        page.goto(server + "/accounts/login/")  # "/" is the public landing page when signed out
        page.get_by_label("Username").fill(USERNAME)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").tap()
        expect(page.get_by_role("heading", name="Overview")).to_be_visible()

        page.get_by_role("link", name="More", exact=True).tap()  # the bottom bar on a phone
        page.locator(".more-list").get_by_role("link", name="Programmes").tap()
        expect(page.get_by_role("heading", name="Programmes", exact=True)).to_be_visible()
        page.screenshot(path=ARTIFACTS / "01-index.png", full_page=True)
        assert_fits_a_phone(page, "the programmes index")

        def adherence_shown(where: str, shot: str) -> None:
            expect(page.get_by_test_id("adherence")).to_contain_text("Week 1: 1 of")
            page.screenshot(path=ARTIFACTS / shot, full_page=True)
            assert_fits_a_phone(page, where)

        # 1. pacing: a tolerance, today's quota, a day logged
        page.goto(server + "/programmes/pacing/")
        page.get_by_label("Which activity will you pace?").fill("walking")
        page.get_by_label("Try 1: minutes before your symptoms rose").fill("15")
        assert_fits_a_phone(page, "the pacing start")
        page.get_by_role("button", name="Start pacing and graded activity").tap()
        expect(page.get_by_test_id("quota")).to_have_text("12 minutes today")
        page.get_by_label("Minutes you did today").fill("12")
        page.get_by_role("button", name="Save today").tap()
        expect(page.get_by_text("Quota done. Well paced.")).to_be_visible()
        adherence_shown("the pacing page", "02-pacing.png")

        # 2. graded motor imagery: one round of 20 left/right judgements
        page.goto(server + "/programmes/gmi/")
        page.get_by_role("button", name="Start graded motor imagery").tap()
        page.get_by_role("link", name="Start a round").tap()
        page.get_by_role("button", name="Start", exact=True).tap()
        expect(page.get_by_text("Picture 1 of 20")).to_be_visible()
        page.screenshot(path=ARTIFACTS / "03-gmi-trial.png", full_page=True)
        assert_fits_a_phone(page, "the left/right trainer")
        for i in range(20):
            page.get_by_role("button", name="Left" if i % 2 else "Right").tap()
        page.get_by_role("button", name="Save this round").tap()
        expect(page.get_by_text("Last round: 20 pictures")).to_be_visible()
        adherence_shown("the GMI page", "04-gmi.png")

        # 3. CBT: one thought record
        page.goto(server + "/programmes/thought-record/")
        page.get_by_role("button", name="Start thoughts and fears (cbt for pain)").tap()
        page.get_by_label("What happened?").fill("Stairs at work")
        page.get_by_label("What went through your mind?").fill("My back will give way")
        page.get_by_label("How strong was the feeling? (0-100)").fill("80")
        page.get_by_label("A more balanced thought").fill("It hurts, but it has held every time")
        page.get_by_label("How strong is the feeling now? (0-100)").fill("45")
        page.get_by_role("button", name="Save the record").tap()
        expect(page.get_by_text("The feeling went from 80 to 45.")).to_be_visible()
        adherence_shown("the CBT page", "05-cbt.png")

        # 4. CBT-I: safety screen, one night, the window
        page.goto(server + "/programmes/sleep/")
        for radio in page.locator("input[type=radio][value=no]").all():
            radio.check()
        assert_fits_a_phone(page, "the sleep screen")
        page.get_by_role("button", name="Start better sleep (cbt for insomnia)").tap()
        page.get_by_label("Minutes to fall asleep").fill("40")
        page.get_by_label("Minutes awake after first falling asleep").fill("60")
        page.get_by_role("button", name="Save the night").tap()
        expect(page.get_by_test_id("window")).to_contain_text("Not enough data yet: log 3 more nights")
        adherence_shown("the sleep page", "06-sleep.png")

        # 5. breathing: the pacer runs for a few seconds, the session is saved
        page.goto(server + "/programmes/breathing/")
        page.get_by_role("button", name="Start breathing and relaxation").tap()
        page.get_by_role("button", name="Start", exact=True).tap()
        expect(page.get_by_text("Breathe in", exact=True)).to_be_visible()
        page.wait_for_timeout(2500)
        page.get_by_role("button", name="Stop").tap()
        expect(page.get_by_label("Minutes")).not_to_have_value("")
        page.screenshot(path=ARTIFACTS / "07-pacer.png", full_page=True)
        page.get_by_role("button", name="Save this session").tap()
        expect(page.get_by_text("Session saved.")).to_be_visible()
        adherence_shown("the breathing page", "08-breathing.png")

        # 6. education: lesson 1 and its check
        page.goto(server + "/programmes/education/")
        page.get_by_role("button", name="Start how pain works (pain neuroscience education)").tap()
        up = page.locator(".pw-up")
        expect(up).to_have_class("pw-up lvl-4")  # the model's sensitised system (S2 = 0.37 of 0.5)
        page.get_by_role("button", name="A calm system").tap()
        expect(up).to_have_class("pw-up lvl-1")
        expect(page.get_by_role("button", name="A calm system")).to_have_attribute("aria-pressed", "true")
        page.get_by_role("link", name="1. Pain protects you").tap()
        page.locator("label.choice", has=page.locator("input[name='protects-1'][value=false]")).tap()
        page.locator("label.choice", has=page.locator("input[name='protects-2'][value=true]")).tap()
        assert_fits_a_phone(page, "a lesson")
        page.get_by_role("button", name="Check").tap()
        expect(page.get_by_test_id("check-result")).to_have_text("2 of 2 right.")
        page.goto(server + "/programmes/education/")
        adherence_shown("the education page", "09-education.png")

        # all six are in "Did it help", and the index shows each one's adherence
        page.goto(server + "/insights/did-it-help/")
        for title in ("Pacing and graded activity", "Graded motor imagery", "Thoughts and fears (CBT for pain)",
                      "Better sleep (CBT for insomnia)", "Breathing and relaxation, one session each evening",
                      "How pain works (pain neuroscience education)"):
            expect(page.get_by_role("heading", name=title, exact=True)).to_be_visible()
        page.screenshot(path=ARTIFACTS / "10-did-it-help.png", full_page=True)
        page.goto(server + "/programmes/")
        for pid in ("pacing", "gmi", "thought-record", "sleep", "breathing", "education"):
            expect(page.get_by_test_id(f"status-{pid}")).to_contain_text("1 of")
        browser.close()
    expect.set_options(timeout=5_000)  # playwright's default, for the other browser tests
    assert offsite == [], f"pages loaded something from another site: {offsite}"
    assert problems == [], f"scripts failed or broke the strict CSP: {problems}"
