"""The job runner: the planner tick and the django-tasks-db worker in background threads
(as `painscope serve` starts them) send a due reminder once; programme sessions are a
generic reminder kind other features use; `painscope worker` refuses bad intervals."""

from __future__ import annotations

import time as clock
from datetime import UTC, date, datetime, timedelta

import pytest

from painscope.cli import main
from painscope.diary import reminders as rules
from painscope.web.reminders import services
from painscope.web.reminders.models import Delivery, PushSubscription, Reminder
from painscope.web.reminders.runner import Runner
from tests.web.reminders_support import PushEndpoint

pytestmark = pytest.mark.django_db(transaction=True)
T0 = datetime(2024, 11, 3, 14, 59, 50, tzinfo=UTC)  # New York, the day the clocks went back


def test_runner_threads_send_a_programme_session_reminder_once(person, settings, tmp_path, monkeypatch):
    settings.DATA_DIR = tmp_path
    monkeypatch.setattr(services, "clock", lambda: T0)
    monkeypatch.setenv("PAINSCOPE_PUSH_HOSTS", "127.0.0.1")
    ep = PushEndpoint().start()
    try:
        sub = ep.subscription()
        PushSubscription.objects.create(owner=person, endpoint=sub["endpoint"], p256dh=sub["keys"]["p256dh"],
                                        auth=sub["keys"]["auth"])
        r = services.add_session_reminder(person, "/explain/", ["10:00"], tz="America/New_York",
                                          start=date(2024, 11, 1))
        Reminder.objects.filter(pk=r.pk).update(updated=T0 - timedelta(hours=1))
        runner = Runner(tick=0.2, poll=0.1).start()
        try:
            deadline = clock.monotonic() + 20
            while not ep.received and clock.monotonic() < deadline:
                clock.sleep(0.1)
            clock.sleep(1.0)  # several more ticks: nothing is sent twice
        finally:
            runner.stop()
        assert ep.errors == []
        assert len(ep.received) == 1
        doc = ep.received[0].doc
        assert doc["url"] == "/explain/" and doc["body"] == "Time for your programme session."
        d = Delivery.objects.get()
        assert d.due == datetime(2024, 11, 3, 15, tzinfo=UTC)  # 10:00 EST (UTC-5) after the fall-back
        assert d.state == rules.SENT
    finally:
        ep.stop()


def test_session_reminder_needs_a_site_path(person):
    with pytest.raises(rules.ScheduleError) as err:
        services.add_session_reminder(person, "https://elsewhere.example/", ["10:00"])
    assert err.value.field == "target"
    with pytest.raises(rules.ScheduleError) as err:
        services.add_session_reminder(person, "/p/", ["25:00"])
    assert err.value.field == "times"
    assert Reminder.objects.count() == 0


def test_worker_refuses_a_zero_tick(capsys):
    assert main(["worker", "--tick", "0"]) == 2
    assert "--tick and --poll must be positive" in capsys.readouterr().err
