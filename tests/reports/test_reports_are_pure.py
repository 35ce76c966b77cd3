"""The report package runs without Django (from a notebook, a worker, the CLI)."""

from __future__ import annotations

import subprocess
import sys


def test_building_and_rendering_imports_no_django():
    code = (
        "import sys\n"
        "from datetime import date\n"
        "from painscope.diary.demo import demo_diary\n"
        "from painscope.reports import build_report, render_pdf\n"
        "render_pdf(build_report(demo_diary(40, end=date(2026, 1, 31)), person='x', end=date(2026, 1, 31)))\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('django', 'ninja')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert out.stdout.strip() == "[]"
