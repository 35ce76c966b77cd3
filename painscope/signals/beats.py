"""Read any beat-to-beat source into an :class:`RRSeries`, with format sniffing.

Detection rules (``format="auto"``), first match wins:

1. ``--annotation`` given, or ``FILE.hea`` exists, or ``FILE`` ends in a WFDB annotation
   extension (``.atr``, ``.ecg``, ``.qrs``) → WFDB;
2. bytes 8–11 are ``.FIT`` → Garmin FIT;
3. first line starts with ``Phone timestamp;`` → Polar Sensor Logger;
4. name ``YYYY-MM-DD HH-MM-SS.txt`` → Elite HRV;
5. otherwise → generic RR text (one interval per line).
"""

from __future__ import annotations

from pathlib import Path

from painscope.signals.errors import SignalFormatError
from painscope.signals.formats import BEAT_FORMATS
from painscope.signals.series import RRSeries

WFDB_EXTENSIONS = ("atr", "ecg", "qrs")
_EXPORT_NAMES = {
    "apple": "an Apple Health export",
    "fitbit": "a Fitbit export",
    "whoop": "a WHOOP export",
    "oura": "an Oura export",
    "daily-csv": "a daily-measures CSV",
}


def sniff_beats(path: str | Path, annotation: str | None = None) -> str:
    """Name the beat format of ``path`` by the rules of the module docstring."""
    from painscope.signals.rrfiles import _ELITE_NAME

    p = Path(path)
    if (
        annotation
        or Path(f"{p}.hea").is_file()
        or (p.suffix.lstrip(".") in WFDB_EXTENSIONS and p.with_suffix(".hea").is_file())
    ):
        return "wfdb"
    if not p.is_file():
        raise SignalFormatError("no such file", path=p)
    with p.open("rb") as fh:
        head = fh.read(4096)
    if not head.strip():
        raise SignalFormatError("the file is empty", path=p)
    if len(head) >= 12 and head[8:12] == b".FIT":
        return "fit"
    if head.lstrip(b"\xef\xbb\xbf").startswith(b"Phone timestamp;"):
        return "polar"
    if _ELITE_NAME.match(p.name):
        return "elitehrv"
    from painscope.signals.wearable import sniff

    daily = sniff(p)
    if daily not in ("rr", "elitehrv", "polar", "fit"):
        raise SignalFormatError(
            f"this looks like {_EXPORT_NAMES.get(daily, daily)} of daily summaries, which has no beat-to-beat "
            "intervals: use `painscope wearable inspect`",
            path=p,
        )
    return "rr"


def read_beats(
    path: str | Path,
    format: str = "auto",
    *,
    annotation: str | None = None,
    sampling_rate: float | None = None,
) -> tuple[RRSeries, str]:
    """Read beats from ``path``; return the series and the format used.

    For WFDB, ``path`` is the record name (without extension) and ``annotation`` the
    annotation extension (default ``atr``, or the extension of ``path`` when one is given).
    """
    fmt = sniff_beats(path, annotation) if format == "auto" else format
    if fmt == "wfdb":
        from painscope.signals.wfdb_io import read_wfdb

        p = Path(path)
        ext = annotation
        if ext is None and p.suffix.lstrip(".") in WFDB_EXTENSIONS:
            ext = p.suffix.lstrip(".")
            p = p.with_suffix("")
        return read_wfdb(p, ext or "atr", sampling_rate=sampling_rate), fmt
    if fmt == "fit":
        from painscope.signals.fit import read_fit

        contents = read_fit(path)
        if contents.rr is None:
            raise SignalFormatError(
                "this FIT file has no 'hrv' messages (RR logging was off on the device)", path=path
            )
        return contents.rr, fmt
    if fmt == "polar":
        from painscope.signals.rrfiles import read_polar

        return read_polar(path), fmt
    if fmt == "elitehrv":
        from painscope.signals.rrfiles import read_elite_hrv

        return read_elite_hrv(path), fmt
    if fmt == "rr":
        from painscope.signals.rrfiles import read_rr

        return read_rr(path), fmt
    raise SignalFormatError(
        f"unknown beat format {fmt!r} (choose from {', '.join(BEAT_FORMATS)})", path=path
    )
