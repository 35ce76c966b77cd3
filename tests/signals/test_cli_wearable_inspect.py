"""``painscope wearable inspect``: what would be imported, without a database."""

from __future__ import annotations

import json

from painscope.cli import main


def test_inspect_json_lists_daily_rows(capsys, fixtures):
    code = main(["wearable", "inspect", str(fixtures / "physiological_cycles.csv"), "--json"])
    out, _ = capsys.readouterr()
    assert code == 0
    doc = json.loads(out)
    assert doc["format"] == "whoop" and doc["n_rows"] == 6
    assert doc["measures"]["hrv_rmssd_night"]["n"] == 2
    assert doc["rows"][0]["timestamp"] == "2024-03-02T00:00:00-05:00"


def test_inspect_text(capsys, fixtures):
    code = main(["wearable", "inspect", str(fixtures / "apple_health_export.xml")])
    out, _ = capsys.readouterr()
    assert code == 0
    assert "apple" in out and "hrv_sdnn" in out and "sleep_hours" in out


def test_inspect_refuses_an_entity_bomb(capsys, tmp_path):
    p = tmp_path / "export.xml"
    p.write_text(
        '<?xml version="1.0"?><!DOCTYPE HealthData [<!ENTITY a "aaaa">]><HealthData>&a;</HealthData>'
    )
    code = main(["wearable", "inspect", str(p), "--json"])
    out, err = capsys.readouterr()
    assert code == 2 and out == "" and "refused" in err
