"""Load test: many patients and clinicians against ``painscope serve`` on PostgreSQL (locust).

Run by hand, never in CI (needs the ``load`` extra and PostgreSQL 15's server binaries)::

    .venv/bin/pip install -e '.[load]'
    .venv/bin/python benchmarks/load_locust.py                      # 500 patients, 10 clinicians, 50 users, 3 min
    .venv/bin/python benchmarks/load_locust.py --users 50 --minutes 3 --patients 500

What it does, bounded in time (``--minutes`` of load; everything it started is stopped at
the end, also on Ctrl+C or an error):

1. starts a throw-away PostgreSQL (``initdb`` into a temporary folder as the ``postgres``
   user, since the benchmark may run as root; ``/usr/lib/postgresql/15/bin``) listening on
   127.0.0.1 only, on a free port;
2. migrates it and stores ``--patients`` patients with 1–5 years of diary (``demo_diary``, one
   to two check-ins a day, years 1, 2, 3, 4, 5 in turn), each with a scheduled medication and
   an API token, and ``--clinicians`` clinician accounts (the clinician role) with API tokens,
   each following an equal part of the patients through an accepted share of every kind
   (``painscope.web.care.services.invite``/``accept``, as the site does); diary rows are
   written with PostgreSQL's COPY, and each person's daily aggregates are computed by the
   same pure function the site uses (``painscope.diary.aggregate``);
3. starts ``painscope serve`` (waitress, ``--threads`` threads in each of ``--processes``
   processes) on 127.0.0.1 with ``DATABASE_URL``; several ``--processes`` values run one
   after the other on the same database (the baseline beside the others, in one command);
4. runs locust headless with ``--users`` simulated people (patients and clinicians 10:1),
   each waiting 1–3 s between actions, with this mix for a patient: overview 10, check-in 4,
   dose log 3, entries list 2, insights 2, API entries page 2, CSV import (a week) 1;
5. prints p50/p95/p99 per page and the error rate (locust's own statistics), and writes
   locust's CSV files next to ``--out``.

Clinicians use ``GET /api/v1/patients`` and ``GET /api/v1/patients/{id}/entries`` when the
site has them; otherwise they report once that they skipped them (``clinician: skipped``
in the table) and only sign in.

This file is also the locustfile (``locust -f benchmarks/load_locust.py``): the plan of
accounts comes from the JSON file named by ``PAINSCOPE_LOAD_PLAN``.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

PG_BIN = Path("/usr/lib/postgresql/15/bin")
ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "load-test-river-42"

# -- the simulated people (locust) ------------------------------------------------------------

if os.environ.get("PAINSCOPE_LOAD_PLAN") and __name__ != "__main__":  # imported by locust
    from locust import HttpUser, between, events, task

    PLAN = json.loads(Path(os.environ["PAINSCOPE_LOAD_PLAN"]).read_text())
    _patients = list(PLAN["patients"])
    random.Random(1).shuffle(_patients)
    _clinicians = list(PLAN["clinicians"])
    _counter = {"patient": 0, "clinician": 0, "moment": 0}

    def _next(kind: str, pool: list) -> dict:
        _counter[kind] += 1
        return pool[(_counter[kind] - 1) % len(pool)]

    def _moment() -> int:
        _counter["moment"] += 1
        return _counter["moment"]

    class Patient(HttpUser):
        """A person with chronic pain on their phone: overview, check-ins, doses, imports."""

        weight = 10
        wait_time = between(1, 3)

        def on_start(self) -> None:
            self.me = _next("patient", _patients)
            self.client.get("/accounts/login/", name="login page")
            token = self.client.cookies.get("csrftoken", "")
            self.client.post(
                "/accounts/login/",
                {"username": self.me["username"], "password": PASSWORD, "csrfmiddlewaretoken": token},
                headers={"Referer": self.host + "/accounts/login/"},
                name="login", allow_redirects=False,
            )
            self.client.get("/checkin/", name="check-in page")

        def _post(self, url: str, data: dict, name: str, files=None) -> None:
            data = {**data, "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", "")}
            with self.client.post(url, data, files=files, name=name, allow_redirects=False, catch_response=True,
                                  headers={"Referer": self.host + url}) as response:
                if response.status_code == 302:
                    response.success()
                else:
                    response.failure(f"{name}: {response.status_code} {response.text[:200]!r}")

        @task(10)
        def overview(self) -> None:
            self.client.get("/", name="overview")

        @task(4)
        def checkin(self) -> None:
            # a past minute no other check-in of this person has: unique within a run, and each
            # run of one command (--processes 1 2) counts down from its own day, so a later run
            # never posts a minute an earlier run stored (that would be a clash, refused)
            start = datetime(2020, 1, 1, 12) - timedelta(days=60 * int(os.environ.get("PAINSCOPE_LOAD_RUN", "0")))
            when = start - timedelta(minutes=_moment())
            self._post("/checkin/", {"pain": str(random.randint(0, 10)), "fatigue": str(random.randint(0, 10)),
                                     "when": when.strftime("%Y-%m-%dT%H:%M"), "tz_name": "UTC"}, "check-in")

        @task(3)
        def dose(self) -> None:
            self._post(f"/medications/{self.me['medication']}/log/", {"status": "taken"}, "dose log")

        @task(2)
        def entries(self) -> None:
            self.client.get("/entries/", name="entries list")

        @task(2)
        def insights_page(self) -> None:
            self.client.get("/insights/", name="insights")

        @task(2)
        def api_entries(self) -> None:
            self.client.get("/api/v1/entries?limit=50", name="API entries page",
                            headers={"Authorization": f"Bearer {self.me['token']}"})

        @task(1)
        def import_week(self) -> None:
            start = datetime(2019, 1, 1, 9, tzinfo=UTC) - timedelta(days=7 * _moment())
            out = io.StringIO()
            w = csv.writer(out, lineterminator="\n")
            w.writerow(["timestamp", "kind", "name", "value", "unit", "note"])
            for d in range(7):
                stamp = (start + timedelta(days=d)).isoformat()
                w.writerow([stamp, "rating", "pain", random.randint(0, 10), "", ""])
                w.writerow([stamp, "measure", "sleep_hours", round(random.uniform(4, 9), 1), "h", ""])
            self._post("/data/", {}, "CSV import (a week)", files={"file": ("week.csv", out.getvalue(), "text/csv")})

    _skipped_said = {"done": False}

    class Clinician(HttpUser):
        """A clinician's tool reading patients' diaries through the API."""

        weight = 1
        wait_time = between(1, 3)

        def on_start(self) -> None:
            self.me = _next("clinician", _clinicians)
            self.headers = {"Authorization": f"Bearer {self.me['token']}"}
            self.patients: list | None = None

        @task
        def review(self) -> None:
            if self.patients is None:
                with self.client.get("/api/v1/patients", headers=self.headers, name="API patients",
                                     catch_response=True) as response:
                    if response.status_code == 404:
                        response.success()
                        self.patients = []
                        if not _skipped_said["done"]:
                            _skipped_said["done"] = True
                            events.request.fire(request_type="SKIP", name="clinician: skipped (no /api/v1/patients yet)",
                                                response_time=0, response_length=0, exception=None, context={})
                            print("clinician: /api/v1/patients is not there: skipped", file=sys.stderr)
                        return
                    if response.status_code != 200:
                        response.failure(f"API patients: {response.status_code}")
                        return
                    doc = response.json()
                    items = doc.get("items", doc) if isinstance(doc, dict) else doc
                    self.patients = [p.get("id") for p in items if isinstance(p, dict) and p.get("id") is not None]
            if not self.patients:
                return
            pid = random.choice(self.patients)
            self.client.get(f"/api/v1/patients/{pid}/entries?limit=50", headers=self.headers,
                            name="API patient entries")


# -- the driver -------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def as_postgres(*cmd: str, **kw) -> subprocess.CompletedProcess:
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    return subprocess.run([*prefix, *cmd], check=True, capture_output=True, text=True, **kw)


def start_postgres(folder: Path) -> tuple[subprocess.Popen, int]:
    data = folder / "pg"
    data.mkdir()
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
        shutil.chown(data, "postgres")
    as_postgres(str(PG_BIN / "initdb"), "-D", str(data), "--auth=trust", "-U", "postgres", "-E", "UTF8", timeout=120)
    port = free_port()
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    server = subprocess.Popen(
        [*prefix, str(PG_BIN / "postgres"), "-D", str(data), "-p", str(port), "-c", "listen_addresses=127.0.0.1",
         "-k", str(data), "-c", "max_connections=200", "-c", "shared_buffers=256MB", "-c", "fsync=on",
         "-c", "synchronous_commit=on"],
        stdout=subprocess.DEVNULL, stderr=open(folder / "postgres.log", "w"),  # noqa: SIM115 - lives as long as the server
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            time.sleep(0.3)
    else:
        raise SystemExit("PostgreSQL did not start within 60 s")
    time.sleep(1)
    as_postgres(str(PG_BIN.parent / "bin" / "createdb"), "-h", "127.0.0.1", "-p", str(port), "painscope", timeout=60)
    return server, port


def seed(url: str, patients: int, clinicians: int, plan_path: Path) -> dict:
    """Accounts and diaries (run in this process with Django on the PostgreSQL store)."""
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "painscope.web.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import connection

    from painscope import diary
    from painscope.diary import aggregate
    from painscope.diary.demo import demo_diary
    from painscope.web.accounts.models import ApiToken
    from painscope.web.journal.models import Medication

    call_command("migrate", interactive=False, verbosity=0)
    User = get_user_model()
    hashed = make_password(PASSWORD)  # one Argon2 hash for all: same password, fast set-up
    User.objects.bulk_create([User(username=f"patient{i:03d}", password=hashed) for i in range(patients)])
    User.objects.bulk_create([User(username=f"clinician{i:02d}", password=hashed) for i in range(clinicians)])
    users = {u.username: u for u in User.objects.all()}
    today = datetime.now(UTC).date()
    templates = {}
    for years in range(1, 6):
        frame = demo_diary(days=365 * years, checkins_per_day=(1, 2), seed=years, end=today)
        templates[years] = (diary.frame_to_entries(frame), aggregate.day_aggregates(frame))
    now = datetime.now(UTC).isoformat()
    entry_id = obs_id = agg_id = 0
    plan = {"patients": [], "clinicians": []}
    started = time.perf_counter()
    n_obs = 0
    with connection.cursor() as cursor:
        raw = cursor.connection  # psycopg 3 connection
        for i in range(patients):
            user = users[f"patient{i:03d}"]
            entries, days = templates[1 + i % 5]
            with raw.cursor().copy("COPY journal_entry (id, owner_id, utc, offset_minutes, local_date, source, created, updated) FROM STDIN") as copy:
                first_entry = entry_id + 1
                for e in entries:
                    entry_id += 1
                    local = (e.utc + timedelta(minutes=e.offset_minutes)).date()
                    copy.write_row((entry_id, user.pk, e.utc, e.offset_minutes, local, "demo", now, now))
            with raw.cursor().copy("COPY journal_observation (id, entry_id, kind, name, value, unit, note) FROM STDIN") as copy:
                for k, e in enumerate(entries):
                    for o in e.observations:
                        obs_id += 1
                        copy.write_row((obs_id, first_entry + k, o.kind, o.name, o.value, o.unit, o.note))
                        n_obs += 1
            with raw.cursor().copy("COPY journal_dayaggregate (id, owner_id, day, version, data) FROM STDIN") as copy:
                for day, a in days.items():
                    agg_id += 1
                    copy.write_row((agg_id, user.pk, day, aggregate.AGGREGATE_VERSION, json.dumps(a.to_json())))
            med = Medication.objects.create(owner=user, name="Naproxen", dose=250, unit="mg", times=["08:00", "20:00"],
                                            timezone="UTC", start_date=today - timedelta(days=90))
            _, token = ApiToken.issue(user, name="load")
            plan["patients"].append({"username": user.username, "medication": med.pk, "token": token})
            if (i + 1) % 50 == 0:
                print(f"  {i + 1} patients stored ({n_obs:,} observations, {time.perf_counter() - started:.0f} s)",
                      file=sys.stderr, flush=True)
        for table in ("journal_entry", "journal_observation", "journal_dayaggregate"):
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
        cursor.execute("ANALYZE")
    from painscope.web.care import services as care

    for i in range(clinicians):
        doctor = users[f"clinician{i:02d}"]
        care.set_role(doctor, "clinician")
        # each clinician follows an equal share of the patients, with the whole scope
        for k in range(i, patients, clinicians):
            _, code = care.invite(users[f"patient{k:03d}"], list(care.KINDS))
            care.accept(doctor, code)
        _, token = ApiToken.issue(doctor, name="load")
        plan["clinicians"].append({"username": f"clinician{i:02d}", "token": token})
    plan_path.write_text(json.dumps(plan))
    print(f"stored {patients} patients ({n_obs:,} observations) and {clinicians} clinicians "
          f"in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return plan


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--patients", type=int, default=500)
    parser.add_argument("--clinicians", type=int, default=10)
    parser.add_argument("--users", type=int, default=50, help="simulated people at once")
    parser.add_argument("--minutes", type=float, default=3.0)
    parser.add_argument("--threads", type=int, default=8, help="waitress threads of each painscope serve process")
    parser.add_argument("--processes", type=int, nargs="+", default=[1],
                        help="painscope serve --processes; several values run one after the other on the same "
                             "seeded database, in this command (e.g. --processes 1 2: the baseline beside two)")
    parser.add_argument("--out", default=str(Path(tempfile.gettempdir()) / "painscope-load"))
    args = parser.parse_args(argv)
    import importlib.util

    if importlib.util.find_spec("locust") is None:
        raise SystemExit("locust is not installed: .venv/bin/pip install -e '.[load]'")
    if not (PG_BIN / "postgres").exists():
        raise SystemExit(f"PostgreSQL server binaries not found in {PG_BIN}")

    folder = Path(tempfile.mkdtemp(prefix="painscope-load-"))
    started: list[subprocess.Popen] = []
    try:
        pg, port = start_postgres(folder)
        started.append(pg)
        url = f"postgres://postgres@127.0.0.1:{port}/painscope"
        plan_path = folder / "plan.json"
        # seeding in a child process keeps this driver free of Django
        subprocess.run([sys.executable, __file__, "--seed", url, str(args.patients), str(args.clinicians), str(plan_path)],
                       check=True, timeout=3600)
        env = {**os.environ, "DATABASE_URL": url, "PAINSCOPE_DATA_DIR": str(folder / "data"),
               "PAINSCOPE_LOAD_PLAN": str(plan_path)}
        for run, processes in enumerate(args.processes):
            run_once(args, processes, folder, {**env, "PAINSCOPE_LOAD_RUN": str(run)}, started)
    finally:
        for proc in reversed(started):
            if proc.poll() is None:
                proc.send_signal(signal.SIGINT)
                try:
                    proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    proc.kill()
        shutil.rmtree(folder, ignore_errors=True)
    return 0


def run_once(args, processes: int, folder: Path, env: dict[str, str], started: list[subprocess.Popen]) -> None:
    """One locust run against ``painscope serve --processes processes``, then its report."""
    web_port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "painscope.cli", "--data-dir", str(folder / "data"), "serve", "--host", "127.0.0.1",
         "--port", str(web_port), "--threads", str(args.threads), "--processes", str(processes)],
        env=env, stdout=subprocess.PIPE, stderr=open(folder / f"serve-{processes}.log", "w"), text=True,  # noqa: SIM115
    )
    started.append(server)
    line = server.stdout.readline()
    if "running" not in line:
        raise SystemExit(f"painscope serve did not start: {line!r}; see {folder / f'serve-{processes}.log'}")
    out = Path(f"{args.out}-p{processes}")
    out.parent.mkdir(parents=True, exist_ok=True)
    seconds = int(args.minutes * 60)
    locust = subprocess.run(
        [sys.executable, "-m", "locust", "-f", __file__, "--headless", "-u", str(args.users),
         "-r", str(max(1, args.users // 10)), "-t", f"{seconds}s", "--host", f"http://127.0.0.1:{web_port}",
         "--csv", str(out), "--only-summary", "--stop-timeout", "10", "--loglevel", "WARNING"],
        env=env, timeout=seconds + 300, capture_output=True, text=True,
    )
    sys.stderr.write(locust.stderr[-5000:])
    server.send_signal(signal.SIGINT)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
    report(Path(f"{out}_stats.csv"), args, processes)


WRITES = ("check-in", "dose log", "CSV import (a week)")


def report(stats: Path, args, processes: int = 1) -> None:
    rows = list(csv.DictReader(stats.open()))
    print(f"\n{args.users} simulated people ({args.patients} patients, {args.clinicians} clinicians), "
          f"{args.minutes:g} min, painscope serve ({processes} process{'es' if processes > 1 else ''} × "
          f"{args.threads} threads) on PostgreSQL 15, {date.today()}")
    print(f"{'page':<46} {'requests':>8} {'errors':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}")
    for r in rows:
        name = r["Name"]
        label = "all requests" if name == "Aggregated" else name
        kind = " (write)" if name in WRITES else ""
        print(f"{(label + kind):<46} {r['Request Count']:>8} {r['Failure Count']:>7} {r['50%']:>7} {r['95%']:>7} {r['99%']:>7}")
    total = next((r for r in rows if r["Name"] == "Aggregated"), None)
    if total and int(total["Request Count"]):
        print(f"error rate: {int(total['Failure Count']) / int(total['Request Count']):.2%}")
    failures = stats.with_name(stats.name.replace("_stats.csv", "_failures.csv"))
    if failures.exists():
        for r in list(csv.DictReader(failures.open()))[:10]:
            print(f"  failure: {r.get('Name')}: {r.get('Error', '')[:160]} ×{r.get('Occurrences')}")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--seed":
        seed(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), Path(sys.argv[5]))
        raise SystemExit(0)
    raise SystemExit(main())
