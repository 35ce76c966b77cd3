"""Site text packs: licensed item text (and PROMIS conversion tables) supplied by the deploying site.

painscope ships item text only where the licence allows (tier A). For the other instruments a
site that holds a licence puts one JSON file per instrument in a folder named by the
``PAINSCOPE_TEXT_PACKS`` environment variable. :func:`load_text_packs` validates every file
against painscope's structure at start-up and raises :class:`TextPackError` naming the file
and field. Format (``docs/instruments.md``)::

    {
      "format": "painscope-text-pack/1",
      "instrument": "pcs",                 # a painscope instrument id
      "language": "en",
      "source": "PCS, Sullivan 1995, licensed from Mapi Research Trust, licence #...",
      "title": "...", "stem": "...",       # optional
      "order": ["pcs-1", ...],             # optional display order (all items, once each)
      "answers": [{"value": 0, "text": "..."}, ...],   # optional default answer labels
      "items": {"pcs-1": {"text": "...", "answers": [...], "anchors": {"0": "...", "10": "..."}}},
      "tscore_table": {"6": 41.0, ...},    # PROMIS only: T-score for every raw sum
      "tscore_table_version": "...", "tscore_table_source": "..."
    }

``answers`` list every possible value of the item, in display order, with the value painscope
scores (for PROMIS the item score printed on the official form, so reverse-keyed items list
5 ... 1).
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from painscope.instruments.errors import TextPackError, UnknownInstrumentError
from painscope.instruments.registry import get_instrument
from painscope.instruments.structure import Item, Structure

FORMAT = "painscope-text-pack/1"
ENV_VAR = "PAINSCOPE_TEXT_PACKS"
_TOP_KEYS = {
    "format", "instrument", "language", "source", "licence", "title", "stem", "order", "answers",
    "items", "tscore_table", "tscore_table_version", "tscore_table_source",
}  # fmt: skip
#: T-scores are standardised (mean 50, SD 10); PROMIS tables stay well inside 10-90.
T_RANGE = (10.0, 90.0)


@dataclass(frozen=True)
class PackItem:
    text: str | None
    answers: tuple[dict[str, Any], ...] = ()
    anchors: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class TextPack:
    """One validated instrument text pack."""

    instrument: str
    language: str
    source: str
    path: str
    sha256: str
    title: str | None
    stem: str | None
    order: tuple[str, ...]
    items: dict[str, PackItem]
    tscore_table: dict[int, float] | None = None
    tscore_table_version: str | None = None

    def answers_for(self, item: Item) -> list[dict[str, Any]]:
        """Answer labels of ``item`` in display order (``[]`` when the pack gives none)."""
        pi = self.items.get(item.link_id)
        rows = list(pi.answers) if pi and pi.answers else []
        if pi and pi.anchors and not rows:
            return [{"value": _num(k), "text": v, "anchor": True} for k, v in pi.anchors.items()]
        return rows


@dataclass(frozen=True)
class TextPacks:
    """All packs loaded from a folder, keyed by instrument id."""

    packs: dict[str, TextPack]
    folder: str | None = None

    def has(self, instrument_id: str) -> bool:
        return instrument_id in self.packs

    def get(self, instrument_id: str) -> TextPack | None:
        return self.packs.get(instrument_id)

    @property
    def tscore_tables(self) -> dict[str, dict[int, float]]:
        return {k: p.tscore_table for k, p in self.packs.items() if p.tscore_table}


def _num(text: str) -> int | float:
    v = float(text)
    return int(v) if v.is_integer() else v


def load_text_packs(path: str | os.PathLike[str] | None = None) -> TextPacks:
    """Load and validate every ``*.json`` text pack in ``path`` (default ``$PAINSCOPE_TEXT_PACKS``).

    Returns an empty :class:`TextPacks` when no path is given and the variable is unset.

    Raises
    ------
    TextPackError
        When the folder is missing, a file is not valid JSON, names an unknown instrument,
        duplicates another pack, or does not match the instrument's structure (unknown or
        missing item, wrong answer values, bad display order, incomplete T-score table).
    """
    if path is None:
        path = os.environ.get(ENV_VAR) or None
        if path is None:
            return TextPacks({}, None)
    folder = Path(path)
    if not folder.is_dir():
        raise TextPackError(f"text-pack folder {folder} does not exist (set {ENV_VAR} to a folder)")
    packs: dict[str, TextPack] = {}
    for file in sorted(folder.glob("*.json")):
        pack = load_text_pack_file(file)
        if pack.instrument in packs:
            raise TextPackError(
                f"{file.name}: a second text pack for {pack.instrument} "
                f"(already loaded from {Path(packs[pack.instrument].path).name})"
            )
        packs[pack.instrument] = pack
    return TextPacks(packs, str(folder))


def load_text_pack_file(file: str | os.PathLike[str]) -> TextPack:
    """Load and validate one text-pack file."""
    file = Path(file)
    raw = file.read_bytes()
    try:
        doc = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise TextPackError(f"{file.name}: not valid UTF-8 JSON ({exc})") from exc
    return validate_text_pack(
        doc, name=file.name, path=str(file), sha256=hashlib.sha256(raw).hexdigest()
    )


def validate_text_pack(
    doc: Any, *, name: str = "<pack>", path: str = "", sha256: str = ""
) -> TextPack:
    """Validate a parsed text pack against painscope's structure of its instrument."""

    def fail(msg: str) -> TextPackError:
        return TextPackError(f"{name}: {msg}")

    if not isinstance(doc, Mapping):
        raise fail("must be a JSON object")
    if doc.get("format") != FORMAT:
        raise fail(f"'format' must be {FORMAT!r} (got {doc.get('format')!r})")
    extra = set(doc) - _TOP_KEYS
    if extra:
        raise fail(f"unknown field {sorted(extra)[0]!r}")
    iid = doc.get("instrument")
    try:
        structure = get_instrument(str(iid)).structure
    except UnknownInstrumentError as exc:
        raise fail(str(exc)) from exc
    for key in ("language", "source"):
        if not isinstance(doc.get(key), str) or not doc[key].strip():
            raise fail(f"'{key}' is required (a non-empty string)")
    items_doc = doc.get("items")
    if not isinstance(items_doc, Mapping):
        raise fail("'items' must be an object keyed by linkId")
    known = {it.link_id: it for it in structure.items}
    for key in items_doc:
        if key not in known:
            raise fail(
                f"item '{key}' is not an item of {iid} (expected {structure.link_ids[0]} ...)"
            )
    default_answers = doc.get("answers")
    items: dict[str, PackItem] = {}
    for link_id, it in known.items():
        entry = items_doc.get(link_id)
        if entry is None:
            if it.scored:
                raise fail(f"item '{link_id}' is missing: every scored item needs its text")
            continue
        if not isinstance(entry, Mapping):
            raise fail(f"items.{link_id} must be an object with 'text'")
        bad = set(entry) - {"text", "answers", "anchors"}
        if bad:
            raise fail(f"items.{link_id}: unknown field {sorted(bad)[0]!r}")
        text = entry.get("text")
        if not isinstance(text, str) or not text.strip():
            raise fail(f"items.{link_id}.text must be a non-empty string")
        answers = entry.get(
            "answers", default_answers if it.type in ("integer", "choice") else None
        )
        checked = _check_answers(it, answers, fail) if answers is not None else ()
        anchors = entry.get("anchors", {})
        if not isinstance(anchors, Mapping) or any(
            not isinstance(v, str) or not _in_range(it, k) for k, v in anchors.items()
        ):
            raise fail(f"items.{link_id}.anchors must map values within the item's range to labels")
        items[link_id] = PackItem(text, checked, dict(anchors))
    order = doc.get("order")
    if order is not None and (not isinstance(order, list) or sorted(order) != sorted(known)):
        raise fail(f"'order' must list every linkId of {iid} exactly once")
    table, version = _check_table(structure, doc, fail)
    return TextPack(
        instrument=structure.id,
        language=doc["language"],
        source=doc["source"],
        path=path,
        sha256=sha256,
        title=doc.get("title"),
        stem=doc.get("stem"),
        order=tuple(order or ()),
        items=items,
        tscore_table=table,
        tscore_table_version=version,
    )


