"""The chart library the pages load: the vendored partial Plotly build, and its encodings.

painscope's figures use only the ``scatter`` and ``bar`` traces (with layout shapes and
error bars), so the pages load plotly.js's "basic" bundle (scatter, bar, pie: 1.2 MB raw,
329 kB brotli) instead of the full bundle inside the Python ``plotly`` package (4.8 MB raw,
1.4 MB gzip). It is vendored in ``vendor/`` with its ``.gz`` and ``.br`` made once by
``scripts/update-plotly-basic.sh``; see ``vendor/README.md`` for where it came from.

Its version must be the plotly.js version of the installed Python ``plotly``
(``tests/web/test_plotly_asset.py`` fails when they differ, so it is caught before release,
not on a person's phone).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

PLOTLY_JS_VERSION = "4.1.1"
PLOTLY_BASIC_SHA256 = "99784e3abfb07b142a15e521a439e6d9addceadb3f79553fd24c72774f0649ba"
VENDOR = Path(__file__).resolve().parent / "vendor"


def bundle_path(version: str = PLOTLY_JS_VERSION) -> Path:
    return VENDOR / f"plotly-basic-{version}.min.js"


@dataclass(frozen=True)
class Representation:
    body: bytes
    encoding: str | None  # the Content-Encoding, None for the raw file
    etag: str


@lru_cache(maxsize=1)
def representations() -> dict[str | None, Representation]:
    """The file raw, gzip and brotli, each with its own strong ETag (RFC 9110 8.8.3: an
    entity tag names one representation, so the encodings must not share one)."""
    path = bundle_path()
    raw = path.read_bytes()
    tag = hashlib.sha256(raw).hexdigest()[:16]
    out = {None: Representation(raw, None, f'"{tag}"')}
    for encoding, suffix in (("gzip", ".gz"), ("br", ".br")):
        packed = path.with_name(path.name + suffix)
        if packed.is_file():
            out[encoding] = Representation(packed.read_bytes(), encoding, f'"{tag}-{suffix[1:]}"')
    return out


def accepted_encodings(header: str) -> set[str]:
    """Codings an ``Accept-Encoding`` header accepts (``q=0`` refuses one; ``*`` is not
    expanded: browsers name br and gzip)."""
    accepted = set()
    for part in header.split(","):
        coding, _, params = part.strip().partition(";")
        q = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if coding and q > 0:
            accepted.add(coding.strip().lower())
    return accepted


def choose(accept_encoding: str) -> Representation:
    """The smallest representation the client accepts: brotli, then gzip, then raw."""
    options = representations()
    accepted = accepted_encodings(accept_encoding)
    for encoding in ("br", "gzip"):
        if encoding in accepted and encoding in options:
            return options[encoding]
    return options[None]


def plotly_version() -> str:
    """The plotly.js version of the vendored library (the URL of the file carries it)."""
    return PLOTLY_JS_VERSION


@require_safe
def plotly_js(request: HttpRequest, version: str) -> HttpResponse:
    """The partial Plotly build the pages draw with: no CDN, works offline.

    The URL carries the version, so the response may be cached for a year; the brotli or
    gzip copy made when it was vendored goes to browsers that accept it.
    """
    if version != plotly_version():
        raise Http404(f"No Plotly {version} here: the pages use plotly.js {plotly_version()}")
    chosen = choose(request.META.get("HTTP_ACCEPT_ENCODING", ""))
    if chosen.etag in [tag.strip() for tag in request.META.get("HTTP_IF_NONE_MATCH", "").split(",")]:
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(chosen.body, content_type="text/javascript; charset=utf-8")
        if chosen.encoding:
            response["Content-Encoding"] = chosen.encoding
    response["ETag"] = chosen.etag
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    response["Vary"] = "Accept-Encoding"
    return response
