"""``painscope diary``: check and summarise tidy diary files without a database."""

from __future__ import annotations

import argparse
import sys

from painscope.commands import CommandError, add_json_flag, emit_json


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("diary", parents=[common], help="check or generate tidy diary CSV files")
    dsub = p.add_subparsers(dest="diary_command", metavar="ACTION", required=True)
    c = dsub.add_parser("check", parents=[common], help="validate a tidy diary CSV and summarise it")
    c.add_argument("file")
    add_json_flag(c)
    c.set_defaults(handler=check)
    d = dsub.add_parser("demo", parents=[common], help="write a synthetic demo diary (not anybody's data)")
    d.add_argument("--days", type=int, default=182)
    d.add_argument("--seed", type=int, default=7)
    d.add_argument("--out", help="file to write (default: stdout)")
    d.set_defaults(handler=demo)


def check(args: argparse.Namespace) -> int:
    from painscope.diary import DiaryError, daily_table, read_tidy_csv

    try:
        frame = read_tidy_csv(args.file)
    except DiaryError as exc:
        raise CommandError(f"{args.file}: {exc}") from None
    daily = daily_table(frame)
    summary = {
        "file": args.file,
        "rows": len(frame),
        "entries": int(frame["utc"].nunique()) if len(frame) else 0,
        "first_day": daily.index.min().date().isoformat() if len(daily) else None,
        "last_day": daily.index.max().date().isoformat() if len(daily) else None,
        "days_with_entries": int((daily["n_entries"] > 0).sum()) if len(daily) else 0,
        "kinds": {k: int(v) for k, v in frame["kind"].value_counts().sort_index().items()},
    }
    if args.json:
        emit_json(summary)
    else:
        print(f"{args.file}: valid — {summary['rows']} rows in {summary['entries']} check-ins, "
              f"{summary['days_with_entries']} days between {summary['first_day']} and {summary['last_day']}")
    return 0


def demo(args: argparse.Namespace) -> int:
    from painscope.diary import write_tidy_csv
    from painscope.diary.demo import demo_diary

    if not 1 <= args.days <= 3650:
        raise CommandError("--days must be between 1 and 3650")
    text = write_tidy_csv(demo_diary(args.days, seed=args.seed))
    if args.out:
        with open(args.out, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
    else:
        sys.stdout.write(text)
    return 0