def _in_range(item: Item, key: Any) -> bool:
    try:
        v = float(key)
    except (TypeError, ValueError):
        return False
    return (item.minimum is None or v >= item.minimum) and (
        item.maximum is None or v <= item.maximum
    )


def _check_answers(item: Item, answers: Any, fail: Any) -> tuple[dict[str, Any], ...]:
    where = f"answers of {item.link_id}"
    if not isinstance(answers, list) or not all(
        isinstance(a, Mapping) and set(a) == {"value", "text"} and isinstance(a["text"], str)
        for a in answers
    ):
        raise fail(f"{where} must be a list of {{'value', 'text'}} objects")
    values = [a["value"] for a in answers]
    if item.type == "integer":
        expected = list(range(int(item.minimum), int(item.maximum) + 1))
        if sorted(values) != expected or any(isinstance(v, bool) for v in values):
            raise fail(
                f"{where} must list each value {expected[0]}..{expected[-1]} exactly once (got {values})"
            )
        return tuple({"value": a["value"], "text": a["text"]} for a in answers)
    if item.type == "choice":
        rows = []
        seen = set()
        for a in answers:
            opt = (
                item.option_for(a["value"])
                if isinstance(a["value"], str)
                else next(
                    (o for o in item.options if o.ordinal is not None and o.ordinal == a["value"]),
                    None,
                )
            )
            if opt is None or opt.code in seen:
                raise fail(
                    f"{where}: value {a['value']!r} is not an answer option (or is repeated)"
                )
            seen.add(opt.code)
            value = opt.code if opt.ordinal is None else _num(str(opt.ordinal))
            rows.append({"value": value, "code": opt.code, "text": a["text"]})
        if len(seen) != len(item.options):
            raise fail(
                f"{where} must label every option ({', '.join(o.code for o in item.options)})"
            )
        return tuple(rows)
    raise fail(f"{where}: answers are only allowed for integer and choice items")


