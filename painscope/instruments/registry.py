"""The instrument registry: structure (Questionnaire JSON) + scoring module + licence tier."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from types import ModuleType
from typing import Any

from painscope.instruments.errors import UnknownInstrumentError
from painscope.instruments.structure import Structure, load_structure

#: instrument id → (scoring module, keyword arguments for its ``score``)
_SCORERS: dict[str, tuple[str, dict[str, Any]]] = {
    "phq9": ("phq9", {}),
    "gad7": ("gad7", {}),
    "peg": ("peg", {}),
    "acr-fm-survey": ("acr_survey", {}),
    "csi": ("csi", {}),
    "fiqr": ("fiqr", {}),
    "pcs": ("pcs", {}),
    "tsk11": ("tsk", {"form": "tsk11"}),
    "tsk17": ("tsk", {"form": "tsk17"}),
    "pseq": ("pseq", {}),
    "isi": ("isi", {}),
    "psqi": ("psqi", {}),
    "bpisf": ("bpisf", {}),
    "promis-pi-6a": ("promis", {"form": "promis-pi-6a"}),
    "promis-fatigue-6a": ("promis", {"form": "promis-fatigue-6a"}),
    "promis-sd-6a": ("promis", {"form": "promis-sd-6a"}),
    "npqr": ("npqr", {}),
    "fss": ("fss", {}),
    "paindetect": ("paindetect", {}),
    "dn4": ("dn4", {}),
    "startback": ("startback", {}),
    "ompsq-sf": ("ompsq", {}),
}


@dataclass(frozen=True)
class Instrument:
    """One scorable instrument."""

    structure: Structure
    module: ModuleType
    options: dict[str, Any]

    @property
    def id(self) -> str:
        return self.structure.id

    @property
    def tier(self) -> str:
        return self.structure.tier

    @property
    def mcid(self) -> Any:
        mcid = getattr(self.module, "MCID", None)
        if isinstance(mcid, dict):
            return mcid.get(self.options.get("form"))
        return mcid

    @property
    def scorer(self) -> Callable[..., Any]:
        return self.module.score


def instrument_ids() -> tuple[str, ...]:
    """Ids of all scorable instruments, in registry order."""
    return tuple(_SCORERS)


@cache
def get_instrument(instrument_id: str) -> Instrument:
    """The :class:`Instrument` for ``instrument_id``; raises :class:`UnknownInstrumentError`."""
    if instrument_id not in _SCORERS:
        hint = ""
        if instrument_id in ("iasp-nociplastic", "neupsig"):
            hint = " (a clinician form: grade it with evaluate_form or `painscope criteria`)"
        raise UnknownInstrumentError(
            f"unknown instrument '{instrument_id}'{hint}; known: {', '.join(_SCORERS)}"
        )
    module_name, options = _SCORERS[instrument_id]
    module = importlib.import_module(f"painscope.instruments.scoring.{module_name}")
    return Instrument(load_structure(instrument_id), module, dict(options))
