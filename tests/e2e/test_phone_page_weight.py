"""Light pages on a phone (issue #16): the overview's first load, cold cache, at most 500 kB
on the wire, and every chart page draws with the partial Plotly build without a script error.

The store is the demo account (six months of diary, medications, questionnaires) plus two
months of wearable readings (``page_weight.seed_store``); ``painscope serve`` as in
test_phone_checkin, Debian's Chromium at 390×844. The figures go to
``test-artifacts/e2e/page-weight.json``; ``benchmarks/page_weight.py`` puts them beside
the full-Plotly baseline.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator

import pytest

from painscope.web.journal.plotly_asset import PLOTLY_JS_VERSION
from tests.e2e.page_weight import CHART_PAGES, measure, seed_store, signed_in_state
from tests.e2e.test_phone_checkin import ARTIFACTS, CHROMIUM, LAUNCH_ARGS, command_line, serve_on

BUDGET = 500_000  # bytes transferred for the overview's first load (issue #16)
pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory) -> Iterator[str]:
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium is not installed at /usr/bin/chromium (apt-get install -y chromium)")
    pytest.importorskip("playwright.sync_api", reason="the playwright Python package is not installed")
    data = tmp_path_factory.mktemp("painscope-weight")
    env = {**os.environ, "PAINSCOPE_DATA_DIR": str(data)}
    env.pop("DATABASE_URL", None)  # a store of its own, as in test_phone_checkin
    seed_store(data, env)
    with serve_on(command_line(), data, env) as base:
        yield base


def test_the_overview_first_load_fits_the_budget_and_every_chart_draws(demo_server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        state = signed_in_state(browser, demo_server)
        weights = {name: measure(browser, demo_server, path, state) for name, path in CHART_PAGES.items()}
        browser.close()

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "page-weight.json").write_text(json.dumps(
        {"budget": BUDGET, "viewport": "390x844", "cache": "cold", "plotly": f"basic {PLOTLY_JS_VERSION}", "pages": weights},
        indent=2))

    for name, weight in weights.items():
        assert weight["problems"] == [], f"{name}: {weight['problems']}"
        assert weight["charts"]["plotly"] == PLOTLY_JS_VERSION, f"{name} did not load the chart library"
        assert weight["charts"]["targets"] >= 1, f"{name} has no chart to draw: {weight['charts']}"
        assert weight["charts"]["drawn"] == weight["charts"]["targets"], f"{name}: {weight['charts']}"
    overview = weights["overview"]
    plotly = next(r for r in overview["resources"] if "/assets/plotly-" in r["url"])
    assert plotly["encoding"] in ("br", "gzip")
    assert all(r["encoding"] in ("br", "gzip") for r in overview["resources"]
               if r["url"].endswith((".css", ".js")) and r["decoded"] > 1000), overview["resources"]
    assert overview["transferred"] <= BUDGET, (
        f"the overview's first load transferred {overview['transferred']:,} bytes (budget {BUDGET:,}): "
        f"{overview['resources'][:5]}")
    assert weights["insights"]["transferred"] <= BUDGET
