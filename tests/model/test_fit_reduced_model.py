"""The reduced daily model fitted to a diary (scikit-learn style)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from painscope.model.fit import PainSystemModel, _simulate
from painscope.model.parameters import base_values


def _diary(days: int = 60, seed: int = 3) -> tuple[pd.DataFrame, dict]:
    rng = np.random.default_rng(seed)
    # g sets the level: 0.12 gives a diary around 6/10 (an FM trial baseline), off the 10/10 ceiling
    truth = {"S2": 1.5, "g": 0.12, "z0": 0.3, "d0": 0.5, "a0": 0.4, "k_HP": 0.3, "k_DH": 0.3, "k_AP": 0.3,
             "kappa_Sigma": 1.2, "kappa_A": 1.0, "kappa_H": 0.8, "w_D": 0.15}
    stress = np.clip(rng.normal(4, 2, days), 0, 10)
    sleep = np.clip(rng.normal(6.5, 1.2, days), 2, 10)
    pain, _ = _simulate(truth, stress, sleep, 6.0, base_values())
    pain = np.clip(pain + rng.normal(0, 0.5, days), 0, 10)
    idx = pd.date_range("2026-01-01", periods=days, freq="D", name="date")
    return pd.DataFrame({"pain": pain, "stress": stress, "sleep_hours": sleep}, index=idx), truth


def test_fit_tracks_the_diary_and_learns_underscore_attributes():
    daily, _ = _diary()
    m = PainSystemModel(profile="fibromyalgia").fit(daily)
    assert set(m.params_) >= {"S2", "d0", "a0", "kappa_Sigma"}
    assert m.residual_sd_ < 0.9  # the diary noise was 0.5
    assert list(m.states_.columns) == ["S2", "H", "Sigma", "D", "A"]
    ahead = m.predict(days=14)
    assert len(ahead) == 14 and ahead["pain"].between(0, 10).all()


def test_fitted_person_hurts_more_after_short_nights():
    daily, _ = _diary()
    m = PainSystemModel().fit(daily)
    stress = np.full(10, 4.0)
    short, _ = _simulate(m.params_, stress, np.full(10, 4.0), 6.0, base_values())
    full, _ = _simulate(m.params_, stress, np.full(10, 8.0), 6.0, base_values())
    assert short[-1] > full[-1] + 0.3


def test_flat_short_diary_falls_back_towards_the_profile():
    idx = pd.date_range("2026-01-01", periods=10, freq="D")
    m = PainSystemModel(profile="fibromyalgia", shrinkage=5.0).fit(pd.DataFrame({"pain": [6.0] * 10}, index=idx))
    prior = PainSystemModel(profile="fibromyalgia")._prior()
    assert abs(m.params_["S2"] - prior["S2"]) < 0.3


def test_input_errors_say_what_was_expected():
    with pytest.raises(ValueError, match="needs a 'pain' column"):
        PainSystemModel().fit(pd.DataFrame({"stress": [1.0] * 10}))
    with pytest.raises(ValueError, match="between 0 and 10"):
        PainSystemModel().fit(pd.DataFrame({"pain": [1.0] * 9 + [11.0]}))
    with pytest.raises(RuntimeError):
        PainSystemModel().predict()
