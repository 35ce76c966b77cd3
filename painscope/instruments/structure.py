"""Instrument structure read from the FHIR R4 Questionnaire files in ``questionnaires/``.

The Questionnaire JSON is the single definition of an instrument's items: linkIds, answer
types, ranges (``minValue``/``maxValue`` extensions), answer codes with their scores
(``ordinalValue`` extension on the answer Coding), LOINC codes and whether an item is scored.
This module turns it into small frozen dataclasses and validates answer sets against it.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from painscope.instruments.errors import AnswerError, UnknownInstrumentError

MIN_URL = "http://hl7.org/fhir/StructureDefinition/minValue"
MAX_URL = "http://hl7.org/fhir/StructureDefinition/maxValue"
ORDINAL_URL = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
TIER_URL = "http://painscope.org/fhir/StructureDefinition/licence-tier"
SHIPPED_URL = "http://painscope.org/fhir/StructureDefinition/item-text-shipped"
SCORED_URL = "http://painscope.org/fhir/StructureDefinition/scored-item"
LOINC = "http://loinc.org"

_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)(:[0-5]\d)?$")


@dataclass(frozen=True)
class Option:
    """One answer option of a choice item: its code, display (if shipped) and score."""

    system: str
    code: str
    display: str | None
    ordinal: float | None


@dataclass(frozen=True)
class Item:
    """One answerable item of an instrument."""

    link_id: str
    prefix: str
    type: str  # integer | decimal | boolean | choice | time | string
    required: bool
    scored: bool
    text: str | None
    minimum: float | None
    maximum: float | None
    options: tuple[Option, ...]
    codes: tuple[tuple[str, str], ...]  # (system, code)

    @property
    def loinc(self) -> str | None:
        return next((c for s, c in self.codes if s == LOINC), None)

    def option_for(self, code: str) -> Option | None:
        return next((o for o in self.options if o.code == code), None)


@dataclass(frozen=True)
class Structure:
    """An instrument's Questionnaire, parsed."""

    id: str
    title: str
    version: str
    url: str
    tier: str
    text_shipped: bool
    copyright: str
    description: str
    panel_loinc: str | None
    items: tuple[Item, ...]
    stem: str | None
    questionnaire: dict[str, Any]

    @property
    def link_ids(self) -> tuple[str, ...]:
        return tuple(i.link_id for i in self.items)

    def item(self, link_id: str) -> Item:
        for it in self.items:
            if it.link_id == link_id:
                return it
        raise KeyError(link_id)


def _ext(element: Mapping[str, Any], url: str) -> Any:
    for ext in element.get("extension", ()):
        if ext.get("url") == url:
            return next(v for k, v in ext.items() if k.startswith("value"))
    return None


def parse_questionnaire(q: Mapping[str, Any]) -> Structure:
    """Parse a painscope Questionnaire (dict) into a :class:`Structure`."""
    items: list[Item] = []
    stem = None
    for raw in q.get("item", ()):
        if raw["type"] == "display":
            stem = raw.get("text")
            continue
        options = tuple(
            Option(
                system=o["valueCoding"].get("system", ""),
                code=o["valueCoding"]["code"],
                display=o["valueCoding"].get("display"),
                ordinal=_ext(o["valueCoding"], ORDINAL_URL),
            )
            for o in raw.get("answerOption", ())
        )
        scored = _ext(raw, SCORED_URL)
        items.append(
            Item(
                link_id=raw["linkId"],
                prefix=raw.get("prefix", raw["linkId"].rsplit("-", 1)[-1]),
                type=raw["type"],
                required=bool(raw.get("required", False)),
                scored=scored is not False,
                text=raw.get("text"),
                minimum=_ext(raw, MIN_URL),
                maximum=_ext(raw, MAX_URL),
                options=options,
                codes=tuple((c.get("system", ""), c["code"]) for c in raw.get("code", ())),
            )
        )
    panel = next((c["code"] for c in q.get("code", ()) if c.get("system") == LOINC), None)
    return Structure(
        id=q["id"],
        title=q.get("title", q["id"]),
        version=q.get("version", ""),
        url=q["url"],
        tier=_ext(q, TIER_URL) or "C",
        text_shipped=bool(_ext(q, SHIPPED_URL)),
        copyright=q.get("copyright", ""),
        description=q.get("description", ""),
        panel_loinc=panel,
        items=tuple(items),
        stem=stem,
        questionnaire=dict(q),
    )


@cache
def _questionnaire_files() -> dict[str, str]:
    folder = resources.files("painscope.instruments") / "questionnaires"
    return {
        p.name.removesuffix(".json"): p.read_text(encoding="utf-8")
        for p in folder.iterdir()
        if p.name.endswith(".json")
    }


def questionnaire_ids() -> tuple[str, ...]:
    """Ids of all Questionnaire files shipped in the package."""
    return tuple(sorted(_questionnaire_files()))


@cache
def load_structure(instrument_id: str) -> Structure:
    """The parsed Questionnaire of ``instrument_id`` (cached)."""
    files = _questionnaire_files()
    if instrument_id not in files:
        raise UnknownInstrumentError(
            f"unknown instrument '{instrument_id}'; known: {', '.join(sorted(files))}"
        )
    return parse_questionnaire(json.loads(files[instrument_id]))


