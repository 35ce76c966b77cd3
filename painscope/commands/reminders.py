"""Reminder commands: ``painscope reminders feed|run-once`` and ``painscope worker``.

Thin: each handler calls the reminder services (never a view).
"""

from __future__ import annotations

import argparse
import sys

from painscope.commands import CommandError, add_json_flag, emit_json
from painscope.commands.web import get_user, limit_blas_threads, setup_django


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("reminders", parents=[common], help="reminders: calendar feed, one planner run")
    rsub = p.add_subparsers(dest="reminders_command", metavar="ACTION", required=True)
    f = rsub.add_parser("feed", parents=[common], help="print the URL path of a person's private calendar feed")
    f.add_argument("--user", required=True)
    group = f.add_mutually_exclusive_group()
    group.add_argument("--new", action="store_true", help="make a new address (the old one stops working)")
    group.add_argument("--revoke", action="store_true", help="switch the address off")
    add_json_flag(f)
    f.set_defaults(handler=feed)
    r = rsub.add_parser("run-once", parents=[common],
                        help="plan due reminders and send those whose time has come, then exit")
    add_json_flag(r)
    r.set_defaults(handler=run_once)

    w = sub.add_parser("worker", parents=[common],
                       help="run the reminder planner and job worker (for sites that run `serve --no-worker`)")
    w.add_argument("--tick", type=float, default=30.0, help="seconds between planner runs (default 30)")
    w.add_argument("--poll", type=float, default=1.0, help="seconds between job-queue polls (default 1)")
    w.set_defaults(handler=worker)


def feed(args: argparse.Namespace) -> int:
    setup_django()
    from django.urls import reverse

    from painscope.web.reminders.models import CalendarFeed

    user = get_user(args.user)
    if args.revoke:
        gone = CalendarFeed.objects.filter(owner=user).delete()[0]
        if args.json:
            emit_json({"revoked": bool(gone)})
        else:
            print("calendar address switched off" if gone else "there was no calendar address", file=sys.stderr)
        return 0
    row = CalendarFeed.objects.filter(owner=user).first()
    if row is None or args.new:
        row = CalendarFeed.issue(user)
    path = reverse("reminder_feed", args=[row.token])
    if args.json:
        emit_json({"path": path})
    else:
        print(path)
    return 0


def run_once(args: argparse.Namespace) -> int:
    setup_django()
    from dataclasses import asdict

    from painscope.web.reminders.runner import run_due_jobs
    from painscope.web.reminders.services import plan

    result = asdict(plan())
    result["jobs_run"] = run_due_jobs()
    if args.json:
        emit_json(result)
    else:
        print(", ".join(f"{k.replace('_', ' ')}: {v}" for k, v in result.items()))
    return 0


def worker(args: argparse.Namespace) -> int:
    if args.tick <= 0 or args.poll <= 0:
        raise CommandError("--tick and --poll must be positive numbers of seconds")
    limit_blas_threads()
    setup_django()
    from painscope.web.reminders.runner import Runner

    print(f"painscope worker: planning every {args.tick:g} s, polling jobs every {args.poll:g} s (stop with Ctrl+C)",
          file=sys.stderr, flush=True)
    Runner(tick=args.tick, poll=args.poll).run_forever()
    return 0
