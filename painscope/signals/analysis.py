"""One call from an RR series to the whole-recording and per-window HRV report.

Quality gates (each documented, each producing a named flag rather than a silent number):

* ``too_many_artifacts`` — more than 5 % of the intervals in the block were rejected, non-normal
  or corrected (HRV.md §2.4: "prefer excluding segments with > 5 % corrected beats").
* ``too_short`` — less than 50 s of NN intervals. A "60-s" morning reading spans 55–60 s from
  its first to its last beat; 50 s leaves room for a few rejected beats. Task Force 1996 puts
  the minimum for HF-band information at about 1 min; RMSSD from 60 s agrees with 5 min for
  within-person trends (Munoz et al. 2015; Esco & Flatt 2014), not for between-person norms.
* ``low_coverage`` (windows only) — NN intervals cover less than half of the window's length
  (a gap or a long run of rejected beats).

A block carrying any flag has ``usable = False``; its numbers are still reported (for research
and for comparison with other tools) but nothing downstream (daily measures, the baseline)
uses them.
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np

from painscope.signals.artifacts import clean
from painscope.signals.hrv import METRICS, window_bounds, window_metrics
from painscope.signals.series import RRSeries

MAX_ARTIFACT_PCT = 5.0
MIN_NN_DURATION_S = 50.0
MIN_WINDOW_COVERAGE = 0.5

Correction = Literal["auto", "lipponen2019", "none"]


def _block(values: dict[str, np.ndarray], i: int, *, window_len: float | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in METRICS:
        v = values[key][i]
        out[key] = int(v) if key == "n_beats" else (None if not np.isfinite(v) else float(v))
    out["n_pairs"] = int(values["n_pairs"][i])
    out["nn_duration_s"] = float(values["nn_duration_s"][i])
    flags = []
    art = values["artifacts_pct"][i]
    if not np.isfinite(art) or art > MAX_ARTIFACT_PCT:
        flags.append("too_many_artifacts")
    if values["nn_duration_s"][i] < MIN_NN_DURATION_S or values["n_pairs"][i] < 2:
        flags.append("too_short")
    if window_len is not None and values["nn_duration_s"][i] < MIN_WINDOW_COVERAGE * window_len:
        flags.append("low_coverage")
    out["usable"] = not flags
    out["flags"] = flags
    return out


def resolve_correction(series: RRSeries, correction: Correction) -> bool:
    """Whether Lipponen–Tarvainen correction runs for this series.

    ``auto`` corrects device beat series but not beat-labelled annotations (WFDB), whose
    labels already separate normal from ectopic beats: on the 128-Hz-quantised nsr2db
    annotations L&T flags 1–6 % of expert-labelled normal beats (measured; docs/hrv.md).
    """
    if correction == "none":
        return False
    if correction == "lipponen2019":
        return True
    return not series.source.startswith("wfdb")


def analyse(
    series: RRSeries,
    *,
    window_s: float | None = None,
    step_s: float | None = None,
    correction: Correction = "auto",
    frequency: bool = False,
) -> dict[str, Any]:
    """HRV report of a recording: cleaning summary, whole recording and fixed windows.

    Parameters
    ----------
    series : RRSeries
        Raw intervals as read from a file.
    window_s, step_s : float, optional
        Window length and step in seconds (e.g. 300 and 30). Without ``window_s`` no windows
        are computed; ``step_s`` defaults to ``window_s`` (no overlap).
    correction : {"auto", "lipponen2019", "none"}
        Artefact correction (see :func:`resolve_correction`); physiological limits always apply.
    frequency : bool
        Add Lomb–Scargle LF/HF per block (research output only; see
        :mod:`painscope.signals.frequency`).

    Returns
    -------
    dict
        ``{"source", "start", "first_beat_s", "duration_s", "gaps", "correction", "overall",
        "windows"}``; ``gaps`` is :meth:`RRSeries.gaps` of the file's series (``n``,
        ``total_s``, ``longest_s``: time without beats, left out of every statistic); each block has the metrics of :data:`painscope.signals.hrv.METRICS` plus
        ``usable`` and ``flags``; windows also carry ``start_s`` and ``end_s`` in seconds from
        the **start of the recording**: windows are laid from the first beat (full windows at
        0, step, 2·step, … after it) and shifted by ``first_beat_s`` (the first beat's time
        from the recording start; 225.8 s for nsr001 at 128 Hz, 0 for beat files).
    """
    if len(series) < 2:
        raise ValueError(f"{series.source or 'RR series'}: fewer than 2 intervals, no HRV possible")
    do_correct = resolve_correction(series, correction)
    cleaned, report = clean(series, correct=do_correct)
    overall_v = window_metrics(cleaned, [-np.inf], [np.inf])
    overall = _block(overall_v, 0, window_len=None)
    # n_beats counts NN intervals used after correction (a missed beat split in two adds one);
    # n_rr_in_file is what the file held before any cleaning.
    overall["n_rr_in_file"] = len(series)
    windows: list[dict[str, Any]] = []
    if window_s is not None:
        starts = window_bounds(cleaned.duration_s, window_s, step_s)
        ends = starts + window_s
        wv = window_metrics(cleaned, starts, ends)
        # Windows are placed from the first beat (as the PhysioNet toolbox places them; its
        # reference CSV's t_start is from the first beat, verified on nsr001/004/009) and
        # reported in seconds from the start of the recording (issue 5): + first_beat_s.
        offset = float(series.first_beat_s)
        for i, (a, b) in enumerate(zip(starts, ends, strict=True)):
            block = {"start_s": float(a) + offset, "end_s": float(b) + offset}
            block.update(_block(wv, i, window_len=window_s))
            if frequency:
                from painscope.signals.frequency import lomb_bands

                block["frequency"] = lomb_bands(cleaned, float(a), float(b))
            windows.append(block)
    if frequency:
        from painscope.signals.frequency import lomb_bands

        overall["frequency"] = lomb_bands(cleaned)
    correction_doc: dict[str, Any] = {
        "method": "lipponen2019" if do_correct else "limits-only",
        "limits_ms": [300.0, 2000.0],
        "max_artifact_pct": MAX_ARTIFACT_PCT,
    }
    correction_doc.update(report.as_dict())
    return {
        "source": series.source,
        "start": None if series.start is None else series.start.isoformat(),
        "first_beat_s": float(series.first_beat_s),
        "duration_s": series.duration_s,
        "gaps": series.gaps(),
        "correction": correction_doc,
        "overall": overall,
        "windows": windows,
    }
