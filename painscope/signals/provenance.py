"""Where a daily measure came from, written into the diary row's ``note``, and who wins a clash.

The tidy diary format has one value per ``(moment, kind, name)``; units are fixed per measure,
so the source of a wearable row travels in its ``note`` as a machine-readable prefix::

    [whoop] WHOOP nightly RMSSD (device-reported)
    [elitehrv 06:55] painscope RMSSD of a 170-s reading, 169 NN, 0.0 % artefacts

``source`` is a short lower-case token (the import format, or ``garmin`` for FIT); the
optional ``HH:MM`` is the local start of a beat reading computed by painscope.

Conflict rule (:func:`decide`) when a row already exists for the same day and measure — HRV.md
§1 "device-reported metrics are separate, labelled series", so one device never silently
replaces another's value:

1. nothing stored yet → write;
2. both rows are painscope readings with a start time (``[src HH:MM]``) → the **earlier**
   reading of the day wins, whichever file is imported first. The morning measure is meant
   as the reading taken right after waking (Plews et al. 2014; HRV4Training and Elite HRV
   instructions), so the first reading is the one that follows the protocol; a later one is
   skipped with a warning. Averaging was rejected: it would mix a protocol reading with
   readings taken after getting up, coffee or exercise;
3. same source (and, for readings, the same start) → write (re-importing the same file is
   idempotent; a corrected export of the same device updates its own value);
4. a different source, or a row without a source prefix (typed by the person, or imported
   before this rule) → keep the stored value, skip the new one, warn.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_PREFIX = re.compile(r"^\[([a-z0-9][a-z0-9-]*)(?: (\d{2}:\d{2}))?\] ")


@dataclass(frozen=True)
class Provenance:
    source: str | None
    reading: str | None = None  # local "HH:MM" start of a painscope-computed reading


def tag(source: str, text: str, reading: str | None = None) -> str:
    """``[source] text`` or ``[source HH:MM] text`` (module docstring)."""
    return f"[{source}{' ' + reading if reading else ''}] {text}"


def parse(note: str | None) -> Provenance:
    """The source (and reading time) of a note; ``Provenance(None)`` when it has no prefix."""
    m = _PREFIX.match(note or "")
    if not m:
        return Provenance(None)
    return Provenance(m.group(1), m.group(2))


def decide(old_note: str | None, new_note: str, *, exists: bool = True) -> tuple[bool, str | None]:
    """Whether a new row may replace a stored one, and why not (the rule of the module docstring).

    Returns
    -------
    (bool, str or None)
        ``(True, None)`` to write; ``(True, reason)`` to write with a note for people (an
        earlier reading replaces a later one); ``(False, reason)`` to keep the stored value.
    """
    if not exists:
        return True, None
    old, new = parse(old_note), parse(new_note)
    if old.reading and new.reading:
        if new.reading < old.reading:
            return True, (
                f"an earlier reading ({new.reading}) replaced the {old.reading} reading "
                "(the first reading of the day counts)"
            )
        if new.reading > old.reading:
            return False, (
                f"kept the earlier {old.reading} reading; this {new.reading} reading was "
                "not stored (the first reading of the day counts)"
            )
        return (True, None) if old.source == new.source else (
            False,
            f"kept the existing value from {old.source}",
        )
    if old.source is not None and old.source == new.source:
        return True, None
    who = old.source or "your diary (typed in or imported earlier)"
    return False, f"kept the existing value from {who}"
