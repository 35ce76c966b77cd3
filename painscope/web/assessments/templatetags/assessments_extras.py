"""Small display filters for questionnaire pages (formatting only, no scoring)."""

from __future__ import annotations

import re

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def score(value) -> str:
    """A score as people read it: whole numbers without decimals, means to 2 decimals
    (the value itself is never rounded when stored)."""
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, float):
        return f"{value:g}" if value.is_integer() else f"{value:.2f}".rstrip("0")
    return str(value)


@register.filter
def label(value) -> str:
    """A code such as ``moderately_severe`` as words."""
    return str(value or "").replace("_", " ")


@register.filter
def get(mapping, key):
    """``mapping[key]`` in a template (the key itself when absent)."""
    try:
        return mapping.get(key, key)
    except AttributeError:
        return key


@register.filter
def signed(value) -> str:
    """A change with its sign: +5, -2.67."""
    if value is None:
        return "–"
    text = score(value)
    return text if text.startswith("-") else f"+{text}"


@register.filter
def pluralize_abs(value) -> str:
    """'s' unless the absolute value is 1."""
    try:
        return "" if abs(float(value)) == 1 else "s"
    except (TypeError, ValueError):
        return "s"


_REFERENCE = re.compile(r"INSTRUMENTS\.md(?:\s*§\s*\d+(?:\.\d+)*)?(?:\s*[;,]\s*)?")
_EMPTY_PARENS = re.compile(r"\s*\(\s*\)")
_COMPARISONS = (
    (re.compile(r"\s*>=\s*(-?\d+(?:\.\d+)?)"), r" of \1 or more"),
    (re.compile(r"\s*<=\s*(-?\d+(?:\.\d+)?)"), r" of \1 or less"),
    (re.compile(r"\s*>\s*(-?\d+(?:\.\d+)?)"), r" above \1"),
    (re.compile(r"\s*<\s*(-?\d+(?:\.\d+)?)"), r" below \1"),
)


@register.filter
def in_words(value) -> str:
    """A flag message or source as a patient reads it: no pointers into the project's
    reference document ("INSTRUMENTS.md §3.7") and no ">= 10" notation ("of 10 or more").
    Presentation only: the stored result keeps the full text for clinicians and the CLI."""
    text = _REFERENCE.sub("", str(value or ""))
    text = _EMPTY_PARENS.sub("", text)
    for pattern, words in _COMPARISONS:
        text = pattern.sub(words, text)
    return re.sub(r"\s{2,}", " ", text).strip().rstrip(";,").strip()
