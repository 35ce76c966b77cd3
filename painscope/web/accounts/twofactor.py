"""Two-step sign-in: a TOTP authenticator app (django-otp) plus one-time recovery codes.

- TOTP per RFC 6238 through django-otp's ``TOTPDevice``: 30-second steps, one step of
  tolerance, a used step is never accepted again (``last_t``), wrong codes back off
  exponentially (its ``ThrottlingMixin``). ASVS 4.0.3 2.8.1, 2.8.4.
- The secret is 160 bits (RFC 4226 §4 recommends 160) and shown as a QR code drawn on the
  server as SVG (segno), so no script from elsewhere ever sees it.
- Recovery codes: ten codes of 10 base-32 characters (50 bits each), stored as keyed
  hashes, each usable once (ASVS 2.6.1-2.6.3).
- Clinicians must use it: a clinician is a member of the auth group ``clinician``.
"""

from __future__ import annotations

import base64
import secrets

from django.db import transaction
from django.utils.translation import gettext
from django_otp.plugins.otp_totp.models import TOTPDevice

CLINICIAN_GROUP = "clinician"
RECOVERY_CODES = 10


def is_clinician(user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    cached = getattr(user, "_painscope_is_clinician", None)
    if cached is None:
        cached = user.groups.filter(name=CLINICIAN_GROUP).exists()
        user._painscope_is_clinician = cached
    return cached


def totp_device(user) -> TOTPDevice | None:
    """The person's confirmed authenticator, if they have one."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def has_two_factor(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def start_enrolment(user) -> TOTPDevice:
    """A fresh, unconfirmed authenticator (any earlier unconfirmed one is discarded)."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="authenticator app", confirmed=False)


def pending_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()


def secret_text(device: TOTPDevice) -> str:
    """The secret as the base-32 text an app accepts when typed in, in groups of four."""
    raw = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def qr_svg(device: TOTPDevice) -> str:
    """The ``otpauth://`` URL of ``device`` as an inline SVG QR code (segno, no script)."""
    import segno

    qr = segno.make(device.config_url, error="m")
    return qr.svg_inline(scale=5, border=2, dark="#111", light="#fff", title=gettext("QR code for your authenticator app"))


def _clean(code: str) -> str:
    return "".join(ch for ch in (code or "") if not ch.isspace() and ch != "-")


def confirm_enrolment(user, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm ``device`` with a code from the app: the new recovery codes, or None."""
    code = _clean(code)
    if not (code.isdigit() and len(code) == device.digits) or not device.verify_token(code):
        return None
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        return new_recovery_codes(user)


def new_recovery_codes(user) -> list[str]:
    """Replace the person's recovery codes with ten new ones, returned once, in clear."""
    from painscope.web.accounts.models import RecoveryCode

    codes = []
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread
    with transaction.atomic():
        RecoveryCode.objects.filter(user=user).delete()
        for _ in range(RECOVERY_CODES):
            code = "".join(secrets.choice(alphabet) for _ in range(10))
            RecoveryCode.objects.create(user=user, digest=RecoveryCode.digest_of(user.pk, code))
            codes.append(f"{code[:5]}-{code[5:]}")
    return codes


def recovery_codes_left(user) -> int:
    from painscope.web.accounts.models import RecoveryCode

    return RecoveryCode.objects.filter(user=user).count()


class CheckResult:
    OK = "ok"
    WRONG = "wrong"
    WAIT = "wait"


def check_second_factor(user, code: str) -> tuple[str, TOTPDevice | None]:
    """Check a code from the app or a recovery code for ``user``.

    Returns ``(result, device)``: ``ok`` with the device to mark the session with, ``wrong``,
    or ``wait`` while the throttle holds (after repeated wrong codes). A recovery code is
    spent when accepted.
    """
    from painscope.web.accounts.models import RecoveryCode

    device = totp_device(user)
    if device is None:
        return CheckResult.WRONG, None
    allowed, _ = device.verify_is_allowed()
    if not allowed:
        return CheckResult.WAIT, None
    code = _clean(code)
    if code.isdigit() and len(code) == device.digits:
        if device.verify_token(code):  # counts its own failures
            return CheckResult.OK, device
        return CheckResult.WRONG, None
    deleted, _ = RecoveryCode.objects.filter(user=user, digest=RecoveryCode.digest_of(user.pk, code)).delete()
    if deleted:
        device.throttle_reset()
        return CheckResult.OK, device
    device.throttle_increment()
    return CheckResult.WRONG, None


def turn_off(user) -> None:
    """Remove the authenticator and the recovery codes (not allowed for clinicians: the
    view refuses; this service does what it is told)."""
    from painscope.web.accounts.models import RecoveryCode

    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        RecoveryCode.objects.filter(user=user).delete()
