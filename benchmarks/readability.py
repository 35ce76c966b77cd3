"""How readable the opening sentences are, page by page (issue 16, "plain language first").

Run by hand::

    .venv/bin/python benchmarks/readability.py

It builds a throw-away store in a temporary folder, creates the demo account
(``ensure_demo_account``: six months of diary, medications, questionnaires, wearables and a
programme), renders each page in scope with the Django test client and prints, per page: the
number of plain opening sentences (``class="plain-first"``), their mean and worst
Flesch-Kincaid grade, their mean Flesch reading ease (textstat; syllables by Pyphen, see
tests/web/plain_language_support.py), and the characters of text a reader sees before
opening any fold, against all the text with every fold open. The table goes in
docs/accessibility.md, "Plain language".
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
from pathlib import Path


def main() -> int:
    root = Path(__file__).resolve().parents[1]
    sys.path.insert(0, str(root))
    os.environ["PAINSCOPE_DATA_DIR"] = tempfile.mkdtemp(prefix="painscope-readability-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "painscope.web.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client

    from painscope.commands.web import DEMO_USERNAME, ensure_demo_account
    from tests.web.plain_language_support import MAX_GRADE, demo_pages, read_page, readability

    call_command("migrate", interactive=False, verbosity=0)
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    ensure_demo_account()
    user = get_user_model().objects.get(username=DEMO_USERNAME)
    client = Client()
    client.force_login(user)
    print("| Page | Plain sentences | FK grade (mean / worst) | Reading ease (mean) "
          "| Characters before opening a fold | All text |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    worst_overall = 0.0
    for name, url in demo_pages(client, user).items():
        page = read_page(client.get(url).content.decode())
        scores = [readability(t) for t in page.openings]
        grades = [g for g, _ in scores]
        worst_overall = max(worst_overall, *grades)
        print(f"| {name} | {len(page.openings)} | {statistics.mean(grades):.1f} / {max(grades):.1f} "
              f"| {statistics.mean(e for _, e in scores):.0f} | {len(page.above_fold):,} | {len(page.full):,} |")
    print(f"\nworst grade {worst_overall:.1f} (limit {MAX_GRADE})", file=sys.stderr)
    return 0 if worst_overall <= MAX_GRADE else 1


if __name__ == "__main__":
    raise SystemExit(main())
