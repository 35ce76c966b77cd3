"""Commands that run or use the web app's store: serve, user, export, import, backup, restore."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import sys
from pathlib import Path

from painscope.commands import CommandError, add_json_flag, emit_json

DEMO_USERNAME = "demo"
DEMO_PASSWORD = "painscope-demo"  # noqa: S105 - documented demo login, local only
DEMO_ZONE = "Europe/London"


def setup_django(migrate: bool = True) -> None:
    """Configure Django for a command, applying migrations quietly when asked."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "painscope.web.settings")
    import django

    django.setup()
    if migrate:
        _migrate()


def _migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def get_user(username: str):
    from django.contrib.auth import get_user_model

    try:
        return get_user_model().objects.get(username=username)
    except get_user_model().DoesNotExist:
        raise CommandError(f"no user named '{username}' (create one with: painscope user create {username})") from None


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("serve", parents=[common], help="run the web app (SQLite by default)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--demo", action="store_true", help="create a demo account with six months of entries")
    p.add_argument("--threads", type=int, default=8, help="request threads per server process (default 8)")
    p.add_argument("--processes", type=int, default=1,
                   help="server processes sharing the port (PostgreSQL only; default 1). Each has --threads "
                        "threads; more processes use more cores, since one Python process runs on one core at a time")
    p.add_argument("--no-worker", action="store_true",
                   help="do not run the reminder worker in this process (run `painscope worker` instead)")
    p.set_defaults(handler=serve)

    p = sub.add_parser("user", parents=[common], help="manage accounts")
    usub = p.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    c = usub.add_parser("create", parents=[common], help="create an account; the password is read from stdin")
    c.add_argument("username")
    c.add_argument("--email", default="")
    c.add_argument("--role", choices=("patient", "clinician"), default="patient",
                   help="patient (default) or clinician (may accept patients' sharing codes)")
    c.set_defaults(handler=user_create)
    from painscope.commands.users import register_user_actions

    register_user_actions(usub, common)  # password, token, delete

    p = sub.add_parser("export", parents=[common], help="write a person's diary, medications and dose logs as tidy CSV")
    p.add_argument("--user", required=True)
    p.add_argument("--out", help="file to write (default: stdout)")
    p.set_defaults(handler=export)

    p = sub.add_parser("import", parents=[common],
                       help="read a tidy diary CSV (or another app's export, --from) into a person's diary")
    p.add_argument("--user", required=True)
    p.add_argument("--from", dest="app", metavar="APP", choices=("flaredown", "bearable", "managemypain", "mysymptoms"),
                   help="the file is another app's export: flaredown (bearable, managemypain and mysymptoms "
                        "are refused with the reason); shows the mapping with --preview")
    p.add_argument("--preview", action="store_true",
                   help="with --from: show the mapping and the rows per kind, store nothing")
    p.add_argument("--app-user", metavar="ID", help="with --from flaredown: whose rows of a many-person file")
    p.add_argument("file")
    add_json_flag(p)
    p.set_defaults(handler=import_)

    p = sub.add_parser("backup", parents=[common], help="write a consistent copy of the database (safe while serving)")
    p.add_argument("file")
    p.set_defaults(handler=backup)

    p = sub.add_parser("restore", parents=[common], help="replace the database with a backup")
    p.add_argument("file")
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    p.set_defaults(handler=restore)

    from painscope.web.wearables.cli import register_import_wearable

    register_import_wearable(sub, common)


