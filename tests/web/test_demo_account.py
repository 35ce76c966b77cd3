"""`painscope serve --demo` gives a new person something real to look at."""

from __future__ import annotations

import pytest

from painscope.commands.web import DEMO_PASSWORD, DEMO_USERNAME, ensure_demo_account


@pytest.mark.django_db
def test_demo_account_holds_six_months_of_diary_medications_and_questionnaires(client):
    from painscope.web.assessments.models import Administration
    from painscope.web.journal.models import DoseLog, Entry, Medication

    assert ensure_demo_account() is True
    assert ensure_demo_account() is False  # a second start keeps what is there
    days = Entry.objects.filter(owner__username=DEMO_USERNAME).values("local_date").distinct().count()
    assert 150 <= days <= 182
    assert Medication.objects.filter(owner__username=DEMO_USERNAME).count() == 2
    assert DoseLog.objects.filter(owner__username=DEMO_USERNAME).count() == 120
    assert Administration.objects.filter(owner__username=DEMO_USERNAME, instrument_id="phq9").count() == 5

    response = client.post("/accounts/login/", {"username": DEMO_USERNAME, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    page = client.get("/").content.decode()
    assert "Last 30 days" in page and "Duloxetine" in page
