"""Page weight on a phone, before and after the light pages (#16), in one run.

Run by hand, never in CI::

    .venv/bin/python benchmarks/page_weight.py            # overview and insights, both ways
    .venv/bin/python benchmarks/page_weight.py --all      # every page that draws a chart
    .venv/bin/python benchmarks/page_weight.py --json     # the figures as one JSON document

Both ways run today's ``painscope serve`` on a store of its own with the same data (the
demo account plus two months of wearable readings, ``tests/e2e/page_weight.seed_store``)
and load each page in Debian's Chromium at 390×844 with a cold cache, counting what
Chromium reports (``tests/e2e/page_weight.measure``): ``transferred`` is
``Network.loadingFinished.encodedDataLength`` summed over the page's requests (bytes on
the wire with headers), ``decoded`` the bodies after decompression.

"Before" is the same server with what the change replaced swapped back: the full Plotly
bundle of the Python ``plotly`` package under its old URL, gzip level 6 when accepted and
no brotli (the previous ``journal.views.plotly_js``), and the other static files sent
uncompressed straight from the package (no collected copy). "After" is the code as it is.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def serve_before(argv: list[str]) -> int:
    """``painscope serve`` with the previous chart library and uncompressed static files."""
    import plotly
    from plotly.offline import get_plotlyjs

    from painscope.web import staticfiles
    from painscope.web.journal import plotly_asset

    raw = get_plotlyjs().encode()
    tag = plotly.__version__
    full = {None: plotly_asset.Representation(raw, None, f'"{tag}"'),
            "gzip": plotly_asset.Representation(gzip.compress(raw, compresslevel=6, mtime=0), "gzip", f'"{tag}-gz"')}
    plotly_asset.PLOTLY_JS_VERSION = plotly.__version__  # the old URL carried the Python package's version
    plotly_asset.representations = lambda: full

    def from_the_package() -> None:
        from django.conf import settings

        settings.WHITENOISE_USE_FINDERS = True  # read when the WSGI app is built, after this

    staticfiles.collect_compressed = from_the_package
    from painscope.cli import main as painscope

    return painscope(argv)


def run(pages: dict[str, str]) -> dict:
    from playwright.sync_api import sync_playwright

    from tests.e2e.page_weight import measure, seed_store, signed_in_state
    from tests.e2e.test_phone_checkin import CHROMIUM, LAUNCH_ARGS, command_line, serve_on

    ways = {"before": [sys.executable, str(Path(__file__).resolve()), "--serve-before"], "after": command_line()}
    out: dict = {}
    with tempfile.TemporaryDirectory(prefix="painscope-weight-") as tmp:
        for way, command in ways.items():
            data = Path(tmp) / way
            data.mkdir()
            env = {**os.environ, "PAINSCOPE_DATA_DIR": str(data)}
            env.pop("DATABASE_URL", None)
            seed_store(data, env)
            with serve_on(command, data, env) as base, sync_playwright() as p:
                browser = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
                state = signed_in_state(browser, base)
                out[way] = {name: measure(browser, base, path, state) for name, path in pages.items()}
                browser.close()
    return out


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--serve-before"]:
        return serve_before(argv[1:])
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--all", action="store_true", help="every page that draws a chart, not only overview and insights")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON document")
    args = parser.parse_args(argv)
    from tests.e2e.page_weight import CHART_PAGES

    pages = CHART_PAGES if args.all else {k: CHART_PAGES[k] for k in ("overview", "insights")}
    results = run(pages)
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    print(f"{'page':<14}{'way':<8}{'transferred':>13}{'decoded':>13}{'requests':>10}  charts drawn  chart library (on the wire)")
    for name in pages:
        for way in ("before", "after"):
            w = results[way][name]
            lib = next((r for r in w["resources"] if "/assets/plotly-" in r["url"]), None)
            lib_text = f"{lib['transferred']:,} B {lib['encoding'] or 'raw'} of {lib['decoded']:,} B" if lib else "-"
            print(f"{name:<14}{way:<8}{w['transferred']:>13,}{w['decoded']:>13,}{w['requests']:>10}"
                  f"  {w['charts']['drawn']}/{w['charts']['targets']}{'':<10}{lib_text}")
            for problem in w["problems"]:
                print(f"{'':<22}problem: {problem}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