def load_questionnaire(instrument_id: str) -> dict[str, Any]:
    """A fresh copy of the FHIR Questionnaire (dict) of ``instrument_id``."""
    load_structure(instrument_id)  # raises the friendly error for unknown ids
    return json.loads(_questionnaire_files()[instrument_id])


def _describe_range(item: Item) -> str:
    if item.type == "choice":
        codes = [o.code for o in item.options]
        ords = [o.ordinal for o in item.options if o.ordinal is not None]
        text = "one of " + ", ".join(codes)
        if len(ords) == len(codes) and len(set(ords)) == len(ords):
            text += " (or its score " + ", ".join(_fmt(v) for v in ords) + ")"
        return text
    if item.type in ("integer", "decimal"):
        kind = "a whole number" if item.type == "integer" else "a number"
        return f"{kind} from {_fmt(item.minimum)} to {_fmt(item.maximum)}"
    if item.type == "boolean":
        return "true or false (or 1 / 0)"
    if item.type == "time":
        return "a time of day as HH:MM"
    return "text"


def _number(v: float) -> int | float:
    return int(v) if float(v).is_integer() else float(v)


def _fmt(v: float | None) -> str:
    if v is None:
        return "?"
    return str(int(v)) if float(v).is_integer() else str(v)


@dataclass(frozen=True)
class Answer:
    """A validated answer: the value used for scoring and, for choice items, the option."""

    value: Any
    option: Option | None = None


def validate_answers(structure: Structure, answers: Any) -> dict[str, Answer]:
    """Check an answer set against the structure and normalise it.

    Parameters
    ----------
    structure : Structure
        The instrument.
    answers : Mapping[str, Any]
        Answers keyed by linkId. ``None`` means "not answered". Choice items take the answer
        code or, where scores are unique, the score; boolean items take ``true``/``false``
        or ``1``/``0``.

    Returns
    -------
    dict[str, Answer]
        Answered items only, keyed by linkId; ``Answer.value`` is the item's score for
        choice items with scores, the number for numeric items, ``bool`` for boolean items.

    Raises
    ------
    AnswerError
        For anything that is not a mapping, an unknown linkId, a wrong type or a value out of
        range; the message names the item. Missing items are checked by the scoring rule.
    """
    if not isinstance(answers, Mapping):
        raise AnswerError(
            f"answers for {structure.id} must be an object keyed by linkId "
            f"(got {type(answers).__name__})"
        )
    known = {it.link_id: it for it in structure.items}
    out: dict[str, Answer] = {}
    for key, value in answers.items():
        if key not in known:
            raise AnswerError(
                f"unknown item '{key}' for {structure.id}; expected linkIds "
                f"{structure.link_ids[0]} ... {structure.link_ids[-1]}",
                link_id=str(key),
            )
        if value is None:
            continue
        out[key] = _validate_one(structure.id, known[key], value)
    return out


def _bad(instrument_id: str, item: Item, value: Any) -> AnswerError:
    return AnswerError(
        f"{instrument_id} item {item.link_id} must be {_describe_range(item)} (got {value!r})",
        link_id=item.link_id,
    )


def _validate_one(instrument_id: str, item: Item, value: Any) -> Answer:
    t = item.type
    if t == "boolean":
        if isinstance(value, bool):
            return Answer(value)
        if isinstance(value, int) and value in (0, 1):
            return Answer(bool(value))
        raise _bad(instrument_id, item, value)
    if t in ("integer", "decimal"):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise _bad(instrument_id, item, value)
        if isinstance(value, float) and not math.isfinite(value):
            raise _bad(instrument_id, item, value)
        if t == "integer":
            if isinstance(value, float):
                if not value.is_integer():
                    raise _bad(instrument_id, item, value)
                value = int(value)
        else:
            value = float(value)
        if (item.minimum is not None and value < item.minimum) or (
            item.maximum is not None and value > item.maximum
        ):
            raise _bad(instrument_id, item, value)
        return Answer(value)
    if t == "choice":
        if isinstance(value, str):
            opt = item.option_for(value)
            if opt is None:
                raise _bad(instrument_id, item, value)
            return Answer(_number(opt.ordinal) if opt.ordinal is not None else opt.code, opt)
        if isinstance(value, int | float) and not isinstance(value, bool):
            matches = [o for o in item.options if o.ordinal is not None and o.ordinal == value]
            ords = [o.ordinal for o in item.options if o.ordinal is not None]
            if len(matches) == 1 and len(set(ords)) == len(ords):
                return Answer(_number(matches[0].ordinal), matches[0])
        raise _bad(instrument_id, item, value)
    if t == "time":
        if isinstance(value, str) and _TIME.match(value):
            return Answer(value[:5])
        raise _bad(instrument_id, item, value)
    if t == "string":
        if isinstance(value, str):
            return Answer(value)
        raise _bad(instrument_id, item, value)
    raise AnswerError(
        f"{instrument_id} item {item.link_id} has unsupported type {t}"
    )  # pragma: no cover
