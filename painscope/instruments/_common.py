"""Shared scoring helpers: missing-data rules, bands, meaningful change.

Every helper takes the rule as data (limits, sources) so that each instrument's scoring
module states its own rule and source in one place.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from painscope.instruments.errors import AnswerError
from painscope.instruments.result import Flag, ScoreResult


def round_half_up(x: float) -> int:
    """Round to the nearest integer, halves upwards (12.5 → 13), unlike Python's ``round``."""
    return math.floor(x + 0.5)


def missing_items(values: Mapping[str, Any], link_ids: Sequence[str]) -> list[str]:
    return [k for k in link_ids if values.get(k) is None]


def require(instrument: str, values: Mapping[str, Any], link_ids: Sequence[str], why: str) -> None:
    """Raise :class:`AnswerError` naming every missing item among ``link_ids``."""
    absent = missing_items(values, link_ids)
    if absent:
        raise AnswerError(
            f"{instrument} cannot be scored: item {absent[0]} is missing"
            + (f" (also missing: {', '.join(absent[1:])})" if absent[1:] else "")
            + f"; {why}",
            link_id=absent[0],
            missing=absent,
        )


@dataclass(frozen=True)
class MissingRule:
    """How many of a set of items may be missing before a sum cannot be computed.

    ``max_missing`` items may be missing; the sum is then prorated as
    ``round_half_up(mean(answered) × n_items)`` (the proration used by PROscorerTools'
    ``scoreScale`` and suggested in INSTRUMENTS.md for PHQ-9 and CSI). ``official`` says
    whether the instrument's developers publish the rule; ``text`` is shown in results.
    """

    max_missing: int
    text: str
    official: bool = False


def prorated_sum(
    instrument: str,
    values: Mapping[str, Any],
    link_ids: Sequence[str],
    rule: MissingRule,
    *,
    strict: bool = False,
    what: str = "total",
) -> tuple[int, list[str]]:
    """Sum of ``link_ids``, prorated under ``rule``; returns ``(sum, missing linkIds)``.

    With ``strict=True`` no item may be missing (the configurable "require all items" policy).
    """
    absent = missing_items(values, link_ids)
    allowed = 0 if strict else rule.max_missing
    if len(absent) > allowed:
        raise AnswerError(
            f"{instrument} {what} cannot be scored: {len(absent)} of {len(link_ids)} items missing "
            f"({', '.join(absent)}); at most {allowed} may be missing ({rule.text})",
            link_id=absent[0],
            missing=absent,
        )
    answered = [values[k] for k in link_ids if values.get(k) is not None]
    if not absent:
        return int(sum(answered)), absent
    return round_half_up(sum(answered) / len(answered) * len(link_ids)), absent


def missing_report(
    link_ids: Sequence[str],
    absent: Sequence[str],
    rule_text: str,
    *,
    official: bool,
    prorated: bool,
) -> dict[str, Any]:
    return {
        "items": list(absent),
        "n_answered": len(link_ids) - len(absent),
        "n_items": len(link_ids),
        "rule": rule_text,
        "official": official,
        "prorated": prorated,
    }


def prorated_flag(absent: Sequence[str], rule_text: str, official: bool) -> Flag:
    return Flag(
        code="prorated",
        level="warning",
        message=f"{len(absent)} item(s) missing ({', '.join(absent)}); score prorated",
        source=("developer's rule: " if official else "painscope convention: ") + rule_text,
    )


def screened_sum_result(
    instrument: str,
    total: int,
    absent: Sequence[str],
    *,
    items: Sequence[str],
    bands: Sequence[tuple[float, str]],
    rule: MissingRule,
    cutoff: float,
    cutoff_flag: Flag,
    leading_flags: Sequence[Flag] = (),
) -> ScoreResult:
    """The result of a banded sum score with one screening cut-off (PHQ-9, GAD-7, CSI).

    Flags in this order: ``leading_flags`` (e.g. the PHQ-9 item-9 safety flag, always first),
    ``cutoff_flag`` when ``total >= cutoff`` (each module cites its cut-off's source), then the
    ``prorated`` flag when items were missing. ``band`` is :func:`band_for` of the total; no
    subscales; ``missing`` is :func:`missing_report` under ``rule``.
    """
    flags = list(leading_flags)
    if total >= cutoff:
        flags.append(cutoff_flag)
    if absent:
        flags.append(prorated_flag(absent, rule.text, rule.official))
    return ScoreResult(
        instrument,
        total,
        band_for(total, bands),
        {},
        tuple(flags),
        missing_report(items, absent, rule.text, official=rule.official, prorated=bool(absent)),
    )


