"""``painscope`` commands of the reports group."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add this group's commands to the CLI (filled in as the group is built)."""
