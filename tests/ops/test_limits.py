"""One set of size limits: the server, Django and every message say the same number of MB (10^6 bytes)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from painscope.web.limits import MB, megabytes
from tests.ops.served import own_database, painscope_env, request, serve


def test_megabytes_are_powers_of_ten():
    assert megabytes(50 * MB) == "50 MB"
    assert megabytes(2000 * MB) == "2,000 MB"
    assert megabytes(52_428_800) == "52.4 MB"  # what "50 MB" used to mean in one place and not another


def test_the_limits_come_from_one_set_of_settings(settings):
    assert settings.MAX_UPLOAD_BYTES == 2000 * MB
    assert settings.MAX_IMPORT_BYTES == 50 * MB
    assert settings.MAX_JSON_BYTES == 1 * MB
    assert settings.MAX_REQUEST_BODY_BYTES == settings.MAX_UPLOAD_BYTES + settings.UPLOAD_BODY_SLACK_BYTES
    # waitress' own default is 1 GiB: below the advertised upload limit it refused with a bare 413
    assert settings.MAX_REQUEST_BODY_BYTES > 1024**3


@pytest.mark.django_db
def test_the_api_import_limit_message_says_50_mb(person, client, settings):
    settings.MAX_IMPORT_BYTES = 50 * MB
    body = b"timestamp,kind,name,value,unit,note\n" + b"x" * (50 * MB)
    response = client.post("/api/v1/import", body, content_type="text/csv")
    assert response.status_code == 413
    msg = response.json()["detail"][0]["msg"]
    assert "the limit for this route is 50 MB" in msg, msg


@pytest.mark.django_db
def test_the_my_data_page_uses_the_same_import_limit(person, client, settings):
    settings.MAX_IMPORT_BYTES = 2 * MB
    big = SimpleUploadedFile("d.csv", b"timestamp,kind,name,value,unit,note\n" + b"x" * (2 * MB))
    response = client.post(reverse("my_data"), {"file": big})
    assert response.status_code == 400
    assert "larger than 2 MB" in response.content.decode()


@pytest.mark.django_db
def test_the_upload_page_states_the_limit_in_the_same_unit(person, client, settings):
    page = client.get(reverse("wearables_upload")).content.decode()
    assert "Up to 2,000 MB" in page
    assert f'data-max-bytes="{settings.MAX_UPLOAD_BYTES}"' in page


def test_serve_refuses_a_body_over_the_limit_unread_with_a_message_naming_it(tmp_path):
    env = painscope_env(tmp_path, PAINSCOPE_MAX_UPLOAD_MB="3", PAINSCOPE_MAX_IMPORT_MB="1")
    with own_database(env), serve(env) as server:
        # only the headers: the server must answer from Content-Length, before any body is sent
        import http.client

        conn = http.client.HTTPConnection(server.host, server.port, timeout=30)
        conn.putrequest("POST", "/wearables/upload")
        conn.putheader("Content-Type", "multipart/form-data; boundary=x")
        conn.putheader("Content-Length", str(3 * MB + 64 * 1024 + 1))
        conn.endheaders()
        response = conn.getresponse()
        text = response.read().decode()
        conn.close()
        # just under the server's limit reaches Django, which answers with the page's message
        under = request(server, "POST", "/api/v1/import", body=b"x" * (2 * MB),
                        headers={"Content-Type": "text/csv", "Authorization": "Bearer nope"})
    assert response.status == 413
    assert "larger than 3 MB, the largest upload this site accepts" in text, text
    assert under.status == 401  # through the server to the API (which wants a token first)
