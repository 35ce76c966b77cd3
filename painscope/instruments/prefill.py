"""Pre-fill suggestions for the fibromyalgia survey from the diary (never applied silently)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from painscope.instruments.errors import InstrumentError
from painscope.instruments.regions import WPI_AREAS

try:  # only the 19 WPI areas count; finer regions (knee_left) are hints, never counted
    from painscope.diary.regions import containing_area as _containing_area
    from painscope.diary.regions import wpi_area_of as _wpi_area_of
except ImportError:  # pragma: no cover - diary package absent

    def _wpi_area_of(code: str) -> str | None:
        return code if code in WPI_AREAS else None

    def _containing_area(code: str) -> str | None:
        return _wpi_area_of(code)


REQUIRED_COLUMNS = ("utc", "kind", "name", "value")
#: diary rating (0-10) → SSS item; sleep_quality is "higher = better", so it is reversed.
SSS_FROM_RATINGS = {
    "fatigue": ("fatigue", False),
    "waking_unrefreshed": ("sleep_quality", True),
    "cognitive": ("brain_fog", False),
}
RATING_RULE = (
    "painscope convention: mean 0-10 rating of the window, rounded, mapped like the NRS "
    "severity cut-points of Serlin et al. (Pain 1995;61:277-284): 0 → 0 none, 1-4 → 1 mild, "
    "5-6 → 2 moderate, 7-10 → 3 severe; sleep_quality is reversed (10 - rating) for "
    "'waking unrefreshed'"
)


def rating_to_severity(mean_rating: float) -> int:
    """Map a mean 0-10 rating to the 0-3 SSS severity (see :data:`RATING_RULE`)."""
    r = int(np.floor(mean_rating + 0.5))
    return 0 if r <= 0 else 1 if r <= 4 else 2 if r <= 6 else 3


def suggest_acr_survey(
    diary: pd.DataFrame, *, as_of: pd.Timestamp | str | None = None, days: int = 7
) -> dict[str, Any]:
    """Suggest WPI areas and SSS items for the ACR survey from recent diary rows.

    Parameters
    ----------
    diary : DataFrame
        The canonical diary (columns include ``utc`` datetime64[ns, UTC], ``kind``, ``name``,
        ``value``).
    as_of : timestamp, optional
        End of the window (default: the latest ``utc`` in the diary, so the function stays
        pure and reproducible).
    days : int
        Window length; the WPI asks about the past 7 days (Wolfe 2010, 2016).

    Returns
    -------
    dict
        ``wpi_areas`` (suggested), ``sss`` (suggested 0-3 values; ``None`` for the three
        6-month symptoms, which a diary cannot answer), ``evidence`` per area and per SSS item,
        ``window`` and ``rule``. A suggestion to show the person, who confirms or corrects
        it; it is never scored as if answered.
    """
    missing = [c for c in REQUIRED_COLUMNS if c not in diary.columns]
    if missing:
        raise InstrumentError(f"diary is missing column(s) {', '.join(missing)}")
    utc = pd.to_datetime(diary["utc"], utc=True)
    end = (
        pd.Timestamp(as_of)
        if as_of is not None
        else (utc.max() if len(utc) else pd.Timestamp.now("UTC"))
    )
    if end.tzinfo is None:
        end = end.tz_localize("UTC")
    start = end - pd.Timedelta(days=days)
    recent = diary.loc[(utc > start) & (utc <= end)].assign(_utc=utc[(utc > start) & (utc <= end)])

    regions = recent[recent["kind"] == "region"]
    values = pd.to_numeric(regions["value"], errors="coerce")
    regions = regions[values.isna() | (values > 0)]  # a region row with value 0 means "no pain"
    area_evidence: dict[str, dict[str, Any]] = {}
    not_counted: dict[str, str | None] = {}
    for name, ts in zip(regions["name"], regions["_utc"], strict=True):
        area = _wpi_area_of(str(name))
        if area is None:
            not_counted.setdefault(str(name), _containing_area(str(name)))
            continue
        ev = area_evidence.setdefault(
            area, {"n_entries": 0, "from_regions": set(), "first": ts, "last": ts}
        )
        ev["n_entries"] += 1
        ev["from_regions"].add(str(name))
        ev["first"], ev["last"] = min(ev["first"], ts), max(ev["last"], ts)
    areas = [a for a in WPI_AREAS if a in area_evidence]
    evidence: dict[str, Any] = {
        a: {
            **e,
            "from_regions": sorted(e["from_regions"]),
            "first": e["first"].isoformat(),
            "last": e["last"].isoformat(),
        }
        for a, e in ((a, area_evidence[a]) for a in areas)
    }

    ratings = recent[recent["kind"] == "rating"]
    sss: dict[str, int | None] = {}
    sss_evidence: dict[str, Any] = {}
    for item, (rating, reverse) in SSS_FROM_RATINGS.items():
        vals = pd.to_numeric(
            ratings.loc[ratings["name"] == rating, "value"], errors="coerce"
        ).dropna()
        if vals.empty:
            sss[item] = None
            sss_evidence[item] = {"rating": rating, "n": 0}
            continue
        mean = float(vals.mean())
        sss[item] = rating_to_severity(10 - mean if reverse else mean)
        sss_evidence[item] = {
            "rating": rating,
            "n": int(vals.size),
            "mean": mean,
            "reversed": reverse,
        }
    for item in ("headaches", "lower_abdominal", "depression"):
        sss[item] = None
        sss_evidence[item] = {"note": "6-month recall item: ask the person"}
    return {
        "suggestion": True,
        "window": {"start": start.isoformat(), "end": end.isoformat(), "days": days},
        "wpi_areas": areas,
        "sss": sss,
        "evidence": {"wpi": evidence, "sss": sss_evidence,
                     # logged regions that are not WPI areas, with the area each lies within
                     "wpi_not_counted": dict(sorted(not_counted.items()))},
        "rule": "WPI: any region row with pain (value > 0 or no value) in the window, only the 19 "
        "WPI areas counted (finer regions such as knee or hand are listed, not counted); SSS: "
        + RATING_RULE,
        "message": "Suggested from your diary. Please check each answer; nothing is filled in until you confirm.",
    }
