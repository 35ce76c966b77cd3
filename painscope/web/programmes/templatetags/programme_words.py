"""``{{ text|science }}``: a programme's text (painscope.programmes) in the page's language.

The programmes' lessons, steps, titles and safety questions are defined in the science
packages, marked for their catalogue (painscope/locale, :mod:`painscope.i18n`) and kept in
English there; this filter looks each one up when the page is shown. Text the catalogue does
not hold (e.g. a person's own words) is returned unchanged.
"""

from __future__ import annotations

from django import template

from painscope.i18n import current, gettext

register = template.Library()


@register.filter
def science(text: object, case: str = "") -> object:
    """``{{ text|science }}``; ``{{ title|science:"lower" }}`` also lower-cases it in English
    ("Start pacing and graded activity"), where German keeps its capitals (nouns)."""
    if not isinstance(text, str) or not text:
        return text
    out = gettext(text)
    return out.lower() if case == "lower" and current() == "en" else out
