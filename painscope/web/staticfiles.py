"""Static files sent compressed: `painscope serve` collects them with .br and .gz copies.

WhiteNoise sends a file's ``.br`` or ``.gz`` sibling to a browser that accepts it, but it
only makes those copies during ``collectstatic``; serving straight from the package
(``WHITENOISE_USE_FINDERS``) sends every CSS and JS file uncompressed. So ``painscope serve``
runs :func:`collect_compressed` at start into ``STATIC_ROOT`` (in the data folder) and then
serves that copy (``PAINSCOPE_STATIC_COLLECTED``, see settings). collectstatic copies only
files that changed, and :class:`CompressedStaticFiles` compresses only files whose copies
are not already there, so a restart costs well under a second after the first.

With ``PAINSCOPE_DEBUG`` the files are served from the package as before, so an edited
stylesheet shows at once.
"""

from __future__ import annotations

import os
from typing import Any

from whitenoise.compress import Compressor
from whitenoise.storage import CompressedStaticFilesStorage

#: Above this size brotli's quality 11 takes seconds (1.5 MB: ~3 s on a 2-core machine) for
#: a few per cent; the big files are the API docs' Swagger UI and ReDoc, not the pages.
BROTLI_BEST_UP_TO = 256 * 1024
BROTLI_QUALITY_LARGE = 6
#: Source maps are fetched only by developer tools; compressing them would double the
#: first start's work (ninja ships 5.5 MB of them).
SKIP_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map")


class _Compressor(Compressor):
    def compress(self, path: str) -> list[str]:
        # WhiteNoise gives each copy the original's mtime; collectstatic rewrites a changed
        # file (new mtime), so a copy with the same mtime is a copy of this version.
        mtime = os.stat(path).st_mtime
        done = [p for p in (path + ".br", path + ".gz") if os.path.exists(p) and os.stat(p).st_mtime == mtime]
        if done:
            return done
        return super().compress(path)

    def compress_brotli(self, data: bytes) -> bytes:
        import brotli

        return brotli.compress(data, quality=11 if len(data) <= BROTLI_BEST_UP_TO else BROTLI_QUALITY_LARGE)


class CompressedStaticFiles(CompressedStaticFilesStorage):
    """WhiteNoise's compressing storage (same URLs as Django's), skipping up-to-date copies."""

    def create_compressor(self, **kwargs: Any) -> Compressor:
        kwargs["extensions"] = SKIP_EXTENSIONS
        return _Compressor(**kwargs)


def collect_compressed() -> None:
    """Copy the packaged static files into ``STATIC_ROOT`` with their .br and .gz copies."""
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)
