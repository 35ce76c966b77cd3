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


def is_known_region(code: str) -> bool:
    return code in REGIONS


def has_control_chars(text: str) -> bool:
    return bool(_CONTROL.search(text))
