"""Scenarios: the model's one way in (JSON), validation with path-naming messages, runs.

A scenario names a profile, a cohort, a duration, a seed, dated events and/or a stimulus
protocol (format in ``docs/model.md``; JSON Schema in ``scenario.schema.json``). The same
function, :func:`run_chunk`, simulates any range of patients; :func:`simulate` runs a whole
(small) cohort in one chunk and :mod:`painscope.model.cohort` streams large ones.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np

from painscope.model import events as ev_mod
from painscope.model import fast, slow
from painscope.model.parameters import base_values, profile_values
from painscope.model.rng import PatientStreams

SCHEMA_FILE = "scenario.schema.json"
PURPOSE_RATINGS = 2
DEFAULTS: dict[str, Any] = {"profile": "healthy", "cohort": {"n": 1, "heterogeneity": 1.0}, "days": 0, "seed": 0, "dt": 0.05, "events": []}


class ScenarioError(ValueError):
    """A scenario that does not follow the format; ``problems`` lists ``path: message``."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@lru_cache(maxsize=1)
def scenario_schema() -> dict[str, Any]:
    """The JSON Schema of scenarios (shipped in the package)."""
    return json.loads(resources.files("painscope.model").joinpath(SCHEMA_FILE).read_text("utf-8"))


def _path(parts: Any) -> str:
    out = ""
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out or "(scenario)"


def _message(err: Any) -> str:
    v, val = err.validator, err.validator_value
    if v == "minimum":
        return f"must be ≥ {val} (got {err.instance})"
    if v == "exclusiveMinimum":
        return f"must be > {val} (got {err.instance})"
    if v == "maximum":
        return f"must be ≤ {val} (got {err.instance})"
    if v == "required":
        return err.message.replace("is a required property", "is required")
    if v in ("enum", "const"):
        choices = val if isinstance(val, list) else [val]
        return f"must be one of {', '.join(map(str, choices))} (got {err.instance!r})"
    if v == "type":
        return f"must be of type {val} (got {type(err.instance).__name__})"
    if v == "additionalProperties":
        extra = sorted(set(err.instance) - set(err.schema.get("properties", {})))
        return f"unknown field(s): {', '.join(extra)}"
    return err.message


def validate_scenario(doc: Any) -> dict[str, Any]:
    """Check a scenario and return it with defaults filled in.

    Raises
    ------
    ScenarioError
        Listing every problem as ``"<json path>: <message>"``, e.g.
        ``"events[2].start: must be ≥ 0 (got -1)"``.
    """
    import jsonschema

    validator = jsonschema.Draft202012Validator(scenario_schema())
    problems = []
    for err in sorted(validator.iter_errors(doc), key=lambda e: list(map(str, e.absolute_path))):
        if err.validator in ("if", "allOf"):
            continue
        path = list(err.absolute_path)
        if err.validator == "required":
            missing = err.message.split("'")[1]
            problems.append(f"{_path([*path, missing])}: is required")
            continue
        problems.append(f"{_path(path)}: {_message(err)}")
    if not isinstance(doc, dict):
        raise ScenarioError(problems or ["(scenario): must be a JSON object"])
    out = copy.deepcopy(DEFAULTS)
    out.update(copy.deepcopy(doc))
    out["cohort"] = {**DEFAULTS["cohort"], **(doc.get("cohort") if isinstance(doc.get("cohort"), dict) else {})}
    problems.extend(_semantic_problems(out))
    if problems:
        raise ScenarioError(problems)
    return out


def _num(x: Any) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool)


def _semantic_problems(out: dict[str, Any]) -> list[str]:
    """Checks a schema cannot express (run even when the schema found problems)."""
    problems: list[str] = []
    dt, days = out.get("dt"), out.get("days")
    if _num(dt) and 0 < dt <= 0.05 and abs(round(1.0 / dt) * dt - 1.0) > 1e-9:
        problems.append(f"dt: must be 1/k of a day for a whole number k (got {dt})")
    if isinstance(out.get("profile"), dict | str):
        try:
            profile_values(out["profile"])
        except KeyError as exc:
            problems.append(f"profile.params: {exc.args[0]}")
    evs = out.get("events") if isinstance(out.get("events"), list) else []
    for i, e in enumerate(evs):
        if not isinstance(e, dict) or not _num(e.get("start")):
            continue
        if _num(e.get("stop")) and e["stop"] < e["start"]:
            problems.append(f"events[{i}].stop: must be ≥ start ({e['start']}) (got {e['stop']})")
        if _num(days) and days > 0 and e["start"] > days:
            problems.append(f"events[{i}].start: must be ≤ days ({days}) (got {e['start']})")
    proto = out.get("protocol")
    if isinstance(proto, dict):
        at = proto.get("at_days") if isinstance(proto.get("at_days"), list) else []
        for i, d in enumerate(at):
            if _num(d) and _num(days) and days and d > days:
                problems.append(f"protocol.at_days[{i}]: must be ≤ days ({days}) (got {d})")
    elif days == 0:
        problems.append("days: must be ≥ 1 when there is no protocol")
    return problems


