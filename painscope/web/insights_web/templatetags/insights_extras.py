"""Template helpers for the Insights pages."""

from __future__ import annotations

from django import template

from painscope.insights import plain
from painscope.web.insights_web.present import signed

register = template.Library()


@register.filter(name="points")
def points(value) -> str:
    """A signed number of pain points ("+0.8", "-0.04"); an em dash when missing."""
    if value is None:
        return "—"
    return signed(float(value))


@register.filter(name="plain_finding")
def plain_finding(finding) -> str:
    """A finding in one plain sentence (its numbers stay in ``finding.sentence``)."""
    return plain.finding(finding)
