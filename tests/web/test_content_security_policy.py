"""Every page forbids scripts from other origins and inline code."""

from __future__ import annotations

import pytest


@pytest.mark.django_db
def test_pages_send_a_strict_script_policy(client, django_user_model):
    user = django_user_model.objects.create_user("cspuser", password="a-long-password-1")
    client.force_login(user)
    for url in ("/", "/checkin/", "/accounts/login/", "/healthz"):
        response = client.get(url)
        policy = response.headers.get("Content-Security-Policy", "")
        assert "script-src 'self'" in policy, url
        assert "unsafe-inline" not in policy.split("script-src", 1)[1].split(";")[0], url
        assert "frame-ancestors 'none'" in policy, url
