"""Template filters for the overview's plain opening sentences (:mod:`painscope.diary.plain`),
in the page's language (the request's language is set for painscope.i18n by the language
middleware, painscope/web/accounts/zone.py)."""

from __future__ import annotations

from django import template

from painscope.diary import plain
from painscope.web.journal.labels import label

register = template.Library()


@register.filter
def plain_recent(summaries) -> str:
    return plain.recent_pain(summaries)


@register.filter
def plain_period(s) -> str:
    return plain.period_pain(s)


@register.filter
def plain_calendar(calendar) -> str:
    return plain.calendar_days(calendar)


@register.filter
def plain_where(n_checkins, marked) -> str:
    top = plain.top_area(marked or [])
    return plain.where_it_hurt(n_checkins or 0, marked or [], label(top.label) if top else None)


@register.filter
def plain_doses(rows) -> str:
    return plain.doses_taken(rows or [])
