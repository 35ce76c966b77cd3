"""``painscope import --user NAME --from APP FILE [--preview --json]`` (issue 15's CLI contract)."""

from __future__ import annotations

import json

from tests.diary.test_app_imports import FIXTURE
from tests.web.test_cli_store import create_user, export, painscope


def test_preview_shows_the_mapping_and_stores_nothing_then_import_stores(tmp_path):
    create_user(tmp_path, "fay")
    source = tmp_path / "flaredown.csv"
    source.write_text(FIXTURE)
    preview = painscope(tmp_path, "import", "--user", "fay", "--from", "flaredown", str(source), "--preview", "--json")
    assert preview.returncode == 0, preview.stderr
    doc = json.loads(preview.stdout)
    assert doc["app"] == "flaredown" and doc["rows"] > 0 and "stored" not in doc
    assert any(m["kind"] == "rating" for m in doc["mapping"]) and doc["rows_per_kind"]
    assert export(tmp_path, "fay").count(b"\n") == 1  # the header only: nothing stored

    done = painscope(tmp_path, "import", "--user", "fay", "--from", "flaredown", str(source), "--json")
    assert done.returncode == 0, done.stderr
    stored = json.loads(done.stdout)["stored"]
    assert stored["observations_created"] == doc["rows"]
    assert export(tmp_path, "fay").count(b"\n") == doc["rows"] + 1


def test_apps_without_a_published_format_are_refused_with_the_reason(tmp_path):
    create_user(tmp_path, "gus")
    source = tmp_path / "bearable.csv"
    source.write_text("date,category,rating\n")
    done = painscope(tmp_path, "import", "--user", "gus", "--from", "bearable", str(source))
    assert done.returncode != 0 and "not supported yet" in done.stderr and "nothing was imported" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_many_person_file_asks_for_app_user(tmp_path):
    create_user(tmp_path, "hal")
    source = tmp_path / "two.csv"
    source.write_text(FIXTURE + "u2,35,male,US,2026-03-01,1,Condition,Pain,1\n")
    done = painscope(tmp_path, "import", "--user", "hal", "--from", "flaredown", str(source), "--preview")
    assert done.returncode != 0 and "--app-user" in done.stderr
    ok = painscope(tmp_path, "import", "--user", "hal", "--from", "flaredown", str(source), "--app-user", "u2", "--preview")
    assert ok.returncode == 0, ok.stderr
    assert "preview only: nothing was stored" in ok.stderr
