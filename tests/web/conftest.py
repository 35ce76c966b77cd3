"""Fixtures shared by the web tests."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

#: Argon2 is slow by design; the web tests sign people in with ``force_login``.
FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def person(client, settings):
    """A person, "ana", signed in on ``client`` (other users a test creates hash fast too)."""
    settings.PASSWORD_HASHERS = FAST_HASHER
    user = get_user_model().objects.create_user("ana", password="a calm river 42")
    client.force_login(user)
    return user


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: API rate-limit counts (kept in the cache) and
    cached analyses never carry over from an earlier test."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _english_after_each_test():
    """Each test starts in the site's default language. Django's LocaleMiddleware (and the
    account's language) activate a language for the thread and leave it: a German request in
    one test would otherwise make the next test's render_to_string German."""
    from django.utils import translation

    yield
    translation.deactivate()
