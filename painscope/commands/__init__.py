"""Command groups of the ``painscope`` CLI and the helpers they share.

Every group module exposes ``register(subparsers, common)``. Handlers raise
:class:`CommandError` for anything the user can fix; the message goes to stderr.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path
from typing import Any


class CommandError(Exception):
    """An error the person running the command can act on (printed without a traceback)."""

    def __init__(self, message: str, exit_code: int = 2) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def _jsonable(obj: Any) -> Any:
    """Convert NumPy/pandas scalars and non-finite floats so ``json`` can write them."""
    try:
        import numpy as np
    except ImportError:  # pragma: no cover
        np = None  # type: ignore[assignment]
    if isinstance(obj, dict):
        return {str(k): _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_jsonable(v) for v in obj]
    if np is not None:
        if isinstance(obj, np.ndarray):
            return [_jsonable(v) for v in obj.tolist()]
        if isinstance(obj, np.bool_):
            return bool(obj)
        if isinstance(obj, np.integer):
            return int(obj)
        if isinstance(obj, np.floating):
            obj = float(obj)
    if isinstance(obj, float) and not math.isfinite(obj):
        return None
    if hasattr(obj, "isoformat"):
        return obj.isoformat()
    if isinstance(obj, Path):
        return str(obj)
    return obj


def emit_json(document: Any) -> None:
    """Print exactly one JSON document on stdout (the ``--json`` contract)."""
    json.dump(_jsonable(document), sys.stdout, indent=2, sort_keys=False, allow_nan=False)
    sys.stdout.write("\n")
    sys.stdout.flush()


def read_json_argument(value: str, what: str) -> Any:
    """Parse a JSON argument given inline or as ``@FILE`` (``-`` or ``@-`` reads stdin)."""
    try:
        if value in ("-", "@-"):
            text = sys.stdin.read()
        elif value.startswith("@"):
            path = Path(value[1:])
            if not path.is_file():
                raise CommandError(f"{what}: no such file: {path}")
            text = path.read_text(encoding="utf-8")
        else:
            text = value
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise CommandError(
            f"{what} is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
        ) from exc


def add_json_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--json", action="store_true", help="print one JSON document on stdout and nothing else"
    )
