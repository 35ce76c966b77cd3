"""A realistic synthetic diary for the demo account and for benchmarks.

Not anybody's data. The generator mimics what fibromyalgia e-diary studies report:
daily pain around 5-6/10 with a within-person SD of about 1.6 points and a clearly
positive day-to-day autocorrelation (Arthritis Rheum 2005 e-diary data, MODEL.md T14);
poor sleep and high stress followed by more pain the next day; occasional flares; one to
three check-ins a day with days missed, as in real diaries.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, tzinfo

import numpy as np
import pandas as pd

from painscope.diary.tidy import Observation, frame_from_records, sort_frame

_USUAL_REGIONS = ("neck", "upper_back", "lower_back", "shoulder_left", "shoulder_right", "hip_left", "hip_right")
_SOMETIMES = ("upper_leg_left", "upper_leg_right", "upper_arm_left", "jaw_right", "lower_arm_right", "lower_leg_left", "abdomen")
_QUALITIES = ("aching", "burning", "throbbing", "stabbing", "tingling")


def demo_diary(
    days: int = 182,
    *,
    end: date | None = None,
    seed: int = 7,
    offset_minutes: int = 60,
    checkins_per_day: tuple[int, int] = (1, 3),
    now: datetime | None = None,
    zone: tzinfo | None = None,
) -> pd.DataFrame:
    """A canonical diary frame with ``days`` days ending on ``end`` (default: today).

    Check-ins are written at local clock times; with ``zone`` (say
    ``ZoneInfo("Europe/London")``) each one carries that zone's offset on its day (GMT in
    winter, BST in summer), otherwise the fixed ``offset_minutes``. The demo hours (08:00 to
    21:59) never fall in a clock change's skipped or repeated hour.

    No check-in is later than ``now`` (an aware datetime; default: the current time): the
    demo's "last check-in" must not lie in the future. Today's later check-ins are left
    out, as they would be in a real diary; earlier days are the same whatever ``now`` is.
    """
    now = now or datetime.now(UTC)
    if now.tzinfo is None:
        raise ValueError("now must carry a time zone")
    rng = np.random.default_rng(seed)
    end = end or now.astimezone(UTC).date()
    start = end - timedelta(days=days - 1)
    # latent daily processes
    stress = np.clip(4 + 1.5 * _ar1(rng, days, 0.6), 0, 10)
    sleep_hours = np.clip(6.8 - 0.25 * (stress - 4) + 0.9 * rng.standard_normal(days), 3, 10)
    coffee = rng.random(days) < 0.55
    gluten = rng.random(days) < 0.35
    weather = rng.random(days) < 0.15
    flare_driver = np.zeros(days)
    flare_days = rng.random(days) < 0.035
    for i in np.flatnonzero(flare_days):
        length = int(rng.integers(2, 6))
        flare_driver[i : i + length] += np.linspace(2.5, 1.0, len(flare_driver[i : i + length]))
    base = 5.2 + 1.1 * _ar1(rng, days, 0.7)
    lag_sleep = np.r_[0, (6.8 - sleep_hours[:-1]) * 0.35]
    lag_stress = np.r_[0, (stress[:-1] - 4) * 0.2]
    pain = np.clip(base + lag_sleep + lag_stress + 0.4 * weather + flare_driver, 0, 10)
    steps = np.clip(6500 - 450 * (pain - 5) + 1800 * rng.standard_normal(days), 300, 25000)
    regions_pref = rng.random(len(_USUAL_REGIONS)) * 0.5 + 0.4

    records: list[tuple[datetime, int, Observation]] = []
    tz_shift = timedelta(minutes=offset_minutes)
    for d in range(days):
        if rng.random() < 0.08:  # a missed day
            continue
        day = start + timedelta(days=d)
        n = int(rng.integers(checkins_per_day[0], checkins_per_day[1] + 1))
        hours = sorted(rng.choice([8, 9, 13, 18, 21], size=n, replace=False))
        for k, hour in enumerate(hours):
            minute = int(rng.integers(0, 60))
            local = datetime(day.year, day.month, day.day, int(hour), minute)
            if zone is None:
                utc, offset = (local - tz_shift).replace(tzinfo=UTC), offset_minutes
            else:
                aware = local.replace(tzinfo=zone)
                utc = aware.astimezone(UTC)
                offset = int(aware.utcoffset().total_seconds() // 60)
            if utc > now:
                # Not yet happened. Only today's (last day's) later check-ins get here, so
                # skipping their random draws leaves every earlier day unchanged.
                continue
            obs: list[Observation] = []
            # circadian: mornings are stiffer, afternoons a little better (MODEL.md T7)
            p = float(np.clip(pain[d] + (0.4 if hour < 10 else -0.2) + 0.6 * rng.standard_normal(), 0, 10))
            obs.append(Observation("rating", "pain", round(p)))
            if rng.random() < 0.8:
                obs.append(Observation("rating", "fatigue", round(float(np.clip(p + rng.normal(0.5, 1.2), 0, 10)))))
                obs.append(Observation("rating", "stress", round(float(np.clip(stress[d] + rng.normal(0, 1), 0, 10)))))
                obs.append(Observation("rating", "mood", round(float(np.clip(8 - 0.5 * p + rng.normal(0, 1), 0, 10)))))
            if rng.random() < 0.6:
                obs.append(Observation("rating", "brain_fog", round(float(np.clip(0.6 * p + rng.normal(0, 1.3), 0, 10)))))
            if k == 0:
                obs.append(Observation("measure", "sleep_hours", round(float(sleep_hours[d]) * 4) / 4, "h"))
                obs.append(Observation("rating", "sleep_quality", round(float(np.clip(sleep_hours[d] - 1.5 + rng.normal(0, 1), 0, 10)))))
            if k == n - 1:
                obs.append(Observation("measure", "steps", float(round(steps[d], -1)), "steps"))
                obs.append(Observation("rating", "activity", round(float(np.clip(steps[d] / 1500, 0, 10)))))
                if coffee[d]:
                    obs.append(Observation("food", "coffee", 1))
                if gluten[d]:
                    obs.append(Observation("food", "gluten", 1))
                if weather[d]:
                    obs.append(Observation("factor", "weather_change", 1))
            for code, pref in zip(_USUAL_REGIONS, regions_pref, strict=True):
                if rng.random() < pref * (0.6 + p / 15):
                    obs.append(Observation("region", code, 1))
            if p > 6.5:
                for code in _SOMETIMES:
                    if rng.random() < 0.25:
                        obs.append(Observation("region", code, 1))
            for quality in _QUALITIES:
                if rng.random() < 0.25:
                    obs.append(Observation("quality", quality, 1))
            if k == 0 and flare_driver[d] > 1.5:
                obs.append(Observation("flare", "flare", 1))
            if k == 0 and rng.random() < 0.06:
                obs.append(Observation("note", "note", None, "", rng.choice(_NOTES)))
            for o in obs:
                records.append((utc, offset, o))
    return sort_frame(frame_from_records(records))


_NOTES = (
    "Slept badly, woke at 4.",
    "Busy day at work, shoulders tight.",
    "Gentle walk helped a bit.",
    "Weather turned cold and damp.",
    "Rested most of the afternoon.",
    "Good day, managed some gardening.",
)


def _ar1(rng: np.random.Generator, n: int, phi: float) -> np.ndarray:
    noise = rng.standard_normal(n) * np.sqrt(1 - phi**2)
    out = np.empty(n)
    out[0] = rng.standard_normal()
    for i in range(1, n):
        out[i] = phi * out[i - 1] + noise[i]
    return out