def serve(args: argparse.Namespace) -> int:
    limit_blas_threads()
    # serve the static files from the compressed copy collected below (painscope/web/staticfiles.py)
    os.environ["PAINSCOPE_STATIC_COLLECTED"] = "1"
    setup_django()
    from django.conf import settings

    if not settings.DEBUG:
        from painscope.web.staticfiles import collect_compressed

        collect_compressed()
    if args.demo:
        created = ensure_demo_account()
        print(f"Demo account {'created' if created else 'ready'}: username '{DEMO_USERNAME}', password '{DEMO_PASSWORD}'")
    db = settings.DATABASES["default"]
    where = db["NAME"] if "sqlite" in db["ENGINE"] else db["ENGINE"].rsplit(".", 1)[-1]
    _check_processes(args.processes, db["ENGINE"])
    server = _create_server(args, settings)
    host, port = _bound_address(server, args)
    host = f"[{host}]" if ":" in host else host
    url = f"http://{host}:{port}/"
    print(f"painscope is running at {url}  (database: {where}; stop with Ctrl+C)", flush=True)
    if settings.PRODUCTION and not settings.TRUSTED_PROXY:
        print(
            "note: PAINSCOPE_TRUSTED_PROXY is not set, so X-Forwarded-Proto from a TLS proxy is ignored and every "
            "request counts as plain http (redirected to https). Behind nginx or Caddy, set it to the proxy's "
            "address (docs/deployment.md).",
            file=sys.stderr, flush=True,
        )
    marker = register_server(settings.DATA_DIR, url)
    if args.processes > 1:
        try:
            return _serve_in_processes(server, args, settings, marker)
        finally:
            marker.unlink(missing_ok=True)
    from painscope.web.reminders.runner import start_embedded

    runner = None if args.no_worker else start_embedded()
    if runner is not None:
        print("reminders: the job worker runs inside this process", flush=True)
    try:
        previous = signal.signal(signal.SIGTERM, _exit_on_sigterm)
    except ValueError:  # not the main thread (an embedding program): it handles signals itself
        previous = None
    try:
        server.run()
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
        if runner is not None:
            runner.stop()
        server.close()
        marker.unlink(missing_ok=True)
    return 0


def _check_processes(processes: int, engine: str) -> None:
    if processes < 1:
        raise CommandError(f"--processes: expected 1 or more, got {processes}")
    if processes == 1:
        return
    if not hasattr(os, "fork"):
        raise CommandError("--processes: more than one server process needs a system with fork (Linux, macOS)")
    if "sqlite" in engine:
        raise CommandError(
            "--processes: more than one server process needs PostgreSQL (set DATABASE_URL, docs/deployment.md). "
            "SQLite takes one writer at a time, and painscope queues its writers inside one process."
        )


def _serve_in_processes(server, args: argparse.Namespace, settings, marker: Path) -> int:
    """Pre-fork: the port is bound once (``server``'s socket) and ``args.processes`` children
    each serve it with their own threads; the kernel hands each new connection to one of them.
    This process keeps watch: it restarts a child that dies, runs the reminder worker, and on
    Ctrl+C or SIGTERM stops the children (each finishes the requests it has) and exits."""
    import time

    from django.db import connections
    from waitress.server import BaseWSGIServer

    connections.close_all()  # a connection must never be shared across a fork
    # the bound listening socket(s): one server, or one per address of a name like localhost
    sockets = [server.socket] if hasattr(server, "socket") else [
        d.socket for d in server.map.values() if isinstance(d, BaseWSGIServer)
    ]
    children: dict[int, int] = {}  # pid -> slot
    started: dict[int, float] = {}

    def spawn(slot: int) -> None:
        pid = os.fork()
        if pid == 0:  # the child: serve until told to stop, never return into the parent's code
            code = 0
            try:
                signal.signal(signal.SIGTERM, _exit_on_sigterm)
                signal.signal(signal.SIGINT, signal.default_int_handler)
                limit_blas_threads()
                child = _create_server(args, settings, sockets=sockets)
                try:
                    child.run()
                finally:
                    child.close()
            except (KeyboardInterrupt, SystemExit):
                pass
            except BaseException as exc:  # reported; the parent restarts the child
                print(f"painscope serve: process {os.getpid()} stopped: {exc}", file=sys.stderr, flush=True)
                code = 1
            finally:
                os._exit(code)
        children[pid] = slot
        started[slot] = time.monotonic()

    for slot in range(args.processes):
        spawn(slot)
    print(f"serving with {args.processes} processes of {args.threads} threads each", flush=True)
    from painscope.web.reminders.runner import start_embedded

    runner = None if args.no_worker else start_embedded()
    if runner is not None:
        print("reminders: the job worker runs in the watching process", flush=True)
    previous = signal.signal(signal.SIGTERM, _exit_on_sigterm)
    quick_deaths = 0
    try:
        while children:
            pid, status = os.wait()
            slot = children.pop(pid, None)
            if slot is None:
                continue
            lived = time.monotonic() - started[slot]
            quick_deaths = quick_deaths + 1 if lived < 10 else 0
            if quick_deaths > 3 * args.processes:
                print("painscope serve: the server processes keep stopping at start; giving up", file=sys.stderr, flush=True)
                return 1
            print(f"painscope serve: process {pid} ended (status {status}); starting another", file=sys.stderr, flush=True)
            spawn(slot)
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        for pid in list(children):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + 15
        while children and time.monotonic() < deadline:
            try:
                pid, _ = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                break
            if pid == 0:
                time.sleep(0.05)
            else:
                children.pop(pid, None)
        for pid in list(children):  # did not stop in time
            try:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
        if runner is not None:
            runner.stop()
        server.close()
    return 0


