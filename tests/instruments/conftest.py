"""Helpers for the instruments tests."""

from __future__ import annotations

import pytest


def all_items(instrument: str, numbers, value) -> dict:
    """Answers giving ``value`` to items ``instrument-n`` for n in ``numbers``."""
    return {f"{instrument}-{n}": value for n in numbers}


@pytest.fixture
def items():
    return all_items
