"""Questionnaire items as form rows for the templates (presentation only).

Items come from :func:`painscope.instruments.items_for_display`; answers are validated and
scored by :func:`painscope.instruments.score`. A row says which control to draw: ``options``
(big radio buttons, one per line, for worded answers), ``scale`` (a row of 0-10 number
buttons), ``yesno`` (two radio buttons, for a yes/no question that must be answered),
``checkbox`` (one tick box, for an optional yes/no question), ``number``, ``time`` or ``text``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

SCALE_MAX_STEPS = 11  # 0-10 rating items are drawn as a row of number buttons


@dataclass
class Option:
    value: str
    text: str
    checked: bool
    suggested: bool = False


@dataclass
class Row:
    link_id: str
    kind: str
    text: str
    number: int = 0
    prefix: str = ""
    required: bool = False
    optional: bool = False  # shown as "(optional)": not needed for the score
    value: str = ""
    error: str = ""
    options: list[Option] = field(default_factory=list)
    minimum: float | None = None
    maximum: float | None = None
    suggestion: str = ""  # evidence for a diary suggestion shown next to the item

    @property
    def dom_id(self) -> str:
        return f"item-{self.link_id}"


def _kind(item: Mapping[str, Any]) -> str:
    t = item.get("type")
    if t == "display":
        return "display"
    if t == "choice":
        return "options"
    if t == "boolean":
        return "yesno" if item.get("required") else "checkbox"
    if t == "integer":
        lo, hi = item.get("minimum"), item.get("maximum")
        if lo is not None and hi is not None and 0 < hi - lo + 1 <= SCALE_MAX_STEPS:
            return "scale"
        return "number"
    if t == "decimal":
        return "number"
    if t == "time":
        return "time"
    return "text"


def build_rows(
    items: list[dict[str, Any]],
    values: Mapping[str, str] | None = None,
    errors: Mapping[str, str] | None = None,
    suggested: Mapping[str, str] | None = None,
    evidence: Mapping[str, str] | None = None,
) -> list[Row]:
    """One row per item with the posted (or suggested) value and its error message.

    ``values`` are the raw strings of a post (or the pre-filled suggestion); ``suggested``
    marks which value of an item came from a diary suggestion and ``evidence`` says why.
    """
    values = values or {}
    errors = errors or {}
    suggested = suggested or {}
    evidence = evidence or {}
    asked = [it for it in items if it.get("type") != "display"]
    numbers = {it["link_id"]: i for i, it in enumerate(asked, start=1)}
    rows = []
    for it in items:
        kind = _kind(it)
        link_id = it["link_id"]
        value = str(values.get(link_id, "") or "")
        row = Row(
            link_id=link_id,
            kind=kind,
            text=it.get("text") or "",
            number=numbers.get(link_id, 0),
            prefix=str(it.get("prefix") or ""),
            required=bool(it.get("required")),
            # items the missing-data rule may prorate are still asked for; only items that
            # do not count toward any score are labelled optional
            optional=not it.get("required") and not it.get("scored", True),
            value=value,
            error=errors.get(link_id, ""),
            minimum=it.get("minimum"),
            maximum=it.get("maximum"),
            suggestion=evidence.get(link_id, ""),
        )
        if kind == "options":
            row.options = [
                Option(str(o["value"]), o.get("text") or str(o["value"]), value == str(o["value"]),
                       suggested.get(link_id) == str(o["value"]))
                for o in it.get("answers") or []
            ]
        elif kind == "scale":
            lo, hi = int(it["minimum"]), int(it["maximum"])
            row.options = [
                Option(str(v), str(v), value == str(v), suggested.get(link_id) == str(v))
                for v in range(lo, hi + 1)
            ]
        elif kind == "yesno":
            row.options = [
                Option("true", "Yes", value == "true", suggested.get(link_id) == "true"),
                Option("false", "No", value == "false", suggested.get(link_id) == "false"),
            ]
        rows.append(row)
    return rows


def n_questions(rows: list[Row]) -> int:
    return sum(1 for r in rows if r.kind != "display")
