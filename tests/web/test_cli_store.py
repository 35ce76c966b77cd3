"""The store from the command line: accounts, tokens, export/import, backup/restore.

Each test runs the real ``painscope`` command in a subprocess on its own temporary data
folder (an embedded SQLite store), as a person would on their own machine.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
import threading
from datetime import date
from pathlib import Path

import pytest

from painscope import diary
from painscope.diary.demo import demo_diary

PASSWORD = "purple-otter-lantern-42"


def _env(data_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PAINSCOPE_DATA_DIR"] = str(data_dir)
    env["DJANGO_SETTINGS_MODULE"] = "painscope.web.settings"
    env.pop("PAINSCOPE_PRODUCTION", None)
    env.pop("DATABASE_URL", None)  # these tests are about the embedded store in the data folder
    return env


def painscope(data_dir: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "painscope.cli", "--data-dir", str(data_dir), *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=_env(data_dir),
        timeout=120,
    )


def django_script(data_dir: Path, body: str, *argv: str) -> subprocess.CompletedProcess:
    """Run Python with Django set up on ``data_dir`` (to look at the store from outside)."""
    script = "import django\ndjango.setup()\n" + textwrap.dedent(body)
    return subprocess.run(
        [sys.executable, "-c", script, *argv], capture_output=True, text=True, env=_env(data_dir), timeout=120
    )


def create_user(data_dir: Path, name: str) -> None:
    done = painscope(data_dir, "user", "create", name, stdin=PASSWORD + "\n")
    assert done.returncode == 0, done.stderr


def demo_csv(tmp_path: Path, days: int = 60) -> Path:
    path = tmp_path / "demo.csv"
    diary.write_tidy_csv(demo_diary(days, end=date(2024, 6, 30)), path)
    return path


def export(data_dir: Path, user: str) -> bytes:
    done = subprocess.run(
        [sys.executable, "-m", "painscope.cli", "--data-dir", str(data_dir), "export", "--user", user],
        capture_output=True,
        env=_env(data_dir),
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_user_create_reads_the_password_from_stdin(tmp_path):
    create_user(tmp_path, "ann")
    check = django_script(
        tmp_path,
        """
        import sys
        from django.contrib.auth import get_user_model
        user = get_user_model().objects.get(username="ann")
        print(user.check_password(sys.argv[1]), user.password.split("$")[0])
        """,
        PASSWORD,
    )
    assert check.stdout.split() == ["True", "argon2"], check.stderr
    again = painscope(tmp_path, "user", "create", "ann", stdin=PASSWORD + "\n")
    assert again.returncode == 2 and "already exists" in again.stderr


def test_user_create_refuses_a_weak_password(tmp_path):
    done = painscope(tmp_path, "user", "create", "ben", stdin="12345678\n")
    assert done.returncode == 2
    assert "too short" in done.stderr or "too common" in done.stderr


def test_user_token_opens_the_api(tmp_path):
    create_user(tmp_path, "cai")
    issued = painscope(tmp_path, "user", "token", "cai")
    assert issued.returncode == 0, issued.stderr
    token = issued.stdout.strip()
    assert token.startswith("ps_") and len(issued.stdout.splitlines()) == 1
    calls = django_script(
        tmp_path,
        """
        import json, sys
        from django.test import Client
        good = Client(HTTP_AUTHORIZATION="Bearer " + sys.argv[1])
        made = good.post("/api/v1/entries", {"timestamp": "2024-03-01T08:00:00Z", "pain": 4}, content_type="application/json")
        print(json.dumps([made.status_code, good.get("/api/v1/entries").json()["count"],
                          Client(HTTP_AUTHORIZATION="Bearer ps_wrong").get("/api/v1/entries").status_code]))
        """,
        token,
    )
    assert calls.stdout.strip() == "[201, 1, 401]", calls.stderr
    assert "2024-03-01T08:00:00+00:00,rating,pain,4,," in export(tmp_path, "cai").decode()


def test_user_token_for_an_unknown_user_says_how_to_create_one(tmp_path):
    done = painscope(tmp_path, "user", "token", "nobody")
    assert done.returncode == 2 and "painscope user create nobody" in done.stderr


def test_export_then_import_into_an_empty_store_is_byte_identical(tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    source = demo_csv(tmp_path, days=90)
    create_user(first, "dee")
    imported = painscope(first, "import", "--user", "dee", str(source), "--json")
    assert imported.returncode == 0, imported.stderr
    rows = source.read_text().count("\n") - 1
    assert f'"observations_created": {rows}' in imported.stdout
    exported = export(first, "dee")
    assert exported == source.read_bytes()  # the store keeps the file exactly

    copy = tmp_path / "copy.csv"
    copy.write_bytes(exported)
    create_user(second, "dee")
    assert painscope(second, "import", "--user", "dee", str(copy)).returncode == 0
    assert export(second, "dee") == exported


def test_a_csv_with_one_bad_row_is_refused_naming_line_and_column(tmp_path):
    create_user(tmp_path, "eve")
    source = demo_csv(tmp_path, days=20)
    assert painscope(tmp_path, "import", "--user", "eve", str(source)).returncode == 0
    before = export(tmp_path, "eve")
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "timestamp,kind,name,value,unit,note\n"
        "2024-07-01T08:00:00+01:00,rating,pain,5,,\n"
        "2024-07-01T08:00:00+01:00,region,neck,,,\n"
        "2024-07-02T08:00:00+01:00,rating,pain,eleven,,\n"
        "2024-07-03T08:00:00+01:00,rating,pain,3,,\n"
    )
    done = painscope(tmp_path, "import", "--user", "eve", str(bad))
    assert done.returncode != 0
    assert "line 4, column value" in done.stderr
    assert "nothing was imported" in done.stderr
    assert done.stdout == ""
    assert export(tmp_path, "eve") == before


WRITER = """
import sys, time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from django.contrib.auth import get_user_model
from painscope import diary
from painscope.web.journal.services import save_entry
user, _ = get_user_model().objects.get_or_create(username="writer")
stop = Path(sys.argv[1])
start = datetime(2023, 1, 1, 8, tzinfo=UTC)
n = 0
while not stop.exists() or n < 20:
    entry = diary.Entry(start + timedelta(hours=n), 0, [diary.Observation("rating", "pain", n % 11)])
    save_entry(user, entry, source="api")
    n += 1
    if n == 20:
        print("writing", flush=True)
    time.sleep(0.002)
