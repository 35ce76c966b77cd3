"""Generic RR files: unit detection by the median rule, and clear errors (rrfiles docstring)."""

from __future__ import annotations

import numpy as np
import pytest

from painscope.signals.errors import SignalFormatError
from painscope.signals.rrfiles import read_rr


def _write(tmp_path, text, name="rr.txt"):
    p = tmp_path / name
    p.write_text(text)
    return p


def test_seconds_file_with_header_is_read_in_ms(fixtures):
    s = read_rr(fixtures / "rr_seconds.txt")
    assert len(s) == 80
    assert 700 < np.median(s.rr_ms) < 1100
    assert "(s)" in s.source


def test_milliseconds_detected_from_the_median_even_with_a_huge_artefact(tmp_path):
    s = read_rr(_write(tmp_path, "\n".join(["812", "798", "10000", "805", "820"])))
    assert s.rr_ms.tolist() == [812, 798, 10000, 805, 820]


def test_decimal_comma_seconds(tmp_path):
    s = read_rr(_write(tmp_path, "0,812\n0,798\n0,805\n"))
    assert s.rr_ms.tolist() == pytest.approx([812, 798, 805])


def test_unit_comment_overrides_the_rule(tmp_path):
    s = read_rr(_write(tmp_path, "# unit: ms\n120\n118\n125\n"))
    assert s.rr_ms.tolist() == [120, 118, 125]


def test_mixed_units_name_the_line(tmp_path):
    p = _write(tmp_path, "812\n798\n0.805\n820\n")
    with pytest.raises(SignalFormatError, match=r"rr\.txt, line 3, field 'RR': mixed units"):
        read_rr(p)
    p = _write(tmp_path, "0.812\n0.798\n805\n0.820\n", "s.txt")
    with pytest.raises(SignalFormatError, match=r"line 3.*looks like milliseconds"):
        read_rr(p)


def test_ambiguous_scale_is_rejected(tmp_path):
    with pytest.raises(SignalFormatError, match="cannot tell seconds from milliseconds"):
        read_rr(_write(tmp_path, "80\n82\n81\n"))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("   \n\n", "empty"),
        ("812\n-5\n", r"line 2.*negative"),
        ("812\nabc\n", r"line 2.*expected a number"),
        ("RR\n# nothing\n", "no RR values"),
    ],
)
def test_bad_files_give_clear_errors(tmp_path, text, message):
    with pytest.raises(SignalFormatError, match=message):
        read_rr(_write(tmp_path, text))


def test_binary_garbage_is_rejected(tmp_path):
    p = tmp_path / "x.txt"
    p.write_bytes(bytes(range(256)))
    with pytest.raises(SignalFormatError, match="binary"):
        read_rr(p)


def test_zero_ms_is_kept_as_a_rejected_beat(tmp_path):
    from painscope.signals.analysis import analyse

    values = [800 + 10 * (i % 3) for i in range(100)]
    values[50] = 0
    doc = analyse(read_rr(_write(tmp_path, "\n".join(map(str, values)))), correction="none")
    assert doc["correction"]["n_rejected_limits"] == 1
    assert doc["overall"]["n_beats"] == 99