def limit_blas_threads() -> None:
    """One BLAS thread per request thread (:mod:`painscope.serving`), or a clear error."""
    from painscope import serving

    try:
        serving.tune_for_serving()
    except ValueError as exc:
        raise CommandError(str(exc)) from None


def _exit_on_sigterm(signum, frame) -> None:
    raise SystemExit(0)  # so that the finally clause removes the running-server marker


def _create_server(args: argparse.Namespace, settings, sockets: list | None = None):
    """waitress with the site's body limit, the trusted proxy (if any) and a 413 that says why;
    on ``sockets`` already bound (a child of ``--processes``) instead of host and port."""
    from waitress import create_server

    from painscope.web.wsgi import application

    options: dict = {
        "threads": args.threads, "ident": "painscope",
        "max_request_body_size": settings.MAX_REQUEST_BODY_BYTES,
        "clear_untrusted_proxy_headers": True,
    }
    options.update({"sockets": sockets} if sockets else {"host": args.host, "port": args.port})
    if settings.TRUSTED_PROXY:
        options["trusted_proxy"] = settings.TRUSTED_PROXY
        options["trusted_proxy_headers"] = set(settings.TRUSTED_PROXY_HEADERS)
    try:
        server = create_server(application, **options)
    except OSError as exc:
        raise CommandError(f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}") from None
    channel = _too_large_channel(settings.MAX_UPLOAD_BYTES)
    for s in [server, *getattr(server, "map", {}).values()]:
        if channel is not None and hasattr(s, "channel_class"):
            s.channel_class = channel
    return server


def _too_large_channel(limit: int):
    """A waitress channel whose 413 (body over the limit, refused unread) names the limit."""
    try:
        from waitress.channel import HTTPChannel
        from waitress.task import ErrorTask
        from waitress.utilities import RequestEntityTooLarge
    except ImportError:  # pragma: no cover - another waitress layout: keep its plain 413
        return None
    from painscope.web.limits import megabytes

    message = (
        f"The request is larger than {megabytes(limit)}, the largest upload this site accepts. "
        "Import a bigger file on the server with `painscope import-wearable` or `painscope import`."
    )

    class TooLargeTask(ErrorTask):
        def execute(self) -> None:
            if isinstance(self.request.error, RequestEntityTooLarge):
                self.request.error = RequestEntityTooLarge(message)
            super().execute()

    class Channel(HTTPChannel):
        error_task_class = TooLargeTask

    return Channel


def _bound_address(server, args: argparse.Namespace) -> tuple[str, int]:
    if hasattr(server, "effective_port"):
        return str(server.effective_host), int(server.effective_port)
    listen = getattr(server, "effective_listen", None) or [(args.host, args.port)]
    return str(listen[0][0]), int(listen[0][1])


# -- running servers --------------------------------------------------------------------------
# `serve` leaves a small file in <data dir>/run/ while it runs, so that `restore` can warn.


def register_server(data_dir: Path, url: str) -> Path:
    run = Path(data_dir) / "run"
    run.mkdir(mode=0o700, exist_ok=True)
    marker = run / f"serve-{os.getpid()}.json"
    marker.write_text(json.dumps({"pid": os.getpid(), "url": url}), encoding="utf-8")
    return marker


def _alive(pid: int) -> bool:
    if sys.platform == "win32":  # os.kill(pid, 0) would terminate it there; assume it runs
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def running_servers(data_dir: Path) -> list[dict]:
    """``{"pid", "url"}`` of each `painscope serve` running on ``data_dir``; stale files are removed."""
    found = []
    for marker in sorted((Path(data_dir) / "run").glob("serve-*.json")):
        try:
            info = json.loads(marker.read_text(encoding="utf-8"))
            pid = int(info["pid"])
        except (OSError, ValueError, KeyError, TypeError):
            continue
        if _alive(pid):
            found.append({"pid": pid, "url": str(info.get("url", ""))})
        else:
            marker.unlink(missing_ok=True)
    return found


