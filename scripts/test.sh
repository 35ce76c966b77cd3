#!/usr/bin/env bash
# Quick start 2: install into .venv/ with the test tools and run the whole test suite.
# The browser test needs Debian's chromium; it is installed here when missing and possible.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh test
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "==> installing Debian chromium for the browser test" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
      || echo "warning: could not install chromium; the browser test will be skipped" >&2
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    (sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
      || echo "warning: could not install chromium; the browser test will be skipped" >&2
  else
    echo "warning: chromium is missing and cannot be installed here; the browser test will be skipped" >&2
  fi
fi
echo "==> ruff" >&2
.venv/bin/ruff check .
echo "==> pytest" >&2
exec .venv/bin/python -m pytest -n 2 --dist loadfile "$@"
