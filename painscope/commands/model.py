"""``painscope model``: run scenarios and virtual experiments of the pain-system model.

Educational and research model; its output is never a diagnosis.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from painscope.commands import CommandError, add_json_flag, emit_json, read_json_argument


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add the ``model`` group and its sub-commands."""
    p = sub.add_parser("model", parents=[common], help="pain-system model: scenarios, virtual experiments, validation",
                       description="Educational and research model of the pain system (not a diagnosis).")
    msub = p.add_subparsers(dest="model_command", metavar="SUBCOMMAND", required=True)

    run = msub.add_parser("run", parents=[common], help="simulate a scenario (JSON file)")
    run.add_argument("scenario", metavar="SCENARIO.json", help="scenario file (or @FILE, or - for stdin)")
    run.add_argument("--out", metavar="FILE.parquet", help="write per-patient daily rows to Parquet")
    run.add_argument("--chunk-size", type=int, default=None, metavar="N", help="patients per chunk (default 50000)")
    grp = run.add_mutually_exclusive_group()
    grp.add_argument("--workers", type=int, metavar="N", help="run chunks on a local Dask cluster with N workers")
    grp.add_argument("--scheduler", metavar="ADDRESS", help="run chunks on the Dask scheduler at ADDRESS")
    add_json_flag(run)
    run.set_defaults(handler=_run)

    exp = msub.add_parser("experiment", parents=[common], help="run one built-in virtual experiment (T1-T14)")
    exp.add_argument("name", metavar="NAME", help="experiment id or name, e.g. T3 or cpm_fm")
    exp.add_argument("--seed-offset", type=int, default=0, metavar="K",
                     help="shift every seed by K: other virtual people, same design (default 0 = the built-in seeds)")
    exp.add_argument("--plot", metavar="FIG.png", help="also draw the experiment's figure (data, achieved value and target)")
    add_json_flag(exp)
    exp.set_defaults(handler=_experiment)

    lst = msub.add_parser("experiments", parents=[common], help="list the built-in virtual experiments")
    add_json_flag(lst)
    lst.set_defaults(handler=_experiments)

    val = msub.add_parser("validate", parents=[common], help="run every target experiment and compare with the target table")
    val.add_argument("--seed-offset", type=int, default=0, metavar="K",
                     help="shift every seed by K: other virtual people, same design (default 0 = the built-in seeds)")
    val.add_argument("--ids", nargs="+", metavar="ID", help="only these targets, e.g. --ids T2 T3")
    add_json_flag(val)
    val.set_defaults(handler=_validate)

    trial = msub.add_parser(
        "trial", parents=[common], help="run a virtual parallel-group trial: two or more arms (scenario files), compared",
        description="Run each arm (an ordinary scenario) and compare it with the control arm: baseline and final "
                    "window means, entry criterion, 30 %% / 50 %% responders, difference of final means (Welch 95 %% CI), "
                    "Hedges g, responder difference and NNT. Educational and research model, not a prediction for anyone.")
    trial.add_argument("arms", nargs="+", metavar="ARM.json", help="two or more scenario files, one per arm")
    trial.add_argument("--names", nargs="+", metavar="NAME", help="arm names (default: each scenario's name, else its file name)")
    trial.add_argument("--control", metavar="NAME", help="control arm (default: the last arm)")
    trial.add_argument("--baseline-days", type=int, default=7, metavar="D", help="baseline window at the start (default 7)")
    trial.add_argument("--final-days", type=int, default=7, metavar="D", help="final window at the end (default 7)")
    trial.add_argument("--entry-min", type=float, default=4.0, metavar="P",
                       help="enrol people whose baseline mean pain is at least P (default 4, as FM trials)")
    add_json_flag(trial)
    trial.set_defaults(handler=_trial)

    plot = msub.add_parser("plot", parents=[common], help="draw pain and the main states of a scenario (PNG)")
    plot.add_argument("scenario", metavar="SCENARIO.json")
    plot.add_argument("--out", required=True, metavar="FIG.png")
    add_json_flag(plot)
    plot.set_defaults(handler=_plot)


