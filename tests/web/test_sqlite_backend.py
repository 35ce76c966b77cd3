"""The SQLite backend queues one process's writers in Python (painscope/web/sqlite/base.py).

Without the queue two writer threads can deadlock until the busy timeout: the lock
holder's garbage collector frees a cursor of the other thread's connection, which needs
that connection's mutex, held while the other thread sleeps in SQLite's busy handler.
These tests pin the queue's contract on a file database, outside pytest-django's one
in-memory database.
"""

from __future__ import annotations

import threading
import time

import pytest
from django.db import OperationalError

from painscope.web.sqlite.base import DatabaseWrapper, _lock_for


@pytest.fixture(autouse=True)
def _own_databases(django_db_blocker):
    with django_db_blocker.unblock():  # these wrappers open their own files, not the test database
        yield


def _wrapper(path, timeout=5.0) -> DatabaseWrapper:
    settings = {
        "ENGINE": "painscope.web.sqlite",
        "NAME": str(path),
        "OPTIONS": {"timeout": timeout, "transaction_mode": "IMMEDIATE"},
        "ATOMIC_REQUESTS": False,
        "AUTOCOMMIT": True,
        "CONN_MAX_AGE": 0,
        "CONN_HEALTH_CHECKS": False,
        "TIME_ZONE": None,
        "USER": "",
        "PASSWORD": "",
        "HOST": "",
        "PORT": "",
        "TEST": {},
    }
    return DatabaseWrapper(settings, alias=f"t{id(settings)}")


def test_a_write_transaction_holds_the_queue_and_lets_go_on_commit_and_on_rollback(tmp_path):
    db = _wrapper(tmp_path / "q.sqlite3")
    lock = _lock_for(str(tmp_path / "q.sqlite3"))
    with db.cursor() as c:
        c.execute("CREATE TABLE t (x integer)")
    assert not lock.locked()
    db._start_transaction_under_autocommit()
    assert lock.locked() and db._holds_writer_lock
    with db.cursor() as c:
        c.execute("INSERT INTO t VALUES (1)")
    db._commit()
    assert not lock.locked()
    db._start_transaction_under_autocommit()
    assert lock.locked()
    db._rollback()
    assert not lock.locked()
    db.close()


def test_a_second_thread_waits_in_python_not_in_sqlite_and_then_writes(tmp_path):
    path = tmp_path / "q.sqlite3"
    first, second = _wrapper(path), _wrapper(path)
    with first.cursor() as c:
        c.execute("CREATE TABLE t (x integer)")
    first._start_transaction_under_autocommit()
    with first.cursor() as c:
        c.execute("INSERT INTO t VALUES (1)")
    done: list[float] = []

    def autocommit_write() -> None:
        second.inc_thread_sharing()
        with second.cursor() as c:
            c.execute("INSERT INTO t VALUES (2)")  # outside a transaction: queued for the statement
        done.append(time.monotonic())

    worker = threading.Thread(target=autocommit_write)
    worker.start()
    time.sleep(0.3)
    assert done == [], "the second writer went ahead while the first held the write transaction"
    released = time.monotonic()
    first._commit()
    worker.join(5)
    assert done and done[0] >= released
    with first.cursor() as c:
        c.execute("SELECT x FROM t ORDER BY x")
        assert [r[0] for r in c.fetchall()] == [1, 2]
    first.close()
    second.close()


def test_a_wait_that_runs_out_says_database_is_locked(tmp_path):
    path = tmp_path / "q.sqlite3"
    holder, waiter = _wrapper(path), _wrapper(path, timeout=0.2)
    with holder.cursor() as c:
        c.execute("CREATE TABLE t (x integer)")
    holder._start_transaction_under_autocommit()
    with pytest.raises(OperationalError, match="database is locked"), waiter.cursor() as c:
        c.execute("INSERT INTO t VALUES (3)")
    holder._rollback()
    with waiter.cursor() as c:  # and the queue is free again
        c.execute("INSERT INTO t VALUES (4)")
    holder.close()
    waiter.close()


def test_reads_never_wait_for_the_queue(tmp_path):
    path = tmp_path / "q.sqlite3"
    holder, reader = _wrapper(path), _wrapper(path, timeout=0.1)
    with holder.cursor() as c:
        c.execute("CREATE TABLE t (x integer)")
    holder._start_transaction_under_autocommit()
    with reader.cursor() as c:
        c.execute("  select count(*) FROM t")
        assert c.fetchone()[0] == 0
    holder._rollback()
    holder.close()
    reader.close()


def test_the_lock_holders_garbage_collector_does_not_deadlock_with_a_waiting_writer(tmp_path):
    """The bug itself, made deterministic: the second connection has a cursor in a
    reference cycle; the lock holder runs the collector while the second thread wants to
    write. Plain Django SQLite: the collector blocks on the sleeping thread's connection
    mutex until that thread's busy timeout fails its write."""
    import gc

    path = tmp_path / "q.sqlite3"
    holder, other = _wrapper(path), _wrapper(path, timeout=3.0)
    with holder.cursor() as c:
        c.execute("CREATE TABLE t (x integer)")
    other.ensure_connection()
    other.inc_thread_sharing()
    stray = other.connection.cursor()
    stray.execute("SELECT 1")  # a statement left open on the other connection
    cycle: list = [stray]
    cycle.append(cycle)
    del stray, cycle
    outcome: list[str] = []

    def write() -> None:
        try:
            with other.cursor() as c:
                c.execute("INSERT INTO t VALUES (2)")
            outcome.append("written")
        except OperationalError as exc:
            outcome.append(str(exc))

    gc.disable()
    try:
        holder._start_transaction_under_autocommit()
        with holder.cursor() as c:
            c.execute("INSERT INTO t VALUES (1)")
        worker = threading.Thread(target=write)
        worker.start()
        time.sleep(0.3)  # the other thread now waits for the write lock
        began = time.monotonic()
        gc.collect()  # frees the stray cursor: needs the other connection's mutex
        collected_in = time.monotonic() - began
        holder._commit()
        worker.join(10)
    finally:
        gc.enable()
    assert outcome == ["written"]
    assert collected_in < 1.0, f"the collector waited {collected_in:.1f} s for the other connection"
    holder.close()
    other.close()
