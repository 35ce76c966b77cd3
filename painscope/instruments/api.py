"""The compact public API the CLI and the web layer call."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from painscope.instruments._common import ScoringContext, change_flag
from painscope.instruments.errors import AnswerError, InstrumentError, TextUnavailableError
from painscope.instruments.registry import Instrument, get_instrument, instrument_ids
from painscope.instruments.result import Flag, ScoreResult
from painscope.instruments.structure import load_structure, validate_answers

if TYPE_CHECKING:
    from painscope.instruments.textpacks import TextPacks

TIER_MEANING = {
    "A": "item text and scoring shipped",
    "B": "free to use; item text needs the developers' written permission (site text pack)",
    "C": "licence or fee: scoring only; item text from the site's licensed text pack",
}


def list_instruments(text_packs: TextPacks | None = None) -> list[dict[str, Any]]:
    """All scorable instruments with licence tier and whether item text is available.

    Parameters
    ----------
    text_packs : TextPacks, optional
        Loaded site text packs (:func:`painscope.instruments.load_text_packs`).

    Returns
    -------
    list of dict
        ``id``, ``title``, ``version``, ``tier``, ``tier_meaning``, ``text_shipped``,
        ``text_available``, ``n_items`` (scored items), ``n_questions`` (every item a form
        asks, scored or not: PHQ-9 asks 10, its 10th being the unscored difficulty item),
        ``loinc`` (panel code or ``None``), ``mcid``, ``higher_is_better`` (direction of
        improvement, e.g. for trend arrows).
    """
    out = []
    for iid in instrument_ids():
        inst = get_instrument(iid)
        s = inst.structure
        in_pack = text_packs is not None and text_packs.has(iid)
        mcid = inst.mcid
        out.append(
            {
                "id": iid,
                "title": s.title,
                "version": s.version,
                "tier": s.tier,
                "tier_meaning": TIER_MEANING[s.tier],
                "text_shipped": s.text_shipped,
                "text_available": s.text_shipped or in_pack,
                "n_items": sum(1 for it in s.items if it.scored),
                "n_questions": sum(1 for it in s.items if it.type != "display"),
                "loinc": s.panel_loinc,
                "mcid": None
                if mcid is None
                else {"value": mcid.value, "kind": mcid.kind, "source": mcid.source},
                "higher_is_better": bool(getattr(inst.module, "HIGHER_IS_BETTER", False)),
            }
        )
    return out


def score(
    instrument_id: str,
    answers: Mapping[str, Any],
    previous: ScoreResult | Mapping[str, Any] | float | None = None,
    *,
    strict: bool = False,
    crisis_contacts: Iterable[str] = (),
    text_packs: TextPacks | None = None,
    fiqr_bands: str = "salaffi2020",
) -> ScoreResult:
    """Validate and score one administration.

    Parameters
    ----------
    instrument_id : str
        E.g. ``"phq9"``.
    answers : Mapping[str, Any]
        Answers keyed by linkId (``phq9-1`` ...). Text is not needed, also for text-pack
        instruments.
    previous : ScoreResult or its ``to_dict()`` or a number, optional
        The previous administration; adds a meaningful-change flag where the instrument has an
        MCID.
    strict : bool
        Require every scored item (disables the project's prorating conventions).
    crisis_contacts : iterable of str
        The site's crisis contacts for safety flags.
    text_packs : TextPacks, optional
        Supplies PROMIS raw-score → T-score tables.
    fiqr_bands : str
        ``"salaffi2020"`` (default) or ``"salaffi2018"``.

    Raises
    ------
    UnknownInstrumentError, AnswerError
        Both ``ValueError`` subclasses with a message naming the instrument / item.
    """
    inst: Instrument = get_instrument(instrument_id)
    validated = validate_answers(inst.structure, answers)
    values = {k: a.value for k, a in validated.items()}
    context = ScoringContext(
        crisis_contacts=tuple(crisis_contacts),
        tscore_tables=None if text_packs is None else text_packs.tscore_tables,
        fiqr_bands=fiqr_bands,
    )
    result = inst.scorer(values, strict=strict, context=context, **inst.options)
    flag = meaningful_change(result, previous)
    return result.with_flags(flag) if flag else result


def missing_answers(
    instrument_id: str,
    answers: Mapping[str, Any],
    *,
    strict: bool = False,
    text_packs: TextPacks | None = None,
) -> list[str]:
    """EVERY unanswered item that must be answered before ``answers`` can be scored.

    Scoring stops at the first rule that fails (e.g. the first subscale with too many
    missing items), so this asks again with the items already found filled in by a
    placeholder, until the set scores or no new missing item turns up. The placeholders are
    never scored or stored; only the list of linkIds is returned, in item order. Answers that
    are themselves invalid count as unanswered here (the caller reports them separately).

    Returns
    -------
    list of str
        LinkIds, empty when nothing more is needed (or the instrument cannot say).
    """
    inst: Instrument = get_instrument(instrument_id)
    by_id = {it.link_id: it for it in inst.structure.items}
    trial: dict[str, Any] = {}
    for key, value in answers.items():
        if key not in by_id or value is None:
            continue
        try:
            validate_answers(inst.structure, {key: value})
        except AnswerError:
            continue
        trial[key] = value
    found: list[str] = []
    for _ in range(len(by_id) + 1):  # each round finds at least one new item or stops
        try:
            score(instrument_id, trial, strict=strict, text_packs=text_packs)
        except AnswerError as exc:
            new = [k for k in exc.missing or ((exc.link_id,) if exc.link_id else ()) if k not in found]
            new = [k for k in new if k in by_id and trial.get(k) is None]
            if not new:
                break
            found += new
            for k in new:
                trial[k] = _placeholder(by_id[k])
        except InstrumentError:
            break
        else:
            break
    order = {it.link_id: i for i, it in enumerate(inst.structure.items)}
    return sorted(found, key=lambda k: order.get(k, len(order)))


def _placeholder(item: Any) -> Any:
    """Any valid answer for ``item`` (used only to look past the first missing-data rule)."""
    if item.type == "choice" and item.options:
        return item.options[0].code
    if item.type == "boolean":
        return False
    if item.type in ("integer", "decimal"):
        return item.minimum if item.minimum is not None else 0
    return None


def items_for_display(
    instrument_id: str, text_packs: TextPacks | None = None
) -> list[dict[str, Any]]:
    """Items with their text and answer options, ready for a form.

    Works for the scored instruments and for the clinician forms (``iasp-nociplastic``,
    ``neupsig``). Shipped text (Tier A) is used unless a text pack for the instrument is loaded (e.g. a
    translation); Tier B/C instruments need a text pack. Items are returned in the pack's
    display order when it gives one (ISI versions differ in item order).

    Returns
    -------
    list of dict
        ``link_id``, ``prefix``, ``text``, ``type``, ``required``, ``scored``, ``minimum``,
        ``maximum`` and ``answers`` (list of ``{"value", "text"}`` in display order).

    Raises
    ------
    TextUnavailableError
        When neither shipped text nor a text pack is available.
    """
    s = load_structure(instrument_id)
    pack = text_packs.get(instrument_id) if text_packs is not None else None
    if pack is None and not s.text_shipped:
        raise TextUnavailableError(
            f"{instrument_id} item text is not shipped with painscope (licence tier {s.tier}); "
            f"the site must supply it in a text pack (PAINSCOPE_TEXT_PACKS)"
        )
    order = list(pack.order) if pack is not None and pack.order else [it.link_id for it in s.items]
    rows = []
    for link_id in order:
        it = s.item(link_id)
        shipped = [
            {
                "value": o.code if o.ordinal is None else _num(o.ordinal),
                "code": o.code,
                "text": o.display,
            }
            for o in it.options
        ]
        if pack is not None:
            text = pack.items[link_id].text if link_id in pack.items else None
            # a pack without answer labels keeps the shipped ones (tier A translations)
            answers = pack.answers_for(it) or (shipped if s.text_shipped else [])
        else:
            text = it.text
            answers = shipped
        rows.append(
            {
                "link_id": link_id,
                "prefix": it.prefix,
                "text": text,
                "type": it.type,
                "required": it.required,
                "scored": it.scored,
                "minimum": it.minimum,
                "maximum": it.maximum,
                "answers": answers,
            }
        )
    stem = pack.stem if pack is not None else s.stem
    if stem:
        rows.insert(0, {"link_id": f"{instrument_id}-stem", "type": "display", "text": stem})
    return rows


def _num(v: float) -> int | float:
    return int(v) if float(v).is_integer() else v


def meaningful_change(
    current: ScoreResult, previous: ScoreResult | Mapping[str, Any] | float | None
) -> Flag | None:
    """The meaningful-change flag of ``current`` against a previous administration.

    Uses the instrument's MCID and its source (see ``list_instruments()[...]["mcid"]``);
    returns ``None`` when the instrument has no MCID or either total is missing. Flag codes:
    ``meaningful-improvement``, ``meaningful-worsening``, ``change-below-mcid``.
    """
    return change_flag(current, previous, get_instrument(current.instrument).mcid)
