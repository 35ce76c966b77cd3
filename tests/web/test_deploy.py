"""A production deployment passes Django's deployment checks and sends the safety headers."""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db


def production_env(data_dir) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        PAINSCOPE_PRODUCTION="1",
        PAINSCOPE_SECRET_KEY=secrets.token_urlsafe(64),
        PAINSCOPE_ALLOWED_HOSTS="example.org",
        PAINSCOPE_DATA_DIR=str(data_dir),
        DJANGO_SETTINGS_MODULE="painscope.web.settings",
    )
    env.pop("PAINSCOPE_DEBUG", None)
    return env


def test_manage_check_deploy_has_no_warnings(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "painscope.web.manage", "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True, text=True, env=production_env(tmp_path), timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues" in done.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = production_env(tmp_path)
    del env["PAINSCOPE_SECRET_KEY"]
    done = subprocess.run(
        [sys.executable, "-m", "painscope.web.manage", "check"], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode != 0
    assert "PAINSCOPE_SECRET_KEY must be set in production" in done.stderr


PRODUCTION_REQUESTS = r"""
import json
import django
django.setup()
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
from django.test import Client
client = Client()
secure = client.get("/healthz", secure=True, HTTP_HOST="example.org")
plain = client.get("/accounts/login/", HTTP_HOST="example.org")
probe = client.get("/healthz", HTTP_HOST="example.org")
api = client.get("/api/v1/entries", secure=True, HTTP_HOST="example.org")
foreign = client.get("/healthz", secure=True, HTTP_HOST="evil.example.com")
print(json.dumps({
    "secure": [secure.status_code, dict(secure.headers)],
    "plain": [plain.status_code, plain.headers.get("Location")],
    "probe": probe.status_code,
    "api": [api.status_code, dict(api.headers)],
    "foreign": foreign.status_code,
}))
"""


def test_production_sends_security_headers_and_redirects_to_https(tmp_path):
    done = subprocess.run(
        [sys.executable, "-c", PRODUCTION_REQUESTS], capture_output=True, text=True, env=production_env(tmp_path), timeout=120
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    status, headers = result["secure"]
    assert status == 200
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    hsts = headers["Strict-Transport-Security"]
    assert "max-age=31536000" in hsts and "includeSubDomains" in hsts
    assert result["plain"] == [301, "https://example.org/accounts/login/"]
    assert result["probe"] == 200  # a load balancer's plain-HTTP health probe is answered
    api_status, api_headers = result["api"]
    assert api_status == 401 and api_headers["X-Content-Type-Options"] == "nosniff"
    assert "Strict-Transport-Security" in api_headers
    assert result["foreign"] == 400  # a Host header not in PAINSCOPE_ALLOWED_HOSTS


def test_development_sends_security_headers_but_no_hsts():
    response = Client().get("/healthz")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert "Strict-Transport-Security" not in response  # would pin a laptop's localhost to https


def _page_routes(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _page_routes(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern)


# Posted by the service worker, which cannot read the CSRF cookie: a notification button
# carries a signed one-reminder token from the encrypted push message instead.
CSRF_EXEMPT_BY_DESIGN = {"reminders/act/"}
PAGES = sorted({r for r in _page_routes(get_resolver().url_patterns) if not r.startswith("api/")})


@pytest.mark.parametrize("route", PAGES)
def test_every_page_refuses_a_post_without_csrf_token(route, django_user_model):
    user = django_user_model.objects.create_user("csrf_person")
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    url = "/" + re.sub(r"<(?:int:)?\w+>", "1", re.sub(r"<(?!int:)\w+:\w+>", "x", route))
    response = client.post(url, {"anything": "1"})
    if route in CSRF_EXEMPT_BY_DESIGN:  # authorised by a signed token in the body instead
        assert response.status_code == 400, f"POST {url} without its token answered {response.status_code}"
        return
    # the CSRF middleware answers before any view runs; only a csrf_exempt view would not
    assert response.status_code == 403, f"POST {url} without a CSRF token answered {response.status_code}"


def test_api_docs_page_loads_no_third_party_script():
    page = Client().get("/api/v1/docs").content.decode()
    sources = re.findall(r"""<(?:script|link)[^>]+(?:src|href)=["']([^"']+)""", page)
    assert sources, "the docs page should load Swagger UI"
    assert all(s.startswith("/") and not s.startswith("//") for s in sources), sources
