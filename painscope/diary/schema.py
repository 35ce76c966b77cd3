"""What a diary observation may be: kinds, names, ranges and units.

The tidy diary CSV (ARCHITECTURE.md, foundation issue) has one observation per row:
``timestamp,kind,name,value,unit,note``. Rows with the same timestamp form one entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from painscope.diary.regions import REGIONS

CSV_HEADER: tuple[str, ...] = ("timestamp", "kind", "name", "value", "unit", "note")

# Export order of kinds within an entry (and the set of kinds the format knows).
KINDS: tuple[str, ...] = (
    "rating",
    "measure",
    "region",
    "quality",
    "factor",
    "food",
    "medication",
    "flare",
    "menstruation",
    "note",
)
KIND_ORDER: dict[str, int] = {k: i for i, k in enumerate(KINDS)}

# 0-10 numeric rating scales (pain: the NRS recommended by IMMPACT, Dworkin et al. 2005).
RATINGS: dict[str, str] = {
    "pain": "Pain",
    "fatigue": "Fatigue",
    "sleep_quality": "Sleep quality",
    "stress": "Stress",
    "mood": "Mood",
    "brain_fog": "Brain fog",
    "activity": "Activity",
}

# Pain qualities offered in the check-in (descriptors as used by the SF-MPQ-2 and DN4
# families); a person may add their own.
QUALITIES: dict[str, str] = {
    "aching": "Aching",
    "burning": "Burning",
    "stabbing": "Stabbing",
    "throbbing": "Throbbing",
    "tingling": "Tingling (pins and needles)",
    "shooting": "Shooting",
    "cramping": "Cramping",
    "tender": "Tender to touch",
    "numb": "Numb",
    "electric": "Electric-shock-like",
    "pressing": "Pressing",
    "cold": "Painful cold",
}


@dataclass(frozen=True)
class MeasureSpec:
    unit: str
    low: float
    high: float
    label: str
    daily: str = "mean"  # how one day's values combine: "mean", "max" or "sum"


# Known measures: plausible physiological ranges guard against unit mix-ups
# (e.g. RMSSD in seconds instead of milliseconds). Unknown measure names are accepted
# with any finite value.
MEASURES: dict[str, MeasureSpec] = {
    "sleep_hours": MeasureSpec("h", 0, 24, "Sleep (hours)"),
    "steps": MeasureSpec("steps", 0, 200_000, "Steps", daily="max"),
    "resting_hr": MeasureSpec("bpm", 20, 250, "Resting heart rate"),
    "hrv_rmssd_night": MeasureSpec("ms", 1, 2000, "Night HRV (RMSSD)"),
    "hrv_rmssd_morning": MeasureSpec("ms", 1, 2000, "Morning HRV (RMSSD)"),
    "hrv_lnrmssd_morning": MeasureSpec("ln(ms)", 0, 8, "Morning HRV (ln RMSSD)"),
    "hrv_sdnn": MeasureSpec("ms", 1, 2000, "HRV (SDNN)"),
    "hrv_rmssd_spot": MeasureSpec("ms", 1, 2000, "HRV spot reading (RMSSD, not on waking)"),
    "sleep_efficiency": MeasureSpec("%", 0, 100, "Sleep efficiency"),
    "weight": MeasureSpec("kg", 1, 700, "Weight"),
}

MAX_NAME = 80
MAX_UNIT = 20
MAX_NOTE = 5000
MIN_YEAR = 1900
MAX_FUTURE_DAYS = 2  # entries may be dated a little ahead (time zones), not years

NAME_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
#: What no text field may hold: C0 control characters except tab and line feed, DEL, the C1
#: controls U+0080–U+009F, and UTF-16 surrogates (a lone surrogate is not text: it cannot be
#: encoded as UTF-8, so SQLite and PostgreSQL both refuse it; PostgreSQL also refuses NUL).
_BAD_MULTILINE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
#: Single-line fields (names, units, time zones) hold no tab or line break either.
_BAD_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def is_known_region(code: str) -> bool:
    return code in REGIONS


def has_control_chars(text: str) -> bool:
    return bool(_CONTROL.search(text))


def text_problem(text: str, *, multiline: bool = False) -> str | None:
    """Why ``text`` cannot be stored, or None: the one text rule of every field (issue 14).

    Used by the diary's own checks (:func:`painscope.diary.check_observation`, so CSV rows,
    forms and the API alike), by the API schemas and by the web forms. ``multiline`` fields
    (notes) may contain tabs and line feeds; no field may contain other control characters
    or surrogates. The message names the first offending character, not the field: callers
    put it next to the field.
    """
    found = (_BAD_MULTILINE if multiline else _BAD_LINE).search(text)
    if found is None:
        return None
    char = found.group()
    code = f"U+{ord(char):04X}"
    position = found.start() + 1
    if "\ud800" <= char <= "\udfff":
        return (f"contains an unpaired surrogate ({code}) at character {position}, which is not "
                "valid text; send it as UTF-8")
    if char in "\t\n\r" and not multiline:
        return f"must be one line (it contains a tab or line break at character {position})"
    return f"contains a control character ({code}) at character {position}"