def _check_table(
    structure: Structure, doc: Mapping[str, Any], fail: Any
) -> tuple[dict[int, float] | None, str | None]:
    table = doc.get("tscore_table")
    if table is None:
        return None, None
    if not structure.id.startswith("promis-"):
        raise fail("'tscore_table' is only allowed for PROMIS short forms")
    for key in ("tscore_table_version", "tscore_table_source"):
        if not isinstance(doc.get(key), str) or not doc[key].strip():
            raise fail(f"'{key}' is required with a tscore_table (which manual, which version)")
    scored = [it for it in structure.items if it.scored]
    lo = int(sum(it.minimum for it in scored))
    hi = int(sum(it.maximum for it in scored))
    if not isinstance(table, Mapping):
        raise fail("'tscore_table' must map raw sums to T-scores")
    try:
        parsed = {int(k): float(v) for k, v in table.items()}
    except (TypeError, ValueError) as exc:
        raise fail("'tscore_table' keys must be raw sums and values numbers") from exc
    if sorted(parsed) != list(range(lo, hi + 1)):
        raise fail(f"'tscore_table' must give a T-score for every raw sum {lo}..{hi}")
    if any(not T_RANGE[0] <= v <= T_RANGE[1] for v in parsed.values()):
        raise fail(
            f"'tscore_table' values must be T-scores between {T_RANGE[0]:g} and {T_RANGE[1]:g}"
        )
    ordered = [parsed[k] for k in range(lo, hi + 1)]
    if any(b < a for a, b in itertools.pairwise(ordered)):
        raise fail("'tscore_table' T-scores must not decrease as the raw sum increases")
    return parsed, doc["tscore_table_version"]
