"""The result of scoring one administration of an instrument."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Flag:
    """Something about a result a person should notice.

    ``level`` is ``"info"``, ``"warning"`` or ``"alert"`` (alerts need a human response, e.g. the
    PHQ-9 item-9 safety flag). ``source`` cites the rule or paper behind the flag.
    """

    code: str
    message: str
    level: str = "info"
    source: str = ""
    data: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        doc: dict[str, Any] = {
            "code": self.code,
            "level": self.level,
            "message": self.message,
            "source": self.source,
        }
        if self.data:
            doc["data"] = dict(self.data)
        return doc


@dataclass(frozen=True)
class ScoreResult:
    """Scores of one administration.

    Attributes
    ----------
    instrument : str
        Instrument id (e.g. ``"phq9"``).
    total : int | float | None
        Total score. Means (PEG, FSS, BPI-SF severity) are not rounded.
    band : str | None
        Severity band or cut-off category (``None`` where the instrument has none).
    subscales : dict
        Subscale scores keyed by the published subscale name in lower case.
    flags : tuple[Flag, ...]
        Cut-off, missing-data, change and safety flags.
    missing : dict
        ``items`` (missing linkIds among the scored items), ``n_answered``, ``n_items``,
        ``rule`` (the rule applied), ``official`` (whether it is the developer's rule) and
        ``prorated``.
    """

    instrument: str
    total: int | float | None
    band: str | None
    subscales: dict[str, int | float | None]
    flags: tuple[Flag, ...]
    missing: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape printed by ``painscope score --json``."""
        return {
            "instrument": self.instrument,
            "total": self.total,
            "band": self.band,
            "subscales": dict(self.subscales),
            "flags": [f.to_dict() for f in self.flags],
            "missing": {
                k: (list(v) if isinstance(v, tuple) else v) for k, v in self.missing.items()
            },
        }

    def has_flag(self, code: str) -> bool:
        return any(f.code == code for f in self.flags)

    def with_flags(self, *extra: Flag) -> ScoreResult:
        return ScoreResult(
            self.instrument, self.total, self.band, self.subscales, self.flags + extra, self.missing
        )