@dataclass
class ChunkResult:
    """Output for patients ``start..stop-1`` (arrays have the patients first)."""

    start: int
    stop: int
    pain: np.ndarray | None = None
    pain_true: np.ndarray | None = None
    hrv: np.ndarray | None = None
    states: dict[str, np.ndarray] = field(default_factory=dict)
    #: per probe time: ratings (stimuli x patients) with lab rating noise, 0-10
    ratings: list[np.ndarray] = field(default_factory=list)
    ratings_true: list[np.ndarray] = field(default_factory=list)
    traces: list[fast.ProtocolResult] = field(default_factory=list)
    #: everyday pain (0-10, no rating noise) in the settled state, for protocol-only runs
    baseline_pain: np.ndarray | None = None
    params: dict[str, Any] = field(default_factory=dict)


def stimuli_of(protocol: Mapping[str, Any]) -> list[fast.Stimulus]:
    """The protocol's stimuli as :class:`fast.Stimulus` objects."""
    return [
        fast.Stimulus(
            time=float(s["time"]), duration=float(s["duration"]), intensity=float(s.get("intensity", 0.0)),
            site=s.get("site", "test"), touch=float(s.get("touch", 0.0)),
            ramp_from=None if s.get("ramp_from") is None else float(s["ramp_from"]),
            touch_ramp=bool(s.get("touch_ramp", False)), step=float(s.get("step", 0.0)),
        )
        for s in protocol["stimuli"]
    ]


def probe_steps(sc: Mapping[str, Any]) -> list[int]:
    """Integration steps at which the protocol is run (one per ``at_days`` entry)."""
    proto = sc["protocol"]
    dt = float(sc["dt"])
    hour = float(proto.get("hour", 12.0))
    steps = []
    for d in proto.get("at_days", [0]):
        t = d + hour / 24.0 if float(d).is_integer() else d
        steps.append(min(round(t / dt), max(round(sc["days"] / dt) - 1, 0)))
    return steps


def run_chunk(scenario: Mapping[str, Any], start: int, stop: int, *, on_day: Any = None) -> ChunkResult:
    """Simulate patients ``start..stop-1`` of a validated scenario (pure, picklable)."""
    sc = scenario
    n = stop - start
    seed = int(sc["seed"])
    pat = slow.make_patients(sc["profile"], n=n, seed=seed, start=start, heterogeneity=float(sc["cohort"]["heterogeneity"]))
    res = ChunkResult(start=start, stop=stop, params={k: v for k, v in pat.p.items() if np.ndim(v)})
    proto = sc.get("protocol")
    captured: dict[int, tuple[dict[str, np.ndarray], slow.Effects]] = {}
    steps = probe_steps(sc) if proto else []
    if sc["days"] > 0:
        schedule = ev_mod.build_schedule(sc["events"], sc["days"], float(sc["dt"]))
        out = slow.integrate(
            pat, schedule, seed=seed, start=start, record_states=bool(sc.get("outputs", {}).get("states")),
            on_day=on_day, capture=set(steps) or None,
        )
        res.pain, res.pain_true, res.hrv, res.states = out.pain, out.pain_true, out.hrv, out.states
        captured = out.captured
    if proto:
        stim = stimuli_of(proto)
        cues = [fast.Cue(float(q["time"]), float(q["duration"]), float(q["strength"])) for q in proto.get("cues", [])]
        if not captured:
            x = slow.default_state(pat)
            slow.settle(pat, x)
            captured = {s: (x, slow.combine_effects({})) for s in steps}
            res.baseline_pain = slow.instant_pain(pat.p, x, slow.combine_effects({}), injury=0.0, hour=12.0)[2]
        noise = PatientStreams(seed, start, stop, PURPOSE_RATINGS).normal(len(steps) * len(stim))
        sd = base_values()["lab_rating_sd"] / 10.0
        injured = proto.get("test_site") == "injured"
        test_s = None
        lab = pat.lab_params()
        for i, step in enumerate(steps):
            x, eff = captured[step]
            hour = (step * float(sc["dt"]) % 1.0) * 24.0
            ctx = slow.fast_context(x, eff, injured_site=injured)
            if "adjust_test_to" in proto and (i == 0 or not proto.get("adjust_once")):
                test_s = fast.adjust_intensity(lab, float(proto["adjust_test_to"]), hour=hour, **ctx)
            tr = fast.simulate_protocol(
                lab, stim, state={**ctx, "opioid_block": eff.opioid_block}, dt=float(proto.get("dt", 0.01)), hour=hour,
                n=n, test_intensity=test_s, cues=cues, naloxone=bool(proto.get("naloxone", False)),
            )
            true = tr.stimulus_ratings(proto.get("rating", "peak"))
            z = noise[i * len(stim) : i * len(stim) + true.shape[0]]
            res.ratings_true.append(true)
            res.ratings.append(np.clip(true + sd * z, 0.0, 10.0))
            if proto.get("record"):
                res.traces.append(tr)
    return res


def simulate(scenario: Mapping[str, Any]) -> ChunkResult:
    """Validate and run a whole scenario in one chunk (for small cohorts and the web layer)."""
    sc = validate_scenario(scenario)
    return run_chunk(sc, 0, int(sc["cohort"]["n"]))
