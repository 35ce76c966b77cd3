"""pyHRV's short sample through ``painscope hrv``: the published RMSSD (101.30 ms) needs
``--correction none``; the default Lipponen & Tarvainen correction flags 4 of its beats as
long/short, exactly as the published algorithm does (docs/hrv.md, "pyHRV golden")."""

from __future__ import annotations

import json

import numpy as np
import pytest

from painscope.cli import main

GOLDEN_RMSSD = 101.3006  # pyhrv/files/SampleExport.json (pyHRV 0.4.1), short sample


@pytest.fixture
def short_sample(shared_data):
    return shared_data / "hrv" / "pyhrv" / "SampleNNISeriesShort.npy"


def hrv_json(capsys, *argv: str) -> dict:
    code = main(["hrv", *argv, "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    return json.loads(out)


@pytest.mark.parametrize("as_text", [False, True], ids=["npy", "savetxt"])
def test_the_golden_rmssd_needs_correction_none(capsys, tmp_path, short_sample, as_text):
    path = short_sample
    if as_text:
        path = tmp_path / "short.txt"
        np.savetxt(path, np.load(short_sample))
    none = hrv_json(capsys, str(path), "--correction", "none")
    assert none["overall"]["rmssd_ms"] == pytest.approx(GOLDEN_RMSSD, abs=1e-4)
    assert none["correction"]["n_corrected"] == 0
    default = hrv_json(capsys, str(path))
    c = default["correction"]
    assert c["method"] == "lipponen2019"
    assert (c["n_ectopic"], c["n_missed"], c["n_extra"], c["n_long_short"]) == (0, 0, 0, 4)
    assert default["overall"]["rmssd_ms"] < GOLDEN_RMSSD - 1


def test_a_npy_file_of_objects_is_refused_without_unpickling(capsys, tmp_path):
    path = tmp_path / "objects.npy"
    np.save(path, np.array([{"rr": 800}], dtype=object), allow_pickle=True)
    code = main(["hrv", str(path)])
    err = capsys.readouterr().err
    assert code == 2
    assert "npy" in err and "objects.npy" in err
