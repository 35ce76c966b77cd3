"""What ``painscope hrv`` reports about the file itself: RR in the file vs NN used, and messages
that name the right thing (records in binary files, the export's proper name)."""

from __future__ import annotations

import json

from painscope.cli import main
from painscope.signals import formats


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_fit_activity_reports_the_rr_in_the_file_and_the_nn_used(capsys, shared_data):
    code, out, err = run(capsys, "hrv", str(shared_data / "fit" / "garmin-fenix-5-run.fit"), "--json")
    assert code == 0, err
    doc = json.loads(out)
    o, c = doc["overall"], doc["correction"]
    assert o["n_rr_in_file"] == 113  # data README
    # Each missed beat is split in two: 6 more intervals than in the file.
    assert c["n_missed"] == 6 and o["n_beats"] == 113 + c["n_missed"]


def test_the_text_report_names_both_counts(capsys, shared_data):
    code, out, _ = run(capsys, "hrv", str(shared_data / "fit" / "garmin-fenix-5-run.fit"))
    assert code == 0
    assert "113 RR intervals in the file, 119 NN intervals used after correction" in out


def test_a_daily_export_given_to_hrv_is_named_properly(capsys, fixtures):
    code, _, err = run(capsys, "hrv", str(fixtures / "apple_health_export.xml"))
    assert code == 2
    assert "an Apple Health export of daily summaries" in err and "a apple" not in err


def test_one_format_list_for_readers_and_cli():
    from painscope.cli import build_parser
    from painscope.signals.wearable import FORMATS

    assert FORMATS is formats.WEARABLE_FORMATS
    sub = next(a for a in build_parser()._subparsers._group_actions if hasattr(a, "choices"))
    hrv_format = next(a for a in sub.choices["hrv"]._actions if "--format" in a.option_strings)
    assert tuple(hrv_format.choices) == formats.BEAT_FORMATS
