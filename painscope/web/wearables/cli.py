"""``painscope import-wearable --user U FILE [--format ...] [--tz ZONE] [--json]``.

Registered from ``painscope/commands/web.py`` with
``register_import_wearable(sub, common)``. Reads the file with
``painscope.signals.wearable.read_wearable`` (a rich progress bar on stderr for large files)
and stores the daily measures through the diary's one validated, single-transaction import
path, so a bad file stores nothing and importing the same file twice adds nothing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from painscope.commands import CommandError, add_json_flag, emit_json
from painscope.signals.formats import WEARABLE_FORMATS as _FORMATS

#: Files at least this large get a progress bar (smaller ones finish before it would draw).
PROGRESS_FROM_BYTES = 5 * 1024 * 1024


def register_import_wearable(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "import-wearable",
        parents=[common],
        help="store a wearable export's daily measures (HRV, resting HR, sleep, steps) in a person's diary",
        description="Formats: Apple Health export.xml/zip, Fitbit Takeout, Garmin FIT, Polar Sensor "
        "Logger, Elite HRV, WHOOP, Oura, plain RR, daily-measures CSV. Nothing is stored if the "
        "file has a problem; importing the same file again adds nothing.",
    )
    p.add_argument("--user", required=True, help="the person whose diary receives the measures")
    p.add_argument("file", metavar="FILE", help="the export (a Fitbit Takeout folder works too)")
    p.add_argument("--format", choices=_FORMATS, default="auto", help="input format (default: sniffed)")
    p.add_argument(
        "--tz",
        metavar="ZONE",
        help="time zone for files whose times carry no UTC offset (default: the person's profile zone)",
    )
    add_json_flag(p)
    p.set_defaults(handler=import_wearable)


def import_wearable(args: argparse.Namespace) -> int:
    from painscope.commands.web import get_user, setup_django

    setup_django()
    from painscope.web.wearables.services import (
        WearableImportError,
        import_wearable_file,
        summary_headline,
        summary_sentences,
    )

    path = Path(args.file)
    if not path.exists():
        raise CommandError(f"no such file: {path}")
    if args.tz:
        from painscope.signals.tidy import parse_tz

        try:
            parse_tz(args.tz)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
    user = get_user(args.user)
    bar = _progress_bar(path)
    try:
        summary = import_wearable_file(
            user, path, args.format, tz=args.tz, progress=bar.update if bar else None, display_name=args.file
        )
    except WearableImportError as exc:
        raise CommandError(f"{exc} — nothing was imported") from None
    finally:
        if bar is not None:
            bar.stop()
    doc = summary.as_dict()
    if args.json:
        emit_json(doc)
    else:
        for line in [summary_headline(doc), *summary_sentences(doc)]:
            print(line, file=sys.stderr)
        for warning in doc["warnings"]:
            print(f"note: {warning}", file=sys.stderr)
    return 0


class _Bar:
    """A rich progress bar on stderr, fed by ``read_wearable``'s ``progress(done, total)``."""

    def __init__(self, total: int) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            DownloadColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
        )

        self._progress = Progress(
            TextColumn("reading"), BarColumn(), DownloadColumn(), TimeRemainingColumn(),
            console=Console(stderr=True), transient=True,
        )
        self._task = self._progress.add_task("reading", total=total)
        self._progress.start()

    def update(self, done: int, total: int | None) -> None:
        self._progress.update(self._task, completed=done, total=total)

    def stop(self) -> None:
        self._progress.stop()


def _progress_bar(path: Path) -> _Bar | None:
    if not path.is_file() or path.stat().st_size < PROGRESS_FROM_BYTES or not sys.stderr.isatty():
        return None
    return _Bar(path.stat().st_size)
