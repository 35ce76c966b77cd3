"""The file formats the signals readers accept — one list, shared by the readers, the CLI and
the web import. Import-light on purpose (no NumPy/pandas) so that argument parsers can use it.
"""

from __future__ import annotations

#: Beat-to-beat sources for ``painscope hrv`` (:func:`painscope.signals.beats.read_beats`).
BEAT_FORMATS = ("auto", "rr", "wfdb", "fit", "polar", "elitehrv")

#: Wearable exports (:func:`painscope.signals.wearable.read_wearable`).
WEARABLE_FORMATS = (
    "auto",
    "apple",
    "fitbit",
    "fit",
    "polar",
    "elitehrv",
    "whoop",
    "oura",
    "rr",
    "daily-csv",
)
