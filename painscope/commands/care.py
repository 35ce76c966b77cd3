"""``painscope share`` (invite, accept, revoke, list) and ``painscope audit``.

Thin: every handler calls :mod:`painscope.web.care.services`, never a view. Accesses made
from here are written to the audit log with the route "cli".
"""

from __future__ import annotations

import argparse
import sys

from painscope.commands import CommandError, add_json_flag, emit_json


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("share", parents=[common], help="share your data with a clinician (invite codes, revoke, list)")
    ssub = p.add_subparsers(dest="share_command", metavar="ACTION", required=True)

    s = ssub.add_parser("invite", parents=[common], help="make a one-time code a clinician uses to see some of your data")
    s.add_argument("--user", required=True, help="the patient's username")
    s.add_argument("--scope", required=True,
                   help="comma-separated kinds: diary, medications, questionnaires, wearables, insights, notes")
    s.add_argument("--days", type=int, default=30, help="the share (and the code) ends after this many days (default 30)")
    add_json_flag(s)
    s.set_defaults(handler=invite)

    s = ssub.add_parser("accept", parents=[common], help="accept a patient's code (clinician accounts)")
    s.add_argument("--user", required=True, help="the clinician's username")
    s.add_argument("code", help="the code the patient gave you, e.g. ABCD-EFGH-JKMN")
    add_json_flag(s)
    s.set_defaults(handler=accept)

    s = ssub.add_parser("revoke", parents=[common], help="end your shares with a clinician, from the next request on")
    s.add_argument("--user", required=True, help="the patient's username")
    s.add_argument("--clinician", required=True, help="the clinician's username")
    add_json_flag(s)
    s.set_defaults(handler=revoke)

    s = ssub.add_parser("list", parents=[common], help="list a person's shares (given, or received by a clinician)")
    s.add_argument("--user", required=True)
    add_json_flag(s)
    s.set_defaults(handler=list_shares)

    p = sub.add_parser("audit", parents=[common], help="who saw a person's data, when and through which route")
    p.add_argument("--user", required=True, help="the patient's username")
    p.add_argument("--csv", action="store_true", help="print the log as CSV instead of a table")
    add_json_flag(p)
    p.set_defaults(handler=audit)


def _setup():
    from painscope.commands.web import setup_django

    setup_django()
    from painscope.web.care import services

    return services


def _user(services, username: str):
    try:
        return services.user_by_name(username)
    except services.CareError as exc:
        raise CommandError(f"{exc} (create one with: painscope user create {username})") from None


def invite(args: argparse.Namespace) -> int:
    services = _setup()
    patient = _user(services, args.user)
    try:
        share, code = services.invite(patient, args.scope, days=args.days)
    except services.CareError as exc:
        raise CommandError(f"--{exc.field}: {exc}" if exc.field in ("scope", "days") else str(exc)) from None
    if args.json:
        emit_json({"code": code, **services.share_json(share)})
    else:
        print(code)
        print(f"give this code to your clinician; it works once, until {share.ends:%Y-%m-%d %H:%M} UTC "
              f"(sharing: {', '.join(share.scope)})", file=sys.stderr)
    return 0


def accept(args: argparse.Namespace) -> int:
    services = _setup()
    clinician = _user(services, args.user)
    try:
        share = services.accept(clinician, args.code)
    except services.CareError as exc:
        raise CommandError(str(exc)) from None
    doc = {**services.share_json(share), "patient": share.patient.username, "patient_id": share.patient_id}
    if args.json:
        emit_json(doc)
    else:
        print(f"{share.patient.username} shares {', '.join(share.scope)} with you until {share.ends:%Y-%m-%d %H:%M} UTC")
    return 0


def revoke(args: argparse.Namespace) -> int:
    services = _setup()
    patient = _user(services, args.user)
    try:
        n = services.revoke(patient, clinician_username=args.clinician)
    except services.CareError as exc:
        raise CommandError(str(exc)) from None
    if args.json:
        emit_json({"revoked": n, "clinician": args.clinician})
    else:
        print(f"ended {n} share{'s' if n != 1 else ''} with {args.clinician}", file=sys.stderr)
    return 0


def list_shares(args: argparse.Namespace) -> int:
    services = _setup()
    user = _user(services, args.user)
    from painscope.web.care.models import Share

    if services.is_clinician(user):
        rows = Share.objects.filter(clinician=user).select_related("patient", "clinician")
    else:
        rows = services.shares_of(user).select_related("patient")
    items = [{**services.share_json(s), "patient": s.patient.username} for s in rows]
    if args.json:
        emit_json({"shares": items})
        return 0
    if not items:
        print("no shares", file=sys.stderr)
    for it in items:
        who = it["clinician"] or "(code not used yet)"
        print(f"{it['id']:>5}  {it['state']:<8} {it['patient']} → {who}  {','.join(it['scope'])}  until {it['ends'][:16]}")
    return 0


def audit(args: argparse.Namespace) -> int:
    services = _setup()
    patient = _user(services, args.user)
    if args.json:
        emit_json(services.audit_document(patient))
        return 0
    if args.csv:
        sys.stdout.write(services.audit_csv(patient))
        return 0
    events = services.audit_document(patient)["events"]
    if not events:
        print("nobody else has seen or asked for this person's data", file=sys.stderr)
    for e in events:
        print(f"{e['at'][:19]}  {e['actor']:<16} {e['action']:<14} {e['object']:<15} {e['outcome']:<8} {e['route']}")
    return 0
