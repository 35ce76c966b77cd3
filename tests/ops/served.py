"""Start the real ``painscope serve`` on 127.0.0.1 for a test, and talk raw HTTP to it.

The server listens on a port the OS picks (``--port 0``; the address is read from its first
line), is stopped with SIGTERM when the block ends, and is killed if it does not stop. On
the PostgreSQL pass each server gets a fresh database of its own.
"""

from __future__ import annotations

import http.client
import os
import re
import secrets
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

from tests.postgres import create_database, drop_database, postgres_url

PASSWORD = "purple-otter-lantern-42"
START_SECONDS = 90


def painscope_env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ, PAINSCOPE_DATA_DIR=str(data_dir), DJANGO_SETTINGS_MODULE="painscope.web.settings")
    for name in ("PAINSCOPE_PRODUCTION", "PAINSCOPE_TRUSTED_PROXY", "PAINSCOPE_DEBUG"):
        env.pop(name, None)
    env.update(extra)
    return env


def production_env(data_dir: Path, host: str, **extra: str) -> dict[str, str]:
    return painscope_env(data_dir, PAINSCOPE_PRODUCTION="1", PAINSCOPE_SECRET_KEY=secrets.token_urlsafe(50),
                         PAINSCOPE_ALLOWED_HOSTS=host, **extra)


def cli(env: dict[str, str], *args: str, stdin: str | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "painscope.cli", *args], input=stdin, capture_output=True,
                          text=True, env=env, timeout=timeout)


@contextmanager
def own_database(env: dict[str, str]) -> Iterator[dict[str, str]]:
    """``env`` with a fresh PostgreSQL database when the suite runs on PostgreSQL."""
    url = postgres_url(env.get("DATABASE_URL"))
    if url is None:
        env.pop("DATABASE_URL", None)
        yield env
        return
    name = f"painscope_s_{uuid.uuid4().hex[:12]}"
    env["DATABASE_URL"] = create_database(url, name)
    try:
        yield env
    finally:
        drop_database(url, name)


@dataclass
class Server:
    base: str
    host: str
    port: int
    proc: subprocess.Popen
    log: Path
    env: dict[str, str] = field(default_factory=dict)

    def output(self) -> str:
        return self.log.read_text(errors="replace")


@contextmanager
def serve(env: dict[str, str], *args: str) -> Iterator[Server]:
    """Run ``painscope serve --port 0`` with ``env`` until the block ends."""
    log = Path(env["PAINSCOPE_DATA_DIR"]) / f"serve-{uuid.uuid4().hex[:6]}.log"
    with log.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "painscope.cli", "serve", "--port", "0", *args],
                                stdout=out, stderr=subprocess.STDOUT, env=env)
    try:
        deadline = time.monotonic() + START_SECONDS
        while True:
            found = re.search(r"running at http://127\.0\.0\.1:(\d+)/", log.read_text(errors="replace"))
            if found:
                break
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("painscope serve did not start:\n" + log.read_text(errors="replace"))
            time.sleep(0.2)
        port = int(found.group(1))
        yield Server(f"http://127.0.0.1:{port}", "127.0.0.1", port, proc, log, env)
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=15)


@dataclass
class Reply:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    def header(self, name: str) -> str | None:
        return self.headers.get(name)

    def cookies(self) -> dict[str, str]:
        jar = SimpleCookie()
        for value in self.headers.get_all("Set-Cookie") or []:
            jar.load(value)
        return {k: m.value for k, m in jar.items()}

    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


def request(server: Server, method: str, path: str, *, headers: dict[str, str] | None = None,
            body: bytes | None = None, timeout: float = 60) -> Reply:
    """One request, no redirect followed (a redirect loop shows as a 301/302 answer)."""
    conn = http.client.HTTPConnection(server.host, server.port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return Reply(response.status, response.headers, response.read())
    finally:
        conn.close()
