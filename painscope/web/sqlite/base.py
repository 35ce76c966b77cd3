"""Django's SQLite backend with one writer at a time per process, queued in Python.

Why: SQLite serialises writers with its own lock, and a writer that finds it taken
sleeps in SQLite's busy handler *while holding its connection's mutex*. Python 3.11's
cyclic garbage collector may meanwhile run in the thread that holds the write lock and
free a ``sqlite3.Cursor`` that belonged to the sleeping thread's connection; freeing it
resets its statement, which needs that connection's mutex. The lock holder then waits
for the sleeper and the sleeper for the lock holder until the busy timeout runs out and
the sleeper's write fails with "database is locked" (seen in
``tests/web/test_concurrency.py`` with two API writers, and caught with ``py-spy dump
--native``: ``cursor_clear -> stmt_reset -> sqlite3_reset -> pthread_mutex_lock`` under
``gc_collect_main`` in the writer, ``sqlite3InvokeBusyHandler`` in the other thread).

So writers of one process wait for each other on a Python lock, outside SQLite, and
only one of them ever holds or waits for SQLite's write lock. The lock is taken at
``BEGIN IMMEDIATE`` and let go when the transaction ends; a write statement outside a
transaction (autocommit) holds it for that statement. Writers in other processes (the
``painscope worker``, a backup) still meet SQLite's own busy timeout, which is safe
across processes because they share no mutex. Reads never take the lock (WAL).

Waiting is bounded by the same ``timeout`` as SQLite's own busy wait, and a wait that
runs out raises the same ``OperationalError("database is locked")``.
"""

from __future__ import annotations

import re
import threading

from django.db import OperationalError
from django.db.backends import utils
from django.db.backends.sqlite3 import base as sqlite_base

_LOCKS: dict[str, threading.Lock] = {}
_LOCKS_GUARD = threading.Lock()
_READS = re.compile(r"\s*(SELECT|PRAGMA|EXPLAIN)\b", re.I)  # anything else may write


def _lock_for(name: str) -> threading.Lock:
    with _LOCKS_GUARD:
        return _LOCKS.setdefault(name, threading.Lock())


class DatabaseWrapper(sqlite_base.DatabaseWrapper):
    _holds_writer_lock = False

    # --- the lock -------------------------------------------------------------------
    def _writer_lock(self) -> threading.Lock:
        # In-memory test databases too: each thread has its own connection to one shared
        # cache, where a second writer fails at once with "database table is locked"
        # (SQLITE_LOCKED waits for no busy handler), so writers queue here as well.
        return _lock_for(str(self.settings_dict["NAME"]))

    def _wait_timeout(self) -> float:
        return float(self.settings_dict.get("OPTIONS", {}).get("timeout", 5))

    def _take_writer_lock(self) -> None:
        if self._holds_writer_lock:
            return
        if not self._writer_lock().acquire(timeout=self._wait_timeout()):
            raise OperationalError("database is locked")
        self._holds_writer_lock = True

    def _let_go_of_writer_lock(self) -> None:
        if not self._holds_writer_lock:
            return
        if self.connection is not None and self.connection.in_transaction:
            return  # a failed COMMIT leaves the transaction open: rollback lets go
        self._holds_writer_lock = False
        self._writer_lock().release()

    # --- where transactions begin and end ----------------------------------------------
    def _start_transaction_under_autocommit(self) -> None:
        self._take_writer_lock()
        try:
            super()._start_transaction_under_autocommit()
        except BaseException:
            self._let_go_of_writer_lock()
            raise

    def _commit(self) -> None:
        try:
            super()._commit()
        finally:
            self._let_go_of_writer_lock()

    def _rollback(self) -> None:
        try:
            super()._rollback()
        finally:
            self._let_go_of_writer_lock()

    def _close(self) -> None:
        try:
            super()._close()
        finally:
            if self._holds_writer_lock:  # closing ends any transaction
                self._holds_writer_lock = False
                self._writer_lock().release()

    def make_cursor(self, cursor):
        return _QueuedCursorWrapper(cursor, self)

    def make_debug_cursor(self, cursor):
        return _QueuedDebugCursorWrapper(cursor, self)


class _Queued:
    """A write statement outside a transaction holds the writer lock while it runs."""

    db: DatabaseWrapper

    def _queued(self, sql: str, call):
        db = self.db
        raw = db.connection
        if (
            db._holds_writer_lock
            or (raw is not None and raw.in_transaction)
            or _READS.match(sql or "")
        ):
            return call()
        db._take_writer_lock()
        try:
            return call()
        finally:
            db._let_go_of_writer_lock()

    def _execute(self, sql, params, *ignored_wrapper_args):
        return self._queued(
            sql, lambda: super(_Queued, self)._execute(sql, params, *ignored_wrapper_args)
        )

    def _executemany(self, sql, param_list, *ignored_wrapper_args):
        return self._queued(
            sql, lambda: super(_Queued, self)._executemany(sql, param_list, *ignored_wrapper_args)
        )


class _QueuedCursorWrapper(_Queued, utils.CursorWrapper):
    pass


class _QueuedDebugCursorWrapper(_Queued, utils.CursorDebugWrapper):
    pass
