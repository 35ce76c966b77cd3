"""``painscope`` commands of the instruments group: ``instruments``, ``score``, ``criteria``."""

from __future__ import annotations

import argparse
import os
from typing import Any

from painscope.commands import CommandError, add_json_flag, emit_json, read_json_argument

CRITERIA_NAMES = ("acr2016", "acr2010", "acr2011", "nociplastic", "neupsig")


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add ``instruments``, ``score`` and ``criteria`` to the CLI."""
    p = sub.add_parser(
        "instruments",
        parents=[common],
        help="list the questionnaires painscope can score",
        description="Questionnaires painscope can score, with licence tier and text availability.",
    )
    isub = p.add_subparsers(dest="instruments_command", metavar="ACTION", required=True)
    lp = isub.add_parser("list", parents=[common], help="list instruments")
    add_json_flag(lp)
    _add_text_packs(lp)
    lp.set_defaults(handler=_list)

    sp = sub.add_parser(
        "score",
        parents=[common],
        help="score one questionnaire administration",
        description="Score answers keyed by linkId (e.g. phq9-1 ... phq9-9). Item text is not needed.",
    )
    sp.add_argument(
        "instrument", metavar="ID", help="instrument id (see `painscope instruments list`)"
    )
    sp.add_argument(
        "--answers", required=True, metavar="JSON|@FILE", help="answers keyed by linkId"
    )
    sp.add_argument(
        "--previous",
        metavar="JSON|@FILE",
        help="a previous result (its JSON) or total, for the meaningful-change flag",
    )
    sp.add_argument(
        "--strict", action="store_true", help="require every scored item (no prorating)"
    )
    sp.add_argument(
        "--crisis-contact",
        action="append",
        default=None,
        metavar="TEXT",
        help="crisis contact shown in safety flags (repeatable; default $PAINSCOPE_CRISIS_CONTACTS, "
        "separated by ';'; without either, a generic text: call your local emergency number or a "
        "crisis line such as 988 (US) or 116 123 (Samaritans, UK and Ireland))",
    )
    _add_text_packs(sp)
    add_json_flag(sp)
    sp.set_defaults(handler=_score)

    cp = sub.add_parser(
        "criteria",
        parents=[common],
        help="evaluate clinical criteria (ACR fibromyalgia, IASP nociplastic, NeuPSIG)",
        description="Evaluate ACR 2016/2010/2011 fibromyalgia criteria, IASP 2021 nociplastic "
        "grading or NeuPSIG neuropathic grading. See docs/instruments.md for the input fields.",
    )
    cp.add_argument("name", choices=CRITERIA_NAMES, metavar="NAME", help=" | ".join(CRITERIA_NAMES))
    cp.add_argument("--input", required=True, metavar="JSON|@FILE", help="criteria input")
    add_json_flag(cp)
    cp.set_defaults(handler=_criteria)


def _add_text_packs(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--text-packs",
        metavar="DIR",
        default=None,
        help="site text-pack folder (default $PAINSCOPE_TEXT_PACKS)",
    )


def _text_packs(args: argparse.Namespace) -> Any:
    path = args.text_packs or os.environ.get("PAINSCOPE_TEXT_PACKS")
    if not path:
        return None
    from painscope.instruments.errors import TextPackError
    from painscope.instruments.textpacks import load_text_packs

    try:
        return load_text_packs(path)
    except TextPackError as exc:
        raise CommandError(f"text packs: {exc}") from exc


def _list(args: argparse.Namespace) -> int:
    from painscope.instruments import list_instruments

    rows = list_instruments(_text_packs(args))
    if args.json:
        emit_json({"instruments": rows})
        return 0
    print(f"{'id':<20} {'tier':<5} {'text':<6} {'items':>5}  title")
    for r in rows:
        text = "yes" if r["text_available"] else "no"
        print(f"{r['id']:<20} {r['tier']:<5} {text:<6} {r['n_items']:>5}  {r['title']}")
    return 0


def _score(args: argparse.Namespace) -> int:
    from painscope.instruments import InstrumentError, score

    answers = read_json_argument(args.answers, "--answers")
    previous = read_json_argument(args.previous, "--previous") if args.previous else None
    contacts = args.crisis_contact
    if contacts is None:
        env = os.environ.get("PAINSCOPE_CRISIS_CONTACTS", "")
        contacts = [c.strip() for c in env.split(";") if c.strip()]
    try:
        result = score(
            args.instrument,
            answers,
            previous,
            strict=args.strict,
            crisis_contacts=contacts,
            text_packs=_text_packs(args),
        )
    except InstrumentError as exc:
        raise CommandError(str(exc)) from exc
    doc = result.to_dict()
    if args.json:
        emit_json(doc)
        return 0
    print(
        f"{doc['instrument']}: total {_fmt(doc['total'])}"
        + (f" ({doc['band']})" if doc["band"] else "")
    )
    for name, value in doc["subscales"].items():
        print(f"  {name}: {_fmt(value)}")
    for flag in doc["flags"]:
        print(f"  [{flag['level']}] {flag['code']}: {flag['message']}")
    if doc["missing"].get("items"):
        print(f"  missing: {', '.join(doc['missing']['items'])} - {doc['missing']['rule']}")
    return 0


def _fmt(value: Any) -> str:
    # human display only: --json keeps the unrounded means
    return f"{value:.4g}" if isinstance(value, float) else str(value)


def _criteria(args: argparse.Namespace) -> int:
    from painscope.instruments import InstrumentError, evaluate_criteria

    data = read_json_argument(args.input, "--input")
    try:
        result = evaluate_criteria(args.name, data)
    except InstrumentError as exc:
        raise CommandError(str(exc)) from exc
    if args.json:
        emit_json(result)
        return 0
    headline = result.get("label") or f"grade: {result.get('grade')}"
    print(f"{args.name}: {headline}")
    for key in ("wpi", "sss", "fs", "regions_with_pain", "generalized_pain"):
        if key in result:
            print(f"  {key}: {result[key]}")
    for reason in result["reasons"]:
        print(f"  - {reason}")
    return 0
