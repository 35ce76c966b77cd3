"""The model's parameter file: values, units and sources (``parameters.json``).

Every number the model uses lives in ``parameters.json`` next to this module, with the
paper it comes from or the target row (T1-T14 of ``docs/model.md``) it was calibrated to.
This module reads it and turns it into flat dictionaries the layers use.
"""

from __future__ import annotations

import copy
import json
from functools import lru_cache
from importlib import resources
from typing import Any

PARAMETER_FILE = "parameters.json"
#: Groups holding plain scalar parameters (``{"value": ..., "source": ...}``).
SCALAR_GROUPS = ("fast", "perception", "circadian", "slow", "noise")


@lru_cache(maxsize=1)
def _load_raw() -> dict[str, Any]:
    text = resources.files("painscope.model").joinpath(PARAMETER_FILE).read_text("utf-8")
    return json.loads(text)


def parameter_table() -> dict[str, Any]:
    """Return a deep copy of the whole parameter file (values, units, sources)."""
    return copy.deepcopy(_load_raw())


def base_values() -> dict[str, float]:
    """Flat ``name -> value`` of all scalar parameters (circadian ones prefixed ``circ_``)."""
    raw = _load_raw()
    out: dict[str, float] = {}
    for group in SCALAR_GROUPS:
        for name, entry in raw[group].items():
            if name.startswith("_"):
                continue
            key = f"circ_{name}" if group == "circadian" else name
            out[key] = float(entry["value"])
    return out


def profile_names() -> list[str]:
    """Names of the built-in profiles (``healthy``, ``fibromyalgia``, ...)."""
    return [k for k in _load_raw()["profiles"] if not k.startswith("_")]


def profile_values(profile: str | dict[str, Any]) -> tuple[dict[str, float], dict[str, float]]:
    """Return ``(params, initial_states)`` for a named or explicit profile.

    An explicit profile is ``{"base": "healthy", "params": {...}, "initial": {...}}``:
    the named base profile with some parameters or initial states overridden.
    """
    raw = _load_raw()
    params = base_values()
    if isinstance(profile, str):
        spec: dict[str, Any] = {"base": profile}
    else:
        spec = dict(profile)
    base_name = spec.get("base", "healthy")
    if base_name not in raw["profiles"]:
        raise KeyError(f"unknown profile {base_name!r}; known: {', '.join(profile_names())}")
    base = raw["profiles"][base_name]
    params.update({k: float(v) for k, v in base["params"].items()})
    initial = {k: float(v) for k, v in base["initial"].items()}
    for k, v in spec.get("params", {}).items():
        if k not in params:
            raise KeyError(f"unknown parameter {k!r}")
        params[k] = float(v)
    initial.update({k: float(v) for k, v in spec.get("initial", {}).items()})
    return params, initial


def heterogeneity_spec() -> dict[str, dict[str, Any]]:
    """Between-person distributions: ``name -> {"kind", "sd", "source"}``."""
    return {k: v for k, v in _load_raw()["heterogeneity"].items() if not k.startswith("_")}


def treatment_spec() -> dict[str, dict[str, Any]]:
    """Treatment mechanisms: ``name -> {ref_dose, ed50, tau_on, tau_off, effects, ...}``."""
    return {k: v for k, v in _load_raw()["treatments"].items() if not k.startswith("_")}


def clear_cache() -> None:
    """Forget the cached parameter file (the calibration script rewrites it)."""
    _load_raw.cache_clear()


def markdown_tables() -> str:
    """The parameter file as the Markdown tables of ``docs/model.md`` §3 (generated, so the
    document cannot drift from the file: a test compares them).

    Run ``python -m painscope.model.parameters`` to print them.
    """
    raw = _load_raw()
    lines: list[str] = []
    for group in SCALAR_GROUPS:
        lines += [f"#### {group}", "", "| parameter | value | unit | source / calibrated to |", "|---|---|---|---|"]
        for name, e in raw[group].items():
            if not name.startswith("_"):
                lines.append(f"| `{name}` | {e['value']} | {e.get('unit', '')} | {e['source']} |")
        lines.append("")
    lines += ["#### between-person heterogeneity", "", "| parameter | distribution | sd | source |", "|---|---|---|---|"]
    for name, e in raw["heterogeneity"].items():
        if name.startswith("_"):
            continue
        applies = f" (drawn for the personal copy `{e['applies_to']}`)" if "applies_to" in e else ""
        lines.append(f"| `{name}` | {e['kind']} | {e['sd']} | {e['source']}{applies} |")
    lines += ["", "#### profiles", "", "| profile | parameters | initial state | description / source |", "|---|---|---|---|"]
    for name, e in raw["profiles"].items():
        if not name.startswith("_"):
            lines.append(f"| `{name}` | {json.dumps(e['params'])} | {json.dumps(e['initial'])} | {e['description']}; {e['source']} |")
    lines += ["", "#### treatments", "",
              "| treatment | reference dose | ED50 | onset τ (d) | offset τ (d) | response spread | mechanisms | source |",
              "|---|---|---|---|---|---|---|---|"]
    for name, e in raw["treatments"].items():
        if not name.startswith("_"):
            lines.append(f"| `{name}` | {e['ref_dose']} | {e['ed50']} | {e['tau_on']} | {e['tau_off']} | {e['response']} "
                         f"| {json.dumps(e['effects'])} | {e['source']} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # pragma: no cover
    print(markdown_tables(), end="")
