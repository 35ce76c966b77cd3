"""Garmin FIT files via fitdecode: ``hrv`` messages → RR, ``hrv_status_summary`` → nightly HRV.

``hrv`` (global message 78) carries up to five RR values in seconds (scale 1000 → 1-ms
resolution) and no timestamp; invalid slots (0xFFFF) come back from fitdecode as ``None`` and
are skipped. Intervals are aligned by their cumulative sum from the first one, starting at the
activity's ``file_id.time_created`` (HRV.md §4.3). ``hrv_status_summary`` (message 370, newer
watches) gives the device's nightly RMSSD average and 7-day average in ms.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np

from painscope.signals.errors import SignalFormatError
from painscope.signals.series import RRSeries


@dataclass
class FitContents:
    """What a FIT file holds for painscope."""

    rr: RRSeries | None
    hrv_messages: int
    start: datetime | None
    hrv_status: list[dict[str, Any]] = field(default_factory=list)


def read_fit(path: str | Path) -> FitContents:
    """Read RR intervals and HRV status summaries from a FIT file.

    Raises
    ------
    SignalFormatError
        When the file is not FIT, is truncated or fails its CRC (message names the record).
    """
    import fitdecode

    p = Path(path)
    if not p.is_file():
        raise SignalFormatError("no such file", path=p)
    values: list[float] = []
    n_msgs = 0
    start: datetime | None = None
    status: list[dict[str, Any]] = []
    record = 0
    try:
        with fitdecode.FitReader(
            str(p),
            check_crc=fitdecode.CrcCheck.RAISE,
            error_handling=fitdecode.ErrorHandling.RAISE,
        ) as reader:
            for frame in reader:
                record += 1
                if not isinstance(frame, fitdecode.FitDataMessage):
                    continue
                if frame.name == "file_id" and start is None and frame.has_field("time_created"):
                    start = frame.get_value("time_created")
                elif frame.name == "hrv":
                    n_msgs += 1
                    v = frame.get_value("time", fallback=None)
                    seq = v if isinstance(v, tuple | list) else [v]
                    values.extend(float(x) for x in seq if x is not None)
                elif frame.name == "hrv_status_summary":
                    status.append(
                        {
                            "timestamp": frame.get_value("timestamp", fallback=None),
                            "last_night_average": frame.get_value(
                                "last_night_average", fallback=None
                            ),
                            "weekly_average": frame.get_value("weekly_average", fallback=None),
                            "status": frame.get_value("status", fallback=None),
                        }
                    )
    except fitdecode.FitError as exc:
        raise SignalFormatError(
            f"not a readable FIT file ({type(exc).__name__}: {exc})", path=p, record=record or None
        ) from exc
    except (
        ValueError,
        struct.error,
        IndexError,
        KeyError,
        TypeError,
        OverflowError,
        AssertionError,
    ) as exc:
        # fitdecode raises these bare on corrupt or truncated input (found by tests/fuzz)
        raise SignalFormatError(
            f"not a readable FIT file (corrupt or truncated: {type(exc).__name__}: {exc})",
            path=p,
            record=record or None,
        ) from exc
    rr = None
    if values:
        rr = RRSeries.from_intervals(
            np.asarray(values) * 1000.0, start=start, source=f"fit:{p.name}"
        )
    return FitContents(rr=rr, hrv_messages=n_msgs, start=start, hrv_status=status)
