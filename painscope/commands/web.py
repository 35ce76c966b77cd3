"""Commands that run or use the web app's store: serve, user, export, import, backup, restore."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from painscope.commands import CommandError, add_json_flag, emit_json

DEMO_USERNAME = "demo"
DEMO_PASSWORD = "painscope-demo"  # noqa: S105 - documented demo login, local only


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
    p.add_argument("--threads", type=int, default=8)
    p.set_defaults(handler=serve)

    p = sub.add_parser("user", parents=[common], help="manage accounts")
    usub = p.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    c = usub.add_parser("create", parents=[common], help="create an account; the password is read from stdin")
    c.add_argument("username")
    c.add_argument("--email", default="")
    c.set_defaults(handler=user_create)
    t = usub.add_parser("token", parents=[common], help="print a new personal API token")
    t.add_argument("username")
    t.add_argument("--name", default="cli")
    t.set_defaults(handler=user_token)

    p = sub.add_parser("export", parents=[common], help="write a person's diary as tidy CSV")
    p.add_argument("--user", required=True)
    p.add_argument("--out", help="file to write (default: stdout)")
    p.set_defaults(handler=export)

    p = sub.add_parser("import", parents=[common], help="read a tidy diary CSV into a person's diary")
    p.add_argument("--user", required=True)
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
    setup_django()
    from django.conf import settings

    if args.demo:
        created = ensure_demo_account()
        print(f"Demo account {'created' if created else 'ready'}: username '{DEMO_USERNAME}', password '{DEMO_PASSWORD}'")
    db = settings.DATABASES["default"]
    where = db["NAME"] if "sqlite" in db["ENGINE"] else db["ENGINE"].rsplit(".", 1)[-1]
    host = f"[{args.host}]" if ":" in args.host else args.host
    print(f"painscope is running at http://{host}:{args.port}/  (database: {where}; stop with Ctrl+C)", flush=True)
    from waitress import serve as waitress_serve

    from painscope.web.wsgi import application

    waitress_serve(application, host=args.host, port=args.port, threads=args.threads, ident="painscope")
    return 0


def ensure_demo_account() -> bool:
    """Create the demo user with ~6 months of synthetic entries and two medications."""
    from datetime import UTC, datetime, time, timedelta

    from django.contrib.auth import get_user_model

    from painscope.diary.demo import demo_diary
    from painscope.web.journal.models import DoseLog, Medication
    from painscope.web.journal.services import import_frame

    User = get_user_model()
    if User.objects.filter(username=DEMO_USERNAME).exists():
        return False
    user = User.objects.create_user(DEMO_USERNAME, password=DEMO_PASSWORD)
    now = datetime.now(UTC)
    import_frame(user, demo_diary(182, now=now), source="demo")  # nothing later than now
    today = now.date()
    start = today - timedelta(days=120)
    duloxetine = Medication.objects.create(
        owner=user, name="Duloxetine", dose=60, unit="mg", times=["08:00"], weekdays=[],
        timezone="Europe/London", start_date=start, pills_left=9, refill_threshold=10,
    )
    Medication.objects.create(
        owner=user, name="Paracetamol", dose=1000, unit="mg", as_needed=True,
        timezone="Europe/London", start_date=start,
    )
    import random

    rng = random.Random(3)
    logs = []
    for d in range(120):
        day = start + timedelta(days=d)
        at = datetime.combine(day, time(8, rng.randint(0, 50)), tzinfo=UTC)
        status = DoseLog.TAKEN if rng.random() < 0.88 else DoseLog.SKIPPED
        logs.append(DoseLog(owner=user, medication=duloxetine, status=status, at=at,
                            scheduled_for=datetime.combine(day, time(8), tzinfo=UTC), dose=60))
    DoseLog.objects.bulk_create(logs)
    _demo_questionnaires(user, start, rng)
    return True


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
    User.objects.create_user(args.username, email=args.email, password=password)
    print(f"created user '{args.username}'", file=sys.stderr)
    return 0


def user_token(args: argparse.Namespace) -> int:
    setup_django()
    from painscope.web.accounts.models import ApiToken

    _, token = ApiToken.issue(get_user(args.username), name=args.name)
    print(token)
    return 0


def export(args: argparse.Namespace) -> int:
    setup_django()
    from painscope import diary
    from painscope.web.journal.services import diary_frame

    frame = diary_frame(get_user(args.user))
    text = diary.write_tidy_csv(frame)  # what export_csv writes, keeping the frame to count
    if args.out:
        try:
            Path(args.out).write_text(text, encoding="utf-8", newline="")
        except OSError as exc:
            raise CommandError(f"cannot write {args.out}: {exc.strerror}") from None
        # One row per observation; counting newlines would also count those inside notes.
        rows = len(frame)
        print(f"wrote {rows} row{'s' if rows != 1 else ''} to {args.out}", file=sys.stderr)
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
    try:
        result = import_csv(user, path.read_bytes())
    except DiaryError as exc:
        raise CommandError(f"{path}: {exc} — nothing was imported") from None
    if args.json:
        emit_json(result.as_dict())
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
    if not args.yes and sys.stdin.isatty():
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