def ensure_demo_account() -> bool:
    """Create the demo user with ~6 months of synthetic entries and two medications."""
    from datetime import UTC, datetime, time, timedelta
    from zoneinfo import ZoneInfo

    from django.contrib.auth import get_user_model

    from painscope.diary.demo import demo_diary
    from painscope.web.accounts.models import Profile
    from painscope.web.journal.models import DoseLog, Medication
    from painscope.web.journal.services import import_frame

    User = get_user_model()
    if User.objects.filter(username=DEMO_USERNAME).exists():
        return False
    user = User.objects.create_user(DEMO_USERNAME, password=DEMO_PASSWORD)
    # The demo person lives in London: every time they wrote follows its clock, GMT in
    # winter and BST in summer (issue 16).
    london = ZoneInfo(DEMO_ZONE)
    Profile.objects.create(user=user, timezone=DEMO_ZONE)
    now = datetime.now(UTC)
    import_frame(user, demo_diary(182, now=now, zone=london), source="demo")  # nothing later than now
    today = now.date()
    start = today - timedelta(days=120)
    duloxetine = Medication.objects.create(
        owner=user, name="Duloxetine", dose=60, unit="mg", times=["08:00"], weekdays=[],
        timezone=DEMO_ZONE, start_date=start, pills_left=9, refill_threshold=10,
    )
    Medication.objects.create(
        owner=user, name="Paracetamol", dose=1000, unit="mg", as_needed=True,
        timezone=DEMO_ZONE, start_date=start,
    )
    import random

    rng = random.Random(3)
    logs = []
    for d in range(120):
        day = start + timedelta(days=d)
        at = datetime.combine(day, time(8, rng.randint(0, 50)), tzinfo=london).astimezone(UTC)
        status = DoseLog.TAKEN if rng.random() < 0.88 else DoseLog.SKIPPED
        due = datetime.combine(day, time(8), tzinfo=london).astimezone(UTC)  # 08:00 on a London clock
        logs.append(DoseLog(owner=user, medication=duloxetine, status=status, at=at, scheduled_for=due, dose=60))
    DoseLog.objects.bulk_create(logs)
    _demo_questionnaires(user, start, rng)
    _demo_wearables(user, now)
    _demo_programme_and_reminders(user, rng)
    return True


def _demo_programme_and_reminders(user, rng) -> None:
    """Six weeks of pacing (so Programmes and "Did it help" have something to show) and an
    evening check-in reminder, written through the services the pages use."""
    from datetime import timedelta

    from painscope import diary
    from painscope.diary import reminders as rules
    from painscope.web.accounts.models import Profile
    from painscope.web.journal.services import diary_frame
    from painscope.web.programmes import services as programmes
    from painscope.web.reminders.models import Reminder
    from painscope.web.reminders.services import add_session_reminder

    today = programmes.today_for(user)
    start = today - timedelta(days=42)
    enrolment = programmes.start_programme(
        user, "pacing", start, {"activity": "walking", "step": 0.1, "pem": False, "baseline_minutes": 12.0}
    )
    frame = diary_frame(user)  # pacing days are not diary rows: read the diary once
    daily = diary.daily_table(frame)
    week_minutes = 12.0
    for d in range(42):
        if d % 7 == 0:
            week_minutes = programmes.pacing_view(user, enrolment, start + timedelta(days=d),
                                                  frame=frame, daily=daily).quota or week_minutes
        if rng.random() < 0.75:  # most days logged, as people really do
            minutes = round(week_minutes * rng.choice((0.7, 1.0, 1.0, 1.0, 1.1)))
            programmes.log_pacing_day(user, enrolment, start + timedelta(days=d), minutes, frame=frame, daily=daily)
    add_session_reminder(user, "/programmes/pacing/", ["10:30"])
    zone = Profile.for_user(user).timezone
    reminder = Reminder(owner=user, kind=rules.CHECKIN, timezone=zone, start_date=today, times=["20:00"],
                        weekdays=[], every_days=1)
    reminder.schedule()
    reminder.save()


def _demo_wearables(user, now) -> None:
    """Synthetic morning HRV, night HRV and resting heart rate for the diary's days, tied
    loosely to it (:func:`painscope.signals.demo.demo_wearable_dailies`), stored through the
    service every wearable import uses, with the provenance token ``demo``."""
    from painscope import diary
    from painscope.signals.demo import demo_wearable_dailies
    from painscope.web.accounts.models import Profile
    from painscope.web.journal.services import diary_frame
    from painscope.web.wearables.services import store_wearable_frame

    daily = diary.daily_table(diary_frame(user))
    frame = demo_wearable_dailies(daily, tz=Profile.for_user(user).zone, now=now)
    store_wearable_frame(user, frame, source="demo")


