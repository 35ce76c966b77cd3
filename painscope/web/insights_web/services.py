"""The Insights pages' one way to the person's analyses, and whose-is-this helpers.

The analyses themselves are the pure functions of :mod:`painscope.insights`; this module
only feeds them the person's daily table (rebuilt from the stored daily aggregates,
``painscope.diary.aggregate``) and keeps the
results in Django's cache, keyed by a fingerprint of the diary, so that opening the page
twice does not redo the work (a two-year diary takes about a second to analyse; see the
report of issue 6 for the measurements).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date

import pandas as pd
from django.contrib.auth.models import AbstractBaseUser
from django.core.cache import cache
from django.db.models import Count
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from painscope import diary, insights
from painscope.diary import aggregate
from painscope.insights import plain
from painscope.insights._daily import column_units, column_units_from_counts
from painscope.insights.triggers import MIN_PAIN_DAYS
from painscope.web.care import gate
from painscope.web.insights_web.models import Experiment
from painscope.web.journal.models import Observation
from painscope.web.journal.services import day_aggregates, diary_token

#: Lags scanned on the page: the issue's default window (same day to three days later).
LAGS = (0, 1, 2, 3)
#: Bump when the cached bundle's shape changes, so old entries are never read back.
CACHE_SCHEMA = 1
CACHE_SECONDS = 7 * 24 * 3600


# -- ownership: every helper asks the one gate (painscope.web.care.gate) ------------------


def experiments_for_user(user: AbstractBaseUser, viewer: AbstractBaseUser | None = None):
    gate.require(viewer or user, user, "insights")
    return Experiment.objects.filter(owner=user)


def get_experiment_for_user(user: AbstractBaseUser, pk, viewer: AbstractBaseUser | None = None) -> Experiment:
    """The saved experiment with this id if ``user`` owns it; 404 otherwise (never 403)."""
    gate.require(viewer or user, user, "insights")
    try:
        return Experiment.objects.get(pk=int(pk), owner=user)
    except (Experiment.DoesNotExist, ValueError, TypeError):
        raise Http404("No such experiment") from None


# -- analyses -------------------------------------------------------------------------------


@dataclass
class Analyses:
    """Everything the Insights page shows, computed once per version of the diary."""

    daily: pd.DataFrame
    triggers: insights.TriggerReport
    flares: insights.FlareReport
    forecast: insights.ForecastReport
    seconds: dict[str, float] = field(default_factory=dict)
    from_cache: bool = False

    @property
    def n_pain_days(self) -> int:
        if "pain" not in self.daily.columns:
            return 0
        return int(self.daily["pain"].notna().sum())

    @property
    def first_day(self) -> date | None:
        return self.daily.index[0].date() if len(self.daily) else None

    @property
    def last_day(self) -> date | None:
        return self.daily.index[-1].date() if len(self.daily) else None


def diary_version(user: AbstractBaseUser) -> tuple:
    """A fingerprint that changes whenever anything the analyses read changes: the diary's
    version token, changed in the same transaction as every write of entries or
    observations (``painscope.web.journal.services.refresh_days``), so one small read."""
    return (diary_token(user),)


def _cache_key(user: AbstractBaseUser, version: tuple) -> str:
    import hashlib

    digest = hashlib.sha256(repr(version).encode()).hexdigest()[:24]
    return f"insights:v{CACHE_SCHEMA}:{user.pk}:{digest}"


def compute_analyses(frame: pd.DataFrame) -> Analyses:
    """Run every whole-diary analysis of the page on a canonical diary frame."""
    start = time.perf_counter()
    daily = insights.as_daily(diary.daily_table(frame)) if len(frame) else insights.as_daily(frame)
    return _analyse(daily, {"daily_table": time.perf_counter() - start}, column_units(frame))


def compute_analyses_daily(table: pd.DataFrame, units: dict[str, str] | None = None) -> Analyses:
    """The same from the diary's daily table (``diary.daily_table`` of the whole diary, e.g.
    rebuilt from the stored daily aggregates)."""
    start = time.perf_counter()
    daily = insights.as_daily(table)
    return _analyse(daily, {"daily_table": time.perf_counter() - start}, units or {})


def units_for_user(user: AbstractBaseUser) -> dict[str, str]:
    """The unit of each analysed item, from one grouped count of the person's rows."""
    rows = (Observation.objects.filter(entry__owner=user).values_list("kind", "name", "unit")
            .annotate(n=Count("id")))
    return column_units_from_counts([(k, n, u, c) for k, n, u, c in rows])


