"""The science packages' sentences in the reader's language, without Django (issue 16).

The plain opening sentences (:mod:`painscope.diary.plain`, :mod:`painscope.insights.plain`)
are built from the reports' numbers in Python; they mark their words with :func:`gettext`
and :func:`ngettext` from here, which read GNU gettext catalogues with the standard library
(``painscope/locale/<lang>/LC_MESSAGES/painscope.mo``; scripts/messages.sh makes them). The
language is a context variable: English unless a caller sets it with :func:`language` — the
web app does, per request, to the page's language (painscope/web/accounts/zone.py); the CLI
and the JSON stay English. Numbers and dates in those sentences follow the language too
(:func:`number`, :func:`percent`, :func:`day_month_year`).
"""

from __future__ import annotations

import gettext as _stdlib
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from functools import lru_cache
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "painscope"
_language: ContextVar[str] = ContextVar("painscope_language", default="en")

#: month abbreviations as Django's locale formats write them ("7 Dez 2026")
_MONTHS = {"de": ("Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez")}


def _base(code: str) -> str:
    return (code or "en").replace("_", "-").split("-")[0].lower()


@contextmanager
def language(code: str | None) -> Iterator[None]:
    """Within the block, the marked sentences are in ``code`` (e.g. "de"; None or unknown:
    English)."""
    token = _language.set(_base(code or "en"))
    try:
        yield
    finally:
        _language.reset(token)


def current() -> str:
    return _language.get()


@lru_cache(maxsize=8)
def _catalogue(code: str) -> _stdlib.NullTranslations:
    return _stdlib.translation(DOMAIN, str(LOCALE_DIR), languages=[code], fallback=True)


def N_(text: str) -> str:
    """Marks ``text`` for the catalogue without translating it (text defined at import time,
    translated where it is shown with :func:`gettext`)."""
    return text


def gettext(message: str) -> str:
    code = _language.get()
    return message if code == "en" else _catalogue(code).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    code = _language.get()
    if code == "en":
        return singular if n == 1 else plural
    return _catalogue(code).ngettext(singular, plural, n)


def number(value: float, decimals: int = 0) -> str:
    """``value`` with ``decimals`` places and the language's decimal mark (4.5 / 4,5)."""
    text = f"{value:.{decimals}f}"
    return text.replace(".", ",") if _language.get() == "de" else text


def percent(share: float) -> str:
    """A share as a whole percentage: "73%" in English, "73 %" in German."""
    whole = f"{share * 100:.0f}"
    return f"{whole} %" if _language.get() == "de" else f"{whole}%"


def day_month_year(d: date) -> str:
    """"7 Dec 2026" (German "7 Dez 2026")."""
    months = _MONTHS.get(_language.get())
    return f"{d.day} {months[d.month - 1]} {d.year}" if months else f"{d.day} {d:%b %Y}"
