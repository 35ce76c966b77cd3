"""Jobs run by the task runner (django-tasks with the django-tasks-db database backend).

One job per send round; the planner tick (:func:`painscope.web.reminders.runner`) queues
them with ``run_after`` = the send time. The job is idempotent: it claims its delivery by
a conditional update and does nothing when the row already moved on.
"""

from __future__ import annotations

from django_tasks import task


@task(queue_name="reminders")
def send_reminder(delivery_id: int, round_: int) -> str:
    from painscope.web.reminders.services import send_delivery

    return send_delivery(delivery_id, round_)


@task(queue_name="reminders")
def escalate_missed(delivery_id: int) -> int:
    from painscope.web.reminders.services import escalate_missed as run

    return run(delivery_id)
