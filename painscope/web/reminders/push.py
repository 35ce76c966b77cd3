"""Web Push: VAPID keys (RFC 8292) and sending encrypted messages (RFC 8291, aes128gcm).

Keys come from the environment (``PAINSCOPE_VAPID_PRIVATE_KEY``: a PEM or the base64url
raw/DER private key that py-vapid reads; ``PAINSCOPE_VAPID_SUBJECT``: a ``mailto:`` or
``https:`` contact) or are generated once into the data folder (``vapid_private.pem``,
mode 600), so a restart keeps every browser's subscription valid.
"""

from __future__ import annotations

import base64
import json
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from django.conf import settings
from py_vapid import Vapid

DEFAULT_SUBJECT = "mailto:painscope@localhost"
#: Push services must accept 4096-byte bodies (RFC 8030 §7.2); 3993 bytes of plaintext
#: fit after aes128gcm's header and padding (RFC 8291 §4).
MAX_PLAINTEXT = 3993


#: Push services of the browsers in use (Chrome/Edge via FCM, Firefox, Safari, Windows).
#: A subscription whose endpoint is elsewhere is refused, so the site cannot be made to
#: POST to an address of someone's choosing (server-side request forgery).
DEFAULT_PUSH_HOSTS = (
    "fcm.googleapis.com", "android.googleapis.com", "updates.push.services.mozilla.com",
    "push.services.mozilla.com", "push.apple.com", "notify.windows.com",
)


def push_hosts() -> tuple[str, ...]:
    """Allowed endpoint hosts (and their subdomains): ``PAINSCOPE_PUSH_HOSTS``
    (comma-separated) or :data:`DEFAULT_PUSH_HOSTS`."""
    configured = os.environ.get("PAINSCOPE_PUSH_HOSTS", "")
    hosts = tuple(h.strip().lower() for h in configured.split(",") if h.strip())
    return hosts or DEFAULT_PUSH_HOSTS


def endpoint_problem(endpoint: str) -> str:
    """Why a subscription endpoint is refused ("" when it is fine). HTTPS only, except a
    loopback address explicitly listed in ``PAINSCOPE_PUSH_HOSTS`` (for tests)."""
    from urllib.parse import urlsplit

    parts = urlsplit(endpoint)
    host = (parts.hostname or "").lower()
    allowed = push_hosts()
    if not any(host == h or host.endswith("." + h) for h in allowed):
        return "endpoint: this push service is not one this site sends to"
    if parts.scheme != "https" and not (parts.scheme == "http" and host in ("127.0.0.1", "localhost") and host in allowed):
        return "endpoint: a push service address must use https"
    return ""


class PushGone(Exception):
    """The push service answered 404 or 410: the subscription no longer exists."""


class PushFailed(Exception):
    """The push service refused the message (or could not be reached)."""


def key_file() -> Path:
    return Path(settings.DATA_DIR) / "vapid_private.pem"


@lru_cache(maxsize=4)
def _vapid_for(source: str) -> Vapid:
    env = os.environ.get("PAINSCOPE_VAPID_PRIVATE_KEY", "").strip()
    if env:
        return Vapid.from_string(env) if "BEGIN" not in env else Vapid.from_pem(env.encode())
    path = Path(source)
    if not path.exists():
        vapid = Vapid()
        vapid.generate_keys()
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(vapid.private_pem())
    return Vapid.from_file(str(path))


def vapid() -> Vapid:
    return _vapid_for(str(key_file()))


def subject() -> str:
    return os.environ.get("PAINSCOPE_VAPID_SUBJECT", "").strip() or DEFAULT_SUBJECT


def public_key() -> str:
    """The application server key a browser subscribes with (base64url, uncompressed P-256 point)."""
    raw = vapid().public_key.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


@dataclass(frozen=True)
class Message:
    """What a notification says. Minimal by design: no drug names or answers on a lock
    screen (CARE.md §2); the page opened by a click shows the details."""

    title: str
    body: str
    tag: str
    url: str
    actions: tuple[tuple[str, str], ...] = ()
    data: dict | None = None

    def payload(self) -> bytes:
        doc = {
            "title": self.title, "body": self.body, "tag": self.tag, "url": self.url,
            "actions": [{"action": a, "title": t} for a, t in self.actions], **(self.data or {}),
        }
        raw = json.dumps(doc, separators=(",", ":")).encode()
        if len(raw) > MAX_PLAINTEXT:
            raise ValueError(f"push payload is {len(raw)} bytes; at most {MAX_PLAINTEXT} fit (RFC 8291)")
        return raw


def send(subscription_info: dict, message: Message, *, ttl: int, topic: str, urgency: str = "normal",
         timeout: float = 10.0) -> int:
    """Encrypt ``message`` for the subscription (aes128gcm) and POST it with a VAPID JWT.

    ``ttl`` seconds the push service may hold it (0 would mean "now or never"); ``topic``
    (≤ 32 base64url characters) makes a resend replace an undelivered copy (RFC 8030 §5.4).
    Returns the HTTP status; raises :class:`PushGone` on 404/410, :class:`PushFailed` otherwise.
    """
    from pywebpush import WebPushException, webpush

    headers = {"Topic": topic[:32], "Urgency": urgency}
    try:
        response = webpush(
            subscription_info, data=message.payload(), vapid_private_key=vapid(),
            vapid_claims={"sub": subject()}, ttl=ttl, headers=headers, timeout=timeout,
            content_encoding="aes128gcm",
        )
    except WebPushException as exc:
        code = getattr(exc.response, "status_code", None)
        if code in (404, 410):
            raise PushGone(str(code)) from None
        raise PushFailed(f"push service answered {code}" if code else str(exc)[:200]) from None
    except Exception as exc:  # connection refused, DNS, TLS: the service was not reached
        raise PushFailed(f"{type(exc).__name__}: {str(exc)[:150]}") from None
    return int(response.status_code)
