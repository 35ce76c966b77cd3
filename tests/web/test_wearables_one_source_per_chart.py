"""Two devices report night HRV: the HRV page assesses one device's series and says which.

WHOOP and Oura nightly RMSSD are different algorithms, stamped with different offsets on the
same days; mixing them would move the baseline with the device, not the person.
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta

import numpy as np
import pytest

from painscope import diary
from painscope.signals import baseline as bl
from painscope.signals.provenance import tag
from painscope.web.wearables import hrvchart

TODAY = date(2024, 6, 30)


def nights(source: str, start_days_back: int, n: int, level: float, offset_min: int) -> list:
    rng = np.random.default_rng(len(source))
    out = []
    for i in range(n):
        d = TODAY - timedelta(days=start_days_back - i)
        v = float(np.round(level * math.exp(0.1 * rng.standard_normal()), 2))
        out.append(
            (
                datetime(d.year, d.month, d.day, tzinfo=UTC) - timedelta(minutes=offset_min),
                offset_min,
                diary.Observation("measure", "hrv_rmssd_night", v, "ms", tag(source, "x")),
            )
        )
    return out


def two_devices(whoop_days: int, oura_days: int):
    whoop = nights("whoop", 69, whoop_days, 40.0, -300)
    oura = nights("oura", 40, oura_days, 80.0, 0)
    return diary.frame_from_records(whoop + oura)


def test_the_source_with_most_days_is_used_alone_and_named():
    frame = two_devices(whoop_days=70, oura_days=30)
    view = hrvchart.hrv_view(frame, "night", TODAY, days=30)
    assert view.source == "whoop"
    assert view.other_sources == (("oura", 30),)
    assert "WHOOP" in view.source_sentence() and "Oura (30 days)" in view.source_sentence()
    shown = view.days["value"].dropna()
    # Only WHOOP's level (about ln 40 = 3.7), never Oura's (ln 80 = 4.4), on the chart.
    assert shown.max() < math.log(60)
    assert view.current.baseline.status != "not_enough_data"


def test_when_the_other_device_has_more_days_it_is_chosen_instead():
    frame = two_devices(whoop_days=20, oura_days=41)
    view = hrvchart.hrv_view(frame, "night", TODAY, days=30)
    assert view.source == "oura"
    assert view.days["value"].dropna().min() > math.log(55)
    assert bl.main_source(frame, "hrv_rmssd_night") == "oura"
    only_oura = bl.daily_values(frame, "hrv_rmssd_night", source="oura")
    assert len(only_oura) == 41


def test_one_source_gives_no_left_out_sentence():
    frame = diary.frame_from_records(nights("fitbit", 10, 5, 50.0, 60))
    view = hrvchart.hrv_view(frame, "night", TODAY, days=30)
    assert view.source == "fitbit" and view.other_sources == ()
    assert "Not shown" not in view.source_sentence()


@pytest.mark.django_db
def test_the_hrv_page_names_the_device_shown_and_the_one_left_out(client, django_user_model):
    from django.urls import reverse

    from painscope.web.journal import services as journal

    user = django_user_model.objects.create_user("ana", password="a calm river 42")
    client.force_login(user)
    today = datetime.now(UTC).date()
    shift = (today - TODAY).days

    def moved(records):
        return [(utc + timedelta(days=shift), off, o) for utc, off, o in records]

    records = moved(nights("whoop", 69, 70, 40.0, -300) + nights("oura", 40, 30, 80.0, 0))
    journal.import_frame(user, diary.frame_from_records(records), source="wearable")
    page = client.get(reverse("wearables_hrv") + "?metric=night").content.decode()
    assert "Values from: WHOOP." in page
    assert "Oura (30 days)" in page
