"""24-h Holter-style RR exports: a leading offset and recording gaps are gaps, not "mixed units".

Issue 14: a seconds file whose first value is the time to the first beat (225.8 s) and whose
lead-off stretches are written as intervals of tens of seconds was refused as "mixed units …
looks like milliseconds". Now values above 10 s are gaps: left out of every NN statistic,
never spanned by a successive difference, reported (count, total, longest), and the leading
one is the first beat's offset. Files that really mix units are still refused.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from painscope.cli import main
from painscope.signals.analysis import analyse
from painscope.signals.errors import SignalFormatError
from painscope.signals.rrfiles import read_rr

GAPS_S = (20.0, 45.5, 90.25)


def _holter_file(tmp_path, nsr_dir):
    """nsr001 written as a Holter RR export: offset, intervals in s, three lead-off gaps."""
    wfdb = pytest.importorskip("wfdb")
    ann = wfdb.rdann(str(nsr_dir / "nsr001"), "ecg")
    keep = np.isin(np.asarray(ann.symbol), list("NAV"))
    beats = ann.sample[keep] / ann.fs
    beats = beats[beats < beats[0] + 3 * 3600]  # the first three hours keep the test quick
    # Lead-off: drop the beats inside three stretches so that one interval spans each.
    for k, g in zip((3000, 6000, 9000), GAPS_S, strict=True):
        t = beats[k]
        lost = (beats > t) & (beats < t + g)
        beats = beats[~lost]
        beats[k + 1 :] += g - (beats[k + 1] - t)  # the interval over the gap lasts exactly g
    values = np.round(np.concatenate([[beats[0]], np.diff(beats)]), 4)
    p = tmp_path / "nsr001_holter_rr.txt"
    p.write_text("\n".join(f"{v:.4f}" for v in values) + "\n")
    return p, values


def test_real_holter_export_with_offset_and_gaps_is_read(tmp_path, nsr_dir):
    p, values = _holter_file(tmp_path, nsr_dir)
    s = read_rr(p)  # before the fix: "mixed units: 225.797 looks like milliseconds"
    assert s.first_beat_s == pytest.approx(values[0], abs=1e-3)
    assert len(s) == values.size - 1 - len(GAPS_S)
    g = s.gaps()
    assert g["n"] == len(GAPS_S)
    assert g["total_s"] == pytest.approx(sum(GAPS_S), abs=0.01)
    assert g["longest_s"] == pytest.approx(max(GAPS_S), abs=0.01)
    # The beat times keep the lost time: the last beat is where the file's sum puts it.
    assert s.first_beat_s + s.duration_s == pytest.approx(values.sum(), abs=1e-6)


def test_gaps_are_left_out_of_the_nn_statistics(tmp_path, nsr_dir):
    p, values = _holter_file(tmp_path, nsr_dir)
    doc = analyse(read_rr(p), correction="none")
    o = doc["overall"]
    # Independent computation: split the file at the gaps, drop the offset, apply the
    # 300-2000 ms limits, take differences only inside each stretch.
    ms = values[1:] * 1000.0
    pieces = np.split(ms, np.flatnonzero(ms > 10_000))
    pieces = [pieces[0]] + [q[1:] for q in pieces[1:]]  # each later piece starts with its gap
    nn = np.concatenate(pieces)
    ok = (nn >= 300) & (nn <= 2000)
    diffs = np.concatenate(
        [
            np.diff(q)[((q[1:] >= 300) & (q[1:] <= 2000)) & ((q[:-1] >= 300) & (q[:-1] <= 2000))]
            for q in pieces
        ]
    )
    assert o["mean_nn_ms"] == pytest.approx(nn[ok].mean(), rel=1e-9)
    assert o["rmssd_ms"] == pytest.approx(np.sqrt(np.mean(diffs**2)), rel=1e-9)
    assert doc["gaps"]["n"] == len(GAPS_S)
    assert o["mean_nn_ms"] < 1500  # no gap leaked into the mean


def test_cli_reports_gaps_and_offset(tmp_path, capsys):
    p = tmp_path / "holter.txt"
    p.write_text("225.8\n" + "0.80\n0.82\n0.81\n" * 30 + "35.2\n" + "0.79\n0.80\n0.83\n" * 30)
    assert main(["hrv", str(p), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["first_beat_s"] == pytest.approx(225.8)
    assert doc["gaps"] == {"n": 1, "total_s": pytest.approx(35.2), "longest_s": pytest.approx(35.2)}
    assert doc["overall"]["n_rr_in_file"] == 180
    assert main(["hrv", str(p)]) == 0
    out = capsys.readouterr().out
    assert (
        "gaps: 1 recording gap, 0.6 min in all (longest 35.2 s), left out of every statistic" in out
    )
    assert "first beat 225.800 s after the start of the recording" in out


def test_millisecond_file_gaps_too(tmp_path):
    p = tmp_path / "rr.txt"
    p.write_text("812\n798\n45000\n805\n820\n811\n")
    s = read_rr(p)
    assert s.rr_ms.tolist() == [812, 798, 805, 820, 811]
    assert s.contiguous.tolist() == [False, True, False, True, True]
    assert s.gaps() == {"n": 1, "total_s": pytest.approx(45.0), "longest_s": pytest.approx(45.0)}


def test_file_without_gaps_is_unchanged(tmp_path):
    p = tmp_path / "rr.txt"
    p.write_text("0.812\n0.798\n0.805\n")
    s = read_rr(p)
    assert s.first_beat_s == 0.0 and s.gaps()["n"] == 0
    assert s.t_s.tolist() == pytest.approx([0.812, 1.61, 2.415])


def test_really_mixed_units_are_still_refused_with_a_hint(tmp_path):
    p = tmp_path / "rr.txt"
    p.write_text("0.812\n0.798\n805\n0.820\n")
    with pytest.raises(SignalFormatError, match=r"line 3.*looks like milliseconds.*'# unit: s'"):
        read_rr(p)
    # A file that states seconds means it: 805 s is then a 13-min gap.
    p.write_text("# unit: s\n0.812\n0.798\n805\n0.820\n")
    assert read_rr(p).gaps()["total_s"] == pytest.approx(805.0)
