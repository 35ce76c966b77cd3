"""The demo person's Wearables tab shows six months of (synthetic, labelled) HRV."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from painscope.commands.web import DEMO_USERNAME, ensure_demo_account
from painscope.web.journal.models import Observation

pytestmark = pytest.mark.django_db


def hrv_figure(page: str) -> dict:
    marker = '<script id="hrv-figure" type="application/json">'
    start = page.index(marker) + len(marker)
    return json.loads(page[start : page.index("</script>", start)])


@pytest.fixture
def demo(client, settings):
    from django.contrib.auth import get_user_model

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    assert ensure_demo_account() is True
    user = get_user_model().objects.get(username=DEMO_USERNAME)
    client.force_login(user)
    return user


def test_demo_wearables_page_shows_a_morning_hrv_status_from_synthetic_data(client, demo):
    page = client.get(reverse("wearables_hrv")).content.decode()
    assert "Not enough data yet" not in page and "No HRV readings yet" not in page
    assert "Your morning HRV this week is" in page and "your normal range" in page
    assert "synthetic demo data" in page  # the source line says it is not a real device
    traces = {t["name"]: t for t in hrv_figure(page)["data"]}
    hrv = [v for v in next(t for n, t in traces.items() if "HRV" in n)["y"] if v is not None]
    assert len(hrv) >= 70  # most of the 90 days shown
    assert all(2.5 < v < 4.5 for v in hrv)  # ln(ms)
    rhr = [v for v in traces["Resting heart rate (bpm)"]["y"] if v is not None]
    assert len(rhr) >= 70 and all(50 <= v <= 90 for v in rhr)


def test_night_hrv_can_be_chosen_too(client, demo):
    page = client.get(reverse("wearables_hrv"), {"metric": "night"}).content.decode()
    assert "Your night HRV this week is" in page


def test_demo_wearables_went_through_the_import_service_marked_demo(demo):
    rows = Observation.objects.filter(entry__owner=demo, kind="measure", name="hrv_lnrmssd_morning")
    assert 150 <= rows.count() <= 182
    assert all(note.startswith("[demo] synthetic") for note in rows.values_list("note", flat=True))
    assert set(rows.values_list("entry__source", flat=True)) == {"demo"}


def test_demo_person_has_a_pacing_programme_reminders_and_did_it_help(client, demo):
    page = client.get(reverse("programmes")).content.decode()
    assert "Not started" in page  # the other programmes
    pacing = page.split("Pacing and graded activity", 1)[1].split("Graded motor imagery", 1)[0]
    assert "Not started" not in pacing
    pacing_page = client.get(reverse("programmes_pacing")).content.decode()
    assert "walking" in pacing_page and "minutes" in pacing_page
    reminders = client.get(reverse("reminders")).content.decode()
    assert "20:00" in reminders and "No check-in or questionnaire reminders yet" not in reminders
    did_it_help = client.get(reverse("insights_did_it_help")).content.decode()
    assert "pacing" in did_it_help.lower()
