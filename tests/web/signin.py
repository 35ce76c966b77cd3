"""Signing test users in as the site requires: clinicians with a verified second factor."""

from __future__ import annotations

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice


def sign_in(client: Client, user) -> Client:
    """``force_login``, plus, for a clinician, the verified TOTP step the site demands."""
    client.force_login(user)
    if user.groups.filter(name="clinician").exists():
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
            user=user, name="test phone", confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client
