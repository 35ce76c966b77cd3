"""End to end on a phone (390×844): check in without a connection, then online again.

The service worker keeps the check-in page when it loads; offline, the posted check-in is kept
in the browser (IndexedDB) and the page says so; when the connection is back the page sends
it, and exactly one entry is stored even when the same kept check-in is sent again. A second
check-in kept for a minute that is already taken is shown as a conflict the person settles.
Same server as test_phone_checkin. Screenshots go to ``test-artifacts/e2e-offline/``.
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
    assert_fits_a_phone,
    server,
)

ARTIFACTS = REPO / "test-artifacts" / "e2e-offline"
pytestmark = pytest.mark.e2e

KEPT = "() => window.painscopeOutbox.list(document.body.dataset.owner)"
CACHED_CHECKIN = "() => caches.open('painscope-shell-v1').then(c => c.match('/checkin/')).then(r => !!r)"


def entries_with_pain(page, base: str, pain: int) -> int:
    page.goto(base + "/entries/")
    return page.get_by_text(f"Pain {pain}/10").count()


def test_a_checkin_made_offline_is_kept_sent_once_and_a_clash_is_settled(server):  # noqa: F811
    from playwright.sync_api import expect, sync_playwright

    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                      device_scale_factor=2, timezone_id="Europe/London")
        page = context.new_page()
        page.set_default_timeout(30_000)
        expect.set_options(timeout=15_000)
        problems: list[str] = []
        page.on("pageerror", lambda e: problems.append(f"script error: {e}"))

        page.goto(server + "/accounts/login/")
        page.get_by_label("Username").fill(USERNAME)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").tap()
        expect(page.get_by_role("heading", name="Overview")).to_be_visible()
        before = entries_with_pain(page, server, 7)

        # Online once: the service worker installs and keeps the check-in page.
        page.goto(server + "/checkin/")
        page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
        page.reload()
        page.wait_for_function(CACHED_CHECKIN)

        context.set_offline(True)
        page.reload()  # the app opens without a connection
        expect(page.get_by_role("heading", name="Check in")).to_be_visible()
        page.locator("#f-pain label.choice", has_text="7").tap()
        page.get_by_role("button", name="Save check-in").tap()
        expect(page.locator("#outbox")).to_contain_text("1 check-in is kept on this phone")
        page.screenshot(path=ARTIFACTS / "01-kept-offline.png", full_page=True)
        assert_fits_a_phone(page, "the check-in page with a kept check-in")
        kept = page.evaluate(KEPT)
        assert len(kept) == 1 and kept[0]["kind"] == "checkin"
        when = dict(kept[0]["fields"])["when"]

        # A second one for the very same minute: the site will refuse it as a clash.
        page.locator("#f-when summary").tap()
        page.get_by_label("Date and time").fill(when)
        page.locator("#f-pain label.choice", has_text="3").tap()
        page.get_by_role("button", name="Save check-in").tap()
        expect(page.locator("#outbox")).to_contain_text("2 check-ins are kept on this phone")

        page.goto(server + "/insights/")  # a page the app does not keep
        expect(page.get_by_role("heading", name="No connection right now")).to_be_visible()

        context.set_offline(False)
        page.goto(server + "/checkin/")  # opening any page sends what was kept
        expect(page.locator("#outbox")).to_contain_text("Sent: 1 item")
        expect(page.locator("#outbox")).to_contain_text("another check-in already has this exact time")
        page.screenshot(path=ARTIFACTS / "02-sent-and-a-clash.png", full_page=True)
        assert_fits_a_phone(page, "the check-in page with a clash to settle")

        # The phone never heard the answer and sends the first one again: still one entry.
        again = page.evaluate("(item) => window.painscopeOutbox.send(item, document.querySelector('meta[name=csrf-token]').content)",
                              kept[0])
        assert again == "sent"
        assert entries_with_pain(page, server, 7) == before + 1

        # The clash: saved a minute later, by the person's choice.
        page.goto(server + "/checkin/")
        page.get_by_role("button", name="Save it a minute later").tap()
        expect(page.get_by_role("button", name="Save it a minute later")).to_have_count(0)  # settled
        expect(page.locator("#outbox")).to_contain_text("Sent: 1 item")
        assert page.evaluate(KEPT) == []
        assert entries_with_pain(page, server, 3) >= 1
        browser.close()
    assert problems == [], f"scripts failed: {problems}"
