"""The reminder runner: a planner tick plus the django-tasks-db worker.

``painscope serve`` starts it in background threads on the embedded (SQLite) default;
larger sites run ``painscope worker`` as its own process (one or several: every step is
idempotent, see :mod:`painscope.web.reminders.services`) and start ``serve`` with
``--no-worker``.
"""

from __future__ import annotations

import logging
import os
import threading

log = logging.getLogger(__name__)
QUEUE = "reminders"


class Runner:
    """Planner tick every ``tick`` seconds and a database task worker polling every ``poll`` s."""

    def __init__(self, tick: float = 30.0, poll: float = 1.0, worker_id: str | None = None) -> None:
        from django_tasks_db.management.commands.db_worker import Worker

        self.tick = tick
        self.stopping = threading.Event()
        self.worker = Worker(
            queue_names=[QUEUE], interval=poll, batch=False, backend_name="default", startup_delay=False,
            max_tasks=None, worker_id=worker_id or f"painscope-{os.getpid()}", excluded_queue_names=[],
        )
        self.threads: list[threading.Thread] = []

    def plan_once(self) -> None:
        from django.db import close_old_connections

        from painscope.web.reminders import services

        close_old_connections()
        try:
            services.plan(services.clock())
        except Exception:  # a failed tick is logged and retried at the next one
            log.exception("reminder planner tick failed")
        finally:
            close_old_connections()

    def _plan_loop(self) -> None:
        while not self.stopping.is_set():
            self.plan_once()
            self.stopping.wait(self.tick)

    def _work_loop(self) -> None:
        try:
            self.worker.run()
        except Exception:
            log.exception("reminder worker stopped")

    def start(self) -> Runner:
        for target, name in ((self._plan_loop, "reminder-planner"), (self._work_loop, "reminder-worker")):
            thread = threading.Thread(target=target, name=name, daemon=True)
            thread.start()
            self.threads.append(thread)
        return self

    def stop(self, timeout: float = 10.0) -> None:
        self.stopping.set()
        self.worker.running = False
        for thread in self.threads:
            thread.join(timeout)

    def run_forever(self) -> None:
        """Run in the foreground until interrupted (``painscope worker``)."""
        self.start()
        try:
            while all(t.is_alive() for t in self.threads):
                self.stopping.wait(1.0)
                if self.stopping.is_set():
                    break
        finally:
            self.stop()


def run_due_jobs(max_jobs: int | None = None) -> int:
    """Run every reminder job that is ready now, in this thread, then return how many ran
    (``painscope reminders run-once`` and tests: the same worker code as the runner)."""
    from django_tasks_db.management.commands.db_worker import Worker

    worker = Worker(queue_names=[QUEUE], interval=0, batch=True, backend_name="default", startup_delay=False,
                    max_tasks=max_jobs, worker_id=f"painscope-once-{os.getpid()}", excluded_queue_names=[])
    worker.run()
    return worker._run_tasks


def start_embedded() -> Runner | None:
    """Start the in-process runner when the site runs on the embedded default
    (``EMBEDDED_WORKER``, on for SQLite unless PAINSCOPE_EMBEDDED_WORKER=0). The planner
    runs every ``PAINSCOPE_REMINDER_TICK`` seconds (default 30)."""
    from django.conf import settings

    if not getattr(settings, "EMBEDDED_WORKER", False):
        return None
    tick = float(os.environ.get("PAINSCOPE_REMINDER_TICK", "30"))
    return Runner(tick=max(tick, 0.5), worker_id=f"painscope-serve-{os.getpid()}").start()
