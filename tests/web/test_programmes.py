"""Programme pages: start, one session, adherence, and the entry in "Did it help"."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from painscope.programmes import sleep
from painscope.web.insights_web.models import Experiment
from painscope.web.programmes import services
from painscope.web.programmes.models import Enrolment, FearItem, ProgrammeSession, SleepNight

pytestmark = pytest.mark.django_db


def today_for(user) -> date:
    return services.today_for(user)


def start(client, path: str, **extra) -> None:
    response = client.post(path, {"action": "start", "start": "1", "start_date": extra.pop("start_date", "2026-03-02"), **extra})
    assert response.status_code == 302, response.content.decode()[:2000]


def test_index_lists_the_six_programmes(client, person):
    page = client.get("/programmes/").content.decode()
    for title in ("Pacing and graded activity", "Graded motor imagery", "Thoughts and fears", "Better sleep",
                  "Breathing and relaxation", "How pain works"):
        assert title in page
    assert page.count("Not started.") == 6


@pytest.mark.parametrize("path", ["/programmes/gmi/", "/programmes/thought-record/", "/programmes/education/",
                                  "/programmes/breathing/"])
def test_starting_saves_an_experiment_whose_start_is_the_programme_start(client, person, path):
    start(client, path)
    enrolment = Enrolment.objects.get(owner=person)
    assert enrolment.start_date == date(2026, 3, 2)
    assert enrolment.experiment.start_date == date(2026, 3, 2)
    assert enrolment.experiment.owner == person
    page = client.get("/insights/did-it-help/").content.decode()
    assert enrolment.experiment.what in page
    # starting twice keeps one enrolment and one experiment
    start(client, path, start_date="2026-04-01")
    assert Enrolment.objects.filter(owner=person).count() == 1
    assert Experiment.objects.filter(owner=person).count() == 1


def test_learning_programme_plan_is_before_and_after_the_start(client, person):
    start(client, "/programmes/gmi/")
    plan = Enrolment.objects.get(owner=person).experiment.plan
    assert [b["condition"] for b in plan["blocks"]] == ["off", "on"]
    assert plan["blocks"][1]["start"] == "2026-03-02"


def test_pacing_start_needs_a_tolerance_and_logs_a_day_against_the_quota(client, person):
    response = client.post("/programmes/pacing/", {"start": "1", "start_date": "2026-03-02", "activity": "walking", "step": "0.1"})
    assert response.status_code == 200 and "Try 1" in response.content.decode()
    assert not Enrolment.objects.exists()
    today = today_for(person)
    start(client, "/programmes/pacing/", start_date=today.isoformat(), activity="walking", try1="20", try2="10",
          try3="15", step="0.1")
    page = client.get("/programmes/pacing/").content.decode()
    assert "12 minutes today" in page  # 80 % of the 15-minute mean tolerance, week 1
    response = client.post("/programmes/pacing/", {"log": "1", "minutes": "12"})
    assert response.status_code == 302
    x = ProgrammeSession.objects.get(owner=person, kind="pacing-day")
    assert x.data["status"] == "yes" and x.data["quota"] == 12
    assert "Week 1: 1 of 7 sessions this week" in client.get("/programmes/pacing/").content.decode()
    client.post("/programmes/pacing/", {"log": "1", "minutes": "5"})  # a correction, not a second day
    x = ProgrammeSession.objects.get(owner=person, kind="pacing-day")
    assert x.minutes == 5 and x.data["status"] == "no"


def test_gmi_round_is_scored_and_shown(client, person):
    start(client, "/programmes/gmi/", start_date=today_for(person).isoformat())
    page = client.get("/programmes/gmi/left-right/").content.decode()
    assert page.count("data-symbol=") == 20 and 'id="gmi-hand-back"' in page
    answers = [{"part": "hand", "side": s, "answer": s, "rt_s": 1.5} for s in ("left", "right") * 5]
    import json

    assert client.post("/programmes/gmi/left-right/", {"answers": json.dumps(answers)}).status_code == 302
    page = client.get("/programmes/gmi/").content.decode()
    assert "10 pictures, 100 % right" in page
    assert "Left hands: 5 of 5 right" in page


def test_bad_gmi_answers_save_nothing_and_say_why(client, person):
    start(client, "/programmes/gmi/")
    response = client.post("/programmes/gmi/left-right/", {"answers": '[{"part": "knee"}]'})
    assert response.status_code == 400
    assert "trial 1, part" in response.content.decode()
    assert not ProgrammeSession.objects.exists()


def test_thought_record_and_exposure_step(client, person):
    start(client, "/programmes/thought-record/")
    data = {"action": "record", "situation": "Stairs", "thought": "My back will give way", "feeling_before": "80",
            "balanced": "It hurts but it holds", "feeling_after": "40"}
    assert client.post("/programmes/thought-record/", data).status_code == 302
    assert ProgrammeSession.objects.get(kind="thought-record").data["change"] == -40
    bad = client.post("/programmes/thought-record/", data | {"feeling_after": "140"})
    assert bad.status_code == 400 and ProgrammeSession.objects.count() == 1
    client.post("/programmes/thought-record/", {"action": "fear", "activity": "Carrying shopping", "rating": "70"})
    item = FearItem.objects.get(owner=person)
    client.post("/programmes/thought-record/", {"action": "exposure", "item": item.pk, "before": "70", "after": "45"})
    item.refresh_from_db()
    assert item.latest_rating == 45
    assert "Carrying shopping" in client.get("/programmes/thought-record/").content.decode()


def test_exposure_cannot_touch_another_persons_item(client, person):
    start(client, "/programmes/thought-record/")
    other = get_user_model().objects.create_user("bea")
    theirs = FearItem.objects.create(owner=other, activity="their secret", first_rating=80, latest_rating=80)
    response = client.post("/programmes/thought-record/", {"action": "exposure", "item": theirs.pk, "before": "1", "after": "1"})
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.latest_rating == 80 and not ProgrammeSession.objects.filter(kind="exposure").exists()


def test_tsk_result_is_linked_on_the_cbt_page(client, person):
    from django.utils import timezone

    from painscope.web.assessments.models import Administration

    Administration.objects.create(owner=person, instrument_id="tsk17", result={"total": 44}, authored=timezone.now())
    page = client.get("/programmes/thought-record/").content.decode()
    assert "Your TSK-17 score was 44" in page and "Above 37" in page


def screen_answers(**yes) -> dict:
    return {f"q_{k}": ("yes" if yes.get(k) else "no") for k in sleep.SCREENING_QUESTIONS}


def test_sleep_screen_yes_stops_the_window_and_advises_a_clinician(client, person):
    start(client, "/programmes/sleep/", wake="07:00", **screen_answers(seizures=True))
    page = client.get("/programmes/sleep/").content.decode()
    assert "No sleep window for now" in page and "clinician" in page
    for day in range(2, 6):
        client.post("/programmes/sleep/", {"action": "night", "night": f"2026-03-0{day}", "bedtime": "23:00",
                                            "latency_min": "40", "waso_min": "60", "rise_time": "07:00"})
    page = client.get("/programmes/sleep/").content.decode()
    assert "In bed from" not in page and "Keep your usual bedtime" in page


def test_sleep_diary_sets_the_window_and_exports_the_cli_format(client, person):
    start(client, "/programmes/sleep/", wake="07:00", **screen_answers())
    for i in range(7):
        night = date(2026, 3, 2) + timedelta(days=i)
        r = client.post("/programmes/sleep/", {"action": "night", "night": night.isoformat(), "bedtime": "23:00",
                                                "latency_min": "40", "waso_min": "60", "rise_time": "07:00"})
        assert r.status_code == 302
    page = client.get("/programmes/sleep/").content.decode()
    assert "In bed from 00:40, up at 07:00" in page and "6 h 20 min" in page
    csv_text = client.get("/programmes/sleep/sleep.csv").content.decode()
    assert csv_text.splitlines()[0] == "night,bedtime,latency_min,waso_min,rise_time"
    assert sleep.sleep_plan(sleep.read_sleep_csv(csv_text), "07:00").window_minutes == 380


def test_impossible_night_is_refused_naming_the_field(client, person):
    start(client, "/programmes/sleep/", wake="07:00", **screen_answers())
    r = client.post("/programmes/sleep/", {"action": "night", "night": "2026-03-02", "bedtime": "23:00",
                                            "latency_min": "300", "waso_min": "300", "rise_time": "07:00"})
    assert r.status_code == 400
    assert "Minutes awake after first falling asleep:" in r.content.decode()
    assert not SleepNight.objects.exists()


def test_breathing_session_with_an_rr_recording_compares_it_with_the_baseline(client, person):
    start(client, "/programmes/breathing/")
    rng = np.random.default_rng(0)
    rr = "\n".join(f"{v:.0f}" for v in 850 + rng.normal(0, 40, 200))
    upload = SimpleUploadedFile("session.txt", rr.encode(), content_type="text/plain")
    r = client.post("/programmes/breathing/", {"action": "log", "kind": "breathing", "minutes": "3", "rate": "6",
                                                "rr_file": upload})
    assert r.status_code == 302
    x = ProgrammeSession.objects.get(kind="breathing")
    assert x.data["hrv"]["rmssd_ms"] > 0 and x.data["hrv"]["position"] == "no_baseline"


def test_unreadable_rr_file_saves_nothing(client, person):
    start(client, "/programmes/breathing/")
    upload = SimpleUploadedFile("session.txt", b"\xff\xfe nonsense", content_type="text/plain")
    r = client.post("/programmes/breathing/", {"action": "log", "kind": "breathing", "minutes": "3", "rr_file": upload})
    assert r.status_code == 400 and "could not be read" in r.content.decode()
    assert not ProgrammeSession.objects.exists()


def test_guided_sessions_are_saved(client, person):
    start(client, "/programmes/breathing/")
    assert "Progressive muscle relaxation" in client.get("/programmes/breathing/pmr/").content.decode()
    assert client.post("/programmes/breathing/pmr/", {"minutes": "4"}).status_code == 302
    start(client, "/programmes/gmi/")
    assert client.post("/programmes/gmi/mirror/", {"minutes": "3"}).status_code == 302
    assert set(ProgrammeSession.objects.values_list("kind", flat=True)) == {"pmr", "mirror"}


def test_lesson_check_scores_and_records_progress(client, person):
    start(client, "/programmes/education/")
    page = client.get("/programmes/education/").content.decode()
    assert "somatosensory" in page and "clear scan and real pain" in page
    r = client.post("/programmes/education/lesson/1/", {"protects-1": "false", "protects-2": "not_sure"})
    assert "1 of 2 right" in r.content.decode()
    assert "1 of 6 lessons done" in client.get("/programmes/education/").content.decode()
    assert client.post("/programmes/education/lesson/1/", {}).status_code == 400
    assert client.get("/programmes/education/lesson/9/").status_code == 404


def test_one_night_is_not_enough_for_a_window(client, person):
    start(client, "/programmes/sleep/", wake="07:00", **screen_answers())
    client.post("/programmes/sleep/", {"action": "night", "night": "2026-03-02", "bedtime": "23:00",
                                        "latency_min": "40", "waso_min": "60", "rise_time": "07:00"})
    page = client.get("/programmes/sleep/").content.decode()
    assert "Not enough data yet: log 3 more nights" in page and "In bed from" not in page


def test_programme_page_shows_the_before_after_comparison_around_its_start(client, person):
    start(client, "/programmes/education/")
    page = client.get("/programmes/education/").content.decode()
    assert "Your pain before and after the start" in page
    assert "Not enough data yet: the diary has no pain ratings" in page
