"""A test push service on the loopback that plays the browser's side of Web Push.

It owns a P-256 key pair and a 16-byte auth secret (what a browser puts in a
subscription), accepts POSTs like a push service (RFC 8030), checks the VAPID JWT
(RFC 8292: ES256 signature with the ``k`` key, ``aud`` = this origin, ``exp`` at most 24 h
ahead, a ``mailto:``/``https:`` ``sub``) and decrypts the body with ``http_ece`` (RFC 8291,
aes128gcm) using only the subscription's private key and auth secret.
"""

from __future__ import annotations

import base64
import json
import os
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature


def b64u(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64u(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass
class Received:
    path: str
    headers: dict
    plaintext: bytes
    claims: dict

    @property
    def doc(self) -> dict:
        return json.loads(self.plaintext)


@dataclass
class PushEndpoint:
    """Start with :meth:`start`; ``status`` is what it answers (201, or 410 to test clean-up)."""

    status: int = 201
    received: list[Received] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.private_key = ec.generate_private_key(ec.SECP256R1())
        public = self.private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
        self.p256dh = b64u(public)
        self.auth_secret = os.urandom(16)
        self.auth = b64u(self.auth_secret)
        self.server: ThreadingHTTPServer | None = None

    @property
    def origin(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def subscription(self, name: str = "sub1") -> dict:
        return {"endpoint": f"{self.origin}/push/{name}", "keys": {"p256dh": self.p256dh, "auth": self.auth}}

    def _verify_vapid(self, header: str) -> dict:
        parts = dict(p.strip().split("=", 1) for p in header[len("vapid "):].split(","))
        token, key = parts["t"], parts["k"]
        head_b64, body_b64, sig_b64 = token.split(".")
        head = json.loads(unb64u(head_b64))
        claims = json.loads(unb64u(body_b64))
        if head.get("alg") != "ES256":
            raise ValueError(f"alg {head.get('alg')}")
        pub = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64u(key))
        raw = unb64u(sig_b64)
        signature = encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
        try:
            pub.verify(signature, f"{head_b64}.{body_b64}".encode(), ec.ECDSA(hashes.SHA256()))
        except InvalidSignature:
            raise ValueError("bad VAPID signature") from None
        if claims.get("aud") != self.origin:
            raise ValueError(f"aud {claims.get('aud')} != {self.origin}")
        if not time.time() < claims["exp"] <= time.time() + 24 * 3600:
            raise ValueError("exp not within 24 h")
        if not str(claims.get("sub", "")).startswith(("mailto:", "https:")):
            raise ValueError("sub must be mailto: or https:")
        return claims

    def start(self) -> PushEndpoint:
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                try:
                    if self.headers.get("Content-Encoding") != "aes128gcm":
                        raise ValueError(f"Content-Encoding {self.headers.get('Content-Encoding')}")
                    if self.headers.get("TTL") is None:
                        raise ValueError("TTL header missing")
                    claims = endpoint._verify_vapid(self.headers.get("Authorization", ""))
                    plaintext = http_ece.decrypt(body, private_key=endpoint.private_key,
                                                 auth_secret=endpoint.auth_secret, version="aes128gcm")
                except Exception as exc:
                    endpoint.errors.append(f"{type(exc).__name__}: {exc}")
                    self.send_response(400)
                    self.end_headers()
                    return
                endpoint.received.append(Received(self.path, {k.lower(): v for k, v in self.headers.items()}, plaintext, claims))
                self.send_response(endpoint.status)
                self.end_headers()

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
