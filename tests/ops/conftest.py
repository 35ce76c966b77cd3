"""Fixtures of the web tests, for the ops tests that use a signed-in person."""

from tests.web.conftest import person  # noqa: F401
