"""The sharing contract from the command line, exactly as a check outside the project uses it:
``painscope share invite/accept/revoke/list`` and ``painscope audit``, each in a subprocess on
its own data folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PASSWORD = "purple-otter-lantern-42"


def painscope(data_dir: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PAINSCOPE_DATA_DIR": str(data_dir), "DJANGO_SETTINGS_MODULE": "painscope.web.settings"}
    env.pop("PAINSCOPE_PRODUCTION", None)
    env.pop("DATABASE_URL", None)  # each test's CLI runs on its own data folder (SQLite), not the worker's shared database
    return subprocess.run([sys.executable, "-m", "painscope.cli", "--data-dir", str(data_dir), *args],
                          input=stdin, capture_output=True, text=True, env=env, timeout=120)


def ok(result: subprocess.CompletedProcess):
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout) if result.stdout.strip().startswith("{") else result.stdout


@pytest.mark.slow
def test_share_invite_accept_list_revoke_and_audit(tmp_path):
    ok(painscope(tmp_path, "user", "create", "pat", stdin=PASSWORD + "\n"))
    made = painscope(tmp_path, "user", "create", "doc", "--role", "clinician", stdin=PASSWORD + "\n")
    assert made.returncode == 0 and "(clinician)" in made.stderr

    invite = ok(painscope(tmp_path, "share", "invite", "--user", "pat", "--scope", "diary,medications", "--days", "30", "--json"))
    assert set(invite) >= {"code"} and invite["scope"] == ["diary", "medications"] and invite["state"] == "waiting"

    accepted = ok(painscope(tmp_path, "share", "accept", "--user", "doc", invite["code"], "--json"))
    assert accepted["patient"] == "pat" and accepted["clinician"] == "doc" and accepted["state"] == "active"
    again = painscope(tmp_path, "share", "accept", "--user", "doc", invite["code"], "--json")
    assert again.returncode != 0 and again.stdout == "" and "not valid" in again.stderr  # one-time

    shares = ok(painscope(tmp_path, "share", "list", "--user", "pat", "--json"))["shares"]
    assert [(s["clinician"], s["state"]) for s in shares] == [("doc", "active")]

    assert painscope(tmp_path, "share", "revoke", "--user", "pat", "--clinician", "doc").returncode == 0
    shares = ok(painscope(tmp_path, "share", "list", "--user", "pat", "--json"))["shares"]
    assert [s["state"] for s in shares] == ["revoked"]

    events = ok(painscope(tmp_path, "audit", "--user", "pat", "--json"))["events"]
    assert all({"at", "actor", "action", "object"} <= set(e) for e in events)
    assert [(e["actor"], e["action"]) for e in events] == [("pat", "share.revoke"), ("doc", "share.accept"), ("pat", "share.invite")]


@pytest.mark.slow
def test_cli_errors_name_the_option_and_print_nothing_on_stdout(tmp_path):
    ok(painscope(tmp_path, "user", "create", "pat", stdin=PASSWORD + "\n"))
    bad = painscope(tmp_path, "share", "invite", "--user", "pat", "--scope", "diary,moods", "--json")
    assert bad.returncode == 2 and bad.stdout == ""
    assert "--scope: unknown kind 'moods'" in bad.stderr and "Traceback" not in bad.stderr
    nobody = painscope(tmp_path, "share", "revoke", "--user", "pat", "--clinician", "doc")
    assert nobody.returncode == 2 and "no active share with 'doc'" in nobody.stderr
    patient = painscope(tmp_path, "share", "accept", "--user", "pat", "ABCD-EFGH-JKMN", "--json")
    assert patient.returncode == 2 and "only clinician accounts" in patient.stderr
