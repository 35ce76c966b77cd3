"""The chart library: the vendored partial Plotly build, its version, its encodings."""

from __future__ import annotations

import gzip
import hashlib

import brotli
from django.urls import reverse
from plotly.offline import get_plotlyjs_version

from painscope.web.journal import plotly_asset
from painscope.web.journal.plotly_asset import PLOTLY_BASIC_SHA256, PLOTLY_JS_VERSION, bundle_path

URL = reverse("plotly_js", args=[PLOTLY_JS_VERSION])


def test_the_vendored_build_is_the_plotly_js_of_the_installed_python_plotly():
    # the charts are Python-built figure dicts; a browser library of another version may draw
    # them differently. Fix: scripts/update-plotly-basic.sh (see vendor/README.md).
    assert get_plotlyjs_version() == PLOTLY_JS_VERSION, (
        f"vendored plotly.js basic {PLOTLY_JS_VERSION}, the installed plotly package ships plotly.js "
        f"{get_plotlyjs_version()}: run scripts/update-plotly-basic.sh"
    )
    raw = bundle_path().read_bytes()
    assert f"plotly.js (basic - minified) v{PLOTLY_JS_VERSION}".encode() in raw[:200]
    assert hashlib.sha256(raw).hexdigest() == PLOTLY_BASIC_SHA256
    assert plotly_asset.VENDOR.joinpath("LICENSE-plotly.js.txt").read_text().startswith("MIT License")


def test_the_compressed_copies_are_the_same_file():
    raw = bundle_path().read_bytes()
    assert gzip.decompress(bundle_path().with_suffix(".js.gz").read_bytes()) == raw
    assert brotli.decompress(bundle_path().with_suffix(".js.br").read_bytes()) == raw


def test_a_phone_browser_gets_brotli_and_may_cache_it_for_a_year(client):
    response = client.get(URL, HTTP_ACCEPT_ENCODING="gzip, deflate, br, zstd")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "br"
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert "Accept-Encoding" in response["Vary"]
    assert brotli.decompress(response.content) == bundle_path().read_bytes()
    assert len(response.content) < 400_000


def test_gzip_only_or_nothing_gets_what_it_can_read(client):
    gz = client.get(URL, HTTP_ACCEPT_ENCODING="gzip")
    assert gz["Content-Encoding"] == "gzip"
    assert gzip.decompress(gz.content) == bundle_path().read_bytes()
    refused = client.get(URL, HTTP_ACCEPT_ENCODING="br;q=0, gzip")
    assert refused["Content-Encoding"] == "gzip"
    plain = client.get(URL)
    assert not plain.has_header("Content-Encoding")
    assert plain.content == bundle_path().read_bytes()
    tags = {gz["ETag"], plain["ETag"], client.get(URL, HTTP_ACCEPT_ENCODING="br")["ETag"]}
    assert len(tags) == 3  # one entity tag per representation


def test_a_revalidation_with_the_etag_is_answered_not_modified(client):
    first = client.get(URL, HTTP_ACCEPT_ENCODING="br")
    again = client.get(URL, HTTP_ACCEPT_ENCODING="br", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    other = client.get(URL, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=first["ETag"])
    assert other.status_code == 200


def test_another_version_is_not_found(client):
    assert client.get(reverse("plotly_js", args=["9.9.9"])).status_code == 404
    assert client.post(URL).status_code == 405
