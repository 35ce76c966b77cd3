"""The ``painscope`` command: parses arguments and calls the packages.

Each command group lives in ``painscope/commands/<group>.py`` and exposes
``register(subparsers, common)``; a handler takes the parsed arguments and returns an exit
code. Contract (ARCHITECTURE.md): with ``--json`` a command prints exactly one JSON document
on stdout; errors go to stderr with a non-zero exit code.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from painscope import __version__
from painscope.commands import CommandError

# Order is the order of ``painscope --help``.
COMMAND_MODULES = ("web", "diary", "model", "instruments", "signals", "insights", "reports", "medications", "care",
                   "reminders", "programmes")


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="folder for the SQLite database and uploads "
        "(default: $PAINSCOPE_DATA_DIR or a per-user data folder)",
    )
    parser = argparse.ArgumentParser(
        prog="painscope",
        description="painscope: pain diary, questionnaires, wearable HRV, n-of-1 insights "
        "and an educational model of the pain system.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"painscope {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMAND_MODULES:
        module = importlib.import_module(f"painscope.commands.{name}")
        module.register(sub, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    data_dir = getattr(args, "data_dir", None)
    if data_dir:
        os.environ["PAINSCOPE_DATA_DIR"] = os.path.abspath(os.path.expanduser(data_dir))
    handler = getattr(args, "handler", None)
    if handler is None:  # pragma: no cover - argparse requires a command
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(handler(args) or 0)
    except CommandError as exc:
        print(f"painscope: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("painscope: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        # A bad PAINSCOPE_* / DATABASE_URL setting: say which, without a traceback.
        if type(exc).__name__ == "ImproperlyConfigured" and type(exc).__module__.startswith("django."):
            print(f"painscope: configuration error: {exc}", file=sys.stderr)
            return 2
        raise


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
