"""The "Your pain system" page's one way to the personal model (owner only).

The fit is :func:`painscope.model.personal.fit_person` (pure); this module feeds it the
person's stored diary and keeps the result in Django's cache under the same diary
fingerprint the Insights page uses, so it is recomputed only when the diary changes.
It also draws the page's small charts as plain SVG (no script, so they work under the
site's strict CSP and on a slow phone).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np
from django.contrib.auth.models import AbstractBaseUser
from django.core.cache import cache
from django.utils.translation import gettext_lazy, gettext_noop

from painscope import diary, insights
from painscope.model.personal import LOOPS, PersonalModel, fit_person
from painscope.web.insights_web.services import diary_version
from painscope.web.journal.services import diary_frame

CACHE_SCHEMA = 1
CACHE_SECONDS = 7 * 24 * 3600
PLAIN_LOOP = {"sleep": gettext_lazy("Sleep"), "stress": gettext_lazy("Stress"), "pain_worry": gettext_lazy("Pain and worry"),
              "pain_stress": gettext_lazy("Pain and stress")}
# Kept English in the cached result (the CLI reads it too); the page translates it.
NOT_ENOUGH_DATA = gettext_noop("Not enough data yet: the personal model needs pain ratings from your check-ins.")


def personal_model(user: AbstractBaseUser, profile: str = "fibromyalgia", n_draws: int = 200,
                   use_cache: bool = True) -> PersonalModel:
    """The person's fitted model, from the cache while their diary is unchanged."""
    key = None
    if use_cache:
        digest = hashlib.sha256(repr((diary_version(user), profile, n_draws)).encode()).hexdigest()[:24]
        key = f"personal:v{CACHE_SCHEMA}:{user.pk}:{digest}"
        hit = cache.get(key)
        if isinstance(hit, PersonalModel):
            return hit
    frame = diary_frame(user)
    daily = insights.as_daily(diary.daily_table(frame)) if len(frame) else insights.as_daily(frame)
    if "pain" not in daily.columns:
        result = PersonalModel(len(daily), 0, None, message=NOT_ENOUGH_DATA)
    else:
        result = fit_person(daily, profile=profile, n_draws=n_draws)
    if key is not None:
        cache.set(key, result, CACHE_SECONDS)
    return result


@dataclass
class Bar:
    label: str
    what: str
    estimate: float
    low: float
    high: float
    x: float
    width: float
    low_x: float
    high_x: float
    y: int


def loop_bars(result: PersonalModel) -> tuple[list[Bar], float]:
    """Horizontal bars (points of pain, 0 to the largest upper limit) with interval whiskers."""
    rows = [(k, v) for k, v in result.loops.items() if v.get("estimate") is not None]
    top = max([v["high"] for _, v in rows] + [0.5])
    scale = 260.0 / top
    bars = []
    for i, (k, v) in enumerate(sorted(rows, key=lambda kv: -kv[1]["estimate"])):
        est = max(v["estimate"], 0.0)
        bars.append(Bar(PLAIN_LOOP.get(k, k), LOOPS[k], v["estimate"], v["low"], v["high"], 0.0, est * scale,
                        max(v["low"], 0.0) * scale, max(v["high"], 0.0) * scale, 10 + 44 * i))
    return bars, top


def states_path(result: PersonalModel, column: str, height: int = 80, width: int = 300) -> str:
    """An SVG polyline's points for one fitted state over the diary (scaled to its own range)."""
    if result.states is None or column not in result.states:
        return ""
    v = result.states[column].to_numpy(dtype=float)
    if column == "pain_model" or not v.size:
        return ""
    lo, hi = float(np.nanmin(v)), float(np.nanmax(v))
    span = hi - lo or 1.0
    xs = np.linspace(0, width, v.size)
    ys = height - 4 - (v - lo) / span * (height - 8)
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in zip(xs, ys, strict=True))


def pain_paths(result: PersonalModel, observed: np.ndarray | None, height: int = 120, width: int = 300) -> tuple[str, str]:
    """Polylines of rated pain and the model's fitted pain on a 0-10 scale."""
    if result.fitted is None or observed is None:
        return "", ""
    fitted = np.asarray(result.fitted, dtype=float)
    obs = np.asarray(observed, dtype=float)
    xs = np.linspace(0, width, fitted.size)

    def line(v: np.ndarray) -> str:
        return " ".join(f"{x:.1f},{height - 4 - y / 10 * (height - 8):.1f}" for x, y in zip(xs, v, strict=True)
                        if np.isfinite(y))

    return line(obs), line(fitted)
