"""The demo account's synthetic wearable dailies: plausible, labelled, tied to its diary."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd

from painscope import diary
from painscope.diary.demo import demo_diary
from painscope.signals.demo import demo_wearable_dailies
from painscope.signals.provenance import parse

NOW = datetime(2025, 3, 30, 7, 30, tzinfo=UTC)  # 08:30 in London on the first day of summer time
LONDON = ZoneInfo("Europe/London")


def dailies(now=NOW):
    daily = diary.daily_table(demo_diary(182, now=now))
    return daily, demo_wearable_dailies(daily, tz=LONDON, now=now)


def test_same_seed_same_numbers_and_every_row_says_it_is_synthetic():
    _, first = dailies()
    _, second = dailies()
    pd.testing.assert_frame_equal(first, second)
    assert {parse(n).source for n in first["note"]} == {"demo"}
    assert all("synthetic" in n for n in first["note"])
    assert set(first["name"]) == {
        "hrv_rmssd_morning",
        "hrv_lnrmssd_morning",
        "hrv_rmssd_night",
        "resting_hr",
    }
    diary.validate_frame(first)  # what a real import would accept


def test_values_are_in_a_plausible_range_with_some_mornings_missing():
    daily, frame = dailies()
    by = {name: g["value"].to_numpy() for name, g in frame.groupby("name")}
    assert 25 <= np.median(by["hrv_rmssd_morning"]) <= 35  # ms; HRV is low-ish in fibromyalgia
    assert 0.12 <= by["hrv_lnrmssd_morning"].std() <= 0.3
    assert 60 <= np.median(by["resting_hr"]) <= 75 and by["resting_hr"].min() >= 50
    assert np.median(by["hrv_rmssd_night"]) > np.median(by["hrv_rmssd_morning"])
    np.testing.assert_allclose(
        np.log(by["hrv_rmssd_morning"]), by["hrv_lnrmssd_morning"], atol=1e-4
    )
    assert 0.8 * len(daily) <= len(by["resting_hr"]) < len(daily)


def test_mornings_before_a_flare_are_lower_and_resting_heart_rate_moves_the_other_way():
    daily, frame = dailies()

    def series(name):
        rows = frame[frame["name"] == name]
        return pd.Series(rows["value"].to_numpy(), index=rows["timestamp"].str[:10].to_numpy())

    ln, rhr = series("hrv_lnrmssd_morning"), series("resting_hr")
    flare = daily["flare"].fillna(0).to_numpy() > 0
    starts = [i for i in range(1, len(flare)) if flare[i] and not flare[i - 1]]
    assert len(starts) >= 3
    days = [d.date().isoformat() for d in daily.index]
    before = {days[i - 1] for i in starts}
    pre = ln[ln.index.isin(before)]
    calm = ln[
        ~ln.index.isin(before) & ~ln.index.isin([d for d, f in zip(days, flare, strict=True) if f])
    ]
    assert pre.mean() < calm.mean() - 0.1
    both = pd.concat([ln, rhr], axis=1, join="inner")
    assert both.corr().iloc[0, 1] < -0.5


def test_no_reading_is_later_than_now():
    _, frame = dailies(NOW)
    assert frame["timestamp"].max().startswith("2025-03-30")  # 08:30 local: today's reading taken
    _, early = dailies(datetime(2025, 3, 30, 5, 0, tzinfo=UTC))  # 06:00 local: not yet
    assert early["timestamp"].max().startswith("2025-03-29")
    offsets = {s[-6:] for s in frame["timestamp"]}
    assert offsets == {
        "+00:00",
        "+01:00",
    }  # London's winter and summer days, each stamped 00:00 local
    assert "2025-03-30T00:00:00+00:00" in set(
        frame["timestamp"]
    )  # midnight came before the 01:00 change
