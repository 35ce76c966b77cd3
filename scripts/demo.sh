#!/usr/bin/env bash
# Quick start 1: install into .venv/ and serve the app on SQLite with a demo account.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
exec .venv/bin/painscope serve --demo "$@"
