"""How sizes are counted and written: one unit for every limit, message and document.

A megabyte here is 10^6 bytes (SI), as people and most file managers count: "50 MB" in a
message, in the docs and in ``PAINSCOPE_MAX_IMPORT_MB=50`` are the same 50,000,000 bytes.
The limits themselves are settings (``MAX_UPLOAD_BYTES``, ``MAX_IMPORT_BYTES``,
``MAX_JSON_BYTES``, ``MAX_REQUEST_BODY_BYTES``); this module holds no Django.
"""

from __future__ import annotations

MB = 1_000_000


def megabytes(n_bytes: int | float) -> str:
    """``52_400_000`` → ``"52.4 MB"``; whole numbers without a decimal: ``50_000_000`` → ``"50 MB"``."""
    mb = n_bytes / MB
    if mb == int(mb) or mb >= 100:
        return f"{mb:,.0f} MB"
    return f"{mb:,.1f} MB"
