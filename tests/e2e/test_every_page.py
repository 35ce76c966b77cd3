"""Every page, on a phone (390×844, light, dark and in German) and on a desktop (1280×800,
and zoomed to 200 %), audited in the browser.

For each page of the demo account (demo data covers every page) and each page a visitor
sees signed out: axe-core's WCAG 2.0/2.1/2.2 A and AA rules find 0 violations, nothing
scrolls sideways, every control is at least 44 × 44 CSS px, no script fails, and a
screenshot is kept in ``test-artifacts/e2e-pages/``. All problems of the walk are
collected and reported together, so one run shows everything that needs fixing.

axe-core is the copy bundled in the ``axe-playwright-python`` package (MPL-2.0), evaluated
in the page (Playwright's evaluate is not subject to the page's Content-Security-Policy).
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from importlib import resources

import pytest

from tests.e2e.test_phone_checkin import CHROMIUM, LAUNCH_ARGS, REPO, command_line, serve_on

ARTIFACTS = REPO / "test-artifacts" / "e2e-pages"
pytestmark = pytest.mark.e2e
DEMO_USER, DEMO_PASSWORD = "demo", "painscope-demo"
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800},
             "phone-dark": {"width": 390, "height": 844},  # the phone asking for dark mode
             "desktop-zoom-200": {"width": 640, "height": 400},  # 1280×800 zoomed to 200 %: text reflows
             "phone-de": {"width": 390, "height": 844}}  # a German phone: the pages in German, longer words
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]

SIGNED_IN = [
    "/", "/checkin/", "/entries/", "/medications/", "/medications/new/", "/more/", "/offline/",
    "/data/", "/assessments/", "/assessments/take/phq9/", "/assessments/history/phq9/",
    "/assessments/fibromyalgia-survey/", "/assessments/schedules/",
    "/wearables/", "/wearables/hrv/", "/insights/", "/insights/did-it-help/",
    "/explain/", "/explain/you/", "/care/", "/care/audit",
    "/reminders/",
    "/programmes/", "/programmes/pacing/", "/programmes/gmi/", "/programmes/gmi/left-right/",
    "/programmes/thought-record/", "/programmes/sleep/", "/programmes/breathing/",
    "/programmes/breathing/body-scan/", "/programmes/education/", "/programmes/education/lesson/1/",
    "/accounts/profile/", "/accounts/password/", "/accounts/two-factor/", "/accounts/delete/",
]
SIGNED_OUT = ["/", "/accounts/login/", "/accounts/signup/", "/accounts/password-reset/", "/explain/"]

# Controls smaller than 44 × 44 CSS px (WCAG 2.5.5 target size, the rule; links inside
# running text are exempt as in 2.5.8), and the page's width.
PROBE = """() => {
  const controls = 'button, a.button, a[role=button], summary, select, [role=button], .choice span, .chip span,'
    + ' input:not([type=hidden]):not([type=radio]):not([type=checkbox]), nav a, .more-list a';
  const small = Array.from(document.querySelectorAll(controls))
    .filter(e => e.offsetParent !== null || getComputedStyle(e).position === 'fixed')
    .filter(e => !e.closest('.js-plotly-plot'))
    .map(e => [((e.getAttribute('aria-label') || e.textContent || e.name || e.tagName) + '').trim().slice(0, 30),
               e.getBoundingClientRect()])
    .filter(([, r]) => r.width > 0 && (r.width < 44 || r.height < 44))
    .map(([name, r]) => `${name} (${Math.round(r.width)}×${Math.round(r.height)})`);
  return {scrollWidth: document.documentElement.scrollWidth, small: small};
}"""


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory) -> Iterator[str]:
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium is not installed at /usr/bin/chromium (apt-get install -y chromium)")
    pytest.importorskip("playwright.sync_api", reason="the playwright Python package is not installed")
    pytest.importorskip("axe_playwright_python", reason="axe-playwright-python (axe-core) is not installed")
    data = tmp_path_factory.mktemp("painscope-pages")
    env = {**os.environ, "PAINSCOPE_DATA_DIR": str(data)}
    env.pop("DATABASE_URL", None)
    command = command_line()
    with serve_on([*command], data, env, extra=["--demo"]) as base:
        yield base


def axe_source() -> str:
    return (resources.files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")


def audit(page, axe: str) -> list[str]:
    """axe-core's WCAG A/AA violations of the page, one line per rule and element."""
    page.evaluate(axe)
    result = page.evaluate("(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
                           WCAG_TAGS)
    return [f"{v['id']} ({v['impact']}): {n['target'][0]} — {n.get('failureSummary', '').splitlines()[-1].strip()}"
            for v in result["violations"] for n in v["nodes"]]


