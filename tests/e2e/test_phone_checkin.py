"""End to end on a phone-sized screen: sign in, check in with two body areas, see it.

Runs the real ``painscope serve`` (waitress, SQLite in a temporary data folder) and drives
Debian's Chromium through Playwright with touch input at 390×844 (an iPhone 12-14 sized
viewport). Screenshots go to ``test-artifacts/e2e/`` for people to look at.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts" / "e2e"
PAINSCOPE = Path(sys.executable).with_name("painscope")
USERNAME = "e2e-person"
PASSWORD = "slow mornings 2024"
LAUNCH_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--no-first-run",
]

# A strict policy for scripts (only files from the site itself: no inline code, no eval).
# Styles allow 'unsafe-inline' only because Plotly injects its own stylesheet at run time.
STRICT_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'"
)

pytestmark = pytest.mark.e2e


def add_strict_csp(route) -> None:
    """Serve every page with ``STRICT_CSP`` so that a violation shows in the console."""
    if route.request.resource_type != "document":
        route.continue_()
        return
    response = route.fetch()
    route.fulfill(response=response, headers={**response.headers, "content-security-policy": STRICT_CSP})


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def command_line() -> list[str]:
    """The ``painscope`` command of this environment."""
    return [str(PAINSCOPE)] if PAINSCOPE.exists() else [sys.executable, "-m", "painscope.cli"]


@contextmanager
def serve_on(command: list[str], data: Path, env: dict[str, str], extra: list[str] | None = None) -> Iterator[str]:
    """``painscope serve`` on ``data`` on a free port (with ``extra`` arguments, e.g.
    ``--demo``), once ``/healthz`` answers; yields its URL and stops it on the way out. Its
    output goes to ``data/serve.log``."""
    port = free_port()
    log_path = data / "serve.log"
    log = log_path.open("w")
    proc = subprocess.Popen([*command, "serve", "--port", str(port), "--data-dir", str(data), *(extra or [])],
                            stdout=log, stderr=subprocess.STDOUT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180  # --demo writes six months first
        while True:
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("painscope serve did not start: " + log_path.read_text()) from None
                time.sleep(0.3)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium is not installed at /usr/bin/chromium (apt-get install -y chromium)")
    pytest.importorskip("playwright.sync_api", reason="the playwright Python package is not installed")
    data = tmp_path_factory.mktemp("painscope-e2e")
    env = {**os.environ, "PAINSCOPE_DATA_DIR": str(data)}
    # each module's server gets a store of its own: its data folder's SQLite (on the PostgreSQL
    # run the worker's shared database would already hold this module's user from another module)
    env.pop("DATABASE_URL", None)
    command = command_line()
    subprocess.run([*command, "user", "create", USERNAME, "--data-dir", str(data)], input=PASSWORD + "\n",
                   text=True, check=True, env=env, capture_output=True, timeout=60)
    with serve_on(command, data, env) as base:
        yield base


# Visible controls smaller than 44 CSS px either way, and the page's width: nothing may
# need sideways scrolling on a phone, and every button is a comfortable tap.
LAYOUT_PROBE = """() => {
  const small = Array.from(document.querySelectorAll(
      'button, a.button, .choice span, .chip span, select, input:not([type=hidden]):not([type=radio]):not([type=checkbox])'))
    .filter(e => e.offsetParent !== null)
    .map(e => [e.textContent.trim().slice(0, 30) || e.name, e.getBoundingClientRect()])
    .filter(([, r]) => r.width < 44 || r.height < 44)
    .map(([name]) => name);
  return {scrollWidth: document.documentElement.scrollWidth, small: small};
}"""


def assert_fits_a_phone(page, where: str) -> None:
    page.wait_for_load_state("load")  # measured with its stylesheet applied, not mid-navigation
    layout = page.evaluate(LAYOUT_PROBE)
    assert layout["scrollWidth"] <= 390, f"{where} scrolls sideways ({layout['scrollWidth']} px)"
    assert layout["small"] == [], f"{where} has small tap targets: {layout['small']}"


def test_person_checks_in_on_a_phone_and_sees_it_on_the_overview(server):
    from playwright.sync_api import expect, sync_playwright

    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                      device_scale_factor=2, timezone_id="Europe/Berlin")
        context.route(server + "/**", add_strict_csp)
        page = context.new_page()
        page.set_default_timeout(15_000)
        offsite: list[str] = []
        page.on("request", lambda r: offsite.append(r.url) if not r.url.startswith(server) else None)
        problems: list[str] = []
        page.on("pageerror", lambda e: problems.append(f"script error: {e}"))
        page.on("console", lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None)

        page.goto(server + "/accounts/login/")  # "/" is the public landing page when signed out
        expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
        page.get_by_label("Username").fill(USERNAME)
        page.get_by_label("Password").fill(PASSWORD)
        page.screenshot(path=ARTIFACTS / "01-sign-in.png")
        page.get_by_role("button", name="Sign in").tap()
        expect(page.get_by_role("heading", name="Overview")).to_be_visible()
        page.screenshot(path=ARTIFACTS / "02-overview-empty.png", full_page=True)

        page.get_by_role("link", name="Check in now").tap()
        expect(page.get_by_role("heading", name="Check in")).to_be_visible()
        page.locator("#f-pain label.choice", has_text="6").tap()
        # A phone shows one side of the body at a time, as wide as the screen.
        page.get_by_role("button", name="Back", exact=True).tap()
        expect(page.get_by_role("button", name="Back", exact=True)).to_have_attribute("aria-pressed", "true")
        neck = page.get_by_role("button", name="Neck")
        lower_back = page.get_by_role("button", name="Lower back")
        neck.tap()
        lower_back.tap()
        expect(neck).to_have_attribute("aria-pressed", "true")
        expect(lower_back).to_have_attribute("aria-pressed", "true")
        expect(page.locator(".selected-regions")).to_have_text("Marked: Neck, Lower back")
        expect(page.get_by_role("button", name="Back (2 marked)")).to_be_visible()
        page.get_by_role("button", name="Front", exact=True).tap()
        head = page.get_by_role("button", name="Head")  # keyboard: Space toggles, twice undoes
        head.focus()
        page.keyboard.press("Space")
        expect(head).to_have_attribute("aria-pressed", "true")
        expect(page.locator("input[name=region][value=head]")).to_be_checked()
        page.keyboard.press("Space")
        expect(head).to_have_attribute("aria-pressed", "false")
        page.get_by_label("This is a flare").tap()
        page.screenshot(path=ARTIFACTS / "03-checkin-filled.png", full_page=True)
        assert_fits_a_phone(page, "the check-in page")
        page.get_by_role("button", name="Save check-in").tap()

        expect(page.get_by_text("Check-in saved. Thank you.")).to_be_visible()
        expect(page.get_by_role("heading", name="Overview")).to_be_visible()
        expect(page.get_by_text("Last check-in:")).to_be_visible()
        # The weeks, the chart and the body map are behind one fold; each analysis's numbers
        # behind its own "How this was worked out".
        page.locator("#more-weeks > summary").tap()
        page.wait_for_selector("#pain-chart .main-svg")  # Plotly, served locally, drew the chart when the fold opened
        where = page.locator("section[aria-labelledby=map-h]")
        where.locator("summary", has_text="How this was worked out").tap()
        table = where.get_by_role("table", name="Areas marked, most often first")
        expect(table.get_by_role("row", name="Neck 1 100%")).to_be_visible()
        expect(table.get_by_role("row", name="Lower back 1 100%")).to_be_visible()
        page.screenshot(path=ARTIFACTS / "04-overview-after.png", full_page=True)
        assert_fits_a_phone(page, "the overview")

        page.get_by_role("link", name="More", exact=True).tap()  # the bottom bar: the rest is behind More
        expect(page.get_by_role("heading", name="More")).to_be_visible()
        page.screenshot(path=ARTIFACTS / "05-more.png", full_page=True)
        assert_fits_a_phone(page, "the More page")
        page.get_by_role("link", name="Entries").tap()
        expect(page.get_by_text("Pain 6/10 · Neck, Lower back")).to_be_visible()
        page.screenshot(path=ARTIFACTS / "05-entries.png", full_page=True)
        assert_fits_a_phone(page, "the entries list")
        page.goto(server + "/medications/new/")
        assert_fits_a_phone(page, "the medication form")
        browser.close()
    assert offsite == [], f"pages loaded something from another site: {offsite}"
    assert problems == [], f"scripts failed or broke the strict CSP: {problems}"
