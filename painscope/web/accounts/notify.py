"""Telling a person that how they sign in has changed (ASVS 4.0.3 2.2.3 and 2.5.5).

Sent only when the site has SMTP and the account has an e-mail address; off the request
thread, like the reset e-mail. The message names the change and the time, never a secret.
"""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

log = logging.getLogger(__name__)

CHANGES = {
    "password": _("The password of your painscope account was changed, and its API tokens were ended."),
    "two_factor_on": _("Two-step sign-in was turned on for your painscope account."),
    "two_factor_off": _("Two-step sign-in was turned off for your painscope account."),
    "recovery_codes": _("New recovery codes were made for your painscope account; the old ones no longer work."),
}


def _send(message: EmailMessage) -> None:
    try:
        message.send()
    except Exception as exc:  # a notice that cannot be sent must not break the change
        log.warning("could not send an account notice: %s", exc)


def tell(user, change: str) -> bool:
    """E-mail ``user`` about ``change`` (a key of ``CHANGES``); False when nothing was sent."""
    if not settings.EMAIL_ENABLED or not getattr(user, "email", ""):
        return False
    when = timezone.now().strftime("%Y-%m-%d %H:%M UTC")
    hello = gettext("Hello %(username)s,") % {"username": user.get_username()}
    advice = gettext(
        "If this was you, there is nothing to do. If it was not, reset your password now from the "
        "sign-in page and tell the person who runs this painscope site."
    )
    body = f"{hello}\n\n{CHANGES[change]} ({when})\n\n{advice}\n"
    message = EmailMessage(gettext("Your painscope sign-in changed"), body, settings.DEFAULT_FROM_EMAIL, [user.email])
    if settings.EMAIL_IN_BACKGROUND:
        threading.Thread(target=_send, args=(message,), daemon=True).start()
    else:
        _send(message)
    return True