def walk(browser, base: str, paths: list[str], size: str, signed_in: bool, axe: str, report: dict) -> list[str]:
    from playwright.sync_api import expect

    phone = size.startswith("phone")
    german = size.endswith("-de")
    context = browser.new_context(viewport=VIEWPORTS[size], is_mobile=phone, has_touch=phone, timezone_id="Europe/London",
                                  color_scheme="dark" if size.endswith("dark") else "light",
                                  locale="de-DE" if german else "en-GB")
    page = context.new_page()
    page.set_default_timeout(60_000)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(f"script error: {e}"))
    problems: list[str] = []
    if signed_in:
        page.goto(base + "/accounts/login/")
        page.locator("#id_username").fill(DEMO_USER)  # by id: the labels are German on a German phone
        page.locator("#id_password").fill(DEMO_PASSWORD)
        page.locator("main form button[type=submit]").first.click()
        page.wait_for_url(base + "/", timeout=60_000)
        expect(page.locator("h1")).to_be_visible(timeout=60_000)
    who = "in" if signed_in else "out"
    for path in paths:
        response = page.goto(base + path)
        page.wait_for_load_state("load")
        where = f"{size} signed-{who} {path}"
        if response is None or response.status >= 400:
            problems.append(f"{where}: HTTP {response.status if response else '?'}")
            continue
        language = page.evaluate("() => document.documentElement.lang")
        if language != ("de" if german else "en"):
            problems.append(f"{where}: the page says lang={language!r}")
        layout = page.evaluate(PROBE)
        width = VIEWPORTS[size]["width"]
        if layout["scrollWidth"] > width:
            problems.append(f"{where}: scrolls sideways ({layout['scrollWidth']} px > {width})")
        problems += [f"{where}: small target {s}" for s in layout["small"]]
        found = audit(page, axe)
        problems += [f"{where}: axe {v}" for v in found]
        report[where] = {"axe_violations": len(found), "small_targets": len(layout["small"]),
                         "scroll_width": layout["scrollWidth"]}
        name = f"{size}-{who}-{path.strip('/').replace('/', '_') or 'home'}.png"
        page.screenshot(path=ARTIFACTS / name, full_page=not phone)
    problems += [f"{size} signed-{who}: {e}" for e in errors]
    context.close()
    return problems


def test_every_page_passes_axe_fits_and_has_big_targets_on_phone_and_desktop(demo_server):
    from playwright.sync_api import sync_playwright

    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    axe = axe_source()
    report: dict = {}
    problems: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        for size in VIEWPORTS:
            problems += walk(browser, demo_server, SIGNED_OUT, size, False, axe, report)
            problems += walk(browser, demo_server, SIGNED_IN, size, True, axe, report)
        browser.close()
    (ARTIFACTS / "audit.json").write_text(json.dumps({"pages": report, "problems": problems}, indent=1))
    assert len(report) == len(VIEWPORTS) * (len(SIGNED_IN) + len(SIGNED_OUT)), "some pages were not audited"
    assert problems == [], f"{len(problems)} problems:\n" + "\n".join(problems)