def _load_scenario(value: str) -> dict[str, Any]:
    from painscope.model.scenario import ScenarioError, validate_scenario

    arg = value if value.startswith(("@", "-", "{")) else f"@{value}"
    doc = read_json_argument(arg, "scenario")
    try:
        return validate_scenario(doc)
    except ScenarioError as exc:
        raise CommandError("invalid scenario:\n  " + "\n  ".join(exc.problems)) from exc


def _run(args: argparse.Namespace) -> int:
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    from painscope.model.cohort import run_cohort

    sc = _load_scenario(args.scenario)
    if args.workers is not None and args.workers < 1:
        raise CommandError("--workers must be at least 1")
    total = int(sc["cohort"]["n"])
    show = sys.stderr.isatty() or total * max(int(sc["days"]), 1) >= 200_000
    with Progress(TextColumn("simulating"), BarColumn(), TextColumn("{task.completed}/{task.total} patients"),
                  TimeRemainingColumn(), console=_stderr_console(), disable=not show, transient=True) as bar:
        task = bar.add_task("run", total=total)
        try:
            summary, _ = run_cohort(sc, chunk_size=args.chunk_size, out=args.out, workers=args.workers,
                                    scheduler=args.scheduler, progress=lambda done, n: bar.update(task, completed=done))
        except OSError as exc:
            raise CommandError(f"cannot run the scenario: {exc}") from exc
    doc = {"scenario": sc.get("name"), "note": "educational and research model, not a diagnosis", **summary.to_dict()}
    if args.out:
        doc["parquet"] = args.out
    if args.json:
        emit_json(doc)
        return 0
    print(f"{doc['n_patients']} virtual patients, {doc['days']} days")
    if doc.get("pain"):
        p = doc["pain"]
        for d in sorted({0, doc["days"] // 2, doc["days"] - 1}):
            print(f"  day {d:>4}: mean pain {p['mean'][d]:.2f}  (median {p['q50'][d]:.2f}, 5-95 % {p['q05'][d]:.2f}-{p['q95'][d]:.2f})")
    for i, r in enumerate(doc.get("protocol_ratings_mean", [])):
        print(f"  protocol run {i}: mean rating per test stimulus (0-10): {', '.join(f'{x:.2f}' for x in r)}")
    if args.out:
        print(f"  per-patient daily rows written to {args.out}")
    return 0


def _stderr_console() -> Any:
    from rich.console import Console

    return Console(stderr=True)


def _experiment(args: argparse.Namespace) -> int:
    from painscope.model.experiments import find_experiment, run_experiment

    try:
        find_experiment(args.name)
    except KeyError as exc:
        raise CommandError(exc.args[0]) from exc
    if args.plot:
        from painscope.model.figures import plot_experiment

        try:
            r = plot_experiment(args.name, args.plot, seed_offset=args.seed_offset)
        except OSError as exc:
            raise CommandError(f"--plot: cannot write {args.plot}: {exc.strerror or exc}") from exc
        print(f"figure written to {args.plot}", file=sys.stderr)
    else:
        r = run_experiment(args.name, seed_offset=args.seed_offset)
    if args.json:
        emit_json(r)
        return 0
    print(f"{r['id']} {r['title']}")
    print(f"  achieved: {r['achieved']}   target: {r['target']}   tolerance: {r['tolerance']}   {'PASS' if r['pass'] else 'FAIL'}")
    print(f"  source: {r['source']}")
    for k, v in r["figures"].items():
        print(f"  {k}: {v}")
    return 0


def _experiments(args: argparse.Namespace) -> int:
    from painscope.model.experiments import EXPERIMENTS

    rows = [{"id": e.id, "name": e.name, "title": e.title, "target": e.target, "tolerance": e.tolerance,
             "source": e.source, "scenarios": e.scenarios()} for e in EXPERIMENTS.values()]
    if args.json:
        emit_json({"experiments": rows})
        return 0
    for r in rows:
        print(f"{r['id']:<4} {r['name']:<24} {r['title']}")
    return 0


def _validate(args: argparse.Namespace) -> int:
    from painscope.model.experiments import EXPERIMENTS, format_value, run_experiment

    ids = [i.upper() for i in (args.ids or EXPERIMENTS)]
    unknown = [i for i in ids if i not in EXPERIMENTS]
    if unknown:
        raise CommandError(f"--ids: unknown target {', '.join(unknown)}; known: {', '.join(EXPERIMENTS)}")
    rows = []
    for eid in ids:
        r = run_experiment(eid, seed_offset=args.seed_offset)
        rows.append({"id": r["id"], "achieved": r["achieved"], "target": r["target"], "tolerance": r["tolerance"], "pass": r["pass"]})
        print(f"{eid} done", file=sys.stderr) if sys.stderr.isatty() else None
    if args.json:
        emit_json({"targets": rows})
    else:
        print(f"{'id':<4} {'pass':<5} {'achieved':<58} target (tolerance)")
        for r in rows:
            print(f"{r['id']:<4} {'yes' if r['pass'] else 'NO':<5} {format_value(r['achieved']):<58} {format_value(r['target'])} ({format_value(r['tolerance'])})")
        print(f"{sum(r['pass'] for r in rows)}/{len(rows)} targets met")
    return 0


def _trial(args: argparse.Namespace) -> int:
    from pathlib import Path

    from painscope.model.trial import Design, TrialError, arm_names, run_trial

    if len(args.arms) < 2:
        raise CommandError("a trial needs at least two arm files")
    docs = [_load_scenario(a) for a in args.arms]
    try:
        names = arm_names(docs, args.names, [Path(a).stem for a in args.arms])
        out = run_trial(dict(zip(names, docs, strict=True)), control=args.control,
                        design=Design(args.baseline_days, args.final_days, args.entry_min))
    except TrialError as exc:
        raise CommandError(str(exc)) from exc
    if args.json:
        emit_json(out)
        return 0
    d = out["design"]
    print(f"Virtual trial: baseline = first {d['baseline_days']} days, final = last {d['final_days']} days, "
          f"entry: baseline pain >= {d['entry_min']:g}/10")
    for name, a in out["arms"].items():
        if "note" in a:
            print(f"  {name}: {a['note']}")
            continue
        print(f"  {name}: {a['n_enrolled']} of {a['n']} enrolled; pain {a['baseline_mean']:.2f} -> {a['final_mean']:.2f} "
              f"(change {a['change_mean']:+.2f}, 95 % CI {a['change_ci95'][0]:+.2f} to {a['change_ci95'][1]:+.2f}); "
              f">= 50 % relief {100 * a['responders_50pct']:.1f} %, >= 30 % relief {100 * a['responders_30pct']:.1f} %")
    for c in out["comparisons"]:
        if "note" in c:
            print(f"  {c['arm']} vs {c['control']}: {c['note']}")
            continue
        nnt = f"{c['nnt_50pct']:.1f}" if c["nnt_50pct"] is not None else "none (no benefit)"
        print(f"  {c['arm']} vs {c['control']}: final pain {c['final_difference']:+.2f} points "
              f"(95 % CI {c['final_difference_ci95'][0]:+.2f} to {c['final_difference_ci95'][1]:+.2f}), "
              f"Hedges g {c['hedges_g']:+.2f}; 50 % responders {100 * c['responders_50pct_difference']:+.1f} points, NNT {nnt}")
    print(out["disclaimer"])
    return 0


def _plot(args: argparse.Namespace) -> int:
    from painscope.model.plot import plot_scenario

    sc = _load_scenario(args.scenario)
    try:
        info = plot_scenario(sc, args.out)
    except ValueError as exc:
        raise CommandError(str(exc)) from exc
    if args.json:
        emit_json(info)
    else:
        print(f"figure written to {args.out}")
    return 0
