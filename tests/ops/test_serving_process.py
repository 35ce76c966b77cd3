"""Servers and workers run one BLAS thread per Python thread (painscope.serving)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from painscope.serving import limit_blas_threads

PROBE = ("from painscope.serving import limit_blas_threads; from threadpoolctl import threadpool_info; "
         "print(limit_blas_threads(), sorted({i['num_threads'] for i in threadpool_info() "
         "if i['user_api'] == 'blas'}))")


def _probe(env_value: str | None) -> str:
    import os

    env = {k: v for k, v in os.environ.items() if k != "PAINSCOPE_BLAS_THREADS"}
    if env_value is not None:
        env["PAINSCOPE_BLAS_THREADS"] = env_value
    done = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_the_default_is_one_thread_for_every_blas_library_loaded():
    assert _probe(None) == "1 [1]"


def test_the_limit_can_be_set_from_the_environment():
    assert _probe("2") == "2 [2]"


@pytest.mark.parametrize("value", ["two", "-1", "1.5"])
def test_a_bad_limit_names_the_variable(monkeypatch, value):
    monkeypatch.setenv("PAINSCOPE_BLAS_THREADS", value)
    with pytest.raises(ValueError, match="PAINSCOPE_BLAS_THREADS"):
        limit_blas_threads()


def test_zero_leaves_the_library_default(monkeypatch):
    monkeypatch.setenv("PAINSCOPE_BLAS_THREADS", "0")
    assert limit_blas_threads() is None


def test_serve_refuses_a_bad_blas_limit_with_a_message(tmp_path):
    import os

    env = {**os.environ, "PAINSCOPE_BLAS_THREADS": "many"}
    done = subprocess.run([sys.executable, "-m", "painscope.cli", "--data-dir", str(tmp_path), "serve", "--port", "0"],
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    assert "PAINSCOPE_BLAS_THREADS must be a whole number" in done.stderr
    assert "Traceback" not in done.stderr
