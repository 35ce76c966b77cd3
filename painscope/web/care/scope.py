"""Which rows of the diary each share kind covers (no Django: plain frame filtering).

- ``wearables``: observations of kind ``measure`` (HRV, sleep hours, steps, resting heart
  rate: what wearable imports write, ``painscope.signals``);
- ``notes``: observations of kind ``note`` and the free-text ``note`` of every other row;
- ``diary``: everything else (ratings, body regions, factors, foods, flares, ...).
"""

from __future__ import annotations

from collections.abc import Collection

import pandas as pd


def kind_of_row(kind: str) -> str:
    """The share kind an observation of diary ``kind`` belongs to."""
    if kind == "measure":
        return "wearables"
    if kind == "note":
        return "notes"
    return "diary"


def frame_within(frame: pd.DataFrame, kinds: Collection[str]) -> pd.DataFrame:
    """The rows of a canonical diary frame that ``kinds`` cover, notes blanked without "notes"."""
    if frame.empty:
        return frame
    keep = frame["kind"].map(kind_of_row).isin(set(kinds))
    out = frame[keep].copy()
    if "notes" not in kinds and "note" in out.columns:
        out["note"] = ""
    return out.reset_index(drop=True)


def observation_visible(kind: str, kinds: Collection[str]) -> bool:
    return kind_of_row(kind) in kinds