def band_for(value: float, bands: Sequence[tuple[float, str]]) -> str:
    """The band whose lower bound is the largest one ≤ ``value`` (bands sorted ascending)."""
    label = bands[0][1]
    for lower, name in bands:
        if value >= lower:
            label = name
    return label


@dataclass(frozen=True)
class Mcid:
    """A minimal clinically important difference.

    ``kind`` is ``"points"`` (absolute change of the total) or ``"percent"`` (change relative
    to the previous total). ``higher_is_worse`` orients improvement.
    """

    value: float
    kind: str
    source: str
    higher_is_worse: bool = True


def _previous_total(previous: Any, instrument: str) -> float | None:
    if previous is None:
        return None
    if isinstance(previous, ScoreResult):
        prev_id, total = previous.instrument, previous.total
    elif isinstance(previous, Mapping):
        prev_id, total = previous.get("instrument", instrument), previous.get("total")
    elif isinstance(previous, int | float) and not isinstance(previous, bool):
        prev_id, total = instrument, previous
    else:
        raise AnswerError(
            f"previous result must be a ScoreResult, its to_dict() or a number "
            f"(got {type(previous).__name__})"
        )
    if prev_id != instrument:
        raise AnswerError(f"previous result is for {prev_id}, not {instrument}")
    return None if total is None else float(total)


def change_flag(current: ScoreResult, previous: Any, mcid: Mcid | None) -> Flag | None:
    """Compare ``current`` with a previous administration against the instrument's MCID.

    Returns ``None`` when there is no previous total, no current total or no MCID. The flag
    code is ``meaningful-improvement``, ``meaningful-worsening`` or ``change-below-mcid``.
    """
    prev = _previous_total(previous, current.instrument)
    if prev is None or current.total is None or mcid is None:
        return None
    delta = float(current.total) - prev
    if mcid.kind == "percent":
        if prev == 0:
            return Flag(
                code="change-not-assessable",
                message="previous total was 0, so a percentage change is undefined",
                source=mcid.source,
            )
        size = abs(delta) / abs(prev) * 100.0
        meaningful = size >= mcid.value
        desc = f"{delta:+.4g} ({delta / prev * 100:+.1f} %; MCID {mcid.value:g} %)"
    else:
        size = abs(delta)
        meaningful = size >= mcid.value
        desc = f"{delta:+.4g} points (MCID {mcid.value:g} points)"
    data = {"previous": prev, "change": delta, "mcid": mcid.value, "mcid_kind": mcid.kind}
    if not meaningful or delta == 0:
        return Flag(
            "change-below-mcid", f"change {desc} is below the MCID", "info", mcid.source, data
        )
    improved = (delta < 0) == mcid.higher_is_worse
    code = "meaningful-improvement" if improved else "meaningful-worsening"
    word = "improvement" if improved else "worsening"
    return Flag(
        code, f"meaningful {word}: {desc}", "info" if improved else "warning", mcid.source, data
    )


@dataclass(frozen=True)
class ScoringContext:
    """Site configuration a scoring function may need.

    Attributes
    ----------
    crisis_contacts : tuple[str, ...]
        Shown in safety flags (e.g. PHQ-9 item 9); configured per site.
    tscore_tables : Mapping[str, Mapping[int, float]]
        Raw-sum → T-score tables per PROMIS short-form id, supplied by the site.
    fiqr_bands : str
        ``"salaffi2020"`` (default) or ``"salaffi2018"``.
    """

    crisis_contacts: tuple[str, ...] = ()
    tscore_tables: Mapping[str, Mapping[int, float]] | None = None
    fiqr_bands: str = "salaffi2020"


DEFAULT_CONTEXT = ScoringContext()


def item_ids(instrument: str, numbers: Sequence[int | str]) -> list[str]:
    return [f"{instrument}-{n}" for n in numbers]
