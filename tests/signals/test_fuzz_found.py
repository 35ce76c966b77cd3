"""Crashes the importer fuzzers (tests/fuzz) found, each kept as a regression test."""

from __future__ import annotations

import pytest

from painscope.signals.analysis import analyse
from painscope.signals.beats import read_beats
from painscope.signals.errors import SignalFormatError
from painscope.signals.hrv import MAX_WINDOWS, window_bounds
from painscope.signals.wearable import read_wearable

POLAR_HEAD = "Phone timestamp;RR-interval [ms]\n"


def _write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text)
    return p


def test_polar_file_with_one_interval_is_a_format_error_on_import(tmp_path):
    p = _write(tmp_path, "x_RR.txt", POLAR_HEAD + "2024-02-01T07:02:11.710;9")
    # was: ValueError "fewer than 2 intervals" escaping read_wearable
    with pytest.raises(SignalFormatError, match="fewer than 2 intervals"):
        read_wearable(p, "polar")


def _jumping_polar(tmp_path):
    rows = ["2024-01-01T07:02:11.710;971"] + [
        f"2024-03-01T07:{2 + i // 60:02d}:{i % 60:02d}.700;{950 + i % 40}" for i in range(200)
    ]
    return _write(tmp_path, "jump_RR.txt", POLAR_HEAD + "\n".join(rows) + "\n")


def test_phone_clock_jump_of_two_months_does_not_lay_millions_of_windows(tmp_path):
    p = _jumping_polar(tmp_path)
    series, _ = read_beats(p, "polar")
    assert series.duration_s > 59 * 86400  # the jump is kept as a gap
    # was: 172,800 windows, 131 MB and minutes; now a clear refusal naming the limit
    with pytest.raises(ValueError, match=f"more than {MAX_WINDOWS:,}: use a longer step"):
        analyse(series, window_s=60, step_s=30)
    assert analyse(series)["gaps"]["n"] == 1  # the whole-recording figures still come


def test_recording_longer_than_a_night_gives_no_daily_row(tmp_path):
    res = read_wearable(_jumping_polar(tmp_path), "polar", tz="Europe/Berlin")
    assert res.daily.empty
    assert any("longer than one night" in w for w in res.warnings)


def test_window_bounds_never_allocates_an_absurd_array():
    with pytest.raises(ValueError, match="windows of 1 s"):
        window_bounds(1e12, 1.0)
    assert window_bounds(86400 * 7, 300, 30).size == 20151


def test_whoop_unknown_cycle_time_zone_names_the_line(tmp_path, fixtures):
    lines = (fixtures / "physiological_cycles.csv").read_text().splitlines()
    head = lines[0].split(",")
    row = lines[1].split(",")
    row[head.index("Cycle timezone")] = "67"
    p = _write(tmp_path, "physiological_cycles.csv", "\n".join([lines[0], ",".join(row)]) + "\n")
    # was: a bare ValueError from parse_tz
    with pytest.raises(SignalFormatError, match=r"line 2, field 'Cycle timezone': unknown time zone '67'"):
        read_wearable(p, "whoop")


def test_corrupt_deflate_stream_in_an_apple_zip_is_a_format_error(tmp_path, fixtures):
    import zipfile

    z = tmp_path / "export.zip"
    with zipfile.ZipFile(z, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("apple_health_export/export.xml", (fixtures / "apple_health_export.xml").read_bytes())
    data = bytearray(z.read_bytes())
    start = data.index(b"export.xml") + len(b"export.xml")
    data[start + 5 : start + 40] = b"\xff" * 35  # garbage in the compressed stream
    z.write_bytes(bytes(data))
    # was: zlib.error escaping the reader
    with pytest.raises(SignalFormatError, match="unreadable"):
        read_wearable(z, "apple")


def test_truncated_fit_header_is_a_format_error(tmp_path, shared_data):
    from painscope.signals.fit import read_fit

    data = (shared_data / "fit" / "garmin-fenix-5-walk.fit").read_bytes()
    p = tmp_path / "a.fit"
    p.write_bytes(b"\x0f" + data[1:13])  # header claims 15 bytes, file stops inside it
    # was: struct.error from fitdecode
    with pytest.raises(SignalFormatError, match="not a readable FIT file"):
        read_fit(p)


def test_fit_cut_anywhere_or_with_a_wrong_header_size_is_a_format_error(tmp_path, shared_data):
    from painscope.signals.fit import read_fit

    data = (shared_data / "fit" / "garmin-fenix-5-walk.fit").read_bytes()
    p = tmp_path / "a.fit"
    variants = [data[:n] for n in range(14, len(data), 97)]
    variants += [bytes([size]) + data[1:] for size in (0x0E, 0x0F, 0x10, 0xFF)]
    refused = 0
    for bad in variants:
        p.write_bytes(bad)
        # was: ValueError('size') or struct.error from fitdecode for some of these
        try:
            read_fit(p)
        except SignalFormatError as exc:
            assert "not a readable FIT file" in str(exc)
            refused += 1
    assert refused >= len(variants) // 2


@pytest.mark.parametrize(("name", "fmt"), [("oura_sleep.json", "oura"), ("sleep-2024-03-01.json", "fitbit")])
def test_deeply_nested_json_is_a_format_error(tmp_path, name, fmt):
    p = _write(tmp_path, name, "[" * 200_000 + "]" * 200_000)
    # was: RecursionError from the json module
    with pytest.raises(SignalFormatError, match="nested too deeply"):
        read_wearable(p, fmt)


@pytest.mark.parametrize("text", ["1.797693134862316e+305\n0.0\n0.0", "0.8\n1e400\n0.8\n"])
def test_absurd_or_infinite_rr_values_name_the_line(tmp_path, text):
    p = _write(tmp_path, "rr.txt", text)
    # was: NaN/inf beat times, then ValueError/OverflowError in window_bounds
    with pytest.raises(SignalFormatError, match=r"line \d, field 'RR': .* not a plausible interval"):
        read_beats(p, "rr")


def test_polar_file_with_a_bare_carriage_return_names_the_line(tmp_path):
    p = tmp_path / "x_RR.txt"
    p.write_bytes(b"Phone timestamp;RR-interval [ms]\n2024-03-01T07:02:11.710;9\r71\n")
    # was: _csv.Error "new-line character seen in unquoted field"
    with pytest.raises(SignalFormatError, match=r"line \d: unreadable CSV"):
        read_beats(p, "polar")


def test_daily_csv_with_a_bare_carriage_return_in_the_header(tmp_path):
    p = tmp_path / "daily.csv"
    p.write_bytes(b"date,resting_hr\rx,steps\n2024-03-01,58,1000\n")
    with pytest.raises(SignalFormatError, match="malformed CSV"):
        read_wearable(p, "daily-csv")


def test_wfdb_header_with_a_zero_sampling_frequency(tmp_path):
    (tmp_path / "nsr001.ecg").write_bytes(b"\x00\xec\x00\x00\xe6p\x00\x04Y\x04[\x04[\x04")
    (tmp_path / "nsr001.hea").write_bytes(b"nsr 01 0 128 0\r\n")  # the fuzzer's header: fs 0
    # was: division by zero, NaN beat times, then ValueError in window_bounds
    with pytest.raises(SignalFormatError, match=r"sampling frequency must be a positive number \(got 0\)"):
        read_beats(tmp_path / "nsr001", "wfdb", annotation="ecg")
