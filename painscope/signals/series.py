"""The RR-interval series every HRV function works on.

An :class:`RRSeries` keeps, for each interval, its length in ms, the time of the beat that
ends it (seconds from the first beat of the recording), whether it is normal-to-normal
(NN) and usable, and whether it directly follows the previous interval (no gap). Successive
differences are taken only between two usable intervals that directly follow each other —
never across a gap, a rejected beat or a non-normal beat (HRV.md §2.5; Task Force 1996:
"NN = normal-to-normal").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np

#: Beat annotation symbols that are beats at all (WFDB / MIT-BIH convention, as listed in
#: ``wfdb.io.annotation.ann_label_table``); anything else (``~`` noise, ``+`` rhythm change,
#: ``|`` artefact, ...) is not a beat and is dropped before intervals are formed.
BEAT_SYMBOLS = frozenset("NLRBAaJSVrFejnE/fQ?")

#: Symbols counted as *normal* beats. Only ``N`` (normal beat), as in the PhysioNet
#: Cardiovascular Signal Toolbox demo ("non-normal beats removed"); bundle-branch-block beats
#: (``L``, ``R``) are sinus-conducted but are not present in the reference records, so we keep
#: the strict rule the brief and the data README state ("labels other than N are non-normal").
NORMAL_SYMBOLS = frozenset("N")

#: In an RR file, a value longer than this (10 s) is a recording gap, not a beat interval: no heart
#: beats 10 s apart while being recorded (a sinus pause of > 3 s is already rare and clinically
#: flagged), and Holter software writes lead-off and noise stretches as such values.
GAP_MS = 10_000.0


@dataclass
class RRSeries:
    """Beat-to-beat intervals with the bookkeeping needed for honest HRV.

    Attributes
    ----------
    rr_ms : ndarray of float
        Interval lengths in milliseconds.
    t_s : ndarray of float
        Time of the beat that *ends* each interval, in seconds from the first beat of the
        recording (so the first interval ends at ``rr_ms[0] / 1000``).
    normal : ndarray of bool
        True where the interval is normal-to-normal and not rejected.
    contiguous : ndarray of bool
        True where the interval starts at the beat that ended the previous one (False for the
        first interval and after any gap).
    corrected : ndarray of bool
        True where artefact correction changed or created the interval.
    start : datetime, optional
        Wall-clock time (timezone-aware when known) of the first beat.
    source : str
        Free text naming where the beats came from (shown in reports and warnings).
    first_beat_s : float
        Time of the first beat (``t_s = 0``) from the start of the recording, in seconds: for a
        WFDB record the first beat annotation's sample / fs (nsr001: 225.8 s at 128 Hz); 0 for
        beat files, whose first beat starts the recording.
    """

    rr_ms: np.ndarray
    t_s: np.ndarray
    normal: np.ndarray
    contiguous: np.ndarray
    corrected: np.ndarray = field(default=None)  # type: ignore[assignment]
    start: datetime | None = None
    source: str = ""
    first_beat_s: float = 0.0

    def __post_init__(self) -> None:
        self.rr_ms = np.asarray(self.rr_ms, dtype=float)
        n = self.rr_ms.size
        self.t_s = np.asarray(self.t_s, dtype=float)
        self.normal = np.asarray(self.normal, dtype=bool)
        self.contiguous = np.asarray(self.contiguous, dtype=bool)
        if self.corrected is None:
            self.corrected = np.zeros(n, dtype=bool)
        self.corrected = np.asarray(self.corrected, dtype=bool)
        for name in ("t_s", "normal", "contiguous", "corrected"):
            if getattr(self, name).shape != (n,):
                raise ValueError(f"RRSeries.{name} must have {n} elements like rr_ms")

    def __len__(self) -> int:
        return int(self.rr_ms.size)

    @property
    def duration_s(self) -> float:
        """Time from the first beat to the last beat, in seconds."""
        return float(self.t_s[-1]) if len(self) else 0.0

    @classmethod
    def from_intervals(
        cls,
        rr_ms: Sequence[float] | np.ndarray,
        *,
        start: datetime | None = None,
        source: str = "",
    ) -> RRSeries:
        """Build a gap-free series from consecutive intervals (an RR file without timestamps).

        Every interval is taken to follow the previous one; times are the cumulative sum.
        """
        rr = np.asarray(rr_ms, dtype=float).ravel()
        n = rr.size
        contiguous = np.ones(n, dtype=bool)
        if n:
            contiguous[0] = False
        return cls(
            rr_ms=rr,
            t_s=np.cumsum(rr) / 1000.0,
            normal=np.ones(n, dtype=bool),
            contiguous=contiguous,
            start=start,
            source=source,
        )

    @classmethod
    def from_values_with_gaps(
        cls,
        values_ms: Sequence[float] | np.ndarray,
        *,
        gap_ms: float | None = None,
        start: datetime | None = None,
        source: str = "",
    ) -> RRSeries:
        """Build a series from the values of an RR file in which long values are gaps.

        A value longer than ``gap_ms`` (default :data:`GAP_MS`, 10 s) is not a beat interval
        but time without detected beats (a Holter lead-off, a noisy stretch): it is left out
        of the intervals, the next interval is marked as following a gap, and the beat times
        keep the lost time. Values of that length at the start are the offset of the first beat
        from the start of the recording (:attr:`first_beat_s`). A file without such values gives
        exactly :meth:`from_intervals`.
        """
        vals = np.asarray(values_ms, dtype=float).ravel()
        gap = vals > (GAP_MS if gap_ms is None else gap_ms)
        if not gap.any():
            return cls.from_intervals(vals, start=start, source=source)
        elapsed = np.cumsum(vals) / 1000.0
        lead = int(np.argmin(gap)) if not gap.all() else vals.size
        offset = float(elapsed[lead - 1]) if lead else 0.0
        keep = ~gap
        after_gap = np.zeros(vals.size, dtype=bool)
        after_gap[1:] = gap[:-1]
        contiguous = ~after_gap[keep]
        if contiguous.size:
            contiguous[0] = False
        rr = vals[keep]
        return cls(
            rr_ms=rr,
            t_s=elapsed[keep] - offset,
            normal=np.ones(rr.size, dtype=bool),
            contiguous=contiguous,
            start=start,
            source=source,
            first_beat_s=offset,
        )

    def gaps(self) -> dict[str, float | int]:
        """Recording gaps: time between two intervals that do not follow each other.

        Returns ``{"n", "total_s", "longest_s"}`` over every interval marked as not contiguous
        (after the first) whose start lies after the end of the previous one (a gap in an RR
        file, a Polar dropout, the time between two Apple beat lists).
        """
        if len(self) < 2:
            return {"n": 0, "total_s": 0.0, "longest_s": 0.0}
        begins = self.t_s[1:] - self.rr_ms[1:] / 1000.0
        lost = begins - self.t_s[:-1]
        sel = ~self.contiguous[1:] & (lost > 1e-6)
        g = lost[sel]
        return {
            "n": int(g.size),
            "total_s": float(g.sum()) if g.size else 0.0,
            "longest_s": float(g.max()) if g.size else 0.0,
        }

    @classmethod
    def from_beat_times(
        cls,
        beat_s: Sequence[float] | np.ndarray,
        symbols: Sequence[str] | None = None,
        *,
        start: datetime | None = None,
        source: str = "",
    ) -> RRSeries:
        """Build a series from beat times (seconds) and optional beat labels.

        Non-beat annotations (see :data:`BEAT_SYMBOLS`) are dropped first. An interval is NN
        when both of its beats are normal (:data:`NORMAL_SYMBOLS`); an interval touching a
        non-normal beat is kept in the series (it occupies time and counts as an artefact) but
        excluded from every metric, which also breaks the successive-difference pairs around it.
        Times are re-based so that the first beat is at 0 s.
        """
        beats = np.asarray(beat_s, dtype=float).ravel()
        if symbols is not None:
            sym = np.asarray(list(symbols), dtype=object)
            if sym.size != beats.size:
                raise ValueError("symbols must have one label per beat")
            is_beat = np.array([s in BEAT_SYMBOLS for s in sym], dtype=bool)
            beats, sym = beats[is_beat], sym[is_beat]
            is_normal = np.array([s in NORMAL_SYMBOLS for s in sym], dtype=bool)
        else:
            is_normal = np.ones(beats.size, dtype=bool)
        if beats.size and np.any(np.diff(beats) < 0):
            raise ValueError("beat times must be in increasing order")
        rr = np.diff(beats) * 1000.0
        n = rr.size
        t = beats[1:] - beats[0] if n else np.zeros(0)
        contiguous = np.ones(n, dtype=bool)
        if n:
            contiguous[0] = False
        normal = is_normal[1:] & is_normal[:-1] if n else np.zeros(0, dtype=bool)
        return cls(
            rr_ms=rr, t_s=t, normal=normal, contiguous=contiguous, start=start, source=source
        )

    def successive_pairs(self) -> np.ndarray:
        """Boolean mask over ``rr_ms[1:]``: True where ``rr[i] - rr[i-1]`` is a valid NN difference."""
        if len(self) < 2:
            return np.zeros(0, dtype=bool)
        return self.normal[1:] & self.normal[:-1] & self.contiguous[1:]
