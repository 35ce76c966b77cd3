"""``painscope`` commands of the signals group: ``hrv`` and ``wearable inspect``."""

from __future__ import annotations

import argparse
from typing import Any

from painscope.commands import CommandError, add_json_flag, emit_json
from painscope.signals.formats import BEAT_FORMATS as _BEAT_FORMATS
from painscope.signals.formats import WEARABLE_FORMATS as _WEARABLE_FORMATS


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add ``hrv`` and ``wearable inspect`` to the CLI."""
    p = sub.add_parser(
        "hrv",
        parents=[common],
        help="time-domain HRV of a beat file (RR text, Polar, Elite HRV, FIT, PhysioNet WFDB)",
        description="Compute time-domain HRV for the whole recording and, with --window, for "
        "fixed windows. Conventions and artefact rules: docs/hrv.md.",
    )
    p.add_argument(
        "file", metavar="FILE", help="beat file; for WFDB the record name without extension"
    )
    p.add_argument(
        "--format", choices=_BEAT_FORMATS, default="auto", help="input format (default: sniffed)"
    )
    p.add_argument("--window", type=float, metavar="SECONDS", help="window length, e.g. 300")
    p.add_argument(
        "--step", type=float, metavar="SECONDS", help="window step (default: the window length)"
    )
    p.add_argument(
        "--annotation",
        metavar="EXT",
        help="WFDB annotation extension (ecg, atr, qrs, ...); implies --format wfdb",
    )
    p.add_argument(
        "--correction",
        choices=("auto", "lipponen2019", "none"),
        default="auto",
        help="artefact correction: auto = Lipponen & Tarvainen 2019 for device beats, labels "
        "only for annotated WFDB records; none = physiological limits only",
    )
    p.add_argument(
        "--sampling-rate",
        type=float,
        metavar="HZ",
        help="override the WFDB sampling frequency (research reproduction only)",
    )
    p.add_argument(
        "--frequency",
        action="store_true",
        help="add Lomb-Scargle LF/HF per block (research output, never a patient score)",
    )
    add_json_flag(p)
    p.set_defaults(handler=_hrv)

    w = sub.add_parser(
        "wearable",
        parents=[common],
        help="look at wearable exports without a database",
        description="Wearable exports (Apple Health, Fitbit, Garmin FIT, Polar, Elite HRV, "
        "WHOOP, Oura, RR files, daily-metrics CSV).",
    )
    wsub = w.add_subparsers(dest="wearable_command", metavar="ACTION", required=True)
    i = wsub.add_parser(
        "inspect",
        parents=[common],
        help="show the daily rows a file would import, without storing anything",
    )
    i.add_argument("file", metavar="FILE")
    i.add_argument("--format", choices=_WEARABLE_FORMATS, default="auto")
    i.add_argument("--rows", type=int, default=20, metavar="N", help="rows to print (text mode)")
    add_json_flag(i)
    i.set_defaults(handler=_inspect)


def _fmt(v: Any, digits: int = 2) -> str:
    if v is None:
        return "—"
    if isinstance(v, float):
        return f"{v:.{digits}f}"
    return str(v)


def _hrv(args: argparse.Namespace) -> int:
    from painscope.signals.analysis import analyse
    from painscope.signals.beats import read_beats
    from painscope.signals.errors import SignalFormatError

    if args.step is not None and args.window is None:
        raise CommandError("--step needs --window")
    if args.window is not None and args.window <= 0:
        raise CommandError(f"--window must be positive (got {args.window:g})")
    if args.step is not None and args.step <= 0:
        raise CommandError(f"--step must be positive (got {args.step:g})")
    fmt = "wfdb" if args.annotation and args.format == "auto" else args.format
    try:
        series, used = read_beats(
            args.file, fmt, annotation=args.annotation, sampling_rate=args.sampling_rate
        )
        doc = analyse(
            series,
            window_s=args.window,
            step_s=args.step,
            correction=args.correction,
            frequency=args.frequency,
        )
    except SignalFormatError as exc:
        raise CommandError(str(exc)) from exc
    except ValueError as exc:
        raise CommandError(f"{args.file}: {exc}") from exc
    doc = {"file": args.file, "format": used, **doc}
    if args.json:
        emit_json(doc)
        return 0
    o = doc["overall"]
    c = doc["correction"]
    print(
        f"{args.file} ({used}) — {doc['duration_s'] / 60:.1f} min, {o['n_rr_in_file']} RR "
        f"intervals in the file, {o['n_beats']} NN intervals used after correction"
    )
    print(
        f"artefacts: {c['method']}, {c['artifacts_pct']:.2f} % of intervals rejected or corrected "
        f"({c['n_rejected_limits']} outside 300–2000 ms, {c['n_ectopic']} ectopic, "
        f"{c['n_missed']} missed, {c['n_extra']} extra, {c['n_long_short']} long/short)"
    )
    g = doc["gaps"]
    if g["n"]:
        print(
            f"gaps: {g['n']} recording gap{'s' if g['n'] != 1 else ''}, {g['total_s'] / 60:.1f} min "
            f"in all (longest {g['longest_s']:.1f} s), left out of every statistic"
        )
    if doc["first_beat_s"]:
        print(f"first beat {doc['first_beat_s']:.3f} s after the start of the recording")
    for key in (
        "mean_nn_ms",
        "sdnn_ms",
        "rmssd_ms",
        "ln_rmssd",
        "sdsd_ms",
        "pnn50_pct",
        "sd1_ms",
        "sd2_ms",
        "mean_hr_bpm",
    ):
        print(f"  {key:<12} {_fmt(o[key], 3)}")
    if not o["usable"]:
        print(f"  NOT USABLE: {', '.join(o['flags'])}")
    if doc["windows"]:
        ws = doc["windows"]
        usable = [w for w in ws if w["usable"]]
        print(
            f"{len(ws)} windows of {args.window:g} s ({len(usable)} usable); times in seconds "
            f"from the start of the recording (first beat at {doc['first_beat_s']:.3f} s)"
        )
        print(
            f"  {'start_s':>8} {'end_s':>8} {'n':>5} {'meanNN':>8} {'SDNN':>7} {'RMSSD':>7} {'art%':>6}  flags"
        )
        for w in ws[:10]:
            print(
                f"  {w['start_s']:>8.0f} {w['end_s']:>8.0f} {w['n_beats']:>5} {_fmt(w['mean_nn_ms'], 1):>8} "
                f"{_fmt(w['sdnn_ms'], 1):>7} {_fmt(w['rmssd_ms'], 1):>7} {_fmt(w['artifacts_pct'], 1):>6}  "
                f"{','.join(w['flags'])}"
            )
        if len(ws) > 10:
            print(f"  ... {len(ws) - 10} more (use --json)")
    return 0


def _inspect(args: argparse.Namespace) -> int:
    from painscope.signals.errors import SignalFormatError
    from painscope.signals.wearable import read_wearable

    progress = None
    if not args.json:
        import sys

        if sys.stderr.isatty():
            from rich.progress import Progress

            bar = Progress(transient=True)
            task = bar.add_task("reading", total=None)
            bar.start()

            def progress(done: int, total: int | None) -> None:
                bar.update(task, completed=done, total=total)

    try:
        result = read_wearable(args.file, format=args.format, progress=progress)
    except SignalFormatError as exc:
        raise CommandError(str(exc)) from exc
    finally:
        if progress is not None:
            bar.stop()
    summary = result.summary()
    if args.json:
        rows = result.daily.copy()
        emit_json({**summary, "rows": rows.to_dict(orient="records")})
        return 0
    print(f"{args.file}: {summary['format']}, {summary['n_rows']} daily rows")
    for name, info in summary["measures"].items():
        print(
            f"  {name:<24} {info['n']:>5} days  {info['first']} → {info['last']}  ({info['unit']})"
        )
    if result.rr is not None:
        print(f"  beats: {len(result.rr)} intervals ({result.rr.duration_s / 60:.1f} min)")
    for w in result.warnings:
        print(f"  warning: {w}")
    if summary["n_rows"]:
        print(result.daily.head(args.rows).to_string(index=False))
    return 0
