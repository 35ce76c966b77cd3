"""`painscope serve --processes N` (issue 14, load): one bound port served by N processes, on
PostgreSQL only. The refusals run everywhere; the served pages run in the PostgreSQL pass of
``scripts/test.sh`` (``DATABASE_URL`` set) and skip on SQLite.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest

from tests.postgres import create_database, drop_database, postgres_url


def _env(tmp_path: Path, url: str | None) -> dict[str, str]:
    env = dict(os.environ, PAINSCOPE_DATA_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="painscope.web.settings")
    env.pop("PAINSCOPE_PRODUCTION", None)
    env.pop("DATABASE_URL", None)
    if url:
        env["DATABASE_URL"] = url
    return env


def _serve(tmp_path: Path, url: str | None, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "painscope.cli", "serve", "--port", "0", "--no-worker", *args],
                          capture_output=True, text=True, env=_env(tmp_path, url), timeout=120)


def test_more_than_one_process_on_sqlite_is_refused_with_the_reason(tmp_path):
    done = _serve(tmp_path, None, "--processes", "2")
    assert done.returncode != 0
    assert "--processes" in done.stderr and "PostgreSQL" in done.stderr and "Traceback" not in done.stderr


def test_zero_processes_is_refused(tmp_path):
    done = _serve(tmp_path, None, "--processes", "0")
    assert done.returncode != 0 and "expected 1 or more" in done.stderr and "Traceback" not in done.stderr


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


@pytest.mark.skipif(postgres_url() is None, reason="DATABASE_URL does not name a PostgreSQL server")
@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads child processes from /proc")
def test_two_processes_serve_one_port_on_postgresql_and_stop_together(tmp_path):
    url = postgres_url()
    assert url is not None
    name = f"painscope_p_{uuid.uuid4().hex[:12]}"
    database = create_database(url, name)
    proc = None
    try:
        made = subprocess.run([sys.executable, "-m", "painscope.cli", "user", "create", "ada"], input="purple-otter-lantern-42\n",
                              capture_output=True, text=True, env=_env(tmp_path, database), timeout=180)
        assert made.returncode == 0, made.stderr
        log = (tmp_path / "serve.log").open("w")
        proc = subprocess.Popen([sys.executable, "-m", "painscope.cli", "serve", "--port", "0", "--no-worker",
                                 "--processes", "2", "--threads", "2"],
                                stdout=log, stderr=subprocess.STDOUT, text=True, env=_env(tmp_path, database))
        base = None
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and base is None:
            found = re.search(r"running at (http://\S+/)", (tmp_path / "serve.log").read_text())
            base = found.group(1) if found else None
            time.sleep(0.2)
        assert base, (tmp_path / "serve.log").read_text()
        while time.monotonic() < deadline and len(_children(proc.pid)) < 2:
            time.sleep(0.2)
        children = _children(proc.pid)
        assert len(children) == 2, (tmp_path / "serve.log").read_text()
        # many requests at once, all answered (the two processes take turns accepting)
        for _ in range(20):
            with urllib.request.urlopen(base + "accounts/login/", timeout=30) as answer:
                assert answer.status == 200 and b"Sign in" in answer.read()
        # a stopped child is replaced
        os.kill(children[0], signal.SIGKILL)
        while time.monotonic() < deadline and (children[0] in _children(proc.pid) or len(_children(proc.pid)) < 2):
            time.sleep(0.2)
        assert len(_children(proc.pid)) == 2 and children[0] not in _children(proc.pid)
        with urllib.request.urlopen(base + "accounts/login/", timeout=30) as answer:
            assert answer.status == 200
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0
        for pid in children[1:]:
            assert not Path(f"/proc/{pid}").exists() or "Z" in Path(f"/proc/{pid}/stat").read_text().split()[2]
        assert not list((tmp_path / "run").glob("serve-*.json")), "the running-server marker is removed"
        host, port = base.removeprefix("http://").rstrip("/").rsplit(":", 1)
        with socket.socket() as s, pytest.raises(OSError):
            s.settimeout(2)
            s.connect((host, int(port)))  # nothing listens any more
    finally:
        if proc is not None and proc.poll() is None:
            proc.kill()
            proc.wait()
        drop_database(url, name)
