"""The overview reads stored daily aggregates; its numbers are those of the whole-history
recomputation it did before, after every kind of write (check-in, edit, delete, API,
CSV import, wearable import, deleting data, a batched import, a restore)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile as upload
from django.test import Client
from django.urls import reverse

from painscope import diary
from painscope.diary import aggregate
from painscope.diary.demo import demo_diary
from painscope.web.accounts.models import ApiToken, Profile
from painscope.web.journal import services
from painscope.web.journal.models import DayAggregate, DiaryVersion

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[1] / "signals" / "fixtures"


def today_of(user) -> date:
    return datetime.now(UTC).astimezone(Profile.for_user(user).zone).date()


def assert_same(user, client: Client | None = None, monkeypatch=None) -> None:
    """Stored aggregates = a recomputation from the raw rows, for the tables and the page."""
    today = today_of(user)
    new = services.overview_tables(user, today)
    old = services.overview_tables_recomputed(user, today)
    pd.testing.assert_frame_equal(new[0], old[0], check_exact=True)
    assert new[1:] == old[1:]
    # every stored day is the day recomputed from its rows alone
    everything = services.day_aggregates(user)
    assert {a.day: a for a in everything} == aggregate.day_aggregates(services.diary_frame(user))
    if client is not None and monkeypatch is not None:
        from django.core.cache import cache

        client.get(reverse("entries"))  # shows (and so clears) any "saved" message first
        page_cached = normalised(client.get(reverse("dashboard") + "?days=365"))  # maybe from the cache
        cache.clear()
        page_new = normalised(client.get(reverse("dashboard") + "?days=365"))
        cache.clear()
        with monkeypatch.context() as m:
            m.setattr(services, "overview_tables", services.overview_tables_recomputed)
            page_old = normalised(client.get(reverse("dashboard") + "?days=365"))
        assert page_new == page_old
        assert page_cached == page_new  # a cached page after a write is never stale


def normalised(response) -> str:
    assert response.status_code == 200
    return re.sub(r'(name="csrfmiddlewaretoken" value|<meta name="csrf-token" content)="[^"]+"', "", response.content.decode())


@pytest.fixture
def person(client, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    user = get_user_model().objects.create_user("ana", password="a calm river 42")
    client.force_login(user)
    return user


def test_a_demo_diary_and_the_web_check_in_edit_and_delete(client, person, monkeypatch):
    services.import_frame(person, demo_diary(days=200, seed=3), source="demo")
    assert_same(person, client, monkeypatch)
    version = services.diary_token(person)

    # a check-in through the form
    assert client.post(reverse("checkin"), {"pain": "9", "region": ["neck", "lower_back"], "flare": "1",
                                            "fatigue": "2", "sleep_hours": "4"}).status_code == 302
    assert services.diary_token(person) != version
    assert_same(person, client, monkeypatch)

    # an edit that moves an old check-in to another day, and changes its values
    entry = services.entries_for_user(person).order_by("utc")[40]
    moved = (entry.local_time - timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(reverse("entry_edit", args=[entry.pk]), {"pain": "1", "when": moved, "tz_name": "UTC",
                                                                    "region": ["neck"]})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert_same(person, client, monkeypatch)

    # delete through the page, and with the ORM directly
    recent = services.entries_for_user(person).order_by("-utc")[2]
    assert client.post(reverse("entry_delete", args=[recent.pk])).status_code == 302
    services.entries_for_user(person).order_by("-utc")[5].delete()
    assert_same(person, client, monkeypatch)

    # delete one kind of data, then everything
    services.delete_user_data(person, kinds=["region"])
    assert_same(person, client, monkeypatch)
    services.delete_user_data(person)
    assert not DayAggregate.objects.filter(owner=person).exists()
    assert_same(person, client, monkeypatch)


def test_api_writes_keep_the_aggregates(person):
    _, token = ApiToken.issue(person)
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    today = today_of(person)
    stamp = f"{today - timedelta(days=2)}T08:30:00+01:00"
    doc = {"timestamp": stamp, "observations": [{"kind": "rating", "name": "pain", "value": 6},
                                                {"kind": "region", "name": "neck", "value": 1}]}
    response = api.post("/api/v1/entries", doc, content_type="application/json")
    assert response.status_code in (200, 201), response.content
    entry_id = response.json()["id"]
    assert_same(person)
    doc["observations"][0]["value"] = 2
    doc["timestamp"] = f"{today - timedelta(days=30)}T22:30:00-05:00"
    assert api.put(f"/api/v1/entries/{entry_id}", doc, content_type="application/json").status_code == 200
    assert_same(person)
    daily, _, _ = services.overview_tables(person, today)
    assert daily["pain"].dropna().tolist() == [2.0]
    assert api.delete(f"/api/v1/entries/{entry_id}").status_code in (200, 204)
    assert_same(person)
    assert services.day_aggregates(person) == []


def test_csv_import_page_and_reimport_with_corrections(client, person, monkeypatch):
    frame = demo_diary(days=60, seed=11, offset_minutes=-300)
    text = diary.write_tidy_csv(frame)
    assert client.post(reverse("my_data"), {"file": upload("d.csv", text.encode(), "text/csv")}).status_code == 302
    assert_same(person, client, monkeypatch)
    # correct some pain values and import again: observations are updated in place
    changed = frame.copy()
    pain = (changed["kind"] == "rating") & (changed["name"] == "pain")
    changed.loc[pain, "value"] = (changed.loc[pain, "value"] + 1) % 11  # each one changes
    result = services.import_csv(person, diary.write_tidy_csv(changed))
    assert result.observations_updated == int(pain.sum())
    assert_same(person, client, monkeypatch)


def test_a_wearable_import_keeps_the_aggregates(person):
    from painscope.web.wearables.services import import_wearable_file

    services.import_frame(person, demo_diary(days=30, end=date(2024, 3, 10), now=datetime(2024, 3, 10, 23, tzinfo=UTC)))
    before = services.diary_token(person)
    import_wearable_file(person, FIXTURES / "2024-03-02 06-55-40.txt", tz="UTC")
    assert services.diary_token(person) != before
    stored = {a.day: a for a in services.day_aggregates(person)}
    assert any(k.startswith("measure:hrv") for k in stored[date(2024, 3, 2)].cells)
    assert_same(person)


def test_a_batched_import_equals_one_transaction(person, monkeypatch):
    monkeypatch.setattr(services, "IMPORT_BATCH_SECONDS", 0.0)  # one chunk per batch
    monkeypatch.setattr(services, "IMPORT_PAUSE_SECONDS", 0.0)
    monkeypatch.setattr(services, "IMPORT_CHUNK", 200)
    frame = demo_diary(days=90, seed=5)
    result = services.import_frame(person, frame, batched=True)
    assert result.observations_created == len(frame)
    assert services.export_csv(person) == diary.write_tidy_csv(frame)
    assert_same(person)


def test_old_records_are_recomputed_after_an_upgrade(person, monkeypatch):
    services.import_frame(person, demo_diary(days=40, seed=2))
    DayAggregate.objects.filter(owner=person).update(version=0, data={"n": 0, "cells": {}, "about_pain": 0, "regions": {}})
    assert_same(person)
    assert set(DayAggregate.objects.filter(owner=person).values_list("version", flat=True)) == {aggregate.AGGREGATE_VERSION}


def test_the_migration_fills_aggregates_of_diaries_stored_before(person):
    import importlib

    from django.apps import apps

    services.import_frame(person, demo_diary(days=40, seed=4))
    DayAggregate.objects.all().delete()
    DiaryVersion.objects.all().delete()
    importlib.import_module("painscope.web.journal.migrations.0004_fill_day_aggregates").fill(apps, None)
    assert DiaryVersion.objects.filter(owner=person).exists()
    assert_same(person)


CHECK = """
import pandas as pd
from datetime import date
from django.contrib.auth import get_user_model
from painscope.web.journal import services
user = get_user_model().objects.get(username="ana")
today = date(2024, 6, 30)
new, old = services.overview_tables(user, today), services.overview_tables_recomputed(user, today)
pd.testing.assert_frame_equal(new[0], old[0], check_exact=True)
assert new[1:] == old[1:]
print(services.diary_token(user), len(services.day_aggregates(user)))
"""


@pytest.mark.django_db(False)
def test_restore_brings_back_the_backups_aggregates_and_token(tmp_path):
    """``painscope restore`` copies the whole database: the aggregates and the version token
    come back with the diary they describe, so no cached analysis of a later diary is read."""
    from tests.web.test_cli_store import create_user, demo_csv, django_script, painscope

    store = tmp_path / "store"
    store.mkdir()
    create_user(store, "ana")
    assert painscope(store, "import", "--user", "ana", str(demo_csv(tmp_path, 60))).returncode == 0
    at_backup = django_script(store, CHECK)
    assert at_backup.returncode == 0, at_backup.stderr
    assert painscope(store, "backup", str(tmp_path / "b.sqlite3")).returncode == 0
    later = tmp_path / "later.csv"
    later.write_text("timestamp,kind,name,value,unit,note\n2024-06-29T20:00:00+00:00,rating,pain,9,,\n")
    assert painscope(store, "import", "--user", "ana", str(later)).returncode == 0
    changed = django_script(store, CHECK)
    assert changed.returncode == 0, changed.stderr
    assert changed.stdout != at_backup.stdout
    restored = painscope(store, "restore", str(tmp_path / "b.sqlite3"), "--yes")
    assert restored.returncode == 0, restored.stderr
    after = django_script(store, CHECK)
    assert after.returncode == 0, after.stderr
    assert after.stdout == at_backup.stdout


def test_insights_from_aggregates_are_those_from_the_raw_rows(person):
    from painscope.web.insights_web import services as insights_services

    services.import_frame(person, demo_diary(days=150, seed=8))
    via_aggregates = insights_services.analyses_for_user(person, use_cache=False)
    via_rows = insights_services.compute_analyses(services.diary_frame(person))
    pd.testing.assert_frame_equal(via_aggregates.daily, via_rows.daily, check_exact=True)
    assert repr(via_aggregates.triggers) == repr(via_rows.triggers)
    assert repr(via_aggregates.flares) == repr(via_rows.flares)
    assert repr(via_aggregates.forecast) == repr(via_rows.forecast)


def test_the_overview_card_is_the_same_with_or_without_the_full_analyses(person, monkeypatch):
    from django.core.cache import cache

    from painscope.web.insights_web import services as insights_services
    from tests.web.test_insights_diaries import coffee_diary, store_daily

    store_daily(person, coffee_diary(120))
    cache.clear()
    forecasts = []
    real = insights_services.insights.forecast
    monkeypatch.setattr(insights_services.insights, "forecast", lambda *a, **k: forecasts.append(1) or real(*a, **k))
    alone = insights_services.dashboard_card_context(person)
    assert forecasts == []  # the card does not wait for the forecast
    cache.clear()
    insights_services.analyses_for_user(person)  # the Insights page ran first
    assert insights_services.dashboard_card_context(person) == alone
    assert alone["insights_state"] == "finding"