def _analyse(daily: pd.DataFrame, seconds: dict[str, float], units: dict[str, str]) -> Analyses:
    start = time.perf_counter()
    triggers = insights.lagged_effects(daily, lags=LAGS, units=units)
    seconds["triggers"] = time.perf_counter() - start
    start = time.perf_counter()
    flares = insights.detect_flares(daily)
    seconds["flares"] = time.perf_counter() - start
    start = time.perf_counter()
    forecast = insights.forecast(daily)
    seconds["forecast"] = time.perf_counter() - start
    return Analyses(daily=daily, triggers=triggers, flares=flares, forecast=forecast, seconds=seconds)


def analyses_for_user(
    user: AbstractBaseUser, *, use_cache: bool = True, viewer: AbstractBaseUser | None = None
) -> Analyses:
    """The person's analyses, from the cache when their diary has not changed since."""
    gate.require(viewer or user, user, "insights")
    key = _cache_key(user, diary_version(user)) if use_cache else None
    if key is not None:
        hit = cache.get(key)
        if isinstance(hit, Analyses):
            hit.from_cache = True
            return hit
    start = time.perf_counter()
    days = day_aggregates(user)  # the stored daily aggregates, not every raw row
    read = time.perf_counter() - start
    result = (compute_analyses_daily(aggregate.daily_from_days(days), units_for_user(user)) if days
              else compute_analyses(diary.empty_frame()))
    result.seconds = {"read_diary": read, **result.seconds}
    if key is not None:
        cache.set(key, result, CACHE_SECONDS)
    return result


# -- the dashboard card ---------------------------------------------------------------------


def top_finding(report: insights.TriggerReport) -> insights.Finding | None:
    """The finding to headline: the most convincing one that *precedes* pain (delay ≥ 1
    day), else the most convincing same-day one; None when nothing stood out."""
    significant = report.significant
    ahead = [f for f in significant if f.lag >= 1]
    return (ahead or significant or [None])[0]


def triggers_for_user(user: AbstractBaseUser) -> insights.TriggerReport:
    """The trigger scan alone (all the overview card shows): from the cached analyses when
    the Insights page has run them for this version of the diary, else computed and cached
    on its own (without the forecast, which takes most of the time at five years)."""
    key = _cache_key(user, diary_version(user))
    full = cache.get(key)
    if isinstance(full, Analyses):
        return full.triggers
    hit = cache.get(key + ":triggers")
    if isinstance(hit, insights.TriggerReport):
        return hit
    days = day_aggregates(user)
    daily = insights.as_daily(aggregate.daily_from_days(days)) if days else insights.as_daily(diary.empty_frame())
    report = insights.lagged_effects(daily, lags=LAGS, units=units_for_user(user) if days else {})
    cache.set(key + ":triggers", report, CACHE_SECONDS)
    return report


def dashboard_card_context(user: AbstractBaseUser) -> dict:
    """Context for ``insights_web/_dashboard_card.html`` (the lead wires it into the overview).

    Keys: ``insights_state`` ("finding", "nothing_yet", "keep_logging"), ``insights_sentence``,
    ``insights_days_needed`` (days of pain ratings still missing before anything is tested),
    ``insights_n_pain_days``.
    """
    report = triggers_for_user(user)
    n_days = report.n_pain_days
    # the card opens with one plain sentence; the sentence with its numbers sits behind a fold
    ctx = {"insights_n_pain_days": n_days, "insights_days_needed": 0,
           "insights_plain": plain.triggers(report)}
    best = top_finding(report)
    if best is not None:
        ctx.update(insights_state="finding", insights_sentence=best.sentence)
    elif n_days < MIN_PAIN_DAYS:
        needed = MIN_PAIN_DAYS - n_days
        ctx.update(
            insights_state="keep_logging",
            insights_days_needed=needed,
            insights_sentence=(
                ngettext(
                    "Keep logging: insights need about %(needed)s more day "
                    "with a pain rating (at least %(min)s in all; you have %(n)s).",
                    "Keep logging: insights need about %(needed)s more days "
                    "with a pain rating (at least %(min)s in all; you have %(n)s).",
                    needed,
                )
                % {"needed": needed, "min": MIN_PAIN_DAYS, "n": n_days}
            ),
        )
    elif not report.findings:
        ctx.update(
            insights_state="keep_logging",
            insights_sentence=(
                _(
                    "Keep logging the things you want checked (foods, sleep, stress …): each yes/no "
                    "item needs at least 14 days with it and 14 without before it can be tested."
                )
            ),
        )
    else:
        ctx.update(
            insights_state="nothing_yet",
            insights_sentence=(
                _(
                    "Nothing clearly comes before worse pain days yet (%(checks)s checks "
                    "on %(n)s days). That is common: a 1-point effect usually needs about 8 months "
                    "of daily ratings to show."
                )
                % {"checks": len(report.findings), "n": n_days}
            ),
        )
    return ctx
