"""``painscope medications``: checks on a person's stored medications.

``check`` lists interaction warnings from the curated rule set of
:mod:`painscope.diary.interactions` for the medications the person takes now.
"""

from __future__ import annotations

import argparse

from painscope.commands import add_json_flag, emit_json


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("medications", parents=[common], help="checks on a person's medications")
    msub = p.add_subparsers(dest="medications_command", metavar="SUBCOMMAND", required=True)
    c = msub.add_parser("check", parents=[common], help="interaction warnings for the medications taken now",
                        description="Warnings from a small curated rule set for pain medicines (each with its "
                                    "source). Not a complete interaction check: talk any warning over with a "
                                    "pharmacist or doctor, and do not stop a medicine on your own.")
    c.add_argument("--user", required=True, help="the person's username")
    add_json_flag(c)
    c.set_defaults(handler=_check)


def _check(args: argparse.Namespace) -> int:
    from painscope.commands.web import get_user, setup_django

    setup_django()
    from painscope.web.medications_check import interaction_check

    result = interaction_check(get_user(args.user))
    if args.json:
        emit_json(result.to_dict())
        return 0
    if not result.checked and not result.unchecked:
        print("No current medications are stored.")
        return 0
    if not result.warnings:
        print(f"No warnings for {', '.join(result.checked) or 'these medicines'} in painscope's list.")
    for w in result.warnings:
        print(f"[{w.severity}] {' + '.join(w.medications)}: {w.message}")
        print(f"    source: {w.source}")
    if result.warnings:
        print(result.warnings[0].advice)
    for m in result.unchecked:
        print(f"not checked: {m} (painscope does not know its class; a pharmacist can check it)")
    return 0