print(n, flush=True)
"""


def count_entries(db: Path, username: str) -> int:
    with sqlite3.connect(db) as con:
        (n,) = con.execute(
            "SELECT count(*) FROM journal_entry e JOIN auth_user u ON u.id = e.owner_id WHERE u.username = ?",
            (username,),
        ).fetchone()
    con.close()
    return n


def test_backup_while_another_process_writes_then_restore_brings_it_back(tmp_path):
    store = tmp_path / "store"
    create_user(store, "fay")
    assert painscope(store, "import", "--user", "fay", str(demo_csv(tmp_path, days=30))).returncode == 0
    at_backup = export(store, "fay")

    stop = tmp_path / "stop"
    writer = subprocess.Popen(
        [sys.executable, "-c", "import django\ndjango.setup()\n" + WRITER, str(stop)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(store),
    )
    started = threading.Event()
    lines: list[str] = []

    def follow() -> None:
        assert writer.stdout is not None
        for line in writer.stdout:
            lines.append(line.strip())
            started.set()

    reader = threading.Thread(target=follow, daemon=True)
    reader.start()
    try:
        assert started.wait(60), writer.stderr.read() if writer.stderr else "writer did not start"
        backup_file = tmp_path / "backup.sqlite3"
        done = painscope(store, "backup", str(backup_file))
        assert done.returncode == 0, done.stderr
    finally:
        stop.touch()
        writer.wait(60)
        reader.join(10)
    assert writer.returncode == 0
    written = int(lines[-1])

    with sqlite3.connect(backup_file) as con:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    con.close()
    in_backup = count_entries(backup_file, "writer")
    assert 20 <= in_backup <= written

    # the person adds more after the backup ...
    extra = tmp_path / "extra.csv"
    extra.write_text("timestamp,kind,name,value,unit,note\n2024-07-05T09:00:00+01:00,rating,pain,7,,\n")
    assert painscope(store, "import", "--user", "fay", str(extra)).returncode == 0
    assert export(store, "fay") != at_backup
    # ... and the restore brings back the store as it was at the backup
    restored = painscope(store, "restore", str(backup_file), "--yes")
    assert restored.returncode == 0, restored.stderr
    assert export(store, "fay") == at_backup
    assert count_entries(store / "painscope.sqlite3", "writer") == in_backup


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    create_user(tmp_path, "gus")
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"this is not a database" * 100)
    done = painscope(tmp_path, "restore", str(junk), "--yes")
    assert done.returncode == 2 and "not a painscope backup" in done.stderr
    assert painscope(tmp_path, "user", "token", "gus").returncode == 0  # the store still works


@pytest.mark.parametrize("command", [("backup",), ("restore", "--yes")])
def test_backup_and_restore_name_the_missing_or_clashing_file(tmp_path, command):
    target = tmp_path / "painscope.sqlite3" if command[0] == "backup" else tmp_path / "missing.sqlite3"
    done = painscope(tmp_path, command[0], str(target), *command[1:])
    assert done.returncode == 2
    assert ("must not be the database itself" in done.stderr) if command[0] == "backup" else ("no such file" in done.stderr)


def test_writing_into_a_missing_folder_is_an_error_not_a_traceback(tmp_path):
    create_user(tmp_path, "ivy")
    missing = tmp_path / "no" / "such" / "folder"
    for args in (("backup", str(missing / "b.sqlite3")), ("export", "--user", "ivy", "--out", str(missing / "d.csv"))):
        done = painscope(tmp_path, *args)
        assert done.returncode == 2, done.stderr
        assert done.stderr.startswith("painscope: error:") and "Traceback" not in done.stderr


def test_a_ten_megabyte_note_is_refused_naming_the_note_column(tmp_path):
    create_user(tmp_path, "ivy")
    bad = tmp_path / "huge-note.csv"
    bad.write_text(
        "timestamp,kind,name,value,unit,note\n"
        "2024-07-01T08:00:00+01:00,note,note,,," + "x" * 10_000_000 + "\n"
    )
    done = painscope(tmp_path, "import", "--user", "ivy", str(bad))
    assert done.returncode != 0
    assert "line 2, column note: note is longer than 5000 characters" in done.stderr
    assert "nothing was imported" in done.stderr
    assert export(tmp_path, "ivy") == b"timestamp,kind,name,value,unit,note\n"


def test_export_to_a_file_counts_observations_not_lines(tmp_path):
    create_user(tmp_path, "uma")
    source = tmp_path / "with-notes.csv"
    source.write_text(
        "timestamp,kind,name,value,unit,note\n"
        "2024-07-01T08:00:00+01:00,rating,pain,5,,\n"
        "2024-07-01T08:00:00+01:00,region,neck,1,,\n"
        '2024-07-01T08:00:00+01:00,note,note,,,"woke at 4\nstiff all morning\nbetter after a walk"\n'
        "2024-07-02T08:00:00+01:00,rating,pain,4,,\n"
        "2024-07-02T08:00:00+01:00,rating,fatigue,6,,\n"
        '2024-07-02T08:00:00+01:00,note,note,,,"line one\nline two"\n'
        "2024-07-03T08:00:00+01:00,rating,pain,3,,\n"
        "2024-07-03T08:00:00+01:00,food,coffee,1,,\n"
    )
    assert painscope(tmp_path, "import", "--user", "uma", str(source)).returncode == 0
    out = tmp_path / "out.csv"
    done = painscope(tmp_path, "export", "--user", "uma", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert f"wrote 8 rows to {out}" in done.stderr
    assert len(diary.read_tidy_csv(out)) == 8
