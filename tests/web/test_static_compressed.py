"""`painscope serve`'s static files: collected once with brotli and gzip copies, sent compressed."""

from __future__ import annotations

import gzip
import os

import brotli
import pytest
from django.test import override_settings
from whitenoise.middleware import WhiteNoiseMiddleware

from painscope.web.staticfiles import collect_compressed


@pytest.fixture
def collected(tmp_path):
    root = tmp_path / "static"
    with override_settings(STATIC_ROOT=root):
        collect_compressed()
        yield root


def test_the_stylesheet_and_scripts_get_brotli_and_gzip_copies(collected):
    css = collected / "painscope" / "site.css"
    assert brotli.decompress((collected / "painscope" / "site.css.br").read_bytes()) == css.read_bytes()
    assert gzip.decompress((collected / "painscope" / "site.css.gz").read_bytes()) == css.read_bytes()
    assert (collected / "journal" / "dashboard.js.br").is_file()
    assert not list(collected.rglob("*.map.br"))  # source maps are for developer tools only


def test_a_second_start_recompresses_only_what_changed(collected):
    css_br = collected / "painscope" / "site.css.br"
    js = collected / "journal" / "dashboard.js"
    js_br = collected / "journal" / "dashboard.js.br"
    css_br.write_bytes(b"marker")  # would be rewritten if compressed again
    os.utime(css_br, (js.stat().st_atime, (collected / "painscope" / "site.css").stat().st_mtime))
    os.utime(js, None)  # the copy changed since it was compressed
    with override_settings(STATIC_ROOT=collected):
        collect_compressed()
    assert css_br.read_bytes() == b"marker"
    assert brotli.decompress(js_br.read_bytes()) == js.read_bytes()


def test_served_from_the_collected_copy_a_browser_gets_brotli(collected, rf):
    with override_settings(STATIC_ROOT=collected, WHITENOISE_USE_FINDERS=False, WHITENOISE_AUTOREFRESH=False):
        middleware = WhiteNoiseMiddleware(lambda request: None)
    response = middleware(rf.get("/static/painscope/site.css", HTTP_ACCEPT_ENCODING="gzip, deflate, br"))
    assert response.status_code == 200
    assert response["Content-Encoding"] == "br"
    assert "Accept-Encoding" in response["Vary"]
