"""A target met only for the built-in seeds would be sampling noise: T1 and T2, which flipped
with the seed at the earlier cohort sizes, must pass for other virtual people too."""

from __future__ import annotations

from painscope.model.robustness import main, pass_rates


def test_temporal_summation_targets_hold_for_shifted_seeds():
    doc = pass_rates((1000, 2000), ids=["T1", "T2"])
    assert doc["offsets"] == [1000, 2000]
    for row in doc["targets"]:
        assert row["passes"] == [True, True], row
        assert row["pass_rate"] == 1.0


def test_robustness_command_prints_a_pass_rate_per_target(capsys):
    assert main(["--offsets", "0", "7", "--ids", "T5"]) == 0
    out = capsys.readouterr().out
    assert "T5" in out and "100%" in out
