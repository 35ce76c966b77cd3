"""painscope.signals — wearable and ECG imports, HRV metrics, morning baseline.

Pure (NumPy/SciPy/pandas + fitdecode, wfdb, defusedxml); no Django. Conventions, formats and
validation figures: docs/hrv.md.

Main entry points
-----------------
time_domain(rr_ms)                      time-domain HRV of one NN series
analyse(series, window_s=, step_s=)     cleaning + whole recording + fixed windows
read_beats(path, format="auto")         RR/Polar/Elite HRV/FIT/WFDB → RRSeries
read_wearable(path, format="auto")      any wearable export → WearableImport (daily diary rows)
morning_baseline(diary)                 7-day lnRMSSD vs the 60-day normal range
"""

from __future__ import annotations

import importlib
from typing import Any

# Loaded on first use (PEP 562), so that light modules such as painscope.signals.formats can be
# imported by the CLI without NumPy/pandas (`painscope --help` stays fast).
_LAZY = {
    "analyse": "analysis",
    "Baseline": "baseline",
    "baseline_series": "baseline",
    "morning_baseline": "baseline",
    "read_beats": "beats",
    "SignalFormatError": "errors",
    "UnsafeXMLError": "errors",
    "METRICS": "hrv",
    "time_domain": "hrv",
    "window_metrics": "hrv",
    "RRSeries": "series",
    "WearableImport": "wearable",
    "read_wearable": "wearable",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'painscope.signals' has no attribute {name!r}")
    return getattr(importlib.import_module(f"painscope.signals.{module}"), name)


__all__ = [
    "METRICS",
    "Baseline",
    "RRSeries",
    "SignalFormatError",
    "UnsafeXMLError",
    "WearableImport",
    "analyse",
    "baseline_series",
    "morning_baseline",
    "read_beats",
    "read_wearable",
    "time_domain",
    "window_metrics",
]
