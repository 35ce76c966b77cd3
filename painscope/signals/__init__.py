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

from painscope.signals.analysis import analyse
from painscope.signals.baseline import Baseline, baseline_series, morning_baseline
from painscope.signals.beats import read_beats
from painscope.signals.errors import SignalFormatError, UnsafeXMLError
from painscope.signals.hrv import METRICS, time_domain, window_metrics
from painscope.signals.series import RRSeries
from painscope.signals.wearable import WearableImport, read_wearable

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
