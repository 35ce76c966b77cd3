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

    val = msub.add_parser("validate", parents=[common], help="run every target of the registry (calibration and validation sets) and score each set")
    val.add_argument("--seed-offset", type=int, default=0, metavar="K",
                     help="shift every seed by K: other virtual people, same design (default 0 = the built-in seeds)")
    val.add_argument("--ids", nargs="+", metavar="ID", help="only these targets, e.g. --ids T2 T3 V01")
    val.add_argument("--set", choices=["calibration", "validation"], help="only the targets of one set")
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

    fit = msub.add_parser(
        "fit", parents=[common], help="fit the model to one person's diary: 'your pain system', with its skill checked",
        description="Fit the reduced pain-system model to a diary (a tidy CSV, or --user NAME's stored diary), test "
                    "its one-day-ahead forecasts on held-out last days against persistence and AR(1), and only if it "
                    "beats both report which loops seem to drive the pain and 'what if' changes, with intervals. "
                    "Education and research, not a diagnosis.")
    src = fit.add_mutually_exclusive_group(required=True)
    src.add_argument("diary", nargs="?", metavar="DIARY.csv", help="tidy diary CSV")
    src.add_argument("--user", metavar="NAME", help="use this person's stored diary instead of a file")
    fit.add_argument("--profile", default="fibromyalgia", help="profile the prior comes from (default fibromyalgia)")
    fit.add_argument("--draws", type=int, default=200, metavar="N", help="posterior draws for the intervals (default 200)")
    fit.add_argument("--states", action="store_true", help="include the fitted daily states in the JSON")
    add_json_flag(fit)
    fit.set_defaults(handler=_fit)

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
    from painscope.model import registry
    from painscope.model.experiments import format_value

    known = [t["id"] for t in registry.targets()]
    wanted = [i.upper() for i in args.ids] if args.ids else known
    if args.set:
        wanted = [i for i in wanted if registry.by_id()[i]["set"] == args.set] if all(i in known for i in wanted) else wanted
    unknown = [i for i in wanted if i not in known]
    if unknown:
        raise CommandError(f"--ids: unknown target {', '.join(unknown)}; known: {', '.join(known)}")
    tty = sys.stderr.isatty()
    out = registry.run_all(wanted, seed_offset=args.seed_offset,
                           progress=(lambda tid: print(f"{tid} done", file=sys.stderr)) if tty else None)
    if args.json:
        emit_json(out)
        return 0
    print(f"{'id':<4} {'set':<11} {'pass':<5} {'achieved':<52} target (tolerance)")
    for r in out["targets"]:
        shown = r.get("note") or format_value(r["achieved"])
        print(f"{r['id']:<4} {r['set']:<11} {'yes' if r['pass'] else 'NO':<5} {shown[:52]:<52} "
              f"{format_value(r['target'])} ({format_value(r['tolerance'])})")
    for name, sc in out["score"].items():
        if sc["total"]:
            print(f"{name}: {sc['passed']}/{sc['total']} targets met")
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


def _fit(args: argparse.Namespace) -> int:
    from painscope.model.parameters import profile_values

    if not 10 <= args.draws <= 5000:
        raise CommandError(f"--draws must be between 10 and 5000 (got {args.draws})")
    try:
        profile_values(args.profile)
    except (KeyError, ValueError):
        raise CommandError(f"unknown profile '{args.profile}'") from None
    if args.user:
        from painscope.commands.web import get_user, setup_django

        setup_django()
        from painscope.web.explain.personal import personal_model

        try:
            result = personal_model(get_user(args.user), profile=args.profile, n_draws=args.draws)
        except ValueError as exc:
            raise CommandError(f"cannot fit {args.user}'s diary: {exc}") from None
    else:
        from painscope.commands.insights import _load_daily
        from painscope.model.personal import fit_person

        daily = _load_daily(args.diary)
        try:
            result = fit_person(daily, profile=args.profile, n_draws=args.draws)
        except ValueError as exc:
            raise CommandError(f"{args.diary}: {exc}") from None
    doc = result.to_dict()
    if not args.states:
        doc.pop("states", None)
    if args.json:
        emit_json(doc)
        return 0
    print(result.message)
    if result.skill:
        s = result.skill
        print(f"  one-day-ahead error on the last {s.test_days} days (0-10 scale): model {s.model_mae:.2f}, "
              f"tomorrow-like-today {s.persistence_mae:.2f}, AR(1) {s.ar1_mae:.2f}")
    for name, v in result.loops.items():
        if v.get("estimate") is None:
            print(f"  {name}: {v['note']}")
        else:
            print(f"  {name}: {v['estimate']:+.2f} points of pain (95 % interval {v['low']:+.2f} to {v['high']:+.2f}) - {v['what']}")
    if result.driver:
        print(f"  the loop that seems to drive most: {result.driver}")
    for v in result.what_if.values():
        c = v["change"]
        print(f"  what if {v['label']}: {c['estimate']:+.2f} (95 % interval {c['low']:+.2f} to {c['high']:+.2f})")
    print(f"  {doc['disclaimer']}")
    return 0
