"""``painscope insights``: honest n-of-1 statistics on a tidy diary CSV.

Commands: ``triggers`` (lagged effects), ``flares``, ``change`` (before/after a treatment
change), ``forecast`` (next-day pain), ``plan-abab`` (an on/off self-experiment plan) and
``abab`` (its analysis). Each takes ``--json``; without it, readable text is printed.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from painscope.commands import CommandError, add_json_flag, emit_json


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add the ``insights`` group and its commands."""
    group = sub.add_parser(
        "insights", parents=[common],
        help="what precedes your flares, did a treatment help, tomorrow's forecast",
        description="Honest n-of-1 statistics on a tidy diary CSV: effects come with their "
        "uncertainty and the days of data used, or with a plain 'not enough data yet'.",
    )
    cmds = group.add_subparsers(dest="insights_command", metavar="COMMAND", required=True)

    p = cmds.add_parser("triggers", parents=[common],
                        help="which factors are followed by more or less pain (lags in days)")
    p.add_argument("diary", metavar="DIARY.csv", help="tidy diary CSV")
    p.add_argument("--lags", default="0-3", help="delays in days, e.g. 0-3 or 1,2 (max 7)")
    p.add_argument("--fdr", type=float, default=0.05, help="false discovery rate (default 0.05)")
    p.add_argument("--permutations", type=int, default=0, metavar="N",
                   help="use N circular-shift permutations for p-values (default: analytic)")
    p.add_argument("--all", action="store_true", help="list every test, not only the top ones")
    add_json_flag(p)
    p.set_defaults(handler=_triggers)

    p = cmds.add_parser("flares", parents=[common],
                        help="flare episodes: your own flags and a baseline-relative detector")
    p.add_argument("diary", metavar="DIARY.csv", help="tidy diary CSV")
    add_json_flag(p)
    p.set_defaults(handler=_flares)

    p = cmds.add_parser("change", parents=[common],
                        help="did pain change after a date (treatment start/stop)?")
    p.add_argument("diary", metavar="DIARY.csv", help="tidy diary CSV")
    p.add_argument("--at", required=True, metavar="DATE", help="date of the change (YYYY-MM-DD)")
    p.add_argument("--onset-days", type=int, default=7,
                   help="days after the change left out while a treatment starts working")
    p.add_argument("--exclude-before", type=int, default=7,
                   help="days just before the change left out (the peak that prompted it)")
    p.add_argument("--ramp", action="store_true",
                   help="also let the slope change after the date (reports the change at the "
                   "start and at the end of the after-period; wider intervals)")
    add_json_flag(p)
    p.set_defaults(handler=_change)

    p = cmds.add_parser("forecast", parents=[common],
                        help="tomorrow's pain and flare chance, shown only if it beats simple rules")
    p.add_argument("diary", metavar="DIARY.csv", help="tidy diary CSV")
    add_json_flag(p)
    p.set_defaults(handler=_forecast)

    p = cmds.add_parser("plan-abab", parents=[common],
                        help="plan an on/off self-experiment (e.g. two weeks on, two off, twice)")
    p.add_argument("--start", required=True, metavar="DATE", help="first day (YYYY-MM-DD)")
    p.add_argument("--block-days", type=int, default=14, help="days per block (default 14)")
    p.add_argument("--blocks", type=int, default=4, help="number of blocks, even (default 4)")
    p.add_argument("--what", default="the change you are testing",
                   help='what "on" means, e.g. "no coffee"')
    p.add_argument("--randomize", action="store_true",
                   help="randomise the order within each on/off pair (recommended)")
    p.add_argument("--seed", type=int, default=None, help="seed for --randomize")
    add_json_flag(p)
    p.set_defaults(handler=_plan_abab)

    p = cmds.add_parser("abab", parents=[common],
                        help="analyse an on/off self-experiment planned with plan-abab")
    p.add_argument("diary", metavar="DIARY.csv", help="tidy diary CSV")
    p.add_argument("--plan", required=True, metavar="JSON|@FILE",
                   help="the plan printed by plan-abab --json")
    p.add_argument("--washout-days", type=int, default=2,
                   help="days at the start of each block left out (carry-over)")
    add_json_flag(p)
    p.set_defaults(handler=_abab)


def _load_daily(path: str):
    from painscope.insights import as_daily

    return as_daily(_load_diary(path))


def _load_diary(path: str):
    from painscope.diary import DiaryError, read_tidy_csv

    file = Path(path)
    if not file.is_file():
        raise CommandError(f"no such diary file: {file}")
    try:
        diary = read_tidy_csv(file)
    except DiaryError as exc:
        raise CommandError(f"{file}: {exc}") from None
    return diary


def _print_sentences(sentences: list[str]) -> None:
    for s in sentences:
        print(f"- {s}")


def _emit(args: argparse.Namespace, report: Any,
          table: Callable[[], None] | None = None) -> int:
    """The report's JSON with ``--json``; else ``table()`` (if any) and its sentences."""
    if args.json:
        emit_json(report.to_dict())
        return 0
    if table is not None:
        table()
    _print_sentences(report.sentences())
    return 0


