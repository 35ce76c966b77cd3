"""PhysioNet WFDB beat annotations (research recordings) via the ``wfdb`` package."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np

from painscope.signals.errors import SignalFormatError
from painscope.signals.series import RRSeries


def read_wfdb(
    record: str | Path, annotation: str = "atr", *, sampling_rate: float | None = None
) -> RRSeries:
    """Read beat annotations ``<record>.<annotation>`` into an RR series.

    Parameters
    ----------
    record : str or Path
        Record name: the path without extension, as ``wfdb.rdann`` takes it.
    annotation : str
        Annotation file extension (``atr``, ``ecg``, ``qrs``, ...).
    sampling_rate : float, optional
        Override the sampling frequency stored with the annotations / in the header. Only for
        reproducing tools that used another rate (the PhysioNet Cardiovascular Signal Toolbox
        reference output for nsr2db was computed at 125 Hz although the header says 128 Hz;
        see docs/hrv.md).

    Notes
    -----
    Non-beat annotations (``~``, ``+``, ...) are dropped; intervals touching a beat labelled
    other than ``N`` are kept as non-normal (see :meth:`RRSeries.from_beat_times`).
    The series' time 0 is the first beat; its time from sample 0 (the start of the recording)
    is ``series.first_beat_s`` (also written in ``source``).
    """
    import wfdb

    rec = str(record)
    for suffix in (f".{annotation}", ".hea", ".dat"):
        if rec.endswith(suffix):
            rec = rec[: -len(suffix)]
    ann_path = Path(f"{rec}.{annotation}")
    if not ann_path.is_file():
        raise SignalFormatError(
            f"no annotation file {ann_path.name} (give the record name without extension "
            "and the annotation extension, e.g. --annotation ecg)",
            path=ann_path,
        )
    try:
        with warnings.catch_warnings():
            # wfdb 4.3 uses a pandas keyword deprecated in pandas 3.1; not ours to fix.
            warnings.simplefilter("ignore", category=FutureWarning)
            warnings.simplefilter("ignore", category=DeprecationWarning)
            ann = wfdb.rdann(rec, annotation)
    except Exception as exc:  # wfdb raises bare ValueError/IndexError/struct errors on bad files
        raise SignalFormatError(f"unreadable WFDB annotation file ({exc})", path=ann_path) from exc
    fs = sampling_rate or ann.fs
    if not fs:
        try:
            fs = wfdb.rdheader(rec).fs
        except Exception as exc:
            raise SignalFormatError(
                "sampling frequency unknown (no .hea header)", path=ann_path
            ) from exc
    try:
        fs = float(fs)
    except (TypeError, ValueError) as exc:
        raise SignalFormatError(f"unreadable sampling frequency {fs!r}", path=ann_path) from exc
    if not np.isfinite(fs) or fs <= 0:
        raise SignalFormatError(
            f"the sampling frequency must be a positive number (got {fs:g})", path=ann_path
        )
    samples = np.asarray(ann.sample, dtype=float)
    symbols = list(ann.symbol)
    try:
        series = RRSeries.from_beat_times(samples / fs, symbols, source="")
    except ValueError as exc:  # beat times out of order, labels not matching samples
        raise SignalFormatError(f"unusable beat annotations ({exc})", path=ann_path) from None
    from painscope.signals.series import BEAT_SYMBOLS

    is_beat = np.array([s in BEAT_SYMBOLS for s in symbols], dtype=bool)
    if np.count_nonzero(is_beat) < 3:
        raise SignalFormatError("fewer than 3 beat annotations", path=ann_path)
    first = samples[is_beat][0] / float(fs)
    series.first_beat_s = float(first)
    series.source = (
        f"wfdb:{Path(rec).name}.{annotation} (fs {float(fs):g} Hz, first beat {first:.3f} s)"
    )
    return series
