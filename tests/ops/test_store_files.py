"""The embedded store on disk: private files, and a restore that asks, and warns while serving."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import time
from pathlib import Path

from tests.ops.served import PASSWORD, painscope_env, request, serve


def sqlite_env(data_dir: Path) -> dict[str, str]:
    env = painscope_env(data_dir)
    env.pop("DATABASE_URL", None)  # backup and restore are about the embedded SQLite store
    return env


def run(env, *args, stdin: str | None = None) -> subprocess.CompletedProcess:
    # umask 022: what most systems give a process; files must be private anyway
    return subprocess.run([sys.executable, "-m", "painscope.cli", *args], input=stdin, capture_output=True, text=True,
                          env=env, timeout=120, preexec_fn=lambda: os.umask(0o022))


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def store_with_one_person(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    data = tmp_path / "data"
    env = sqlite_env(data)
    made = run(env, "user", "create", "ana", stdin=PASSWORD + "\n")
    assert made.returncode == 0, made.stderr
    return data, env


def test_data_folder_database_and_backup_are_private(tmp_path):
    data, env = store_with_one_person(tmp_path)
    assert mode(data) == 0o700
    assert mode(data / "painscope.sqlite3") == 0o600
    for journal in ("painscope.sqlite3-wal", "painscope.sqlite3-shm"):
        if (data / journal).exists():
            assert mode(data / journal) == 0o600, journal
    backup = tmp_path / "backup.sqlite3"
    done = run(env, "backup", str(backup))
    assert done.returncode == 0, done.stderr
    assert mode(backup) == 0o600
    assert mode(data / "secret_key") == 0o600


def test_an_existing_open_data_folder_and_database_are_made_private(tmp_path):
    data, env = store_with_one_person(tmp_path)
    data.chmod(0o755)
    (data / "painscope.sqlite3").chmod(0o644)
    assert run(env, "user", "token", "ana").returncode == 0
    assert mode(data) == 0o700 and mode(data / "painscope.sqlite3") == 0o600


def test_restore_without_a_terminal_needs_yes_and_changes_nothing(tmp_path):
    data, env = store_with_one_person(tmp_path)
    backup = tmp_path / "backup.sqlite3"
    assert run(env, "backup", str(backup)).returncode == 0
    assert run(env, "user", "create", "bo", stdin=PASSWORD + "\n").returncode == 0
    before = (data / "painscope.sqlite3").read_bytes()
    refused = run(env, "restore", str(backup), stdin="")
    assert refused.returncode == 2
    assert "add --yes to confirm" in refused.stderr and "Traceback" not in refused.stderr
    assert (data / "painscope.sqlite3").read_bytes() == before
    done = run(env, "restore", str(backup), "--yes")
    assert done.returncode == 0, done.stderr
    assert "restored" in done.stderr
    assert run(env, "user", "token", "bo").returncode == 2  # bo came after the backup


def test_restore_warns_while_a_server_runs_on_the_same_folder(tmp_path):
    data, env = store_with_one_person(tmp_path)
    backup = tmp_path / "backup.sqlite3"
    assert run(env, "backup", str(backup)).returncode == 0
    with serve(env) as server:
        markers = list((data / "run").glob("serve-*.json"))
        assert [json.loads(m.read_text())["pid"] for m in markers] == [server.proc.pid]
        assert request(server, "GET", "/healthz").status == 200
        done = run(env, "restore", str(backup), "--yes")
        assert done.returncode == 0, done.stderr
        assert "a painscope server is running on this data folder" in done.stderr
        assert f"pid {server.proc.pid}" in done.stderr and server.base in done.stderr
    assert server.proc.returncode == 0  # stopped by SIGTERM, cleanly
    assert list((data / "run").glob("serve-*.json")) == []  # the marker goes with the server
    quiet = run(env, "restore", str(backup), "--yes")
    assert quiet.returncode == 0 and "server is running" not in quiet.stderr


def test_a_stale_marker_of_a_dead_server_is_ignored_and_removed(tmp_path):
    data, env = store_with_one_person(tmp_path)
    backup = tmp_path / "backup.sqlite3"
    assert run(env, "backup", str(backup)).returncode == 0
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    (data / "run").mkdir(exist_ok=True)
    stale = data / "run" / f"serve-{dead.pid}.json"
    stale.write_text(json.dumps({"pid": dead.pid, "url": "http://127.0.0.1:1/"}))
    time.sleep(0.1)
    done = run(env, "restore", str(backup), "--yes")
    assert done.returncode == 0 and "server is running" not in done.stderr
    assert not stale.exists()

