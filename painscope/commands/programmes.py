"""``painscope`` commands of the programmes group: ``programmes list`` and ``sleep plan``."""

from __future__ import annotations

import argparse
from pathlib import Path

from painscope.commands import CommandError, add_json_flag, emit_json


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add ``programmes`` and ``sleep`` to the CLI."""
    p = sub.add_parser(
        "programmes",
        parents=[common],
        help="list the self-management programmes",
        description="Self-management programmes (pacing, graded motor imagery, CBT for pain, CBT for "
        "insomnia, breathing and relaxation, pain neuroscience education) with their sources.",
    )
    psub = p.add_subparsers(dest="programmes_command", metavar="ACTION", required=True)
    lp = psub.add_parser("list", parents=[common], help="list the programmes")
    add_json_flag(lp)
    lp.set_defaults(handler=_list)

    s = sub.add_parser(
        "sleep",
        parents=[common],
        help="CBT for insomnia: the sleep window from a sleep diary",
        description="CBT for insomnia tools. See docs/programmes/sleep.md.",
    )
    ssub = s.add_subparsers(dest="sleep_command", metavar="ACTION", required=True)
    pp = ssub.add_parser(
        "plan",
        parents=[common],
        help="next week's sleep window from a sleep diary CSV",
        description="Read SLEEP.csv (one row a night: night,bedtime,latency_min,waso_min,rise_time, "
        "e.g. 2026-03-01,23:00,40,60,07:00) and titrate the sleep window weekly: efficiency >= 85 %% "
        "-> +15 min, < 80 %% -> -15 min, otherwise hold; never under 5 h. The first week is the "
        "baseline unless --window gives the window already in use. Screen for safety first "
        "(the web page asks the questions): seizures, bipolar disorder, untreated sleep apnoea, "
        "drowsy driving and others stop restriction.",
    )
    pp.add_argument("csv", metavar="SLEEP.csv", help="the sleep diary (the web sleep diary exports the same)")
    pp.add_argument("--wake", metavar="HH:MM", default=None,
                    help="fixed rise time (default: the last week's mean rise time)")
    pp.add_argument("--window", metavar="MINUTES", type=int, default=None,
                    help="the sleep window already prescribed for the first week (then it is not a baseline week)")
    add_json_flag(pp)
    pp.set_defaults(handler=_sleep_plan)


def _list(args: argparse.Namespace) -> int:
    from painscope.programmes import PROGRAMMES, catalogue

    if args.json:
        emit_json(catalogue())
        return 0
    for p in PROGRAMMES:
        print(f"{p.id:15} {p.title}")
        for source in p.sources:
            print(f"{'':15}   - {source}")
    return 0


def _sleep_plan(args: argparse.Namespace) -> int:
    from painscope.programmes import sleep

    path = Path(args.csv)
    if not path.is_file():
        raise CommandError(f"no such file: {path}")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise CommandError(f"{path}: not a UTF-8 text file") from None
    try:
        nights = sleep.read_sleep_csv(text)
    except sleep.SleepDiaryError as exc:
        raise CommandError(f"{path}: {exc}") from None
    try:
        plan = sleep.sleep_plan(nights, args.wake, window=args.window)
    except ValueError as exc:
        message = str(exc)
        if message.startswith("wake:"):
            message = "--wake" + message[len("wake"):]
        elif message.startswith("window:"):
            message = "--window" + message[len("window"):]
        raise CommandError(message) from None
    if args.json:
        emit_json(plan.to_dict())
        return 0
    last = plan.weeks[-1]
    print(f"Nights: {plan.nights} in {len(plan.weeks)} week(s).")
    eff = "not enough data" if plan.efficiency is None else f"{plan.efficiency:.1f} %"
    print(f"Last week's sleep efficiency: {eff} -> {plan.action}.")
    print(f"Next week's window: {plan.window_minutes // 60} h {plan.window_minutes % 60:02d} min, "
          f"in bed at {plan.bedtime}, up at {plan.wake}.")
    if last.note:
        print(f"Note: {last.note}.")
    print(plan.warning)
    return 0