def _analyse(fn: Callable[..., Any], *a: Any, **kw: Any) -> Any:
    """``fn(*a, **kw)``, its "not enough data" turned into a user error."""
    from painscope.insights import NotEnoughData

    try:
        return fn(*a, **kw)
    except NotEnoughData as exc:
        raise CommandError(str(exc)) from None


def _table(title: str, columns: list[str], rows: list[list[Any]]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title)
    for c in columns:
        table.add_column(c)
    for r in rows:
        table.add_row(*[str(v) for v in r])
    Console(width=140).print(table)


def _triggers(args: argparse.Namespace) -> int:
    from painscope.insights import lagged_effects
    from painscope.insights.triggers import parse_lags

    try:
        lags = parse_lags(args.lags)
    except ValueError as exc:
        raise CommandError(f"--lags: {exc}") from None
    if not 0 < args.fdr < 1:
        raise CommandError(f"--fdr must be between 0 and 1 (got {args.fdr})")
    from painscope.insights import as_daily
    from painscope.insights._daily import column_units

    diary = _load_diary(args.diary)
    inference = "permutation" if args.permutations > 0 else "ar1"
    report = lagged_effects(as_daily(diary), lags=lags, fdr=args.fdr, inference=inference,
                            n_permutations=max(args.permutations, 1), units=column_units(diary))
    if args.json:
        emit_json(report.to_dict())
        return 0
    if report.message:
        print(report.message)
        return 0
    shown = report.findings if args.all else report.findings[:15]
    _table(
        "Lagged effects on pain (points; 95 % interval)",
        ["factor", "delay", "effect", "interval", "q", "days", "notes"],
        [[f.factor + ("" if f.binary else f" per {f.per}"), f"{f.lag} d", f"{f.effect:+.2f}",
          f"{f.ci_low:+.2f} … {f.ci_high:+.2f}", f"{f.q:.3f}" + (" *" if f.significant else ""),
          f"{f.n_exposed}/{f.n_unexposed}" if f.binary else f.n_days,
          ", ".join(f.warning_codes)]
         for f in shown],
    )
    if len(shown) < len(report.findings):
        print(f"({len(report.findings) - len(shown)} more tests; --all lists them)")
    _print_sentences(report.sentences())
    return 0


def _flares(args: argparse.Namespace) -> int:
    from painscope.insights import detect_flares

    report = detect_flares(_load_daily(args.diary))

    def table() -> None:
        if report.episodes:
            _table("Flare episodes", ["source", "start", "end", "days", "peak", "peak pain"],
                   [[e.source, e.start, e.end, e.duration_days, e.peak_date,
                     "" if e.peak_pain is None else f"{e.peak_pain:.1f}"]
                    for e in report.episodes])

    return _emit(args, report, table)


def _parse_date(text: str, what: str):
    import datetime as dt

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"{what} must be a date like 2025-03-01 (got {text!r})") from None


def _change(args: argparse.Namespace) -> int:
    from painscope.insights import change_analysis

    at = _parse_date(args.at, "--at")
    report = _analyse(change_analysis, _load_daily(args.diary), at,
                      onset_days=args.onset_days, exclude_before_days=args.exclude_before,
                      slope_change=args.ramp)
    return _emit(args, report)


def _forecast(args: argparse.Namespace) -> int:
    from painscope.insights import forecast

    report = forecast(_load_daily(args.diary))

    def table() -> None:
        if report.scores:
            _table("Rolling-origin evaluation on your own diary (lower is better)",
                   ["forecast", "MAE (points)", "CRPS (points)", "Brier (flare)"],
                   [[name] + ["" if s.get(k) is None else f"{s[k]:.{d}f}"
                              for k, d in (("mae", 2), ("crps", 2), ("brier", 3))]
                    for name, s in report.scores.items()])

    return _emit(args, report, table)


def _plan_abab(args: argparse.Namespace) -> int:
    from painscope.insights import abab_plan

    start = _parse_date(args.start, "--start")
    try:
        plan = abab_plan(start, block_days=args.block_days, blocks=args.blocks,
                         what=args.what, randomize=args.randomize, seed=args.seed)
    except ValueError as exc:
        raise CommandError(str(exc)) from None
    return _emit(args, plan, lambda: _table(
        f"Self-experiment plan: {plan.what}", ["block", "from", "to", "do"],
        [[b.block, b.start, b.end, b.instruction] for b in plan.blocks]))


def _abab(args: argparse.Namespace) -> int:
    from painscope.commands import read_json_argument
    from painscope.insights import abab_analysis
    from painscope.insights.change import AbabPlan

    doc = read_json_argument(args.plan, "--plan")
    try:
        plan = AbabPlan.from_dict(doc)
    except (KeyError, TypeError, ValueError) as exc:
        raise CommandError(f"--plan is not a plan from plan-abab: {exc}") from None
    report = _analyse(abab_analysis, _load_daily(args.diary), plan,
                      washout_days=args.washout_days)
    return _emit(args, report)
