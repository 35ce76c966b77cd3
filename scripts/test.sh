#!/usr/bin/env bash
# Quick start 2: install into .venv/ with the test tools and run the whole test suite,
# on SQLite and then on PostgreSQL.
#
# The browser test needs Debian's chromium; it is installed here when missing and possible.
# The PostgreSQL run starts a throwaway cluster (scripts/with-postgres.sh); the server comes
# from Debian's `postgresql` package, installed here when missing and possible (as root).
# PAINSCOPE_TEST_POSTGRES: `auto` (default: run when possible, else say why it was skipped),
# `1` (required: a missing PostgreSQL is a failure, as in CI), `0` (SQLite only).
# Arguments are passed to both pytest runs. The exit code is non-zero when either run fails.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh test,postgres

# apt_install PACKAGE WHAT: install a Debian package as root (or with sudo), quietly.
apt_install() {
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "==> installing Debian $1 for $2" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$1" >/dev/null)
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    echo "==> installing Debian $1 for $2 (sudo)" >&2
    (sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$1" >/dev/null)
  else
    return 1
  fi
}

if ! command -v chromium >/dev/null 2>&1; then
  apt_install chromium "the browser test" \
    || echo "warning: chromium is missing and cannot be installed here; the browser test will be skipped" >&2
fi

postgres=${PAINSCOPE_TEST_POSTGRES:-auto}
have_postgres() { scripts/with-postgres.sh --check >/dev/null 2>&1; }
if [ "$postgres" != 0 ] && ! have_postgres; then
  apt_install postgresql "the PostgreSQL test run" || true
fi

echo "==> ruff" >&2
.venv/bin/ruff check .

status=0
echo "==> pytest on SQLite" >&2
env -u DATABASE_URL .venv/bin/python -m pytest -n 2 --dist loadfile "$@" || status=1

if [ "$postgres" = 0 ]; then
  echo "==> skipping the PostgreSQL run: PAINSCOPE_TEST_POSTGRES=0" >&2
elif ! have_postgres; then
  reason=$(scripts/with-postgres.sh --check 2>&1 >/dev/null | sed 's/^with-postgres: //')
  reason="${reason:-PostgreSQL cannot be started here}; install Debian's 'postgresql' package (this script does it when run as root)"
  if [ "$postgres" = 1 ]; then
    echo "error: PAINSCOPE_TEST_POSTGRES=1 but $reason" >&2
    status=1
  else
    echo "==> skipping the PostgreSQL run: $reason" >&2
  fi
else
  echo "==> pytest on PostgreSQL" >&2
  PYTHON=.venv/bin/python scripts/with-postgres.sh .venv/bin/python -m pytest -n 2 --dist loadfile "$@" || status=1
fi

if [ "$status" != 0 ]; then
  echo "==> FAILED (see above: SQLite and PostgreSQL runs are reported separately)" >&2
fi
exit "$status"
