"""Small template helpers for the journal pages."""

from __future__ import annotations

from django import template

from painscope.web.journal.labels import label

register = template.Library()


@register.filter
def get_item(mapping, key):
    """``mapping[key]`` in a template (None when absent)."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def diary_label(text):
    """One of the diary's English labels (body area, quality, rating, measure) in the page's language."""
    return label(str(text)) if text else text


@register.filter
def percent(value) -> str:
    """A share 0-1 as a whole percentage ("45%"); an em dash when missing."""
    if value is None:
        return "—"
    return f"{value * 100:.0f}%"


@register.filter
def one_decimal(value) -> str:
    if value is None:
        return "—"
    return f"{value:.1f}"
