"""Production behind a TLS proxy: `painscope serve` believes the proxy, and only the proxy.

The proxy is played by the test: it talks plain HTTP to the server and says where the
request really came from in ``X-Forwarded-Proto/-For`` and ``Host``, as nginx and Caddy do.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from urllib.parse import urlencode

import pytest

from tests.ops.served import PASSWORD, cli, own_database, production_env, request, serve

HOST = "clinic.example"
ORIGIN = f"https://{HOST}"
VIA_PROXY = {"Host": HOST, "X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"}


@pytest.fixture(scope="module")
def behind_proxy(tmp_path_factory):
    data = tmp_path_factory.mktemp("proxy")
    env = production_env(data, HOST, PAINSCOPE_TRUSTED_PROXY="127.0.0.1")
    with own_database(env):
        made = cli(env, "user", "create", "ana", stdin=PASSWORD + "\n")
        assert made.returncode == 0, made.stderr
        with serve(env) as server:
            yield server


def test_https_through_the_trusted_proxy_is_served_with_hsts_not_redirected(behind_proxy):
    page = request(behind_proxy, "GET", "/accounts/login/", headers=VIA_PROXY)
    assert page.status == 200, (page.status, page.header("Location"))
    hsts = page.header("Strict-Transport-Security") or ""
    assert "max-age=31536000" in hsts and "includeSubDomains" in hsts
    csrf_cookie = next(v for v in page.headers.get_all("Set-Cookie") if v.startswith("csrftoken="))
    assert "Secure" in csrf_cookie


def test_plain_http_is_redirected_to_https_once_and_https_then_answers(behind_proxy):
    plain = request(behind_proxy, "GET", "/accounts/login/", headers={**VIA_PROXY, "X-Forwarded-Proto": "http"})
    assert plain.status == 301
    assert plain.header("Location") == f"{ORIGIN}/accounts/login/"
    again = request(behind_proxy, "GET", "/accounts/login/", headers=VIA_PROXY)  # the browser follows it
    assert again.status == 200


def test_signing_in_through_the_proxy_works(behind_proxy):
    page = request(behind_proxy, "GET", "/accounts/login/", headers=VIA_PROXY)
    csrf = page.cookies()["csrftoken"]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text()).group(1)
    form = urlencode({"csrfmiddlewaretoken": token, "username": "ana", "password": PASSWORD, "next": ""})
    signed_in = request(behind_proxy, "POST", "/accounts/login/", body=form.encode(), headers={
        **VIA_PROXY, "Cookie": f"csrftoken={csrf}", "Origin": ORIGIN, "Referer": f"{ORIGIN}/accounts/login/",
        "Content-Type": "application/x-www-form-urlencoded",
    })
    assert signed_in.status == 302, signed_in.text()[:2000]  # 403 when CSRF sees http or a foreign origin
    assert "login" not in (signed_in.header("Location") or "")
    session = signed_in.cookies()["sessionid"]
    assert "Secure" in next(v for v in signed_in.headers.get_all("Set-Cookie") if v.startswith("sessionid="))
    overview = request(behind_proxy, "GET", "/", headers={**VIA_PROXY, "Cookie": f"sessionid={session}"})
    assert overview.status == 200
    assert "Strict-Transport-Security" in overview.headers


def test_without_a_trusted_proxy_forwarded_headers_are_not_believed_and_serve_says_so(tmp_path):
    env = production_env(tmp_path, HOST)
    with own_database(env), serve(env) as server:
        spoofed = request(server, "GET", "/accounts/login/", headers=VIA_PROXY)
        output = server.output()
    assert spoofed.status == 301  # anyone could send the header: it does not make a request https
    assert "PAINSCOPE_TRUSTED_PROXY is not set" in output


def test_a_proxy_at_another_address_is_not_believed(tmp_path):
    env = production_env(tmp_path, HOST, PAINSCOPE_TRUSTED_PROXY="192.0.2.10")
    with own_database(env), serve(env) as server:
        spoofed = request(server, "GET", "/accounts/login/", headers=VIA_PROXY)
    assert spoofed.status == 301
    assert "Strict-Transport-Security" not in spoofed.headers


SHOW_SETTINGS = """
import json, django
django.setup()
from django.conf import settings
print(json.dumps({"csrf": settings.CSRF_TRUSTED_ORIGINS, "proxy_ssl": getattr(settings, "SECURE_PROXY_SSL_HEADER", None)}))
"""


def _settings(env) -> dict:
    done = subprocess.run([sys.executable, "-c", SHOW_SETTINGS], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_csrf_origins_default_to_the_allowed_hosts_over_https_and_proxy_header_only_when_trusted(tmp_path):
    env = production_env(tmp_path, "clinic.example,.example.org")
    assert _settings(env) == {"csrf": ["https://clinic.example", "https://*.example.org"], "proxy_ssl": None}
    env.update(PAINSCOPE_TRUSTED_PROXY="127.0.0.1", PAINSCOPE_CSRF_TRUSTED_ORIGINS="https://pain.example.net")
    assert _settings(env) == {"csrf": ["https://pain.example.net"], "proxy_ssl": ["HTTP_X_FORWARDED_PROTO", "https"]}


def test_an_unknown_trusted_proxy_header_is_a_clear_configuration_error(tmp_path):
    env = production_env(tmp_path, HOST, PAINSCOPE_TRUSTED_PROXY="127.0.0.1", PAINSCOPE_TRUSTED_PROXY_HEADERS="x-real-ip")
    done = cli(env, "serve", "--port", "0", timeout=60)
    assert done.returncode != 0
    assert "configuration error: PAINSCOPE_TRUSTED_PROXY_HEADERS: unknown header(s) x-real-ip" in done.stderr
    assert "Traceback" not in done.stderr
