"""Gates and warnings a person sees next to a trigger finding."""

from __future__ import annotations

import numpy as np

from painscope.insights import lagged_effects
from painscope.insights.simulate import simulate_daily


def test_rare_factor_is_not_tested_and_the_reason_says_how_many_days_it_needs():
    daily = simulate_daily(200, n_factors=2, seed=1)
    rare = np.zeros(200)
    rare[[10, 50, 90, 130, 170]] = 1
    daily["factor:sauna"] = rare
    report = lagged_effects(daily)
    entry = next(n for n in report.not_tested if n.factor == "sauna")
    assert "14 days with" in entry.reason and "you have 5 with" in entry.reason
    assert entry.lags == [0, 1, 2, 3]
    assert not any(f.column == "factor:sauna" for f in report.findings)


def test_two_factors_logged_together_are_flagged_as_indistinguishable():
    daily = simulate_daily(200, n_factors=2, effects=[(0, 0, 1.5)], seed=2)
    daily["factor:wine"] = daily["factor:f0"]
    report = lagged_effects(daily, lags=[0])
    wine = next(f for f in report.findings if f.column == "factor:wine")
    f0 = next(f for f in report.findings if f.column == "factor:f0")
    assert any("cannot tell these apart" in w and "f0" in w for w in wine.warnings)
    assert any("wine" in w for w in f0.warnings)


def test_painkiller_taken_after_bad_days_gets_a_reverse_direction_warning():
    rng = np.random.default_rng(3)
    daily = simulate_daily(240, phi=0.7, n_factors=1, seed=rng)
    pain = daily["pain"].to_numpy()
    # Painkillers are taken the day after pain was above the person's usual level.
    taken = np.zeros(240)
    taken[1:] = (pain[:-1] > np.median(pain)).astype(float)
    daily["medication:ibuprofen"] = taken * 400.0
    report = lagged_effects(daily, lags=[0, 1])
    ibu = [f for f in report.findings if f.column == "medication:ibuprofen"]
    assert ibu and ibu[0].binary
    # Worded for a yes/no item, in the direction found, with no p-value for the person;
    # the p-value stays in the report's dict.
    expected = ("After worse pain days, you more often took ibuprofen the next day — so "
                "ibuprofen may partly follow pain rather than precede it.")
    for f in ibu:
        assert "reverse" in f.warning_codes and expected in f.warnings
        assert not any("p =" in w for w in f.warnings)
        assert f.reverse_effect > 0 and 0 <= f.reverse_p < 0.05
    doc = next(d for d in report.to_dict()["findings"] if d["column"] == "medication:ibuprofen")
    assert doc["reverse_p"] == ibu[0].reverse_p
    # an independent factor does not get that warning
    f0 = [f for f in report.findings if f.column == "factor:f0"]
    assert not any("reverse" in f.warning_codes for f in f0)
    assert all(f.reverse_p is None for f in f0)


def test_effect_of_a_continuous_candidate_is_reported_per_standard_deviation():
    rng = np.random.default_rng(4)
    daily = simulate_daily(300, phi=0.6, n_factors=0, n_measures=1, seed=rng)
    sleep = daily["m0"].to_numpy()
    daily = daily.rename(columns={"m0": "sleep_hours"})
    daily.loc[daily.index[1:], "pain"] -= 0.8 * (sleep[:-1] - sleep.mean())
    report = lagged_effects(daily, lags=[1])
    f = report.findings[0]
    assert f.column == "sleep_hours" and f.significant and not f.binary
    sd = np.std(sleep)
    assert f.ci_low < -0.8 * sd < f.ci_high
    assert "(1 SD)" in f.per and "h" in f.per
    assert "followed the next day by pain" in f.sentence and "lower" in f.sentence
    # the amount is said once, in hours, with a plain noun (not "sleep hours ... sleep hours")
    assert f.sentence.startswith(f"Each {sd:.1f} h more sleep than usual (one standard deviation)")
    assert f.sentence.count("sleep") == 1 and "1 SD" not in f.sentence


def test_lags_beyond_a_week_are_refused():
    daily = simulate_daily(100, n_factors=1, seed=5)
    try:
        lagged_effects(daily, lags="0-8")
    except ValueError as exc:
        assert "between 0 and 7" in str(exc)
    else:
        raise AssertionError("lag 8 accepted")


def test_findings_use_is_followed_by_and_never_causes():
    daily = simulate_daily(240, n_factors=3, effects=[(1, 2, 1.5)], seed=6)
    report = lagged_effects(daily)
    text = " ".join(report.sentences()).lower()
    assert "followed" in text and "2 days later" in text
    assert " causes " not in text
    doc = report.to_dict()
    top = doc["findings"][0]
    assert top["factor"] == "f1" and top["lag"] == 2 and top["significant"] is True
    for key in ("effect", "ci_low", "ci_high", "p", "q", "n_exposed", "n_unexposed",
                "warnings", "sentence"):
        assert key in top
    assert top["q"] >= top["p"]


def test_measure_logged_on_only_a_few_days_says_so_not_that_it_never_changed():
    """Three logged step counts (equal or not) are too few days, not a constant measure."""
    for values in ([4000.0, 4000.0, 4000.0], [3000.0, 8000.0, 5000.0], [6000.0]):
        daily = simulate_daily(200, n_factors=1, seed=4)
        steps = np.full(200, np.nan)
        steps[[20, 90, 150][: len(values)]] = values
        daily["steps"] = steps
        entry = next(n for n in lagged_effects(daily).not_tested
                     if "step" in n.factor.lower())
        n = len(values)
        assert f"you have only {n} day{'s' if n != 1 else ''}" in entry.reason, entry.reason
        assert "same on every logged day" not in entry.reason


def test_measure_logged_every_day_with_one_value_is_called_constant():
    daily = simulate_daily(200, n_factors=1, seed=4)
    daily["steps"] = 5000.0
    entry = next(n for n in lagged_effects(daily).not_tested if "step" in n.factor.lower())
    assert "same on every logged day" in entry.reason
