"""``painscope user`` actions for running accounts: password, token, delete.

(``painscope user create`` lives with the other store commands in ``commands/web.py``; the
``user`` group is created there and hands its sub-parsers to :func:`register_user_actions`.)
"""

from __future__ import annotations

import argparse
import sys

from painscope.commands import CommandError, add_json_flag, emit_json


def register_user_actions(usub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = usub.add_parser(
        "password", parents=[common],
        help="set a new password (read from stdin, checked like the site's); ends the account's API tokens",
    )
    p.add_argument("username")
    p.set_defaults(handler=user_password)

    t = usub.add_parser(
        "token", parents=[common],
        help="print a new personal API token; --list shows them, --revoke ID ends one",
    )
    t.add_argument("username")
    t.add_argument("--name", default="cli", help="a name to tell the token apart (default: cli)")
    t.add_argument("--days", type=int, default=None, help="days the new token works (default: the site's, 90)")
    what = t.add_mutually_exclusive_group()
    what.add_argument("--revoke", metavar="ID", type=int, help="end the token with this id (see --list)")
    what.add_argument("--list", action="store_true", help="list the account's tokens (never the tokens themselves)")
    add_json_flag(t)
    t.set_defaults(handler=user_token)

    f = usub.add_parser(
        "two-factor", parents=[common],
        help="show whether two-step sign-in is on; --off removes the app and recovery codes (lost phone)",
    )
    f.add_argument("username")
    f.add_argument("--off", action="store_true", help="remove the authenticator and recovery codes")
    add_json_flag(f)
    f.set_defaults(handler=user_two_factor)

    d = usub.add_parser(
        "delete", parents=[common],
        help="erase an account and every row and file of it; the site keeps only the fact and the time",
    )
    d.add_argument("username")
    d.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    add_json_flag(d)
    d.set_defaults(handler=user_delete)


def _user(username: str):
    from painscope.commands.web import get_user, setup_django

    setup_django()
    return get_user(username)


def user_password(args: argparse.Namespace) -> int:
    from painscope.commands.web import _read_password

    user = _user(args.username)  # sets Django up first
    from django.contrib.auth import password_validation
    from django.core.exceptions import ValidationError

    password = _read_password()
    if not password:
        raise CommandError("no password given on stdin")
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise CommandError("; ".join(exc.messages)) from None
    user.set_password(password)
    user.save()  # ends every API token and every signed-in session of the account
    print(f"password of '{args.username}' changed; its API tokens and sessions were ended", file=sys.stderr)
    return 0


def _token_row(t) -> dict:
    return {
        "id": t.pk, "name": t.name, "hint": t.hint, "created": t.created, "expires": t.expires_at,
        "last_used": t.last_used, "expired": t.is_expired(),
    }


def user_token(args: argparse.Namespace) -> int:
    user = _user(args.username)  # sets Django up first
    from painscope.web.accounts.models import ApiToken

    if args.list:
        rows = [_token_row(t) for t in ApiToken.objects.filter(user=user)]
        if args.json:
            emit_json({"tokens": rows})
        else:
            for r in rows:
                state = "expired" if r["expired"] else f"until {r['expires']:%Y-%m-%d}"
                used = f"{r['last_used']:%Y-%m-%d %H:%M}" if r["last_used"] else "never"
                print(f"{r['id']}\t{r['name']}\t{r['hint']}…\t{state}\tlast used {used}")
        return 0
    if args.revoke is not None:
        deleted, _ = ApiToken.objects.filter(user=user, pk=args.revoke).delete()
        if not deleted:
            raise CommandError(f"'{args.username}' has no token with id {args.revoke} (see: painscope user token {args.username} --list)")
        if args.json:
            emit_json({"revoked": args.revoke})
        else:
            print(f"token {args.revoke} of '{args.username}' no longer works", file=sys.stderr)
        return 0
    try:
        record, token = ApiToken.issue(user, name=args.name, days=args.days)
    except ValueError as exc:
        raise CommandError(str(exc)) from None
    if args.json:
        emit_json({"token": token, **_token_row(record)})
    else:
        print(token)
    return 0


def user_two_factor(args: argparse.Namespace) -> int:
    user = _user(args.username)  # sets Django up first
    from painscope.web.accounts import twofactor

    if args.off:
        twofactor.turn_off(user)
    state = {
        "on": twofactor.has_two_factor(user),
        "recovery_codes_left": twofactor.recovery_codes_left(user),
        "clinician": twofactor.is_clinician(user),
    }
    if args.json:
        emit_json(state)
    elif args.off:
        extra = " (a clinician: they must set it up again at their next sign-in)" if state["clinician"] else ""
        print(f"two-step sign-in of '{args.username}' is off{extra}", file=sys.stderr)
    else:
        print(f"two-step sign-in of '{args.username}': {'on' if state['on'] else 'off'}, "
              f"{state['recovery_codes_left']} recovery codes left")
    return 0


def user_delete(args: argparse.Namespace) -> int:
    user = _user(args.username)  # sets Django up first
    from painscope.web.accounts.erase import erase_account

    if not args.yes:
        if not sys.stdin.isatty():
            raise CommandError("erasing an account cannot be undone: add --yes to confirm")
        answer = input(f"Erase '{args.username}' and everything in it, for good? Type the username to confirm: ")
        if answer.strip() != args.username:
            raise CommandError("nothing was erased", exit_code=1)
    report = erase_account(user)
    if args.json:
        emit_json({"erased": True, **report.as_dict()})
    else:
        print(
            f"erased '{args.username}': {report.total_rows} rows, {report.sessions} sessions, {report.files} files",
            file=sys.stderr,
        )
    return 0
