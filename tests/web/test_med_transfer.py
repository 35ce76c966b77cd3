"""Medications and dose logs travel with the tidy export (issue 15): export → import into an
empty account → export is byte-identical; importing twice adds nothing; one bad row refuses
the whole file and nothing stored changes."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from painscope.diary import DiaryError
from painscope.web.accounts.models import ApiToken
from painscope.web.journal import services
from painscope.web.journal.models import DoseLog, Medication, Observation

pytestmark = pytest.mark.django_db


def person_with_everything(name: str = "meg"):
    """A diary with check-ins, a medication that changed dose (two plans of one name), an
    as-needed one, taken/skipped doses with and without a schedule, and a double tap."""
    user = get_user_model().objects.create_user(name)
    services.import_csv(user, "timestamp,kind,name,value,unit,note\n"
                              "2024-03-01T08:00:00+01:00,rating,pain,6,,\n"
                              "2024-03-01T08:00:00+01:00,medication,Ibuprofen,400,mg,\n"
                              "2024-03-02T21:10:00+01:00,note,note,,,\"slept badly, \"\"again\"\"\"\n")
    low = Medication.objects.create(owner=user, name="Duloxetine", dose=30, unit="mg", times=["08:00"],
                                    timezone="Europe/Berlin", start_date=date(2024, 1, 1), stop_date=date(2024, 2, 29),
                                    pills_left=0, pills_per_dose=1, notes="started by Dr Rao")
    high = Medication.objects.create(owner=user, name="Duloxetine", dose=60, unit="mg", times=["08:00", "20:00"],
                                     weekdays=[1, 2, 3, 4, 5], timezone="Europe/Berlin", start_date=date(2024, 3, 1),
                                     pills_left=27.5, pills_per_dose=0.5, refill_threshold=7)
    prn = Medication.objects.create(owner=user, name="Ibuprofen", dose=400, unit="mg", as_needed=True,
                                    start_date=date(2024, 2, 1), notes="=for flares only")
    DoseLog.objects.create(owner=user, medication=low, status="taken", at=datetime(2024, 1, 2, 7, 3, 9, 120000, tzinfo=UTC),
                           scheduled_for=datetime(2024, 1, 2, 7, tzinfo=UTC), dose=30)
    DoseLog.objects.create(owner=user, medication=high, status="skipped", at=datetime(2024, 3, 4, 19, 30, tzinfo=UTC),
                           scheduled_for=datetime(2024, 3, 4, 19, tzinfo=UTC), note="felt sick")
    for _ in range(2):  # a double tap is two rows, and stays two
        DoseLog.objects.create(owner=user, medication=prn, status="taken", at=datetime(2024, 3, 1, 7, tzinfo=UTC), dose=400)
    return user


def test_export_import_export_is_byte_identical_with_medications_and_doses():
    first = person_with_everything()
    text = services.export_csv(first)
    assert text.count(",medication_plan,") == 3 and text.count(",dose_log,") == 4
    second = get_user_model().objects.create_user("meg2")
    result = services.import_csv(second, text)
    assert (result.medications_created, result.doses_created) == (3, 4)
    assert services.export_csv(second) == text
    high = Medication.objects.get(owner=second, dose=60)
    assert (high.pills_left, high.pills_per_dose, high.refill_threshold, high.weekdays) == (27.5, 0.5, 7, [1, 2, 3, 4, 5])
    assert DoseLog.objects.get(owner=second, status="skipped").note == "felt sick"
    assert DoseLog.objects.filter(owner=second, medication__name="Ibuprofen").count() == 2


def test_importing_the_same_export_twice_adds_nothing():
    user = person_with_everything()
    text = services.export_csv(user)
    Medication.objects.filter(owner=user, dose=60).update(pills_left=20)  # pills taken since the export
    again = services.import_csv(user, text)
    assert (again.medications_created, again.medications_unchanged, again.doses_created, again.doses_unchanged) == (0, 3, 0, 4)
    assert Medication.objects.filter(owner=user).count() == 3 and DoseLog.objects.filter(owner=user).count() == 4


def test_one_bad_dose_row_refuses_the_whole_file_and_stores_nothing():
    source = person_with_everything()
    text = services.export_csv(source).replace("skipped", "forgot")  # inside the quoted JSON note
    target = get_user_model().objects.create_user("nia")
    with pytest.raises(DiaryError) as caught:
        services.import_csv(target, text)
    bad_line = next(i for i, row in enumerate(text.split("\n"), start=1) if "forgot" in row)
    assert f"line {bad_line}, column note" in str(caught.value) and "'status'" in str(caught.value)
    assert not Observation.objects.filter(entry__owner=target).exists()
    assert not Medication.objects.filter(owner=target).exists() and not DoseLog.objects.filter(owner=target).exists()


def test_the_api_import_reports_medications_and_doses():
    text = services.export_csv(person_with_everything())
    target = get_user_model().objects.create_user("ola")
    _, token = ApiToken.issue(target)
    response = Client().post("/api/v1/import", data=text.encode(), content_type="text/csv",
                             HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["medications_created"], body["doses_created"], body["doses_unchanged"]) == (3, 4, 0)
    exported = Client().get("/api/v1/export.csv", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert exported.content.decode() == text


def test_another_persons_medications_never_enter_the_export():
    person_with_everything("meg")
    other = get_user_model().objects.create_user("pat")
    assert ",medication_plan," not in services.export_csv(other)
