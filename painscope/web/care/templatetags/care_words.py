"""``{{ share.scope|kind_names }}``: a share's kinds of data in the page's language."""

from __future__ import annotations

from django import template

from painscope.web.care import words

register = template.Library()


@register.filter
def kind_names(kinds) -> str:
    return words.kind_names(kinds or ())