def _demo_questionnaires(user, start, rng) -> None:
    """PHQ-9 and PEG every four weeks, slowly improving, and a PHQ-9 schedule."""
    from datetime import UTC, datetime, time, timedelta

    from painscope.web.assessments.models import AssessmentSchedule
    from painscope.web.assessments.services import score_and_store

    for k in range(5):
        when = datetime.combine(start + timedelta(days=28 * k), time(10), tzinfo=UTC)
        level = max(0, 2 - k // 2)  # answers drift from "more than half the days" to "several days"
        phq = {f"phq9-{i}": min(3, max(0, level + rng.choice((-1, 0, 0, 1)))) for i in range(1, 9)}
        phq["phq9-9"] = 0
        score_and_store(user, "phq9", phq, source="demo", authored=when)
        peg = {f"peg-{i}": min(10, max(0, 7 - k + rng.choice((-1, 0, 1)))) for i in range(1, 4)}
        score_and_store(user, "peg", peg, source="demo", authored=when)
    AssessmentSchedule.objects.create(owner=user, instrument_id="phq9", every_days=28)


def _read_password() -> str:
    if sys.stdin.isatty():
        import getpass

        first = getpass.getpass("Password: ")
        if getpass.getpass("Password (again): ") != first:
            raise CommandError("the two passwords differ")
        return first
    return sys.stdin.readline().rstrip("\r\n")


def user_create(args: argparse.Namespace) -> int:
    setup_django()
    from django.contrib.auth import get_user_model, password_validation
    from django.core.exceptions import ValidationError

    User = get_user_model()
    if User.objects.filter(username=args.username).exists():
        raise CommandError(f"a user named '{args.username}' already exists")
    password = _read_password()
    if not password:
        raise CommandError("no password given on stdin")
    candidate = User(username=args.username, email=args.email)
    try:
        User._meta.get_field("username").run_validators(args.username)
        password_validation.validate_password(password, candidate)
    except ValidationError as exc:
        raise CommandError("; ".join(exc.messages)) from None
    from django.db import transaction

    from painscope.web.care.services import set_role

    with transaction.atomic():
        user = User.objects.create_user(args.username, email=args.email, password=password)
        set_role(user, getattr(args, "role", "patient"))
    role = getattr(args, "role", "patient")
    print(f"created user '{args.username}'" + (" (clinician)" if role == "clinician" else ""), file=sys.stderr)
    return 0


def export(args: argparse.Namespace) -> int:
    setup_django()
    from painscope.web.journal.services import export_text

    text, rows, medication_rows = export_text(get_user(args.user))  # what export_csv writes, with counts
    if args.out:
        try:
            Path(args.out).write_text(text, encoding="utf-8", newline="")
        except OSError as exc:
            raise CommandError(f"cannot write {args.out}: {exc.strerror}") from None
        # One row per observation; counting newlines would also count those inside notes.
        extra = f" and {medication_rows} medication and dose-log row{'s' if medication_rows != 1 else ''}" \
            if medication_rows else ""
        print(f"wrote {rows} row{'s' if rows != 1 else ''}{extra} to {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def import_(args: argparse.Namespace) -> int:
    setup_django()
    from painscope.diary import DiaryError
    from painscope.web.journal.services import import_csv

    user = get_user(args.user)
    path = Path(args.file)
    if not path.is_file():
        raise CommandError(f"no such file: {path}")
    if getattr(args, "app", None):
        return _import_from_app(args, user, path)
    if getattr(args, "preview", False) or getattr(args, "app_user", None):
        raise CommandError("--preview and --app-user go with --from APP (a tidy CSV is checked whole anyway: "
                           "a bad row stores nothing)")
    try:
        result = import_csv(user, path.read_bytes())
    except DiaryError as exc:
        raise CommandError(f"{path}: {exc} — nothing was imported") from None
    if args.json:
        emit_json(result.as_dict())
    else:
        print(f"imported {path}: {result.summary()}", file=sys.stderr)
    return 0


def _import_from_app(args: argparse.Namespace, user, path: Path) -> int:
    """``painscope import --from APP FILE [--preview]``: another app's export, mapped first."""
    from painscope.diary import DiaryError
    from painscope.diary.app_imports import MAX_BYTES
    from painscope.web.journal.services import import_app_export

    if path.stat().st_size > MAX_BYTES:
        raise CommandError(f"{path}: the file is larger than {MAX_BYTES // 1_000_000} MB — nothing was imported")
    try:
        preview, result = import_app_export(user, args.app, path.read_bytes(), app_user=args.app_user,
                                            store=not args.preview)
    except DiaryError as exc:
        raise CommandError(f"{path}: {exc} — nothing was imported") from None
    doc = preview.to_dict()
    if result is not None:
        doc["stored"] = result.as_dict()
    if args.json:
        emit_json(doc)
        return 0
    print(f"{path}: {doc['rows']} rows over {doc['days']} days from {args.app}", file=sys.stderr)
    width = max((len(m["source"]) for m in doc["mapping"]), default=10)
    for m in doc["mapping"]:
        print(f"  {m['source']:<{width}}  →  {m['kind']}:{m['name']} ({m['scale']}), {m['rows']} rows", file=sys.stderr)
    for what, n in doc["skipped"].items():
        print(f"  left out: {what} ({n})", file=sys.stderr)
    print("  " + doc["note"], file=sys.stderr)
    if result is None:
        print("preview only: nothing was stored (run again without --preview to import)", file=sys.stderr)
    else:
        print(f"imported {path}: {result.summary()}", file=sys.stderr)
    return 0


def _sqlite_path() -> Path:
    from django.conf import settings

    db = settings.DATABASES["default"]
    if "sqlite" not in db["ENGINE"]:
        raise CommandError(
            "backup and restore work on the embedded SQLite store; for PostgreSQL use pg_dump and pg_restore"
        )
    return Path(db["NAME"])


def backup(args: argparse.Namespace) -> int:
    """Copy the live database with SQLite's online backup API (consistent while serving)."""
    import sqlite3

    setup_django()
    source = _sqlite_path()
    target = Path(args.file)
    if target.resolve() == source.resolve():
        raise CommandError("the backup file must not be the database itself")
    if not target.parent.is_dir():
        raise CommandError(f"no such folder: {target.parent}")
    tmp = target.with_name(target.name + ".partial")
    tmp.unlink(missing_ok=True)
    try:
        # health data: the copy is readable by its owner only (0600), like the database
        os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        with sqlite3.connect(source) as src, sqlite3.connect(tmp) as dst:
            src.backup(dst)
        dst.close()
        src.close()
        tmp.replace(target)
    except (sqlite3.Error, OSError) as exc:
        tmp.unlink(missing_ok=True)
        raise CommandError(f"backup to {target} failed: {exc}") from None
    print(f"backed up {source} to {target} ({target.stat().st_size / 1e6:.1f} MB)", file=sys.stderr)
    return 0


def restore(args: argparse.Namespace) -> int:
    """Check a backup, then copy it over the live database in one step."""
    import sqlite3

    setup_django(migrate=False)
    target = _sqlite_path()
    source = Path(args.file)
    if not source.is_file():
        raise CommandError(f"no such file: {source}")
    try:
        with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as check:
            ok = check.execute("PRAGMA integrity_check").fetchone()[0]
            tables = {r[0] for r in check.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        check.close()
    except sqlite3.DatabaseError as exc:
        raise CommandError(f"{source} is not a painscope backup ({exc})") from None
    if ok != "ok" or "journal_entry" not in tables:
        raise CommandError(f"{source} is not a painscope backup (integrity: {ok})")
    from django.conf import settings

    servers = running_servers(settings.DATA_DIR)
    if servers:
        where = ", ".join(f"pid {s['pid']} at {s['url']}" for s in servers)
        print(
            f"painscope: warning: a painscope server is running on this data folder ({where}). Stop it first: "
            "what people save while the restore runs is lost, and open pages show the old data until reloaded.",
            file=sys.stderr, flush=True,
        )
    if not args.yes:
        if not sys.stdin.isatty():
            raise CommandError(
                f"restore replaces everything in {target} with {source}; there is no terminal to ask for "
                "confirmation, so add --yes to confirm"
            )
        answer = input(f"Replace {target} with {source}? Everything since the backup is lost. [y/N] ")
        if answer.strip().lower() not in ("y", "yes"):
            raise CommandError("restore cancelled", exit_code=1)
    with sqlite3.connect(source) as src, sqlite3.connect(target, timeout=30) as dst:
        src.backup(dst)
    dst.close()
    src.close()
    _migrate()  # a backup from an older version gets the newer tables
    print(f"restored {target} from {source}", file=sys.stderr)
    return 0
