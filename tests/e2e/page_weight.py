"""Page weight on a phone: bytes a cold browser transfers for one page, and whether its charts draw.

Shared by ``tests/e2e/test_phone_page_weight.py`` (the budget) and
``benchmarks/page_weight.py`` (the same figures beside the full-Plotly baseline). The store
is the demo account of ``painscope serve --demo`` (six months of diary, medications with dose
logs, questionnaires) plus two months of wearable readings, so every chart has data.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

from painscope.commands.web import DEMO_PASSWORD, DEMO_USERNAME

VIEWPORT = {"width": 390, "height": 844}
#: The pages that draw with Plotly, as a person reaches them from the menu.
CHART_PAGES = {
    "overview": "/",
    "insights": "/insights/",
    # before and after a change two months ago (the demo diary covers six months)
    "did-it-help": f"/insights/did-it-help/?at={date.today() - timedelta(days=60)}",
    "hrv": "/wearables/hrv/",
    "phq9-history": "/assessments/history/phq9/",
    "explain": "/explain/",
}
SEED = "from painscope.commands.web import ensure_demo_account, setup_django; setup_django(); ensure_demo_account()"
# Chart targets of the pages' scripts (dashboard.js, insights.js, hrv.js, history.js, explain.js)
# that have a figure to draw, and how many of them hold a drawn Plotly chart.
CHARTS_PROBE = """() => {
  const pairs = [['pain-chart', 'pain-figure'], ['hrv-chart', 'hrv-figure'], ['history-chart', 'history-figure'],
                 ['explain-chart', 'explain-figure']].map(([t, d]) => [document.getElementById(t), document.getElementById(d)]);
  document.querySelectorAll('[data-figure]').forEach(t => pairs.push([t, document.getElementById(t.dataset.figure)]));
  const targets = pairs.filter(([t, d]) => t && d).map(([t]) => t);
  return {targets: targets.length, drawn: targets.filter(t => t.querySelector('.main-svg')).length,
          plotly: typeof window.Plotly === 'undefined' ? null : window.Plotly.version};
}"""

OPEN_CHART_FOLDS = """() => document.querySelectorAll('details:not([open])').forEach(d => {
  if (d.querySelector('.chart, [data-figure], #pain-chart, #hrv-chart, #history-chart, #explain-chart')) { d.open = true; }
})"""


def wearable_csv(path: Path, days: int = 60, end: date | None = None) -> Path:
    """Daily wearable readings (the ``import-wearable`` daily format) for the last ``days`` days."""
    end = end or date.today()
    rows = ["date,resting_hr,steps,sleep_hours,hrv_rmssd_morning"]
    for i in range(days):
        day = end - timedelta(days=days - 1 - i)
        rows.append(f"{day.isoformat()},{58 + i % 5},{6000 + 137 * (i % 9)},{6.5 + (i % 4) * 0.25},{44 + (i * 7) % 13}.5")
    path.write_text("\n".join(rows) + "\n")
    return path


def seed_store(data: Path, env: dict[str, str], python: tuple[str, ...] = (sys.executable,)) -> None:
    """The demo account and 60 days of wearable readings in the store of ``data``, written by
    the painscope that ``python`` imports."""
    subprocess.run([*python, "-c", SEED], check=True, env=env, capture_output=True, timeout=300)
    readings = wearable_csv(data / "wearable.csv")
    subprocess.run([*python, "-m", "painscope.cli", "import-wearable", "--user", DEMO_USERNAME, str(readings),
                    "--tz", "Europe/Berlin", "--data-dir", str(data)], check=True, env=env, capture_output=True, timeout=120)


def new_phone(browser, **extra):
    return browser.new_context(viewport=VIEWPORT, is_mobile=True, has_touch=True, device_scale_factor=2,
                               timezone_id="Europe/Berlin", **extra)


def signed_in_state(browser, base: str) -> dict:
    """The cookies of a signed-in demo person, from a context of its own (whose cache is thrown away)."""
    context = new_phone(browser)
    page = context.new_page()
    page.goto(base + "/accounts/login/")
    page.get_by_label("Username").fill(DEMO_USERNAME)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").tap()
    page.wait_for_url(base + "/")
    state = context.storage_state()
    context.close()
    return state


def measure(browser, base: str, path: str, state: dict) -> dict:
    """Load ``path`` in a fresh phone context (empty cache) until the network is idle.

    ``transferred`` is what Chromium reports in ``Network.loadingFinished.encodedDataLength``
    (bytes on the wire, headers included, compressed bodies as sent); ``decoded`` is the
    bodies after decompression (``Network.dataReceived.dataLength``). Also returns the
    resources, what the page's charts did, and the page's script errors.
    """
    context = new_phone(browser, storage_state=state)
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda e: problems.append(f"script error: {e}"))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})  # cold: nothing from any cache
    seen: dict[str, dict] = {}

    def resource(event) -> dict:
        return seen.setdefault(event["requestId"], {"url": "", "transferred": 0, "decoded": 0, "encoding": ""})

    def on_response(event) -> None:
        headers = {k.lower(): v for k, v in event["response"]["headers"].items()}
        resource(event).update(url=event["response"]["url"], status=event["response"]["status"],
                               encoding=headers.get("content-encoding", ""), type=event.get("type", ""))

    cdp.on("Network.responseReceived", on_response)
    cdp.on("Network.dataReceived", lambda e: resource(e).__setitem__("decoded", resource(e)["decoded"] + e["dataLength"]))
    cdp.on("Network.loadingFinished", lambda e: resource(e).__setitem__("transferred", e["encodedDataLength"]))
    page.goto(base + path, wait_until="networkidle")
    page.wait_for_timeout(300)  # the last CDP events of the idle network
    # A chart in a closed fold ("More about your weeks") is drawn when the fold opens: open them.
    page.evaluate(OPEN_CHART_FOLDS)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    charts = page.evaluate(CHARTS_PROBE)
    context.close()
    resources = sorted((r for r in seen.values() if r["url"]), key=lambda r: -r["transferred"])
    for r in resources:
        r["url"] = r["url"].removeprefix(base)
    return {
        "path": path,
        "transferred": sum(r["transferred"] for r in resources),
        "decoded": sum(r["decoded"] for r in resources),
        "requests": len(resources),
        "charts": charts,
        "problems": problems,
        "resources": resources,
    }
